//! BusyBox `tail` (coreutils/tail.c): the last lines of files or stdin, or from line `+N`.

use super::{cat::input, done, head::lines_arg, Container};
use crate::process::{BoxFuture, Io};
use std::rc::Rc;

pub fn main(ct: &Rc<Container>, args: &[String], io: &Io) -> BoxFuture<'static, i32> {
    let (n, from_start, files) = lines_arg(args);
    done(match input(ct, &files, io, "tail") {
        Ok(s) => {
            let lines: Vec<&str> = s.split_inclusive('\n').collect();
            let picked: Vec<&str> = if from_start {
                lines.iter().skip(n.saturating_sub(1)).copied().collect()
            } else {
                lines.iter().skip(lines.len().saturating_sub(n)).copied().collect()
            };
            io.out.write(&picked.concat());
            0
        }
        Err(c) => c,
    })
}
