//! The regular expressions of `grep` (both BusyBox's and GNU's): POSIX basic and extended
//! syntax (`.`, `[...]` with ranges and the common classes, `*`, `^`, `$`, and with `-E` also
//! `+`, `?`, `|`, `( )`; `\\( \\)` groups in basic syntax), ASCII case folding for `-i`. The
//! matcher backtracks through groups and finds leftmost-longest matches, with a step budget
//! and a depth limit so that no pattern or line can hang or overflow the stack.

use std::cell::Cell;

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

type Seq = Vec<(Node, Rep)>;

/// A compiled pattern: alternatives of sequences.
#[derive(Clone, Debug)]
pub struct Regex {
    alts: Vec<Seq>,
    icase: bool,
}

/// Where a match must sit: anywhere, as a whole word (`-w`), or as the whole line (`-x`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fit {
    Any,
    Word,
    Line,
}

/// Why a pattern does not compile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BadRegex {
    /// `[` without its `]`.
    Bracket,
    /// `[` last in the pattern (GNU's dfa says less).
    BracketLast,
    /// `(` or `\(` without its close.
    Paren,
    /// `\)` without its open (in extended syntax a lone `)` is itself).
    Close,
    Backslash,
    TooBig,
}

impl BadRegex {
    /// GNU grep's text (glibc's regerror, dfa's), or musl's regerror (BusyBox on Alpine).
    pub fn text(self, gnu: bool) -> &'static str {
        let [g, m] = match self {
            BadRegex::Bracket => ["Unmatched [, [^, [:, [., or [=", "Missing ']'"],
            BadRegex::BracketLast => ["Invalid regular expression", "Missing ']'"],
            BadRegex::Paren => ["Unmatched ( or \\(", "Missing ')'"],
            BadRegex::Close => ["Unmatched ) or \\)", "Missing ')'"],
            BadRegex::Backslash => ["Trailing backslash", "Trailing backslash"],
            BadRegex::TooBig => ["Regular expression too big", "Out of memory"],
        };
        if gnu {
            g
        } else {
            m
        }
    }
}

/// Matcher steps per line searched; past it the line does not match.
const STEPS: u32 = 200_000;
/// Nested sequences the matcher may be inside at once.
const DEPTH: u32 = 1_000;

impl Regex {
    pub fn new(pat: &str, extended: bool, icase: bool) -> Result<Regex, BadRegex> {
        let chars: Vec<char> = pat.chars().collect();
        let mut pos = 0;
        let alts = parse_alts(&chars, &mut pos, extended, 0)?;
        if pos < chars.len() {
            return Err(BadRegex::Close);
        }
        Ok(Regex { alts, icase })
    }

    /// A fixed string (`grep -F`).
    pub fn fixed(pat: &str, icase: bool) -> Regex {
        Regex { alts: vec![pat.chars().map(|c| (Node::Char(c), Rep::One)).collect()], icase }
    }

    /// Matches what either matches (several `-e` patterns).
    pub fn or(mut self, other: Regex) -> Regex {
        self.alts.extend(other.alts);
        self
    }

    /// The first match in `s`, in chars, if any.
    pub fn find(&self, s: &str) -> Option<(usize, usize)> {
        let chars: Vec<char> = s.chars().collect();
        self.search(&chars, 0, Fit::Any, true)
    }

    /// The leftmost match in `s` that starts at `from` or later and fits: the longest one at
    /// that start when `longest` (for `-o`), else any (enough to select a line).
    pub fn search(&self, s: &[char], from: usize, fit: Fit, longest: bool) -> Option<(usize, usize)> {
        let m = Matcher { s, ic: self.icase, steps: Cell::new(STEPS), depth: Cell::new(0) };
        let word = |i: usize| s.get(i).is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_');
        for start in from..=s.len() {
            if fit == Fit::Line && start > 0 {
                break;
            }
            if fit == Fit::Word && start > 0 && word(start - 1) {
                continue;
            }
            let mut best = None;
            let mut accept = |e: usize| {
                let fits = match fit {
                    Fit::Any => true,
                    Fit::Line => e == s.len(),
                    Fit::Word => e > start && !word(e),
                };
                if fits && best.is_none_or(|b| e > b) {
                    best = Some(e);
                }
                fits && !longest
            };
            m.alts(&self.alts, start, &mut accept);
            if let Some(e) = best {
                return Some((start, e));
            }
            if m.steps.get() == 0 {
                return None;
            }
        }
        None
    }
}

