//! BusyBox `printf FORMAT [ARG]...` for `%s`, `%d`, `%%` and the escapes `\n`, `\t`, `\\`.

use super::{done, Container};
use crate::process::{BoxFuture, Io};
use std::rc::Rc;

pub fn main(_: &Rc<Container>, args: &[String], io: &Io) -> BoxFuture<'static, i32> {
    let Some(fmt) = args.first() else {
        io.err.line("BusyBox v1.34.1 (2022-04-04 10:19:27 UTC) multi-call binary.\n\nUsage: printf FORMAT [ARG]...");
        return done(1);
    };
    let mut rest = args.iter().skip(1);
    let mut out = String::new();
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('\\') => out.push('\\'),
                Some(o) => {
                    out.push('\\');
                    out.push(o);
                }
                None => out.push('\\'),
            },
            '%' => match chars.next() {
                Some('%') => out.push('%'),
                Some('s') => out.push_str(rest.next().map(String::as_str).unwrap_or("")),
                Some('d' | 'i') => {
                    out.push_str(&rest.next().and_then(|v| v.parse::<i64>().ok()).unwrap_or(0).to_string())
                }
                Some(o) => {
                    out.push('%');
                    out.push(o);
                }
                None => out.push('%'),
            },
            o => out.push(o),
        }
    }
    io.out.write(&out);
    done(0)
}

#[cfg(test)]
mod tests {
    use crate::userland::sandbox::{container, run};

    #[test]
    fn formats_and_escapes() {
        let ct = container();
        assert_eq!(run(&ct, &["printf", "%s=%d%%\\n", "a", "42"], ""), (0, "a=42%\n".into(), "".into()));
        assert_eq!(run(&ct, &["printf", "%d|%s|\\t%x\\q"], ""), (0, "0||\t%x\\q".into(), "".into()));
        assert_eq!(
            run(&ct, &["printf"], ""),
            (
                1,
                "".into(),
                "BusyBox v1.34.1 (2022-04-04 10:19:27 UTC) multi-call binary.\n\nUsage: printf FORMAT [ARG]...\n"
                    .into()
            )
        );
    }
}
