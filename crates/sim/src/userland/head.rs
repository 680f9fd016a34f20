//! BusyBox `head` (coreutils/head.c): the first lines of files or stdin.

use super::{cat::input, done, Container};
use crate::process::{BoxFuture, Io};
use std::rc::Rc;

pub fn main(ct: &Rc<Container>, args: &[String], io: &Io) -> BoxFuture<'static, i32> {
    let (n, _, files) = lines_arg(args);
    done(match input(ct, &files, io, "head") {
        Ok(s) => {
            let lines: Vec<&str> = s.split_inclusive('\n').collect();
            let picked: Vec<&str> = lines.iter().take(n).copied().collect();
            io.out.write(&picked.concat());
            0
        }
        Err(c) => c,
    })
}

/// `-n N`, `-nN`, `-N` and `+N`: the count, whether it counts from the start, the files.
pub(super) fn lines_arg(args: &[String]) -> (usize, bool, Vec<String>) {
    let mut n = 10;
    let mut from_start = false;
    let mut files = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "-n" {
            if let Some(v) = it.next() {
                from_start = v.starts_with('+');
                n = v.trim_start_matches(['+', '-']).parse().unwrap_or(10);
            }
        } else if let Some(v) = a.strip_prefix("-n") {
            from_start = v.starts_with('+');
            n = v.trim_start_matches(['+', '-']).parse().unwrap_or(10);
        } else if a.len() > 1 && a.starts_with('-') && a.chars().skip(1).all(|c| c.is_ascii_digit()) {
            n = a.get(1..).and_then(|v| v.parse().ok()).unwrap_or(10);
        } else if a.starts_with('-') && a.len() > 1 {
        } else {
            files.push(a.clone());
        }
    }
    (n, from_start, files)
}
