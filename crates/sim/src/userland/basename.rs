//! BusyBox `basename` (coreutils/basename.c): the last part of a path.

use super::{done, Container};
use crate::process::{BoxFuture, Io};
use std::rc::Rc;

pub fn main(_: &Rc<Container>, args: &[String], io: &Io) -> BoxFuture<'static, i32> {
    let p = args.first().map(String::as_str).unwrap_or("");
    io.out.line(p.trim_end_matches('/').rsplit('/').next().unwrap_or(""));
    done(0)
}

#[cfg(test)]
mod tests {
    use crate::userland::sandbox::{container, run};

    #[test]
    fn last_component() {
        let ct = container();
        assert_eq!(run(&ct, &["basename", "/a/b/"], ""), (0, "b\n".into(), "".into()));
        assert_eq!(run(&ct, &["basename", "c"], ""), (0, "c\n".into(), "".into()));
        assert_eq!(run(&ct, &["basename"], ""), (0, "\n".into(), "".into()));
    }
}
