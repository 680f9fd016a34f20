//! BusyBox `cut` (coreutils/cut.c) through the shared `text::cut`.

use super::{done, text, Container};
use crate::process::{BoxFuture, Io};
use std::rc::Rc;

pub fn main(ct: &Rc<Container>, args: &[String], io: &Io) -> BoxFuture<'static, i32> {
    done(text::cut(&text::busybox(ct, io), args))
}

#[cfg(test)]
mod tests {
    use crate::userland::sandbox::{container, run, write};

    #[test]
    fn cuts_fields_of_files_relative_to_the_working_directory() {
        let ct = container();
        write(&ct, "/x", "a:b\n");
        assert_eq!(run(&ct, &["cut", "-d:", "-f2", "x"], ""), (0, "b\n".into(), "".into()));
        let err = "cut: expected a list of bytes, characters, or fields\n";
        assert_eq!(run(&ct, &["cut"], ""), (1, "".into(), err.into()));
    }
}
