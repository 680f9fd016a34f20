//! BusyBox `whoami` (coreutils/whoami.c): root.

use super::{done, Container};
use crate::process::{BoxFuture, Io};
use std::rc::Rc;

pub fn main(_: &Rc<Container>, _: &[String], io: &Io) -> BoxFuture<'static, i32> {
    io.out.line("root");
    done(0)
}

#[cfg(test)]
mod tests {
    use crate::userland::sandbox::{container, run};

    #[test]
    fn root() {
        assert_eq!(run(&container(), &["whoami"], ""), (0, "root\n".into(), "".into()));
    }
}