fn parse_alts(c: &[char], pos: &mut usize, ext: bool, depth: usize) -> Result<Vec<Seq>, BadRegex> {
    if depth > 16 {
        return Err(BadRegex::TooBig);
    }
    let mut alts = vec![Vec::new()];
    while let Some(&ch) = c.get(*pos) {
        let Some(seq) = alts.last_mut() else { break };
        let node = match ch {
            '|' if ext => {
                *pos += 1;
                alts.push(Vec::new());
                continue;
            }
            ')' if ext && depth > 0 => break,
            '\\' if !ext && c.get(*pos + 1) == Some(&')') => break,
            '(' if ext => {
                *pos += 1;
                let g = parse_alts(c, pos, ext, depth + 1)?;
                if c.get(*pos) != Some(&')') {
                    return Err(BadRegex::Paren);
                }
                Node::Group(g)
            }
            '\\' if !ext && c.get(*pos + 1) == Some(&'(') => {
                *pos += 2;
                let g = parse_alts(c, pos, ext, depth + 1)?;
                if c.get(*pos) != Some(&'\\') {
                    return Err(BadRegex::Paren);
                }
                *pos += 1;
                Node::Group(g)
            }
            '\\' => {
                *pos += 1;
                match c.get(*pos) {
                    Some(&e) => Node::Char(e),
                    None => return Err(BadRegex::Backslash),
                }
            }
            '.' => Node::Any,
            '^' if seq.is_empty() => Node::Start,
            '$' if c.get(*pos + 1).is_none() || (ext && matches!(c.get(*pos + 1), Some('|' | ')'))) => Node::End,
            '[' => {
                let start = *pos;
                *pos += 1;
                let neg = c.get(*pos) == Some(&'^');
                if neg {
                    *pos += 1;
                }
                let mut ranges = Vec::new();
                let mut first = true;
                loop {
                    let Some(&x) = c.get(*pos) else {
                        return Err(if c.len() == start + 1 { BadRegex::BracketLast } else { BadRegex::Bracket });
                    };
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

struct Matcher<'a> {
    s: &'a [char],
    ic: bool,
    steps: Cell<u32>,
    depth: Cell<u32>,
}

impl Matcher<'_> {
    /// Whether some alternative matches at `i` and then `k` accepts where it ends.
    fn alts(&self, alts: &[Seq], i: usize, k: &mut dyn FnMut(usize) -> bool) -> bool {
        alts.iter().any(|seq| self.seq(seq, i, k))
    }

    fn seq(&self, seq: &[(Node, Rep)], i: usize, k: &mut dyn FnMut(usize) -> bool) -> bool {
        let (steps, depth) = (self.steps.get(), self.depth.get());
        if steps == 0 || depth >= DEPTH {
            self.steps.set(0);
            return false;
        }
        self.steps.set(steps - 1);
        // Single characters in a row: no need to recurse for each.
        let mut i = i;
        let mut seq = seq;
        while let Some(((node, Rep::One), rest)) = seq.split_first() {
            if matches!(node, Node::Group(_)) {
                break;
            }
            match self.step(node, i) {
                Some(j) => i = j,
                None => return false,
            }
            seq = rest;
        }
        let Some(((node, rep), rest)) = seq.split_first() else { return k(i) };
        self.depth.set(depth + 1);
        let found = match (node, rep) {
            (Node::Group(g), Rep::One) => self.alts(g, i, &mut |j| self.seq(rest, j, k)),
            (Node::Group(g), Rep::Opt) => self.alts(g, i, &mut |j| self.seq(rest, j, k)) || self.seq(rest, i, k),
            (Node::Group(_), _) => self.repeat(node, rest, i, *rep == Rep::Plus, k),
            (_, Rep::Opt) => self.step(node, i).is_some_and(|j| self.seq(rest, j, k)) || self.seq(rest, i, k),
            _ => {
                // The longest run first, then shorter ones.
                let mut end = i;
                while let Some(j) = self.step(node, end) {
                    if j == end {
                        break;
                    }
                    end = j;
                }
                let min = i + usize::from(*rep == Rep::Plus);
                (min..=end).rev().any(|e| self.seq(rest, e, k))
            }
        };
        self.depth.set(depth);
        found
    }

    /// A group repeated (`*`, or `+` when `once`): one more non-empty round, else the rest.
    fn repeat(
        &self,
        node: &Node,
        rest: &[(Node, Rep)],
        i: usize,
        once: bool,
        k: &mut dyn FnMut(usize) -> bool,
    ) -> bool {
        let Node::Group(g) = node else { return false };
        let depth = self.depth.get();
        if depth >= DEPTH {
            return false;
        }
        self.depth.set(depth + 1);
        let found = self.alts(g, i, &mut |j| {
            (j > i && self.repeat(node, rest, j, false, k)) || (j == i && once && self.seq(rest, j, k))
        }) || (!once && self.seq(rest, i, k));
        self.depth.set(depth);
        found
    }

    /// Where one node that is not a group ends when it matches at `i`.
    fn step(&self, n: &Node, i: usize) -> Option<usize> {
        match n {
            Node::Start => (i == 0).then_some(i),
            Node::End => (i == self.s.len()).then_some(i),
            Node::Group(_) => None,
            _ => {
                let c = *self.s.get(i)?;
                let ok = match n {
                    Node::Char(x) => *x == c || (self.ic && x.eq_ignore_ascii_case(&c)),
                    Node::Any => true,
                    Node::Class(r, neg) => {
                        let has = |c: char| r.iter().any(|(lo, hi)| (*lo..=*hi).contains(&c));
                        (has(c) || (self.ic && (has(c.to_ascii_lowercase()) || has(c.to_ascii_uppercase())))) != *neg
                    }
                    _ => false,
                };
                ok.then_some(i + 1)
            }
        }
    }
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

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn groups_backtrack_and_matches_are_leftmost_longest() {
        // GNU grep: printf 'abc\n' | grep -oE '(a|ab)c' prints abc.
        assert_eq!(Regex::new("(a|ab)c", true, false).unwrap().find("abc"), Some((0, 3)));
        assert_eq!(Regex::new("\\(ab\\)*c", false, false).unwrap().find("xababc"), Some((1, 6)));
        assert_eq!(Regex::new("a|ab", true, false).unwrap().find("xab"), Some((1, 3)));
        assert_eq!(Regex::new("(ab)+", true, false).unwrap().find("ababa"), Some((0, 4)));
        assert_eq!(Regex::new("x?y", true, false).unwrap().find("zxy"), Some((1, 3)));
        assert_eq!(Regex::new("o*b", false, false).unwrap().find("foobar"), Some((1, 4)));
        assert_eq!(Regex::new("", false, false).unwrap().find("abc"), Some((0, 0)));
    }

    #[test]
    fn case_folding_is_ascii() {
        let r = Regex::new("[a-c]X", false, true).unwrap();
        assert_eq!(r.find("zzBx"), Some((2, 4)));
        assert_eq!(Regex::fixed("FoO", true).find("a foo"), Some((2, 5)));
        assert_eq!(Regex::fixed("é", true).find("É"), None);
    }

    #[test]
    fn words_and_lines() {
        use super::Fit;
        let r = Regex::new("fo*", false, false).unwrap();
        // GNU grep -wo 'fo*' on "foobar foo" prints foo (the second).
        assert_eq!(r.search(&chars("foobar foo"), 0, Fit::Word, true), Some((7, 10)));
        assert_eq!(r.search(&chars("bar_foo x"), 0, Fit::Word, true), None);
        assert_eq!(Regex::fixed("a-b", false).search(&chars("a-b"), 0, Fit::Word, true), Some((0, 3)));
        assert_eq!(Regex::new("", false, false).unwrap().search(&chars("abc"), 0, Fit::Word, true), None);
        assert_eq!(r.search(&chars("foo"), 0, Fit::Line, false), Some((0, 3)));
        assert_eq!(r.search(&chars("foox"), 0, Fit::Line, false), None);
        let two = Regex::fixed("b", false).or(Regex::fixed("ab", false));
        assert_eq!(two.search(&chars("ab"), 0, Fit::Line, false), Some((0, 2)));
    }

    #[test]
    fn long_lines_and_nested_patterns_end() {
        let line = "ab".repeat(50_000);
        assert!(Regex::new("(ab)*c", true, false).unwrap().find(&line).is_none());
        assert!(Regex::new(".*.*.*x", false, false).unwrap().find(&line).is_none());
        assert!(Regex::new("(a|b)*(a|b)*(a|b)*x", true, false).unwrap().find(&line[..200]).is_none());
        let long = "a".repeat(20_000);
        assert_eq!(Regex::fixed(&long, false).find(&long), Some((0, 20_000)));
        // Deeper than the matcher goes: no match rather than a stack overflow.
        assert!(Regex::new(&"a?".repeat(5_000), true, false).unwrap().find("b").is_none());
        assert!(Regex::new(&"a?".repeat(500), true, false).unwrap().find("b").is_some());
    }
}
