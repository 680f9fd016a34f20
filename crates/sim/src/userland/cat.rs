//! BusyBox `cat` (coreutils/cat.c): files (or stdin, or `-`) to stdout.

use super::{done, Container};
use crate::process::{BoxFuture, Io};
use std::rc::Rc;

pub fn main(ct: &Rc<Container>, args: &[String], io: &Io) -> BoxFuture<'static, i32> {
    done(match input(ct, args, io, "cat") {
        Ok(s) => {
            io.out.write(&s);
            0
        }
        Err(c) => c,
    })
}

/// The files named (stdin when none, or all are `-`), concatenated; a file that cannot be
/// opened is reported as BusyBox's `open_or_warn` does, and fails the applet only when
/// nothing could be read.
pub(super) fn input(ct: &Container, files: &[String], io: &Io, applet: &str) -> Result<String, i32> {
    if files.is_empty() || files.iter().all(|f| f == "-") {
        return Ok(io.stdin.to_string());
    }
    let mut s = String::new();
    let mut bad = false;
    for f in files {
        match ct.read(&ct.abs(f)) {
            Some(t) => s.push_str(&t),
            None => {
                let msg = if ct.list(&ct.abs(f)).is_some() { "Is a directory" } else { "No such file or directory" };
                io.err.line(&format!("{applet}: can't open '{f}': {msg}"));
                bad = true;
            }
        }
    }
    if bad && s.is_empty() {
        Err(1)
    } else {
        Ok(s)
    }
}

#[cfg(test)]
mod tests {
    use crate::userland::sandbox::{container, run, write};

    #[test]
    fn files_and_stdin() {
        let ct = container();
        write(&ct, "/tmp/a", "one\n");
        write(&ct, "/tmp/b", "two");
        assert_eq!(run(&ct, &["cat", "/tmp/a", "/tmp/b"], ""), (0, "one\ntwo".into(), "".into()));
        assert_eq!(run(&ct, &["cat"], "in\n"), (0, "in\n".into(), "".into()));
        assert_eq!(run(&ct, &["cat", "-"], "in\n"), (0, "in\n".into(), "".into()));
        assert_eq!(run(&ct, &["cat", "/etc/hostname"], ""), (0, "sleep\n".into(), "".into()));
    }

    #[test]
    fn files_that_cannot_be_opened() {
        let ct = container();
        write(&ct, "/tmp/a", "one\n");
        assert_eq!(
            run(&ct, &["cat", "/nope"], ""),
            (1, "".into(), "cat: can't open '/nope': No such file or directory\n".into())
        );
        assert_eq!(
            run(&ct, &["cat", "/nope", "/tmp/a"], ""),
            (0, "one\n".into(), "cat: can't open '/nope': No such file or directory\n".into())
        );
        assert_eq!(run(&ct, &["cat", "/etc"], ""), (1, "".into(), "cat: can't open '/etc': Is a directory\n".into()));
    }
}
