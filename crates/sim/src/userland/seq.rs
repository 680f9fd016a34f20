//! BusyBox `seq` (coreutils/seq.c): `LAST`, `FIRST LAST` or `FIRST INC LAST`, integers.

use super::{done, Container};
use crate::process::{BoxFuture, Io};
use std::rc::Rc;

pub fn main(_: &Rc<Container>, args: &[String], io: &Io) -> BoxFuture<'static, i32> {
    let nums: Vec<i64> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let (first, step, last) = match nums.as_slice() {
        [l] => (1, 1, *l),
        [f, l] => (*f, 1, *l),
        [f, s, l] => (*f, *s, *l),
        _ => return done(1),
    };
    if step == 0 {
        return done(1);
    }
    let mut i = first;
    let mut n = 0;
    while (step > 0 && i <= last) || (step < 0 && i >= last) {
        io.out.line(&i.to_string());
        i += step;
        n += 1;
        if n > 100_000 {
            break;
        }
    }
    done(0)
}

#[cfg(test)]
mod tests {
    use crate::userland::sandbox::{container, run};

    #[test]
    fn last_first_last_and_increments() {
        let ct = container();
        assert_eq!(run(&ct, &["seq", "3"], ""), (0, "1\n2\n3\n".into(), "".into()));
        assert_eq!(run(&ct, &["seq", "2", "4"], ""), (0, "2\n3\n4\n".into(), "".into()));
        assert_eq!(run(&ct, &["seq", "5", "-2", "1"], ""), (0, "5\n3\n1\n".into(), "".into()));
        assert_eq!(run(&ct, &["seq", "1", "0", "3"], ""), (1, "".into(), "".into()));
        assert_eq!(run(&ct, &["seq"], ""), (1, "".into(), "".into()));
    }
}
