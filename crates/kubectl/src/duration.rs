//! Human-readable durations as kubectl prints them: apimachinery
//! `pkg/util/duration.HumanDuration` / `ShortHumanDuration`, and the AGE cell
//! (`translateTimestampSince` in kubernetes `pkg/printers/internalversion/printers.go`).
//!
//! Durations are Go `time.Duration`s: signed nanoseconds. Go computes the seconds (and, in
//! the short form, minutes and hours) through `float64` (`d.Seconds()`), then truncates;
//! that arithmetic is reproduced exactly.

/// Nanoseconds per second, minute, hour.
const SECOND: i64 = 1_000_000_000;
const MINUTE: i64 = 60 * SECOND;
const HOUR: i64 = 60 * MINUTE;

/// Go's `d.Seconds()`, `d.Minutes()`, `d.Hours()`: `float64(d/unit) + float64(d%unit)/unit`.
fn go_float(d: i64, unit: i64) -> f64 {
    (d / unit) as f64 + (d % unit) as f64 / unit as f64
}

/// Go's `int(d.Seconds())` and the like (truncation toward zero).
fn float_units(d: i64, unit: i64) -> i64 {
    go_float(d, unit) as i64
}

/// `duration.HumanDuration`: ~2–3 significant figures, e.g. `70s`, `3m10s`, `179m`,
/// `7h59m`, `47h`, `2d1h`, `367d`, `2y1d`, `8y`; `0s` just below zero (down to −2s
/// exclusive) and `<invalid>` further below.
pub fn human_duration(d: i64) -> String {
    let seconds = float_units(d, SECOND);
    if seconds < -1 {
        return "<invalid>".to_string();
    } else if seconds < 0 {
        return "0s".to_string();
    } else if seconds < 60 * 2 {
        return format!("{seconds}s");
    }
    let minutes = d / MINUTE;
    if minutes < 10 {
        let s = (d / SECOND) % 60;
        if s == 0 {
            return format!("{minutes}m");
        }
        return format!("{minutes}m{s}s");
    } else if minutes < 60 * 3 {
        return format!("{minutes}m");
    }
    let hours = d / HOUR;
    if hours < 8 {
        let m = (d / MINUTE) % 60;
        if m == 0 {
            return format!("{hours}h");
        }
        format!("{hours}h{m}m")
    } else if hours < 48 {
        format!("{hours}h")
    } else if hours < 24 * 8 {
        let h = hours % 24;
        if h == 0 {
            return format!("{}d", hours / 24);
        }
        format!("{}d{h}h", hours / 24)
    } else if hours < 24 * 365 * 2 {
        format!("{}d", hours / 24)
    } else if hours < 24 * 365 * 8 {
        let dy = (hours / 24) % 365;
        if dy == 0 {
            return format!("{}y", hours / 24 / 365);
        }
        format!("{}y{dy}d", hours / 24 / 365)
    } else {
        format!("{}y", hours / 24 / 365)
    }
}

/// `duration.ShortHumanDuration`: one unit (`59s`, `1m`, `23h`, `364d`, `1y`).
pub fn short_human_duration(d: i64) -> String {
    let seconds = float_units(d, SECOND);
    if seconds < -1 {
        return "<invalid>".to_string();
    } else if seconds < 0 {
        return "0s".to_string();
    } else if seconds < 60 {
        return format!("{seconds}s");
    }
    let minutes = float_units(d, MINUTE);
    if minutes < 60 {
        return format!("{minutes}m");
    }
    let hours = float_units(d, HOUR);
    if hours < 24 {
        format!("{hours}h")
    } else if hours < 24 * 365 {
        format!("{}d", hours / 24)
    } else {
        format!("{}y", (go_float(d, HOUR) / 24.0 / 365.0) as i64)
    }
}

/// The AGE cell for an object created at virtual time `created_ms`, seen at `now_ms`
/// (both milliseconds of the simulation clock).
///
/// A real API server stores `creationTimestamp` with whole-second precision (metav1.Time
/// marshals RFC 3339 seconds and its protobuf form drops nanoseconds) while "now" is
/// precise, so the age is `HumanDuration(now − floor_to_second(created))`; the creation
/// time is truncated here the same way. A creation time in the future gives `0s` up to
/// 2 s ahead and `<invalid>` beyond, as in Go. Virtual time 0 is a real instant (the
/// cluster's start), not Go's zero time: use [`age_of`] for an absent timestamp.
pub fn age(now_ms: u64, created_ms: u64) -> String {
    let created = created_ms - created_ms % 1000;
    let nanos = (i128::from(now_ms) - i128::from(created)) * 1_000_000;
    // time.Since saturates like this on overflow.
    human_duration(nanos.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64)
}

/// [`age`] for an optional timestamp: `<unknown>` when absent (Go's zero `metav1.Time`).
pub fn age_of(now_ms: u64, created_ms: Option<u64>) -> String {
    match created_ms {
        Some(c) => age(now_ms, c),
        None => "<unknown>".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human() {
        let cases = [
            (0, "0s"),
            (-SECOND, "0s"),
            (-2 * SECOND + 1, "0s"),
            (-2 * SECOND, "<invalid>"),
            (119 * SECOND + 999_999_999, "119s"),
            (120 * SECOND, "2m"),
            (9 * MINUTE + 59 * SECOND, "9m59s"),
            (3 * HOUR + MINUTE, "3h1m"),
            (7 * 24 * HOUR + 23 * HOUR, "7d23h"),
            (8 * 365 * 24 * HOUR - HOUR, "7y364d"),
            (i64::MAX, "292y"),
            (i64::MIN, "<invalid>"),
        ];
        for (d, want) in cases {
            assert_eq!(human_duration(d), want, "{d}");
        }
    }

    #[test]
    fn short() {
        assert_eq!(short_human_duration(-2 * SECOND), "<invalid>");
        assert_eq!(short_human_duration(59 * SECOND), "59s");
        assert_eq!(short_human_duration(2 * 365 * 24 * HOUR - 1_000_000), "1y");
        // One nanosecond short rounds up in Go's float64 Hours(): 17519.99999999999972 → 17520.
        assert_eq!(short_human_duration(2 * 365 * 24 * HOUR - 1), "2y");
        assert_eq!(short_human_duration(i64::MAX), "292y");
    }

    #[test]
    fn ages() {
        assert_eq!(age(1_500, 0), "1s");
        // creation at 10.9 s is stored as 10 s
        assert_eq!(age(11_200, 10_900), "1s");
        assert_eq!(age(130_000, 10_000), "2m");
        assert_eq!(age(10_000, 11_000), "0s");
        assert_eq!(age(10_000, 12_000), "<invalid>");
        assert_eq!(age(u64::MAX, 0), "292y");
        assert_eq!(age(0, u64::MAX), "<invalid>");
        assert_eq!(age_of(5_000, None), "<unknown>");
        assert_eq!(age_of(5_000, Some(0)), "5s");
    }
}
