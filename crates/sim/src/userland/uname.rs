//! BusyBox `uname` (coreutils/uname.c): the node's kernel, as `-a`, `-r`, `-n`, `-m` or plain.

use super::{done, Container};
use crate::process::{BoxFuture, Io};
use std::rc::Rc;

pub fn main(ct: &Rc<Container>, args: &[String], io: &Io) -> BoxFuture<'static, i32> {
    let host = ct.sys.cluster().store().pods().get(&ct.pod).map(|p| p.hostname().to_string()).unwrap_or_default();
    let out = match args.first().map(String::as_str) {
        Some("-a") => format!(
            "Linux {host} 6.8.0-45-generic #45-Ubuntu SMP PREEMPT_DYNAMIC Fri Aug 30 12:02:04 UTC 2024 x86_64 Linux"
        ),
        Some("-r") => "6.8.0-45-generic".into(),
        Some("-n") => host,
        Some("-m") => "x86_64".into(),
        _ => "Linux".into(),
    };
    io.out.line(&out);
    done(0)
}

#[cfg(test)]
mod tests {
    use crate::userland::sandbox::{container, run};

    #[test]
    fn each_field() {
        let ct = container();
        let out = |a: &[&str]| run(&ct, a, "").1;
        assert_eq!(out(&["uname"]), "Linux\n");
        assert_eq!(
            out(&["uname", "-a"]),
            "Linux sleep 6.8.0-45-generic #45-Ubuntu SMP PREEMPT_DYNAMIC Fri Aug 30 12:02:04 UTC 2024 x86_64 Linux\n"
        );
        assert_eq!(out(&["uname", "-r"]), "6.8.0-45-generic\n");
        assert_eq!(out(&["uname", "-n"]), "sleep\n");
        assert_eq!(out(&["uname", "-m"]), "x86_64\n");
    }
}
