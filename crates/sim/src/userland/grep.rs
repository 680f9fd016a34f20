//! BusyBox `grep` (findutils/grep.c): the shared `text::grep` with BusyBox's texts, over the
//! container's files; patterns are `regex.rs`'s.

use super::{done, text, Container};
use crate::process::{BoxFuture, Io};
use std::rc::Rc;

pub fn main(ct: &Rc<Container>, args: &[String], io: &Io) -> BoxFuture<'static, i32> {
    done(text::grep(&text::busybox(ct, io), args))
}

#[cfg(test)]
mod tests {
    use crate::userland::sandbox::{container, run, write};

    #[test]
    fn reads_the_container_files_with_busybox_texts() {
        let ct = container();
        write(&ct, "/tmp/a", "x\ny\n");
        assert_eq!(run(&ct, &["grep", "-n", "y", "/tmp/a"], ""), (0, "2:y\n".into(), "".into()));
        assert_eq!(run(&ct, &["grep", "x", "/tmp"], ""), (1, "".into(), "".into()));
        let (code, _, err) = run(&ct, &["grep", "a[", "/tmp/a"], "");
        assert_eq!((code, err.as_str()), (2, "grep: bad regex 'a[': Missing ']'\n"));
        assert_eq!(
            run(&ct, &["grep", "x", "/tmp/b"], ""),
            (2, "".into(), "grep: /tmp/b: No such file or directory\n".into())
        );
    }
}
