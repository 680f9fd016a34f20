//! BusyBox `tr` (coreutils/tr.c) through the shared `text::tr`.

use super::{done, text, Container};
use crate::process::{BoxFuture, Io};
use std::rc::Rc;

pub fn main(ct: &Rc<Container>, args: &[String], io: &Io) -> BoxFuture<'static, i32> {
    done(text::tr(&text::busybox(ct, io), args))
}

#[cfg(test)]
mod tests {
    use crate::userland::sandbox::{container, run};

    #[test]
    fn translates_stdin() {
        let ct = container();
        assert_eq!(run(&ct, &["tr", "a-z", "A-Z"], "ab\n"), (0, "AB\n".into(), "".into()));
        assert_eq!(run(&ct, &["tr", "-d", ":"], "a:b\n"), (0, "ab\n".into(), "".into()));
    }
}
