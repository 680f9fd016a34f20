//! BusyBox `false` (coreutils/false.c): exits 1.

use super::{done, Container};
use crate::process::{BoxFuture, Io};
use std::rc::Rc;

pub fn main(_: &Rc<Container>, _: &[String], _: &Io) -> BoxFuture<'static, i32> {
    done(1)
}

#[cfg(test)]
mod tests {
    use crate::userland::sandbox::{container, run};

    #[test]
    fn exits_whatever_the_arguments() {
        let ct = container();
        assert_eq!(run(&ct, &["false", "--help"], ""), (1, "".into(), "".into()));
    }
}
