//! BusyBox `printenv` (coreutils/printenv.c): one variable's value (status 1 when unset), or
//! the whole environment.

use super::{done, Container};
use crate::process::{BoxFuture, Io};
use std::rc::Rc;

pub fn main(ct: &Rc<Container>, args: &[String], io: &Io) -> BoxFuture<'static, i32> {
    if let Some(var) = args.first() {
        return done(match ct.env.get(var) {
            Some(v) => {
                io.out.line(v);
                0
            }
            None => 1,
        });
    }
    for (k, v) in &ct.env {
        io.out.line(&format!("{k}={v}"));
    }
    done(0)
}

#[cfg(test)]
mod tests {
    use crate::userland::sandbox::{container, run};

    #[test]
    fn one_variable_or_all() {
        let ct = container();
        assert_eq!(run(&ct, &["printenv", "HOME"], ""), (0, "/root\n".into(), "".into()));
        assert_eq!(run(&ct, &["printenv", "NOPE"], ""), (1, "".into(), "".into()));
        assert_eq!(run(&ct, &["printenv"], ""), (0, "HOME=/root\nHOSTNAME=sleep\nKUBERNETES_SERVICE_HOST=10.96.0.1\nKUBERNETES_SERVICE_PORT=443\nPATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n".into(), "".into()));
    }
}
