//! BusyBox `uniq` (coreutils/uniq.c) through the shared `text::uniq`.

use super::{done, text, Container};
use crate::process::{BoxFuture, Io};
use std::rc::Rc;

pub fn main(ct: &Rc<Container>, args: &[String], io: &Io) -> BoxFuture<'static, i32> {
    done(text::uniq(&text::busybox(ct, io), args))
}

#[cfg(test)]
mod tests {
    use crate::userland::sandbox::{container, run};

    #[test]
    fn counts_runs() {
        let ct = container();
        assert_eq!(run(&ct, &["uniq", "-c"], "a\na\nb\n"), (0, "      2 a\n      1 b\n".into(), "".into()));
    }
}
