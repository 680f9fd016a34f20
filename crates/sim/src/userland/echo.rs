//! BusyBox `echo` (coreutils/echo.c): `-n` drops the newline, `-e` turns `\n`, `\t` and `\\`
//! into what they stand for.

use super::{done, Container};
use crate::process::{BoxFuture, Io};
use std::rc::Rc;

pub fn main(_: &Rc<Container>, args: &[String], io: &Io) -> BoxFuture<'static, i32> {
    let mut newline = true;
    let mut escapes = false;
    let mut i = 0;
    while let Some(a) = args.get(i) {
        if a.len() > 1 && a.starts_with('-') && a.chars().skip(1).all(|c| matches!(c, 'n' | 'e' | 'E')) {
            newline &= !a.contains('n');
            escapes = a.contains('e');
            i += 1;
        } else {
            break;
        }
    }
    let mut s = args.iter().skip(i).cloned().collect::<Vec<_>>().join(" ");
    if escapes {
        s = s.replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\");
    }
    if newline {
        s.push('\n');
    }
    io.out.write(&s);
    done(0)
}

#[cfg(test)]
mod tests {
    use crate::userland::sandbox::{container, run};

    #[test]
    fn words_flags_and_escapes() {
        let ct = container();
        assert_eq!(run(&ct, &["echo", "a", "b"], ""), (0, "a b\n".into(), "".into()));
        assert_eq!(run(&ct, &["echo", "-n", "a"], ""), (0, "a".into(), "".into()));
        assert_eq!(run(&ct, &["echo", "-e", "a\\tb\\nc"], ""), (0, "a\tb\nc\n".into(), "".into()));
        assert_eq!(run(&ct, &["echo", "-ne", "x\\n"], ""), (0, "x\n".into(), "".into()));
        assert_eq!(run(&ct, &["echo", "-x", "y"], ""), (0, "-x y\n".into(), "".into()));
        assert_eq!(run(&ct, &["/bin/echo"], ""), (0, "\n".into(), "".into()));
    }
}
