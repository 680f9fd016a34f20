//! BusyBox `env` (coreutils/env.c): the environment, one `NAME=value` a line.

use super::{done, Container};
use crate::process::{BoxFuture, Io};
use std::rc::Rc;

pub fn main(ct: &Rc<Container>, _: &[String], io: &Io) -> BoxFuture<'static, i32> {
    for (k, v) in &ct.env {
        io.out.line(&format!("{k}={v}"));
    }
    done(0)
}

#[cfg(test)]
mod tests {
    use crate::userland::sandbox::{container, run};

    #[test]
    fn the_environment_in_order_with_service_links() {
        let ct = container();
        assert_eq!(run(&ct, &["env"], ""), (0, "HOME=/root\nHOSTNAME=sleep\nKUBERNETES_SERVICE_HOST=10.96.0.1\nKUBERNETES_SERVICE_PORT=443\nPATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n".into(), "".into()));
    }
}
