//! BusyBox `hostname` (networking/hostname.c): the pod's hostname, or with `-i` its IP.

use super::{done, Container};
use crate::process::{BoxFuture, Io};
use std::rc::Rc;

pub fn main(ct: &Rc<Container>, args: &[String], io: &Io) -> BoxFuture<'static, i32> {
    let h = ct.sys.cluster().store().pods().get(&ct.pod).map(|p| p.hostname().to_string()).unwrap_or_default();
    if args.first().map(String::as_str) == Some("-i") {
        let ip = ct.sys.cluster().net().pod_ip(&ct.pod).map(|i| i.to_string()).unwrap_or_default();
        io.out.line(&ip);
    } else {
        io.out.line(&h);
    }
    done(0)
}

#[cfg(test)]
mod tests {
    use crate::userland::sandbox::{container, run};

    #[test]
    fn name_and_ip() {
        let ct = container();
        assert_eq!(run(&ct, &["hostname"], ""), (0, "sleep\n".into(), "".into()));
        let ip = ct.sys.cluster().net().pod_ip(&ct.pod).unwrap();
        assert_eq!(run(&ct, &["hostname", "-i"], ""), (0, format!("{ip}\n"), "".into()));
    }
}
