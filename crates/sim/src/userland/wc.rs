//! BusyBox `wc` (coreutils/wc.c): `-l`, `-w`, `-m`, `-c`, `-L` in `%9u` columns (no padding for
//! one count of one input), through the shared `text::wc`.

use super::{done, text, Container};
use crate::process::{BoxFuture, Io};
use std::rc::Rc;

pub fn main(ct: &Rc<Container>, args: &[String], io: &Io) -> BoxFuture<'static, i32> {
    done(text::wc(&text::busybox(ct, io), args))
}

#[cfg(test)]
mod tests {
    use crate::userland::sandbox::{container, run};

    #[test]
    fn counts_in_busybox_columns() {
        let ct = container();
        assert_eq!(run(&ct, &["wc", "-l", "/etc/hostname"], ""), (0, "1 /etc/hostname\n".into(), "".into()));
        assert_eq!(run(&ct, &["wc"], "a b\n"), (0, "        1         2         4\n".into(), "".into()));
    }
}
