//! BusyBox `head` (coreutils/head.c, FANCY_HEAD): `-n [-]N`, `-c [-]N`, `-q`, `-v`, through the
//! shared `text::head`.

use super::{done, text, Container};
use crate::process::{BoxFuture, Io};
use std::rc::Rc;

pub fn main(ct: &Rc<Container>, args: &[String], io: &Io) -> BoxFuture<'static, i32> {
    done(text::head(&text::busybox(ct, io), args))
}

#[cfg(test)]
mod tests {
    use crate::userland::sandbox::{container, run};

    #[test]
    fn reads_the_container_files() {
        let ct = container();
        assert_eq!(run(&ct, &["head", "-n", "1", "/etc/hostname"], ""), (0, "sleep\n".into(), "".into()));
        assert_eq!(run(&ct, &["head", "-2"], "a\nb\nc\n"), (0, "a\nb\n".into(), "".into()));
    }
}
