//! BusyBox `id` (coreutils/id.c): root, with Alpine's groups.

use super::{done, Container};
use crate::process::{BoxFuture, Io};
use std::rc::Rc;

pub fn main(_: &Rc<Container>, _: &[String], io: &Io) -> BoxFuture<'static, i32> {
    io.out.line("uid=0(root) gid=0(root) groups=0(root),1(bin),2(daemon),3(sys),4(adm),6(disk),10(wheel),11(floppy),20(dialout),26(tape),27(video)");
    done(0)
}

#[cfg(test)]
mod tests {
    use crate::userland::sandbox::{container, run};

    #[test]
    fn root() {
        let ct = container();
        let (code, out, _) = run(&ct, &["id"], "");
        assert_eq!(code, 0);
        assert!(out.starts_with("uid=0(root) gid=0(root) groups=0(root),1(bin),"), "{out}");
        assert!(out.ends_with(",27(video)\n"), "{out}");
    }
}
