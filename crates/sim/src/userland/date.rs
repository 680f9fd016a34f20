//! BusyBox `date` (coreutils/date.c) without options: the cluster's time in UTC, as
//! `Thu Jan  1 00:05:00 UTC 2026`.

use super::{done, Container};
use crate::process::{BoxFuture, Io};
use std::rc::Rc;

pub fn main(ct: &Rc<Container>, _: &[String], io: &Io) -> BoxFuture<'static, i32> {
    io.out.line(&date(ct));
    done(0)
}

const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

fn date(ct: &Container) -> String {
    let t = ct.sys.now();
    let iso = t.rfc3339();
    let secs = crate::time::EPOCH_UNIX_SECS + (t.millis() / 1000) as i64;
    let wd = WEEKDAYS.get((secs.div_euclid(86_400).rem_euclid(7)) as usize).copied().unwrap_or("Thu");
    let y = iso.get(0..4).unwrap_or("2026");
    let m: usize = iso.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(1);
    let d: u32 = iso.get(8..10).and_then(|d| d.parse().ok()).unwrap_or(1);
    let hms = iso.get(11..19).unwrap_or("00:00:00");
    format!("{wd} {} {d:>2} {hms} UTC {y}", MONTHS.get(m.saturating_sub(1)).copied().unwrap_or("Jan"))
}

#[cfg(test)]
mod tests {
    use crate::userland::sandbox::{container, run};

    #[test]
    fn the_cluster_clock_in_utc() {
        let ct = container();
        assert_eq!(run(&ct, &["date"], ""), (0, "Thu Jan  1 00:05:30 UTC 2026\n".into(), "".into()));
        ct.sys.cluster().advance_ms(86_400_000 * 40 + 3_600_000);
        assert_eq!(run(&ct, &["date"], ""), (0, "Tue Feb 10 01:05:30 UTC 2026\n".into(), "".into()));
    }
}
