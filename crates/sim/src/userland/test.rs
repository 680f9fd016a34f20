//! BusyBox `test` and `[` (coreutils/test.c, one applet under two names): strings, `-z`,
//! `-n`, `=`, `!=`, the integer comparisons and `!`; file tests are false (no file exists
//! to them).

use super::{done, Container};
use crate::process::{BoxFuture, Io};
use std::rc::Rc;

pub fn main(_: &Rc<Container>, args: &[String], _: &Io) -> BoxFuture<'static, i32> {
    done(test(args))
}

/// `[ EXPR ]`: `test` with a closing bracket.
pub fn bracket(_: &Rc<Container>, args: &[String], io: &Io) -> BoxFuture<'static, i32> {
    if args.last().map(String::as_str) != Some("]") {
        io.err.line("[: missing ]");
        return done(2);
    }
    done(test(args.get(..args.len().saturating_sub(1)).unwrap_or(&[])))
}

fn test(args: &[String]) -> i32 {
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = match a.as_slice() {
        [] => false,
        [s] => !s.is_empty(),
        ["!", rest @ ..] => return i32::from(test(&rest.iter().map(|s| s.to_string()).collect::<Vec<_>>()) == 0),
        ["-z", s] => s.is_empty(),
        ["-n", s] => !s.is_empty(),
        ["-e" | "-f" | "-d" | "-r", _] => false,
        [x, "=" | "==", y] => x == y,
        [x, "!=", y] => x != y,
        [x, op, y] => {
            let (Ok(x), Ok(y)) = (x.parse::<i64>(), y.parse::<i64>()) else { return 2 };
            match *op {
                "-eq" => x == y,
                "-ne" => x != y,
                "-lt" => x < y,
                "-le" => x <= y,
                "-gt" => x > y,
                "-ge" => x >= y,
                _ => return 2,
            }
        }
        _ => false,
    };
    i32::from(!r)
}

#[cfg(test)]
mod tests {
    use crate::userland::sandbox::{container, run};

    #[test]
    fn strings_numbers_and_negation() {
        let ct = container();
        let status = |argv: &[&str]| run(&ct, argv, "").0;
        assert_eq!(status(&["test", "a"]), 0);
        assert_eq!(status(&["test"]), 1);
        assert_eq!(status(&["test", "-z", ""]), 0);
        assert_eq!(status(&["test", "-n", ""]), 1);
        assert_eq!(status(&["test", "a", "=", "a"]), 0);
        assert_eq!(status(&["test", "a", "!=", "a"]), 1);
        assert_eq!(status(&["test", "3", "-lt", "10"]), 0);
        assert_eq!(status(&["test", "3", "-ge", "10"]), 1);
        assert_eq!(status(&["test", "x", "-lt", "10"]), 2);
        assert_eq!(status(&["test", "!", "-z", "x"]), 0);
        assert_eq!(status(&["test", "-f", "/etc/hosts"]), 1);
    }

    #[test]
    fn bracket_needs_its_closing_bracket() {
        let ct = container();
        assert_eq!(run(&ct, &["[", "1", "-eq", "1", "]"], ""), (0, "".into(), "".into()));
        assert_eq!(run(&ct, &["[", "]"], ""), (1, "".into(), "".into()));
        assert_eq!(run(&ct, &["[", "1", "-eq", "1"], ""), (2, "".into(), "[: missing ]\n".into()));
    }
}
