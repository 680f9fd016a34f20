//! BusyBox `dirname` (coreutils/dirname.c): a path without its last part.

use super::{done, Container};
use crate::process::{BoxFuture, Io};
use std::rc::Rc;

pub fn main(_: &Rc<Container>, args: &[String], io: &Io) -> BoxFuture<'static, i32> {
    let p = args.first().map(String::as_str).unwrap_or("");
    let d = match p.trim_end_matches('/').rsplit_once('/') {
        Some(("", _)) => "/",
        Some((d, _)) => d,
        None => ".",
    };
    io.out.line(d);
    done(0)
}

#[cfg(test)]
mod tests {
    use crate::userland::sandbox::{container, run};

    #[test]
    fn all_but_the_last_component() {
        let ct = container();
        assert_eq!(run(&ct, &["dirname", "/a/b"], ""), (0, "/a\n".into(), "".into()));
        assert_eq!(run(&ct, &["dirname", "/a"], ""), (0, "/\n".into(), "".into()));
        assert_eq!(run(&ct, &["dirname", "a"], ""), (0, ".\n".into(), "".into()));
    }
}
