//! BusyBox `wc` (coreutils/wc.c): lines, words and bytes of files or stdin.

use super::{cat::input, done, Container};
use crate::process::{BoxFuture, Io};
use std::rc::Rc;

pub fn main(ct: &Rc<Container>, args: &[String], io: &Io) -> BoxFuture<'static, i32> {
    let flags: String = args.iter().filter(|a| a.starts_with('-')).flat_map(|a| a.chars().skip(1)).collect();
    let files: Vec<String> = args.iter().filter(|a| !a.starts_with('-')).cloned().collect();
    done(match input(ct, &files, io, "wc") {
        Ok(s) => {
            let (l, w, c) = (s.matches('\n').count(), s.split_whitespace().count(), s.len());
            let out = match flags.as_str() {
                "l" => l.to_string(),
                "w" => w.to_string(),
                "c" => c.to_string(),
                _ => format!("{l:>9} {w:>9} {c:>9}"),
            };
            io.out.line(&out);
            0
        }
        Err(c) => c,
    })
}
