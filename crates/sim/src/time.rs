//! Virtual time: the cluster's clock (milliseconds since the simulation epoch) and how an
//! instant reads as a Kubernetes timestamp. Nothing in `sim` reads the wall clock.

use std::fmt;

/// Wall-clock instant of virtual time zero: 2026-01-01T00:00:00Z.
pub const EPOCH_UNIX_SECS: i64 = 1_767_225_600;

/// An instant of virtual time, in milliseconds since the epoch.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Time(pub u64);

impl Time {
    pub const ZERO: Time = Time(0);

    pub fn from_secs(s: u64) -> Time {
        Time(s.saturating_mul(1000))
    }
    pub fn millis(self) -> u64 {
        self.0
    }
    pub fn secs(self) -> u64 {
        self.0 / 1000
    }
    pub fn plus_ms(self, ms: u64) -> Time {
        Time(self.0.saturating_add(ms))
    }
    pub fn plus_secs(self, s: u64) -> Time {
        self.plus_ms(s.saturating_mul(1000))
    }
    /// Milliseconds from `earlier` to `self` (0 if `earlier` is later).
    pub fn since(self, earlier: Time) -> u64 {
        self.0.saturating_sub(earlier.0)
    }
    /// RFC 3339 at second precision, UTC, as the API server prints `metav1.Time`.
    pub fn rfc3339(self) -> String {
        let secs = EPOCH_UNIX_SECS + (self.0 / 1000) as i64;
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, (rem / 60) % 60, rem % 60)
    }
    /// Parses what `rfc3339` prints (and RFC 3339 with offsets or fractions, which are dropped).
    pub fn parse_rfc3339(s: &str) -> Option<Time> {
        let b = s.as_bytes();
        let num = |from: usize, len: usize| -> Option<i64> {
            let part = s.get(from..from + len)?;
            if !part.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            part.parse().ok()
        };
        if b.len() < 20 || b.get(4) != Some(&b'-') || b.get(10).map(|c| c | 0x20) != Some(b't') {
            return None;
        }
        let (y, mo, d) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
        let (h, mi, se) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
        if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 60 {
            return None;
        }
        let secs = days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + se - EPOCH_UNIX_SECS;
        Some(Time(u64::try_from(secs.max(0)).unwrap_or(0) * 1000))
    }
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.rfc3339())
    }
}

/// Go's `time.Duration.String()` for whole seconds: `10s`, `1m20s`, `5m0s`, `1h0m0s`.
pub fn go_duration_secs(s: u64) -> String {
    match s {
        0..=59 => format!("{s}s"),
        60..=3599 => format!("{}m{}s", s / 60, s % 60),
        _ => format!("{}h{}m{}s", s / 3600, (s / 60) % 60, s % 60),
    }
}

/// Days since 1970-01-01 to (year, month, day). Howard Hinnant's algorithm.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_prints_as_2026() {
        assert_eq!(Time::ZERO.rfc3339(), "2026-01-01T00:00:00Z");
        assert_eq!(Time::from_secs(86_400 * 59 + 3661).rfc3339(), "2026-03-01T01:01:01Z");
    }

    #[test]
    fn parse_round_trips() {
        for s in [0u64, 1, 59, 3600, 86_399, 86_400 * 400 + 17] {
            let t = Time::from_secs(s);
            assert_eq!(Time::parse_rfc3339(&t.rfc3339()), Some(t));
        }
        assert_eq!(Time::parse_rfc3339("nonsense"), None);
        assert_eq!(Time::parse_rfc3339("2026-13-01T00:00:00Z"), None);
    }
}
