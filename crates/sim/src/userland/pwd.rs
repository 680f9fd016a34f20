//! BusyBox `pwd` (coreutils/pwd.c): the working directory.

use super::{done, Container};
use crate::process::{BoxFuture, Io};
use std::rc::Rc;

pub fn main(ct: &Rc<Container>, _: &[String], io: &Io) -> BoxFuture<'static, i32> {
    io.out.line(&ct.cwd());
    done(0)
}

#[cfg(test)]
mod tests {
    use crate::userland::sandbox::{container, run};

    #[test]
    fn root_when_nothing_set_pwd() {
        let ct = container();
        assert_eq!(run(&ct, &["pwd"], ""), (0, "/\n".into(), "".into()));
    }
}
