//! BusyBox `which` (debianutils/which.c): where each command is on the PATH; status 1 when
//! one is not.

use super::{done, Container};
use crate::process::{BoxFuture, Io};
use std::rc::Rc;

pub fn main(ct: &Rc<Container>, args: &[String], io: &Io) -> BoxFuture<'static, i32> {
    let mut status = 0;
    for a in args {
        if ct.image.has_bin(a) {
            io.out.line(&format!("/bin/{a}"));
        } else {
            status = 1;
        }
    }
    done(status)
}

#[cfg(test)]
mod tests {
    use crate::userland::sandbox::{container, run};

    #[test]
    fn found_and_missing() {
        let ct = container();
        assert_eq!(run(&ct, &["which", "ping", "nope", "curl"], ""), (1, "/bin/ping\n/bin/curl\n".into(), "".into()));
        assert_eq!(run(&ct, &["which", "sh"], ""), (0, "/bin/sh\n".into(), "".into()));
    }
}
