//! BusyBox `sleep` (coreutils/sleep.c, FANCY_SLEEP): the sum of its arguments, each with an
//! optional `s`, `m`, `h` or `d` suffix; Ctrl-C ends it with status 130.

use super::Container;
use crate::process::{BoxFuture, Io};
use std::rc::Rc;

pub fn main<'a>(ct: &'a Rc<Container>, args: &'a [String], io: &'a Io) -> BoxFuture<'a, i32> {
    Box::pin(sleep(ct, args, io))
}

async fn sleep(ct: &Container, args: &[String], io: &Io) -> i32 {
    if args.is_empty() {
        io.err.line("BusyBox v1.34.1 (2022-04-04 10:19:27 UTC) multi-call binary.\n\nUsage: sleep [N]...\n\nPause for a time equal to the total of the args given, where each arg can\nhave an optional suffix of (s)econds, (m)inutes, (h)ours, or (d)ays");
        return 1;
    }
    let mut total = 0.0f64;
    for a in args {
        let (num, mult) = match a.chars().last() {
            Some('s') => (a.trim_end_matches('s'), 1.0),
            Some('m') => (a.trim_end_matches('m'), 60.0),
            Some('h') => (a.trim_end_matches('h'), 3600.0),
            Some('d') => (a.trim_end_matches('d'), 86400.0),
            _ => (a.as_str(), 1.0),
        };
        match num.parse::<f64>() {
            Ok(n) if n >= 0.0 && n.is_finite() => total += n * mult,
            _ if a == "infinity" => total = 1e9,
            _ => {
                io.err.line(&format!("sleep: invalid number '{a}'"));
                return 1;
            }
        }
    }
    ct.sys.sleep((total * 1000.0) as u64).await;
    if ct.sys.interrupted() {
        130
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use crate::userland::sandbox::{container, run};

    #[test]
    fn sums_its_arguments_in_virtual_time() {
        let ct = container();
        let t0 = ct.sys.now();
        assert_eq!(run(&ct, &["sleep", "1.5", "1m"], ""), (0, "".into(), "".into()));
        assert_eq!(ct.sys.now().since(t0), 61_500);
    }

    #[test]
    fn usage_and_bad_numbers() {
        let ct = container();
        assert_eq!(run(&ct, &["sleep", "x"], ""), (1, "".into(), "sleep: invalid number 'x'\n".into()));
        let (code, out, err) = run(&ct, &["sleep"], "");
        assert_eq!((code, out.as_str()), (1, ""));
        assert!(
            err.starts_with("BusyBox v1.34.1 (2022-04-04 10:19:27 UTC) multi-call binary.\n\nUsage: sleep [N]...\n")
        );
        assert!(err.ends_with("(s)econds, (m)inutes, (h)ours, or (d)ays\n"), "{err}");
    }
}
