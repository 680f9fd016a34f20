//! BusyBox `sort` (coreutils/sort.c): `-b`, `-f`, `-n`, `-r`, `-s`, `-u`, `-k`, `-t` by bytes,
//! through the shared `text::sort`.

use super::{done, text, Container};
use crate::process::{BoxFuture, Io};
use std::rc::Rc;

pub fn main(ct: &Rc<Container>, args: &[String], io: &Io) -> BoxFuture<'static, i32> {
    done(text::sort(&text::busybox(ct, io), args))
}

#[cfg(test)]
mod tests {
    use crate::userland::sandbox::{container, run};

    #[test]
    fn sorts_stdin() {
        let ct = container();
        assert_eq!(run(&ct, &["sort", "-rn"], "2\n10\n1\n"), (0, "10\n2\n1\n".into(), "".into()));
        assert_eq!(run(&ct, &["sort", "-t:", "-k2"], "a:2\nb:1\n"), (0, "b:1\na:2\n".into(), "".into()));
    }
}
