//! BusyBox `tail` (coreutils/tail.c, FANCY_TAIL): `-n [+]N`, `-c [+]N`, `-q`, `-v`, through the
//! shared `text::tail`.

use super::{done, text, Container};
use crate::process::{BoxFuture, Io};
use std::rc::Rc;

pub fn main(ct: &Rc<Container>, args: &[String], io: &Io) -> BoxFuture<'static, i32> {
    done(text::tail(&text::busybox(ct, io), args))
}

#[cfg(test)]
mod tests {
    use crate::userland::sandbox::{container, run};

    #[test]
    fn takes_the_last_lines_of_stdin_and_says_when_no_file_opened() {
        let ct = container();
        assert_eq!(run(&ct, &["tail", "-n", "1"], "a\nb\n"), (0, "b\n".into(), "".into()));
        let err = "tail: can't open '/x': No such file or directory\ntail: no files\n";
        assert_eq!(run(&ct, &["tail", "/x"], ""), (1, "".into(), err.into()));
    }
}
