//! BusyBox `grep` with a small regular-expression engine (POSIX basic and extended syntax:
//! `.`, `[...]`, `*`, `^`, `$`, and with `-E` also `+`, `?`, `|`, `( )`).

use super::{done, Container};
use crate::process::{BoxFuture, Io};
use std::rc::Rc;

#[derive(Clone, Debug)]
enum Node {
    Char(char),
    Any,
    Class(Vec<(char, char)>, bool),
    Start,
    End,
    Group(Vec<Vec<(Node, Rep)>>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rep {
    One,
    Star,
    Plus,
    Opt,
}

/// A compiled pattern: alternatives of sequences.
#[derive(Clone, Debug)]
pub struct Regex {
    alts: Vec<Vec<(Node, Rep)>>,
    icase: bool,
}

impl Regex {
    pub fn new(pat: &str, extended: bool, icase: bool) -> Result<Regex, String> {
        let chars: Vec<char> = pat.chars().collect();
        let mut pos = 0;
        let alts = parse_alts(&chars, &mut pos, extended, 0)?;
        if pos < chars.len() {
            return Err("Unmatched ) or \\)".into());
        }
        Ok(Regex { alts, icase })
    }

    /// The first match in `s` as a byte range over chars, if any.
    pub fn find(&self, s: &str) -> Option<(usize, usize)> {
        let chars: Vec<char> = if self.icase { s.to_ascii_lowercase().chars().collect() } else { s.chars().collect() };
        for start in 0..=chars.len() {
            let mut budget = 100_000u32;
            if let Some(end) = match_alts(&self.alts, &chars, start, self.icase, &mut budget) {
                return Some((start, end));
            }
        }
        None
    }
}

fn parse_alts(c: &[char], pos: &mut usize, ext: bool, depth: usize) -> Result<Vec<Vec<(Node, Rep)>>, String> {
    if depth > 16 {
        return Err("regular expression too big".into());
    }
    let mut alts = vec![Vec::new()];
    while let Some(&ch) = c.get(*pos) {
        let seq = alts.last_mut().ok_or("internal")?;
        let node = match ch {
            '|' if ext => {
                *pos += 1;
                alts.push(Vec::new());
                continue;
            }
            ')' if ext => break,
            '\\' if !ext && c.get(*pos + 1) == Some(&')') => break,
            '(' if ext => {
                *pos += 1;
                let g = parse_alts(c, pos, ext, depth + 1)?;
                if c.get(*pos) != Some(&')') {
                    return Err("Unmatched ( or \\(".into());
                }
                Node::Group(g)
            }
            '\\' if !ext && c.get(*pos + 1) == Some(&'(') => {
                *pos += 2;
                let g = parse_alts(c, pos, ext, depth + 1)?;
                if c.get(*pos) != Some(&'\\') {
                    return Err("Unmatched ( or \\(".into());
                }
                *pos += 1;
                Node::Group(g)
            }
            '\\' => {
                *pos += 1;
                match c.get(*pos) {
                    Some(&e) => Node::Char(e),
                    None => return Err("Trailing backslash".into()),
                }
            }
            '.' => Node::Any,
            '^' if seq.is_empty() => Node::Start,
            '$' if c.get(*pos + 1).is_none() || (ext && matches!(c.get(*pos + 1), Some('|' | ')'))) => Node::End,
            '[' => {
                *pos += 1;
                let neg = c.get(*pos) == Some(&'^');
                if neg {
                    *pos += 1;
                }
                let mut ranges = Vec::new();
                let mut first = true;
                loop {
                    let Some(&x) = c.get(*pos) else { return Err("Unmatched [, [^, [:, [., or [=".into()) };
                    if x == ']' && !first {
                        break;
                    }
                    first = false;
                    if x == '[' && c.get(*pos + 1) == Some(&':') {
                        let rest: String = c.iter().skip(*pos).collect();
                        let classes: &[(&str, &[(char, char)])] = &[
                            ("[:digit:]", &[('0', '9')]),
                            ("[:alpha:]", &[('a', 'z'), ('A', 'Z')]),
                            ("[:alnum:]", &[('a', 'z'), ('A', 'Z'), ('0', '9')]),
                            ("[:space:]", &[(' ', ' '), ('\t', '\r')]),
                            ("[:upper:]", &[('A', 'Z')]),
                            ("[:lower:]", &[('a', 'z')]),
                        ];
                        if let Some((name, r)) = classes.iter().find(|(n, _)| rest.starts_with(n)) {
                            ranges.extend_from_slice(r);
                            *pos += name.chars().count();
                            continue;
                        }
                    }
                    if c.get(*pos + 1) == Some(&'-') && c.get(*pos + 2).is_some_and(|e| *e != ']') {
                        let hi = c.get(*pos + 2).copied().unwrap_or(x);
                        ranges.push((x, hi));
                        *pos += 3;
                    } else {
                        ranges.push((x, x));
                        *pos += 1;
                    }
                }
                Node::Class(ranges, neg)
            }
            '*' if seq.is_empty() => Node::Char('*'),
            other => Node::Char(other),
        };
        *pos += 1;
        let rep = match c.get(*pos) {
            Some('*') => Rep::Star,
            Some('+') if ext => Rep::Plus,
            Some('?') if ext => Rep::Opt,
            _ => Rep::One,
        };
        if rep != Rep::One {
            *pos += 1;
        }
        if let Some(seq) = alts.last_mut() {
            seq.push((node, rep));
        }
    }
    Ok(alts)
}

fn match_alts(alts: &[Vec<(Node, Rep)>], s: &[char], i: usize, ic: bool, budget: &mut u32) -> Option<usize> {
    alts.iter().find_map(|seq| match_seq(seq, s, i, ic, budget))
}

fn match_one(n: &Node, s: &[char], i: usize, ic: bool, budget: &mut u32) -> Option<usize> {
    match n {
        Node::Start => (i == 0).then_some(i),
        Node::End => (i == s.len()).then_some(i),
        Node::Group(g) => match_alts(g, s, i, ic, budget),
        _ => {
            let c = *s.get(i)?;
            let ok = match n {
                Node::Char(x) => {
                    if ic {
                        x.eq_ignore_ascii_case(&c)
                    } else {
                        *x == c
                    }
                }
                Node::Any => true,
                Node::Class(r, neg) => {
                    r.iter().any(|(lo, hi)| {
                        (*lo..=*hi).contains(&c)
                            || (ic && (lo.to_ascii_lowercase()..=hi.to_ascii_lowercase()).contains(&c))
                    }) != *neg
                }
                _ => false,
            };
            ok.then_some(i + 1)
        }
    }
}

fn match_seq(seq: &[(Node, Rep)], s: &[char], i: usize, ic: bool, budget: &mut u32) -> Option<usize> {
    if *budget == 0 {
        return None;
    }
    *budget -= 1;
    let Some(((node, rep), rest)) = seq.split_first() else { return Some(i) };
    match rep {
        Rep::One => {
            let j = match_one(node, s, i, ic, budget)?;
            match_seq(rest, s, j, ic, budget)
        }
        Rep::Opt => match_one(node, s, i, ic, budget)
            .and_then(|j| match_seq(rest, s, j, ic, budget))
            .or_else(|| match_seq(rest, s, i, ic, budget)),
        Rep::Star | Rep::Plus => {
            let mut ends = vec![i];
            let mut cur = i;
            while let Some(j) = match_one(node, s, cur, ic, budget) {
                if j == cur {
                    break;
                }
                ends.push(j);
                cur = j;
            }
            let min = usize::from(*rep == Rep::Plus);
            ends.iter().skip(min).rev().find_map(|&e| match_seq(rest, s, e, ic, budget))
        }
    }
}

pub fn main(ct: &Rc<Container>, args: &[String], io: &Io) -> BoxFuture<'static, i32> {
    done(grep(ct, args, io))
}

fn grep(ct: &Container, args: &[String], io: &Io) -> i32 {
    let (mut invert, mut icase, mut count, mut number, mut ext, mut fixed, mut quiet, mut only) =
        (false, false, false, false, false, false, false, false);
    let mut pattern = None;
    let mut files = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a.starts_with('-') && a.len() > 1 && pattern.is_none() {
            if a == "-e" {
                pattern = it.next().cloned();
                continue;
            }
            for f in a.chars().skip(1) {
                match f {
                    'v' => invert = true,
                    'i' => icase = true,
                    'c' => count = true,
                    'n' => number = true,
                    'E' => ext = true,
                    'F' => fixed = true,
                    'q' => quiet = true,
                    'o' => only = true,
                    's' | 'h' | 'H' | 'w' | 'x' | 'r' | 'l' => {}
                    other => {
                        io.err.line(&format!("grep: unrecognized option: {other}"));
                        return 2;
                    }
                }
            }
        } else if pattern.is_none() {
            pattern = Some(a.clone());
        } else {
            files.push(a.clone());
        }
    }
    let Some(pat) = pattern else {
        io.err.line("BusyBox v1.34.1 (2022-04-04 10:19:27 UTC) multi-call binary.\n\nUsage: grep [-HhnlLoqvsrRiwFE] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...");
        return 2;
    };
    let re = if fixed {
        None
    } else {
        match Regex::new(&pat, ext, icase) {
            Ok(r) => Some(r),
            Err(e) => {
                io.err.line(&format!("grep: bad regex '{pat}': {e}"));
                return 2;
            }
        }
    };
    let inputs: Vec<(String, String)> = if files.is_empty() {
        vec![(String::new(), io.stdin.to_string())]
    } else {
        let mut v = Vec::new();
        for f in &files {
            match ct.read(&ct.abs(f)) {
                Some(t) => v.push((f.clone(), t)),
                None => io.err.line(&format!("grep: {f}: No such file or directory")),
            }
        }
        v
    };
    let many = inputs.len() > 1;
    let mut matched_any = false;
    for (name, text) in inputs {
        let mut n = 0;
        for (lineno, line) in text.lines().enumerate() {
            let m = match &re {
                Some(r) => r.find(line),
                None => {
                    let (hay, needle) = if icase {
                        (line.to_ascii_lowercase(), pat.to_ascii_lowercase())
                    } else {
                        (line.to_string(), pat.clone())
                    };
                    hay.find(&needle).map(|b| {
                        let s = hay.get(..b).map_or(0, |p| p.chars().count());
                        (s, s + needle.chars().count())
                    })
                }
            };
            if m.is_some() != invert {
                n += 1;
                matched_any = true;
                if quiet || count {
                    continue;
                }
                let prefix = format!(
                    "{}{}",
                    if many { format!("{name}:") } else { String::new() },
                    if number { format!("{}:", lineno + 1) } else { String::new() }
                );
                match (only, m) {
                    (true, Some((s, e))) => {
                        io.out.line(&format!("{prefix}{}", line.chars().skip(s).take(e - s).collect::<String>()))
                    }
                    _ => io.out.line(&format!("{prefix}{line}")),
                }
            }
        }
        if count && !quiet {
            io.out.line(&if many { format!("{name}:{n}") } else { n.to_string() });
        }
    }
    i32::from(!matched_any)
}

#[cfg(test)]
mod tests {
    use super::Regex;

    #[test]
    fn book_pattern_drops_star_and_blank_lines() {
        let r = Regex::new("^[^*]", false, false).unwrap();
        assert!(r.find("Server:\t\t10.96.0.10").is_some());
        assert!(r.find("** server can't find x: NXDOMAIN").is_none());
        assert!(r.find("").is_none());
    }

    #[test]
    fn basics() {
        assert!(Regex::new("a.c", false, false).unwrap().find("xxabcx").is_some());
        assert!(Regex::new("ab*c$", false, false).unwrap().find("ac").is_some());
        assert!(Regex::new("(foo|bar)+", true, false).unwrap().find("xbarfoo").is_some());
        assert!(Regex::new("[0-9]+", true, false).unwrap().find("abc").is_none());
        assert!(Regex::new("[", false, false).is_err());
        assert!(Regex::new(&"(".repeat(100), true, false).is_err());
    }
}
