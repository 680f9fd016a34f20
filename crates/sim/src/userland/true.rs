//! BusyBox `true` (coreutils/true.c): exits 0.

use super::{done, Container};
use crate::process::{BoxFuture, Io};
use std::rc::Rc;

pub fn main(_: &Rc<Container>, _: &[String], _: &Io) -> BoxFuture<'static, i32> {
    done(0)
}

#[cfg(test)]
mod tests {
    use crate::userland::sandbox::{container, run};

    #[test]
    fn exits_whatever_the_arguments() {
        let ct = container();
        assert_eq!(run(&ct, &["true", "--help"], ""), (0, "".into(), "".into()));
    }
}
