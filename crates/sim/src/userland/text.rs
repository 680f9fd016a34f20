//! The text tools of both shells, written once: `grep`, `head`, `tail`, `wc`, `sort`, `uniq`,
//! `cut` and `tr`. The console runs them as GNU's (grep 3.8, coreutils 9.1: the learner's own
//! machine), containers as BusyBox 1.34.1's. A [`Flavour`] carries what differs: usage and
//! error texts, whether options may follow operands (not for BusyBox `head`), `wc`'s columns,
//! which of equal lines `sort -u` keeps, `sort -n`'s numbers, what a directory reads as.
//! Sorting and case folding are the C locale's (bytes, ASCII).

use super::regex::{Fit, Regex};
use crate::process::Io;
use std::cmp::Ordering;

/// Whose tools these are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavour {
    /// GNU grep and coreutils, as in the learner's own shell.
    Gnu,
    /// BusyBox 1.34.1 on musl, as in Alpine containers.
    BusyBox,
}

/// Why a file named on the command line could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpenError {
    NotFound,
    IsDir,
}

/// The files a tool can open: a container's, or the console's workspace.
pub trait Files {
    fn open(&self, path: &str) -> Result<String, OpenError>;
}

/// Where a tool runs: whose it is, its streams, the files it can open.
pub struct Tool<'a> {
    pub flavour: Flavour,
    pub io: &'a Io,
    pub files: &'a dyn Files,
}

impl Files for super::Container {
    fn open(&self, path: &str) -> Result<String, OpenError> {
        let path = self.abs(path);
        self.read(&path).ok_or_else(|| if self.list(&path).is_some() { OpenError::IsDir } else { OpenError::NotFound })
    }
}

/// BusyBox's tools in a container, over its files.
pub fn busybox<'a>(ct: &'a super::Container, io: &'a Io) -> Tool<'a> {
    Tool { flavour: Flavour::BusyBox, io, files: ct }
}

/// The tools by name, for a shell's command lookup.
pub fn tool(name: &str) -> Option<fn(&Tool, &[String]) -> i32> {
    Some(match name {
        "grep" => grep,
        "head" => head,
        "tail" => tail,
        "wc" => wc,
        "sort" => sort,
        "uniq" => uniq,
        "cut" => cut,
        "tr" => tr,
        _ => return None,
    })
}

/// What getopt needs to know of a tool, and how it fails.
struct Prog {
    name: &'static str,
    /// Option letters, `:` after those that take a value.
    opts: &'static str,
    /// BusyBox's usage (after `Usage: NAME `), as its --help prints it.
    usage: &'static str,
    /// GNU's and BusyBox's texts (after `NAME: `) for a file that does not exist and for one
    /// that is a directory; `%` is the file's name, an empty text means silence (BusyBox
    /// reads a directory as empty).
    missing: [&'static str; 2],
    dir: [&'static str; 2],
}

const ENOENT: &str = "%: No such file or directory";
const EISDIR: &str = "%: Is a directory";
const GREP: Prog = Prog {
    name: "grep",
    opts: "EFGHILRachilnoqrsvwxe:f:m:A:B:C:",
    usage: "[-HhnlLoqvsrRiwFE] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...\n\nSearch for PATTERN in FILEs (or stdin)\n\n\t-H\tAdd 'filename:' prefix\n\t-h\tDo not add 'filename:' prefix\n\t-n\tAdd 'line_no:' prefix\n\t-l\tShow only names of files that match\n\t-L\tShow only names of files that don't match\n\t-c\tShow only count of matching lines\n\t-o\tShow only the matching part of line\n\t-q\tQuiet. Return 0 if PATTERN is found, 1 otherwise\n\t-v\tSelect non-matching lines\n\t-s\tSuppress open and read errors\n\t-r\tRecurse\n\t-R\tRecurse and dereference symlinks\n\t-i\tIgnore case\n\t-w\tMatch whole words only\n\t-x\tMatch whole lines only\n\t-F\tPATTERN is a literal (not regexp)\n\t-E\tPATTERN is an extended regexp\n\t-m N\tMatch up to N times per file\n\t-A N\tPrint N lines of trailing context\n\t-B N\tPrint N lines of leading context\n\t-C N\tSame as '-A N -B N'\n\t-e PTRN\tPattern to match\n\t-f FILE\tRead pattern from file",
    missing: [ENOENT, ENOENT],
    dir: [EISDIR, ""],
};
const HEAD: Prog = Prog {
    name: "head",
    opts: "qvc:n:",
    usage: "[OPTIONS] [FILE]...\n\nPrint first 10 lines of FILEs (or stdin).\nWith more than one FILE, precede each with a filename header.\n\n\t-n N[bkm]\tPrint first N lines\n\t-n -N[bkm]\tPrint all except N last lines\n\t-c [-]N[bkm]\tPrint first N bytes\n\t\t\t(b:*512 k:*1024 m:*1024^2)\n\t-q\t\tNever print headers\n\t-v\t\tAlways print headers",
    missing: ["cannot open '%' for reading: No such file or directory", ENOENT],
    dir: ["error reading '%': Is a directory", ""],
};
const TAIL: Prog = Prog {
    name: "tail",
    opts: "fFqvc:n:s:",
    usage: "[OPTIONS] [FILE]...\n\nPrint last 10 lines of FILEs (or stdin) to.\nWith more than one FILE, precede each with a filename header.\n\n\t-c [+]N[bkm]\tPrint last N bytes\n\t-n N[bkm]\tPrint last N lines\n\t-n +N[bkm]\tStart on Nth line and print the rest\n\t\t\t(b:*512 k:*1024 m:*1024^2)\n\t-q\t\tNever print headers\n\t-v\t\tAlways print headers\n\t-f\t\tPrint data as file grows\n\t-F\t\tSame as -f, but keep retrying\n\t-s SECONDS\tWait SECONDS between reads with -f",
    missing: ["cannot open '%' for reading: No such file or directory", "can't open '%': No such file or directory"],
    dir: ["error reading '%': Is a directory", "read error: Is a directory"],
};
const WC: Prog = Prog {
    name: "wc",
    opts: "clmwL",
    usage: "[-cmlwL] [FILE]...\n\nCount lines, words, and bytes for FILEs (or stdin)\n\n\t-c\tCount bytes\n\t-m\tCount characters\n\t-l\tCount newlines\n\t-w\tCount words\n\t-L\tPrint longest line length",
    missing: [ENOENT, ENOENT],
    dir: [EISDIR, EISDIR],
};
const SORT: Prog = Prog {
    name: "sort",
    opts: "bfnrsuk:t:",
    usage: "[-nrugMcszbdfiokt] [-o FILE] [-k START[.OFS][OPTS][,END[.OFS][OPTS]] [-t CHAR] [FILE]...\n\nSort lines of text\n\n\t-o FILE\tOutput to FILE\n\t-c\tCheck whether input is sorted\n\t-b\tIgnore leading blanks\n\t-f\tIgnore case\n\t-i\tIgnore unprintable characters\n\t-d\tDictionary order (blank or alphanumeric only)\n\t-n\tSort numbers\n\t-g\tGeneral numerical sort\n\t-M\tSort month\n\t-V\tSort version\n\t-t CHAR\tField separator\n\t-k N[,M] Sort by Nth field\n\t-r\tReverse sort order\n\t-s\tStable (don't sort ties alphabetically)\n\t-u\tSuppress duplicate lines\n\t-z\tNUL terminated input and output",
    missing: ["cannot read: %: No such file or directory", ENOENT],
    dir: ["read failed: %: Is a directory", ""],
};
const UNIQ: Prog = Prog {
    name: "uniq",
    opts: "cdiuf:s:w:",
    usage: "[-cduiz] [-f,s,w N] [FILE [OUTFILE]]\n\nDiscard duplicate lines\n\n\t-c\tPrefix lines by the number of occurrences\n\t-d\tOnly print duplicate lines\n\t-u\tOnly print unique lines\n\t-i\tIgnore case\n\t-z\tNUL terminated output\n\t-f N\tSkip first N fields\n\t-s N\tSkip first N chars (after any skipped fields)\n\t-w N\tCompare N characters in line",
    missing: [ENOENT, "can't open '%': No such file or directory"],
    dir: ["error reading '%'", "%: I/O error"],
};
const CUT: Prog = Prog {
    name: "cut",
    opts: "b:c:d:f:ns",
    usage: "[OPTIONS] [FILE]...\n\nPrint selected fields from FILEs to stdout\n\n\t-b LIST\tOutput only bytes from LIST\n\t-c LIST\tOutput only characters from LIST\n\t-d SEP\tField delimiter for input (default -f TAB, -F run of whitespace)\n\t-O SEP\tField delimiter for output (default = -d for -f, one space for -F)\n\t-D\tDon't sort/collate sections or match -fF lines without delimiter\n\t-f LIST\tPrint only these fields (-d is single char)\n\t-F LIST\tPrint only these fields (-d is regex)\n\t-s\tOutput only lines containing delimiter\n\t-n\tIgnored",
    missing: [ENOENT, ENOENT],
    dir: [EISDIR, ""],
};
const TR: Prog = Prog {
    name: "tr",
    opts: "cds",
    usage: "[-cds] STRING1 [STRING2]\n\nTranslate, squeeze, or delete characters from stdin, writing to stdout\n\n\t-c\tTake complement of STRING1\n\t-d\tDelete input characters coded STRING1\n\t-s\tSqueeze multiple output characters of STRING2 into one character",
    missing: [ENOENT, ENOENT],
    dir: [EISDIR, ""],
};

/// A command line as getopt splits it.
struct Parsed {
    /// The option letters given, as bits (see [`bit`]).
    set: u64,
    /// The options in order, with their values (empty for flags).
    opts: Vec<(char, String)>,
    operands: Vec<String>,
}

/// An option letter's bit: `A`-`Z` and `a`-`z` do not collide.
fn bit(c: char) -> u64 {
    1 << (c as u32 & 63)
}

impl Parsed {
    fn has(&self, c: char) -> bool {
        self.set & bit(c) != 0
    }

    /// The last value given to option `c`.
    fn last(&self, c: char) -> Option<&str> {
        self.opts.iter().rev().find(|(o, _)| *o == c).map(|(_, v)| v.as_str())
    }
}

impl Tool<'_> {
    fn gnu(&self) -> bool {
        self.flavour == Flavour::Gnu
    }

    /// One line on stderr, from its parts.
    fn say(&self, parts: &[&str]) {
        self.io.err.line(&parts.concat());
    }

    /// A usage error: GNU's text and its pointer to --help (with `more` lines between),
    /// BusyBox's text (none when empty) and its usage.
    fn misuse(&self, p: &Prog, gnu: &[&str], busybox: &[&str]) {
        if self.gnu() {
            self.say(&[&[p.name, ": "], gnu].concat());
            self.say(&["Try '", p.name, " --help' for more information."]);
        } else {
            if !busybox.is_empty() {
                self.say(&[&[p.name, ": "], busybox].concat());
            }
            self.usage(p);
        }
    }

    /// Options and operands as getopt splits them; `--` ends the options. GNU's getopt_long
    /// and musl's (BusyBox's getopt32) take options after operands too; musl's plain getopt
    /// (BusyBox `head`) stops at the first operand. An error is reported with the usage.
    fn getopt(&self, p: &Prog, args: &[String]) -> Option<Parsed> {
        let gnu = self.gnu();
        let (mut set, mut opts, mut operands) = (0, Vec::new(), Vec::new());
        let mut it = args.iter();
        let mut only_operands = false;
        'args: while let Some(a) = it.next() {
            if only_operands || a == "-" || !a.starts_with('-') {
                operands.push(a.clone());
                only_operands |= !gnu && p.name == "head";
                continue;
            }
            if a == "--" {
                only_operands = true;
                continue;
            }
            if a.starts_with("--color") && p.name == "grep" {
                continue;
            }
            let bad: [&str; 3] = 'parse: {
                if gnu && a.starts_with("--") {
                    break 'parse ["unrecognized option '", a, "'"];
                }
                // musl has no long options for these tools: `--x` is the options `-` and `x`.
                for (i, c) in a.char_indices().skip(1) {
                    let name = a.get(i..i + c.len_utf8()).unwrap_or("");
                    let Some(at) = p.opts.find(c).filter(|_| c != ':') else {
                        break 'parse if gnu {
                            ["invalid option -- '", name, "'"]
                        } else {
                            ["unrecognized option: ", name, ""]
                        };
                    };
                    set |= bit(c);
                    if !p.opts.get(at + 1..).is_some_and(|s| s.starts_with(':')) {
                        opts.push((c, String::new()));
                        continue;
                    }
                    let rest = a.get(i + c.len_utf8()..).unwrap_or("");
                    let Some(v) = (if rest.is_empty() { it.next().cloned() } else { Some(rest.to_string()) }) else {
                        break 'parse if gnu {
                            ["option requires an argument -- '", name, "'"]
                        } else {
                            ["option requires an argument: ", name, ""]
                        };
                    };
                    opts.push((c, v));
                    break;
                }
                continue 'args;
            };
            if gnu && p.name == "grep" {
                self.say(&["grep: ", bad[0], bad[1], bad[2]]);
                self.usage(p);
            } else {
                self.misuse(p, &bad, &bad);
            }
            return None;
        }
        Some(Parsed { set, opts, operands })
    }

    /// The usage after a usage error.
    fn usage(&self, p: &Prog) {
        if !self.gnu() {
            self.say(&[
                "BusyBox v1.34.1 (2022-04-04 10:19:27 UTC) multi-call binary.\n\nUsage: ",
                p.name,
                " ",
                p.usage,
            ]);
            return;
        }
        if p.name == "grep" {
            self.say(&["Usage: grep [OPTION]... PATTERNS [FILE]..."]);
        }
        self.say(&["Try '", p.name, " --help' for more information."]);
    }

    /// The text of the file `name` (stdin for `-`).
    fn load(&self, name: &str) -> Result<String, OpenError> {
        if name == "-" {
            return Ok(self.io.stdin.to_string());
        }
        self.files.open(name)
    }

    /// Says (unless `quiet`) why `name` could not be read, as the tool does; whether that is
    /// an error (BusyBox reads most directories as empty files, silently).
    fn fail(&self, p: &Prog, name: &str, e: OpenError, quiet: bool) -> bool {
        let texts = if e == OpenError::IsDir { p.dir } else { p.missing };
        let [gnu, busybox] = texts;
        let text = if self.gnu() { gnu } else { busybox };
        if !text.is_empty() && !quiet {
            self.say(&[p.name, ": ", &text.replace('%', name)]);
        }
        !text.is_empty()
    }

    /// The text of `name`, or `None` when it is missing (said); a directory reads as empty
    /// (said when that is an error, which `status` then records).
    fn read(&self, p: &Prog, name: &str, status: &mut i32, fail: i32) -> Option<String> {
        match self.load(name) {
            Ok(s) => Some(s),
            Err(e) => {
                if self.fail(p, name, e, false) {
                    *status = fail;
                }
                (e == OpenError::IsDir).then(String::new)
            }
        }
    }
}

/// The byte index at or before `i` that starts a character.
fn floor(s: &str, i: u64) -> usize {
    let mut i = usize::try_from(i).unwrap_or(usize::MAX).min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The byte index just after the first `n` lines of `s` (its end when it has fewer).
fn after_lines(s: &str, n: u64) -> usize {
    match usize::try_from(n).unwrap_or(usize::MAX).checked_sub(1) {
        None => 0,
        Some(n) => s.match_indices('\n').nth(n).map_or(s.len(), |(i, _)| i + 1),
    }
}

/// A count with the multiplier suffixes both accept (`b` 512, `k` 1024, `m` 1024²).
fn count(s: &str) -> Option<u64> {
    let digits = s.trim_end_matches(|c: char| !c.is_ascii_digit());
    let mul = match s.get(digits.len()..)? {
        "" => 1,
        "b" => 512,
        "k" | "K" => 1024,
        "m" | "M" => 1 << 20,
        _ => return None,
    };
    if !digits.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    digits.parse::<u64>().ok()?.checked_mul(mul)
}

/// `head [-n [-]N] [-c [-]N] [-qv] [FILE]...`
pub fn head(t: &Tool, args: &[String]) -> i32 {
    ends(t, args, &HEAD)
}

/// `tail [-n [+]N] [-c [+]N] [-qv] [FILE]...` (`-f`, `-F` and `-s` are taken and ignored:
/// nothing grows here).
pub fn tail(t: &Tool, args: &[String]) -> i32 {
    ends(t, args, &TAIL)
}

/// `head` and `tail`: which lines or bytes of each file.
fn ends(t: &Tool, args: &[String], p: &Prog) -> i32 {
    let tail = p.name == "tail";
    let mut args = args;
    let mut counts = Vec::new();
    // The old form, first: `head -5`, `tail -5`, `tail +5`.
    if let Some((first, rest)) = args.split_first() {
        let mut c = first.chars();
        if matches!((c.next(), c.next()), (Some('-' | '+'), Some('0'..='9'))) && (tail || first.starts_with('-')) {
            counts.push(('n', if tail { first.clone() } else { first.get(1..).unwrap_or("").to_string() }));
            args = rest;
        }
    }
    let Some(Parsed { opts, operands: mut files, .. }) = t.getopt(p, args) else { return 1 };
    // head: -N is all but the last N (GNU takes +N as N); tail: +N is from the Nth on, -N is N.
    let (mut n, mut bytes, mut sign, mut headers) = (10, false, 0, None);
    for (c, v) in counts.into_iter().chain(opts) {
        if c == 'q' || c == 'v' {
            headers = Some(c == 'v');
            continue;
        }
        if c != 'n' && c != 'c' {
            continue;
        }
        bytes = c == 'c';
        sign = v.bytes().next().filter(|s| (*s == b'-' && !tail) || (*s == b'+' && (tail || t.gnu()))).unwrap_or(0);
        let digits = if sign != 0 || tail { v.strip_prefix(['-', '+']).unwrap_or(&v) } else { &v };
        match count(digits) {
            Some(d) => n = d,
            None => {
                let what = if bytes { "bytes: '" } else { "lines: '" };
                let [a, b] = if t.gnu() { [": invalid number of ", what] } else { [": invalid number '", ""] };
                t.say(&[p.name, a, b, &v, "'"]);
                return 1;
            }
        }
    }
    if files.is_empty() {
        files.push("-".into());
    }
    let mut texts: Vec<(String, Result<String, OpenError>)> =
        files.into_iter().map(|f| (f.clone(), t.load(&f))).collect();
    let mut status = 0;
    // BusyBox's tail opens every file first, and counts only those it could.
    if tail && !t.gnu() {
        let named = texts.len();
        texts.retain(|(f, s)| s != &Err(OpenError::NotFound) || !t.fail(p, f, OpenError::NotFound, false));
        if texts.len() < named {
            status = 1;
        }
        if texts.is_empty() {
            t.say(&["tail: no files"]);
            return 1;
        }
    }
    let headers = headers.unwrap_or(texts.len() > 1);
    let mut first = true;
    for (f, s) in &texts {
        if s == &Err(OpenError::NotFound) {
            t.fail(p, f, OpenError::NotFound, false);
            status = 1;
            // BusyBox's head still counts it as printed.
            first &= t.gnu();
            continue;
        }
        if headers {
            let name = if f == "-" { "standard input" } else { f };
            t.io.out.write(&[if first { "" } else { "\n" }, "==> ", name, " <==\n"].concat());
        }
        first = false;
        let Ok(s) = s else {
            if t.fail(p, f, OpenError::IsDir, false) {
                status = 1;
            }
            continue;
        };
        // How many lines (or bytes) to keep from the start (head) or to skip (tail).
        let total = if bytes { s.len() as u64 } else { s.split_inclusive('\n').count() as u64 };
        let k = match (tail, sign) {
            (false, b'-') | (true, 0) => total.saturating_sub(n),
            (true, _) => n.saturating_sub(1),
            (false, _) => n,
        };
        let at = if bytes { floor(s, k) } else { after_lines(s, k) };
        t.io.out.write(if tail { s.get(at..) } else { s.get(..at) }.unwrap_or(""));
    }
    status
}

/// `wc [-clmwL] [FILE]...`: lines, words, characters (bytes), bytes, longest line.
pub fn wc(t: &Tool, args: &[String]) -> i32 {
    let Some(o) = t.getopt(&WC, args) else { return 1 };
    let mut files = o.operands.clone();
    // Columns in wc's order.
    let mut cols = ['l', 'w', 'm', 'c', 'L'].map(|c| o.has(c));
    if cols == [false; 5] {
        cols = [true, true, false, true, false];
    }
    let stdin = files.is_empty();
    if stdin {
        files.push("-".into());
    }
    let texts: Vec<Result<String, OpenError>> = files.iter().map(|f| t.load(f)).collect();
    // BusyBox: `%9u` columns, unpadded for one count of one input. GNU: as wide as the total
    // size of the files (as stat() gives it), at least 7 with stdin or a directory, unpadded
    // for one count of one input or when the first file is missing.
    let size: usize =
        files.iter().zip(&texts).filter(|(f, _)| *f != "-").filter_map(|(_, s)| s.as_ref().ok()).map(String::len).sum();
    let odd = files.iter().zip(&texts).any(|(f, s)| f == "-" || s == &Err(OpenError::IsDir));
    let width = if files.len() == 1 && cols.iter().filter(|c| **c).count() == 1 {
        1
    } else if !t.gnu() {
        9
    } else if texts.first() == Some(&Err(OpenError::NotFound)) {
        1
    } else {
        size.to_string().len().max(if odd { 7 } else { 1 })
    };
    let mut total = [0; 5];
    let mut status = 0;
    let names = files.iter().map(String::as_str).chain(Some("total").filter(|_| files.len() > 1));
    for (i, name) in names.enumerate() {
        let c = match texts.get(i) {
            Some(Err(e)) => {
                t.fail(&WC, name, *e, false);
                status = 1;
                if *e == OpenError::NotFound {
                    continue;
                }
                [0; 5]
            }
            Some(Ok(s)) => {
                let longest =
                    s.lines().map(|l| l.chars().fold(0, |w, c| if c == '\t' { w / 8 * 8 + 8 } else { w + 1 }));
                [s.matches('\n').count(), s.split_whitespace().count(), s.len(), s.len(), longest.max().unwrap_or(0)]
            }
            None => total,
        };
        let mut line = String::new();
        for (k, ((n, on), sum)) in c.iter().zip(cols).zip(&mut total).enumerate() {
            *sum = if k == 4 { (*sum).max(*n) } else { *sum + n };
            if on {
                let n = n.to_string();
                line.push_str(&" ".repeat(usize::from(!line.is_empty()) + width.saturating_sub(n.len())));
                line.push_str(&n);
            }
        }
        if !stdin {
            line.push(' ');
            line.push_str(name);
        }
        t.io.out.line(&line);
    }
    status
}

/// A number for `sort -n`: leading blanks, a minus, digits with a decimal point (BusyBox's
/// `atof` also takes `+`); 0 when there is none.
fn numeric(line: &str, gnu: bool) -> f64 {
    let s = line.trim_start_matches([' ', '\t']);
    let b = s.as_bytes();
    let digits = |mut i: usize| {
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        i
    };
    let mut end = digits(usize::from(b.first() == Some(&b'-') || (!gnu && b.first() == Some(&b'+'))));
    if b.get(end) == Some(&b'.') {
        end = digits(end + 1);
    }
    s.get(..end).and_then(|n| n.parse().ok()).unwrap_or(0.0)
}

/// One `sort -k` key: from field `from.0` (its char `from.1`, 1-based) to field `to.0` (0:
/// the end of the line; its char `to.1`, 0: the field's end), with its own flags (`bfnr`)
/// or the global ones.
struct SortKey {
    from: (usize, usize),
    to: (usize, usize),
    flags: Option<String>,
}

/// Where field `n` (1-based) of `s` starts, after `skip_blanks`, and ends: split at `tab`,
/// else a field is blanks then non-blanks.
fn field(s: &str, n: usize, tab: Option<char>) -> (usize, usize) {
    let b = s.as_bytes();
    let blank = |i: usize| b.get(i).is_some_and(|c| *c == b' ' || *c == b'\t');
    let mut start = 0;
    for k in 0..n {
        let mut i = start;
        match tab {
            Some(t) => {
                while i < b.len() && b.get(i) != Some(&(t as u8)) {
                    i += 1;
                }
            }
            None => {
                while blank(i) {
                    i += 1;
                }
                while i < b.len() && !blank(i) {
                    i += 1;
                }
            }
        }
        if k + 1 == n {
            return (start, i);
        }
        start = (i + usize::from(tab.is_some() && i < b.len())).min(b.len());
    }
    (start, start)
}

impl SortKey {
    /// The key's text in `line`.
    fn of<'a>(&self, line: &'a str, tab: Option<char>, blanks: bool) -> &'a str {
        let skip = |s: usize| {
            if blanks {
                line.len() - line.get(s..).unwrap_or("").trim_start_matches([' ', '\t']).len()
            } else {
                s
            }
        };
        let start = skip(field(line, self.from.0, tab).0) + self.from.1.saturating_sub(1);
        let end = match self.to {
            (0, _) => line.len(),
            (f, 0) => field(line, f, tab).1,
            (f, c) => skip(field(line, f, tab).0) + c,
        };
        let (start, end) = (floor(line, start as u64), floor(line, end as u64));
        line.get(start..end.max(start)).unwrap_or("")
    }

    /// `N[.C][bfnr][,M[.C][bfnr]]`
    fn parse(spec: &str) -> Option<SortKey> {
        let mut flags = String::new();
        let mut pos = |s: &str| -> Option<(usize, usize)> {
            let body = s.trim_end_matches(|c| "bfnr".contains(c));
            flags.push_str(s.get(body.len()..)?);
            let (f, c) = body.split_once('.').unwrap_or((body, ""));
            let f: usize = f.parse().ok()?;
            Some((f, if c.is_empty() { 0 } else { c.parse().ok()? }))
        };
        let (a, b) = spec.split_once(',').map_or((spec, None), |(a, b)| (a, Some(b)));
        let from = pos(a).filter(|p| p.0 > 0)?;
        let to = match b {
            Some(b) => pos(b).filter(|p| p.0 > 0)?,
            None => (0, 0),
        };
        Some(SortKey { from, to, flags: Some(flags).filter(|f| !f.is_empty()) })
    }
}

/// `sort [-bfnrsu] [-k KEY]... [-t CHAR] [FILE]...` by bytes.
pub fn sort(t: &Tool, args: &[String]) -> i32 {
    let Some(o) = t.getopt(&SORT, args) else { return 2 };
    let global: String = "bfnr".chars().filter(|c| o.has(*c)).collect();
    let (rev, uniq, stable) = (o.has('r'), o.has('u'), o.has('s'));
    let tab = match o.last('t') {
        Some(s) if s.chars().count() == 1 => s.chars().next(),
        Some(s) => {
            t.say(&if t.gnu() { ["sort: multi-character tab '", s, "'"] } else { ["sort: bad -t parameter", "", ""] });
            return 2;
        }
        None => None,
    };
    let mut keys = Vec::new();
    for (_, spec) in o.opts.iter().filter(|(c, _)| *c == 'k') {
        match SortKey::parse(spec) {
            Some(k) => keys.push(k),
            None if !t.gnu() => {
                t.say(&["sort: bad field specification"]);
                return 2;
            }
            None if spec.starts_with('0') => {
                t.say(&["sort: field number is zero: invalid field specification '", spec, "'"]);
                return 2;
            }
            None => {
                t.say(&["sort: invalid number at field start: invalid count at start of '", spec, "'"]);
                return 2;
            }
        }
    }
    let whole = keys.is_empty();
    if whole {
        keys.push(SortKey { from: (1, 0), to: (0, 0), flags: None });
    }
    let mut files = o.operands;
    if files.is_empty() {
        files.push("-".into());
    }
    let mut text = String::new();
    for f in &files {
        // Both stop at the first file they cannot read.
        let mut status = 0;
        let Some(s) = t.read(&SORT, f, &mut status, 2) else { return 2 };
        if status != 0 {
            return status;
        }
        text.push_str(&s);
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
    }
    let lines: Vec<&str> = text.lines().collect();
    let gnu = t.gnu();
    let key = |a: &str, b: &str| {
        let mut o = Ordering::Equal;
        for k in &keys {
            let flags = k.flags.as_deref().unwrap_or(&global);
            let has = |c: char| flags.contains(c);
            let (x, y) = if whole { (a, b) } else { (k.of(a, tab, has('b')), k.of(b, tab, has('b'))) };
            o = if has('n') {
                numeric(x, gnu).partial_cmp(&numeric(y, gnu)).unwrap_or(Ordering::Equal)
            } else if has('f') {
                x.bytes().map(|c| c.to_ascii_uppercase()).cmp(y.bytes().map(|c| c.to_ascii_uppercase()))
            } else {
                x.cmp(y)
            };
            if has('r') {
                o = o.reverse();
            }
            if o.is_ne() {
                break;
            }
        }
        o
    };
    // Equal keys fall back on the bytes of the lines (reversed by -r), except with -s and
    // GNU's -u, which keep equal lines as they came; BusyBox sorts with the fallback, then
    // keeps the first.
    let fallback = !(stable || (uniq && gnu));
    let order = crate::order::permutation(lines.len(), &mut |a, b| {
        let (x, y) = (lines.get(a).copied().unwrap_or(""), lines.get(b).copied().unwrap_or(""));
        let o = key(x, y);
        if fallback && o.is_eq() {
            if rev {
                y.cmp(x)
            } else {
                x.cmp(y)
            }
        } else {
            o
        }
    });
    let mut prev: Option<&str> = None;
    for i in order {
        let l = lines.get(i).copied().unwrap_or("");
        if !(uniq && prev.is_some_and(|p| key(p, l).is_eq())) {
            t.io.out.line(l);
        }
        prev = Some(l);
    }
    0
}

/// `uniq [-cdiu] [-f N] [-s N] [-w N] [FILE]`
pub fn uniq(t: &Tool, args: &[String]) -> i32 {
    let Some(o) = t.getopt(&UNIQ, args) else { return 1 };
    if let Some(extra) = o.operands.get(2).filter(|_| t.gnu()) {
        t.misuse(&UNIQ, &["extra operand '", extra, "'"], &[]);
        return 1;
    }
    let mut n = [0usize; 3];
    let what = ["fields to skip", "bytes to skip", "bytes to compare"];
    for ((c, slot), what) in ['f', 's', 'w'].into_iter().zip(&mut n).zip(what) {
        let Some(v) = o.last(c) else { continue };
        match v.parse() {
            Ok(v) => *slot = v,
            Err(_) => {
                t.say(&if t.gnu() {
                    ["uniq: ", v, ": invalid number of ", what]
                } else {
                    ["uniq: invalid number '", v, "'", ""]
                });
                return 1;
            }
        }
    }
    let [fields, chars, width] = n;
    let name = o.operands.first().map_or("-", String::as_str);
    let mut status = 0;
    let Some(text) = t.read(&UNIQ, name, &mut status, 1) else { return 1 };
    if status != 0 {
        return status;
    }
    let icase = o.has('i');
    let part = |l: &str| -> String {
        let mut s = l;
        for _ in 0..fields {
            s = s.trim_start_matches([' ', '\t']);
            s = s.trim_start_matches(|c| c != ' ' && c != '\t');
        }
        let s: String = s.chars().skip(chars).take(if o.has('w') { width } else { usize::MAX }).collect();
        if icase {
            s.to_ascii_lowercase()
        } else {
            s
        }
    };
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while let Some(first) = lines.get(i) {
        let k = part(first);
        let run = lines.get(i..).unwrap_or_default().iter().take_while(|l| part(l) == k).count();
        i += run;
        if (o.has('d') && run < 2) || (o.has('u') && run > 1) {
            continue;
        }
        if o.has('c') {
            t.io.out.line(&format!("{run:>7} {first}"));
        } else {
            t.io.out.line(first);
        }
    }
    0
}

/// `cut -b|-c|-f LIST [-d CHAR] [-s] [FILE]...` (bytes and characters are the same here).
pub fn cut(t: &Tool, args: &[String]) -> i32 {
    let Some(o) = t.getopt(&CUT, args) else { return 1 };
    let lists: Vec<&(char, String)> = o.opts.iter().filter(|(c, _)| "bcf".contains(*c)).collect();
    let fields = o.has('f');
    let Some((kind, list)) = lists.last() else {
        if t.gnu() {
            t.misuse(&CUT, &["you must specify a list of bytes, characters, or fields"], &[]);
        } else {
            t.say(&["cut: expected a list of bytes, characters, or fields"]);
        }
        return 1;
    };
    if lists.iter().any(|(c, _)| c != kind) {
        t.misuse(&CUT, &["only one list may be specified"], &[]);
        return 1;
    }
    let delim = match o.last('d') {
        Some(_) if !fields => {
            let (g, b) = (
                "an input delimiter may be specified only when operating on fields",
                "a delimiter may be specified only when operating on fields",
            );
            if t.gnu() {
                t.misuse(&CUT, &[g], &[]);
            } else {
                t.say(&["cut: ", b]);
            }
            return 1;
        }
        Some(d) if d.chars().count() > 1 && t.gnu() => {
            t.misuse(&CUT, &["the delimiter must be a single character"], &[]);
            return 1;
        }
        Some(d) => d.chars().next().unwrap_or('\t'),
        None => '\t',
    };
    // The ranges, 1-based and inclusive (0 for an open end).
    let mut ranges = Vec::new();
    for r in list.split(',') {
        let (a, b) = r.split_once('-').unwrap_or((r, r));
        let num = |s: &str, dflt: usize| if s.is_empty() { Some(dflt) } else { s.parse::<usize>().ok() };
        match (num(a, 1), num(b, 0)) {
            (Some(0), _) | (_, Some(0)) if t.gnu() && (a == "0" || b == "0") => {
                t.misuse(
                    &CUT,
                    &[if fields {
                        "fields are numbered from 1"
                    } else {
                        "byte/character positions are numbered from 1"
                    }],
                    &[],
                );
                return 1;
            }
            (Some(x), Some(y)) if r != "-" => ranges.push((x, y)),
            _ if t.gnu() && r == "-" => {
                t.misuse(&CUT, &["invalid range with no endpoint: -"], &[]);
                return 1;
            }
            _ if t.gnu() => {
                t.misuse(
                    &CUT,
                    &[if fields { "invalid field value '" } else { "invalid byte/character position '" }, r, "'"],
                    &[],
                );
                return 1;
            }
            _ => {
                t.say(&["cut: invalid number '", r.split('-').find(|s| s.parse::<usize>().is_err()).unwrap_or(r), "'"]);
                return 1;
            }
        }
    }
    let wanted = |i: usize| ranges.iter().any(|(a, b)| i >= *a && (*b == 0 || i <= *b));
    let mut files = o.operands.clone();
    if files.is_empty() {
        files.push("-".into());
    }
    let mut status = 0;
    for f in &files {
        let Some(text) = t.read(&CUT, f, &mut status, 1) else {
            status = 1;
            continue;
        };
        for line in text.lines() {
            let out: String = if !fields {
                line.chars().enumerate().filter(|(i, _)| wanted(i + 1)).map(|(_, c)| c).collect()
            } else if !line.contains(delim) {
                if o.has('s') {
                    continue;
                }
                line.to_string()
            } else {
                let kept: Vec<&str> =
                    line.split(delim).enumerate().filter(|(i, _)| wanted(i + 1)).map(|(_, s)| s).collect();
                kept.join(delim.encode_utf8(&mut [0; 4]))
            };
            t.io.out.line(&out);
        }
    }
    status
}

/// The characters of a `tr` set: `\` escapes, `a-z` ranges, `[:class:]`.
fn tr_set(s: &str) -> Vec<char> {
    type Class = (&'static str, fn(&char) -> bool);
    let classes: &[Class] = &[
        ("[:alnum:]", char::is_ascii_alphanumeric),
        ("[:alpha:]", char::is_ascii_alphabetic),
        ("[:digit:]", char::is_ascii_digit),
        ("[:lower:]", char::is_ascii_lowercase),
        ("[:upper:]", char::is_ascii_uppercase),
        ("[:space:]", |c| c.is_ascii_whitespace() || *c == '\x0b'),
        ("[:blank:]", |c| *c == ' ' || *c == '\t'),
        ("[:punct:]", char::is_ascii_punctuation),
    ];
    let mut raw = Vec::new();
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if let Some((name, f)) = classes.iter().find(|(n, _)| rest.starts_with(n)) {
            raw.extend((0..128u8).map(char::from).filter(f));
            rest = rest.get(name.len()..).unwrap_or("");
            continue;
        }
        rest = rest.get(c.len_utf8()..).unwrap_or("");
        let c = if c == '\\' {
            let e = rest.chars().next().unwrap_or('\\');
            rest = rest.get(e.len_utf8()..).unwrap_or("");
            match e {
                'n' => '\n',
                't' => '\t',
                'r' => '\r',
                other => other,
            }
        } else {
            c
        };
        match (rest.strip_prefix('-'), raw.is_empty()) {
            (Some(r), _) if !r.is_empty() => {
                let hi = r.chars().next().unwrap_or(c);
                rest = r.get(hi.len_utf8()..).unwrap_or("");
                raw.extend(c..=hi);
            }
            _ => raw.push(c),
        }
    }
    raw
}

/// `tr [-cds] SET1 [SET2]` over stdin.
pub fn tr(t: &Tool, args: &[String]) -> i32 {
    let Some(o) = t.getopt(&TR, args) else { return 1 };
    let (del, squeeze, comp) = (o.has('d'), o.has('s'), o.has('c'));
    let ops = &o.operands;
    let two = !del || squeeze;
    let bad: Option<Vec<&str>> = match (ops.first(), ops.get(1)) {
        (None, _) => Some(vec!["missing operand"]),
        (Some(a), None) if !del && !squeeze => {
            Some(vec!["missing operand after '", a, "'\nTwo strings must be given when translating."])
        }
        _ => match ops.get(if two { 2 } else { 1 }) {
            Some(x) if del && !squeeze => Some(vec![
                "extra operand '",
                x,
                "'\nOnly one string may be given when deleting without squeezing repeats.",
            ]),
            Some(x) => Some(vec!["extra operand '", x, "'"]),
            None => None,
        },
    };
    match bad {
        Some(_) if !t.gnu() && ops.is_empty() => {
            t.usage(&TR);
            return 1;
        }
        Some(b) if t.gnu() => {
            t.misuse(&TR, &b, &[]);
            return 1;
        }
        _ => {}
    }
    let mut set1 = tr_set(ops.first().map_or("", String::as_str));
    if comp {
        set1 = (0..=255u8).map(char::from).filter(|c| !set1.contains(c)).collect();
    }
    let set2 = ops.get(1).map(|s| tr_set(s)).unwrap_or_default();
    let input = t.io.stdin.to_string();
    let mut out = String::with_capacity(input.len());
    let squeezed = if del || set2.is_empty() {
        if del {
            &set2
        } else {
            &set1
        }
    } else {
        &set2
    };
    for c in input.chars() {
        let c = match set1.iter().position(|x| *x == c) {
            Some(_) if del => continue,
            Some(i) if !set2.is_empty() => set2.get(i).or(set2.last()).copied().unwrap_or(c),
            _ => c,
        };
        if squeeze && out.ends_with(c) && squeezed.contains(&c) {
            continue;
        }
        out.push(c);
    }
    t.io.out.write(&out);
    0
}

/// `grep [-EFHhiLlnoqsvwxc] [-m N] [-A|-B|-C N] [-e PATTERN]... [-f FILE]... PATTERN
/// [FILE]...` (`-r`, `-R`, `-a`, `-I` and `--color` are taken; `-r` does not recurse).
pub fn grep(t: &Tool, args: &[String]) -> i32 {
    let Some(o) = t.getopt(&GREP, args) else { return 2 };
    let has = |c: char| o.has(c);
    let (opts, mut files) = (&o.opts, o.operands.clone());
    let mut patterns: Vec<String> = Vec::new();
    for (c, v) in opts {
        if *c == 'e' {
            patterns.push(v.clone());
        } else if *c == 'f' {
            match t.load(v) {
                Ok(s) => patterns.extend(s.lines().map(str::to_string)),
                Err(e) => {
                    t.fail(&GREP, v, e, false);
                    return 2;
                }
            }
        }
    }
    if !has('e') && !has('f') {
        if files.is_empty() {
            t.usage(&GREP);
            return 2;
        }
        patterns.push(files.remove(0));
    }
    // -m N, -A N, -B N, -C N.
    let num = |c: char| -> Result<Option<usize>, ()> {
        let Some(v) = o.last(c) else { return Ok(None) };
        v.parse().map(Some).map_err(|_| {
            if !t.gnu() {
                t.say(&["grep: invalid number '", v, "'"]);
            } else if c == 'm' {
                t.say(&["grep: invalid max count"]);
            } else {
                t.say(&["grep: ", v, ": invalid context length argument"]);
            }
        })
    };
    let (Ok(max), Ok(a), Ok(b), Ok(ctx)) = (num('m'), num('A'), num('B'), num('C')) else { return 2 };
    let (after, before) = (a.or(ctx).unwrap_or(0), b.or(ctx).unwrap_or(0));
    // GNU separates groups of context whenever context was asked for, BusyBox when it is some.
    let groups = if t.gnu() { a.or(b).or(ctx).is_some() } else { after + before > 0 };
    let icase = has('i');
    let mut re: Option<Regex> = None;
    for p in patterns.iter().flat_map(|p| p.split('\n')) {
        let one = if has('F') {
            Regex::fixed(p, icase)
        } else {
            match Regex::new(p, has('E'), icase) {
                Ok(r) => r,
                Err(e) => {
                    let e = e.text(t.gnu());
                    t.say(&if t.gnu() { ["grep: ", "", "", e] } else { ["grep: bad regex '", p, "': ", e] });
                    return 2;
                }
            }
        };
        re = Some(match re {
            Some(r) => r.or(one),
            None => one,
        });
    }
    let fit = if has('x') {
        Fit::Line
    } else if has('w') {
        Fit::Word
    } else {
        Fit::Any
    };
    let (invert, count, quiet, only, list, unlisted) = (has('v'), has('c'), has('q'), has('o'), has('l'), has('L'));
    // BusyBox drops -n for -c and -q.
    let numbered = has('n') && (t.gnu() || !(count || quiet));
    if files.is_empty() {
        files.push("-".into());
    }
    let named = match opts.iter().rev().find(|(o, _)| *o == 'H' || *o == 'h') {
        Some((o, _)) => *o == 'H',
        None => files.len() > 1,
    };
    let (mut selected, mut listed, mut errors) = (false, false, false);
    let max = max.unwrap_or(usize::MAX);
    for f in &files {
        let shown = if f == "-" { "(standard input)" } else { f.as_str() };
        let text = match t.load(f) {
            Ok(s) => s,
            Err(e) => {
                errors |= t.fail(&GREP, f, e, has('s'));
                continue;
            }
        };
        let lines: Vec<&str> = text.split_inclusive('\n').map(|l| l.strip_suffix('\n').unwrap_or(l)).collect();
        let (mut n, mut printed, mut left) = (0, None::<usize>, 0);
        let show = |i: usize, sep: &str| {
            let mut prefix = String::new();
            if named {
                prefix.push_str(shown);
                prefix.push_str(sep);
            }
            if numbered {
                prefix.push_str(&(i + 1).to_string());
                prefix.push_str(sep);
            }
            prefix
        };
        for (i, line) in lines.iter().enumerate() {
            if n >= max {
                // GNU still prints the context after the last match; BusyBox stops.
                if left == 0 || !t.gnu() {
                    break;
                }
            }
            let chars: Vec<char> = line.chars().collect();
            let found = n < max && re.as_ref().is_some_and(|r| r.search(&chars, 0, fit, false).is_some()) != invert;
            if !found {
                if left > 0 && !(count || only || list || unlisted) {
                    left -= 1;
                    printed = Some(i);
                    t.io.out.line(&[show(i, "-").as_str(), line].concat());
                }
                continue;
            }
            n += 1;
            if quiet {
                return 0;
            }
            if list || unlisted {
                break;
            }
            if count {
                continue;
            }
            let from = i.saturating_sub(before).max(printed.map_or(0, |p| p + 1));
            if groups && printed.is_some_and(|p| from > p + 1) {
                t.io.out.line("--");
            }
            for (j, l) in lines.iter().enumerate().take(i).skip(from) {
                t.io.out.line(&[show(j, "-").as_str(), l].concat());
            }
            printed = Some(i);
            left = after;
            let prefix = show(i, ":");
            match &re {
                Some(r) if only && !invert => {
                    let mut from = 0;
                    while let Some((s, e)) = r.search(&chars, from, fit, true) {
                        if e > s {
                            let m: String = chars.get(s..e).unwrap_or_default().iter().collect();
                            t.io.out.line(&[prefix.as_str(), &m].concat());
                        }
                        from = e.max(s + 1);
                    }
                }
                // BusyBox emulates an old GNU grep: -ov prints the prefix alone.
                _ if only => t.io.out.write(if t.gnu() { "" } else { &prefix }),
                _ => t.io.out.line(&[prefix.as_str(), line].concat()),
            }
        }
        selected |= n > 0;
        if (list && n > 0) || (unlisted && n == 0) {
            listed = true;
            t.io.out.line(shown);
        } else if count && !list && !unlisted {
            t.io.out.line(&if named { [shown, ":", &n.to_string()].concat() } else { n.to_string() });
        }
    }
    if errors {
        2
    } else if unlisted && !t.gnu() {
        i32::from(!listed)
    } else {
        i32::from(!selected)
    }
}

#[cfg(test)]
mod tests {
    use super::{Files, Flavour, OpenError, Tool};
    use crate::process::{Fd, Io, Stream};

    /// The files the cases read (the same as in the directory where the real tools ran).
    struct Disk;

    impl Files for Disk {
        fn open(&self, path: &str) -> Result<String, OpenError> {
            match path {
                "f1" => Ok("a b\nc\n".into()),
                "f2" => Ok("hello world foo\n".into()),
                "dd" => Err(OpenError::IsDir),
                _ => Err(OpenError::NotFound),
            }
        }
    }

    fn run(flavour: Flavour, tool: fn(&Tool, &[String]) -> i32, args: &[&str], stdin: &str) -> (i32, String, String) {
        let stream = Stream::new();
        let io = Io::to(&stream).with_stdin(stdin);
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let code = tool(&Tool { flavour, io: &io, files: &Disk }, &args);
        let (mut out, mut err) = (String::new(), String::new());
        for (fd, s) in stream.drain() {
            match fd {
                Fd::Out => out.push_str(&s),
                Fd::Err => err.push_str(&s),
            }
        }
        (code, out, err)
    }

    /// Status, stdout, stderr.
    type Want = (i32, &'static str, &'static str);
    /// Arguments, stdin, what GNU's tool does, what BusyBox's does (or [`SAME`]).
    type Case = (&'static [&'static str], &'static str, Want, Want);
    const SAME: Want = (-1, "", "");

    fn check(tool: fn(&Tool, &[String]) -> i32, name: &str, cases: &[Case]) {
        let mut bad = Vec::new();
        for (args, stdin, gnu, busybox) in cases {
            let busybox = if busybox.0 == -1 { gnu } else { busybox };
            for (flavour, want) in [(Flavour::Gnu, gnu), (Flavour::BusyBox, busybox)] {
                let got = run(flavour, tool, args, stdin);
                if (got.0, got.1.as_str(), got.2.as_str()) != *want {
                    bad.push(format!("{flavour:?} {name} {args:?} <<< {stdin:?}\n  want {want:?}\n  got  {got:?}"));
                }
            }
        }
        assert!(bad.is_empty(), "{} of {} differ:\n{}", bad.len(), cases.len() * 2, bad.join("\n"));
    }

    const P: &str = "foo bar\nfoobar\nbar_foo x\nFOO\n\nbaz\n";
    const N: &str = "b\nB\na\n10\n9\n\n-1\n 2\n";
    const L: &str = "a\nb\nc\nd\n";
    const TWELVE: &str = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n";

    macro_rules! usage {
        (grep) => {
            "BusyBox v1.34.1 (2022-04-04 10:19:27 UTC) multi-call binary.\n\nUsage: grep [-HhnlLoqvsrRiwFE] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...\n\nSearch for PATTERN in FILEs (or stdin)\n\n\t-H\tAdd 'filename:' prefix\n\t-h\tDo not add 'filename:' prefix\n\t-n\tAdd 'line_no:' prefix\n\t-l\tShow only names of files that match\n\t-L\tShow only names of files that don't match\n\t-c\tShow only count of matching lines\n\t-o\tShow only the matching part of line\n\t-q\tQuiet. Return 0 if PATTERN is found, 1 otherwise\n\t-v\tSelect non-matching lines\n\t-s\tSuppress open and read errors\n\t-r\tRecurse\n\t-R\tRecurse and dereference symlinks\n\t-i\tIgnore case\n\t-w\tMatch whole words only\n\t-x\tMatch whole lines only\n\t-F\tPATTERN is a literal (not regexp)\n\t-E\tPATTERN is an extended regexp\n\t-m N\tMatch up to N times per file\n\t-A N\tPrint N lines of trailing context\n\t-B N\tPrint N lines of leading context\n\t-C N\tSame as '-A N -B N'\n\t-e PTRN\tPattern to match\n\t-f FILE\tRead pattern from file\n"
        };
        (head) => {
            "BusyBox v1.34.1 (2022-04-04 10:19:27 UTC) multi-call binary.\n\nUsage: head [OPTIONS] [FILE]...\n\nPrint first 10 lines of FILEs (or stdin).\nWith more than one FILE, precede each with a filename header.\n\n\t-n N[bkm]\tPrint first N lines\n\t-n -N[bkm]\tPrint all except N last lines\n\t-c [-]N[bkm]\tPrint first N bytes\n\t\t\t(b:*512 k:*1024 m:*1024^2)\n\t-q\t\tNever print headers\n\t-v\t\tAlways print headers\n"
        };
        (tail) => {
            "BusyBox v1.34.1 (2022-04-04 10:19:27 UTC) multi-call binary.\n\nUsage: tail [OPTIONS] [FILE]...\n\nPrint last 10 lines of FILEs (or stdin) to.\nWith more than one FILE, precede each with a filename header.\n\n\t-c [+]N[bkm]\tPrint last N bytes\n\t-n N[bkm]\tPrint last N lines\n\t-n +N[bkm]\tStart on Nth line and print the rest\n\t\t\t(b:*512 k:*1024 m:*1024^2)\n\t-q\t\tNever print headers\n\t-v\t\tAlways print headers\n\t-f\t\tPrint data as file grows\n\t-F\t\tSame as -f, but keep retrying\n\t-s SECONDS\tWait SECONDS between reads with -f\n"
        };
        (wc) => {
            "BusyBox v1.34.1 (2022-04-04 10:19:27 UTC) multi-call binary.\n\nUsage: wc [-cmlwL] [FILE]...\n\nCount lines, words, and bytes for FILEs (or stdin)\n\n\t-c\tCount bytes\n\t-m\tCount characters\n\t-l\tCount newlines\n\t-w\tCount words\n\t-L\tPrint longest line length\n"
        };
        (sort) => {
            "BusyBox v1.34.1 (2022-04-04 10:19:27 UTC) multi-call binary.\n\nUsage: sort [-nrugMcszbdfiokt] [-o FILE] [-k START[.OFS][OPTS][,END[.OFS][OPTS]] [-t CHAR] [FILE]...\n\nSort lines of text\n\n\t-o FILE\tOutput to FILE\n\t-c\tCheck whether input is sorted\n\t-b\tIgnore leading blanks\n\t-f\tIgnore case\n\t-i\tIgnore unprintable characters\n\t-d\tDictionary order (blank or alphanumeric only)\n\t-n\tSort numbers\n\t-g\tGeneral numerical sort\n\t-M\tSort month\n\t-V\tSort version\n\t-t CHAR\tField separator\n\t-k N[,M] Sort by Nth field\n\t-r\tReverse sort order\n\t-s\tStable (don't sort ties alphabetically)\n\t-u\tSuppress duplicate lines\n\t-z\tNUL terminated input and output\n"
        };
    }

    /// `grep`: GNU grep 3.8 (LC_ALL=C) and BusyBox (Debian's 1.35.0, whose grep.c is 1.34.1's; getopt and
    /// regerror texts as musl's, from musl's source: Alpine's BusyBox is built on musl) on the files of [`Disk`].
    const GREP: &[Case] = &[
        (&["foo"], P, (0, "foo bar\nfoobar\nbar_foo x\n", ""), SAME),
        (&["-i", "foo"], P, (0, "foo bar\nfoobar\nbar_foo x\nFOO\n", ""), SAME),
        (&["-v", "foo"], P, (0, "FOO\n\nbaz\n", ""), SAME),
        (&["-c", "foo"], P, (0, "3\n", ""), SAME),
        (&["-vc", "foo"], P, (0, "3\n", ""), SAME),
        (&["-q", "foo"], P, (0, "", ""), SAME),
        (&["-q", "zzz"], P, (1, "", ""), SAME),
        (&["zzz"], P, (1, "", ""), SAME),
        (&["-E", "^(foo|baz)"], P, (0, "foo bar\nfoobar\nbaz\n", ""), SAME),
        (&["-n", "foo"], P, (0, "1:foo bar\n2:foobar\n3:bar_foo x\n", ""), SAME),
        (&["-w", "foo"], P, (0, "foo bar\n", ""), SAME),
        (&["-wo", "fo*"], P, (0, "foo\n", ""), SAME),
        (&["-no", "o*b"], P, (0, "1:b\n2:oob\n3:b\n6:b\n", ""), SAME),
        (&["-x", "foobar"], P, (0, "foobar\n", ""), SAME),
        (&["-xi", "foo"], P, (0, "FOO\n", ""), SAME),
        (&["-e", "foo", "-e", "baz"], P, (0, "foo bar\nfoobar\nbar_foo x\nbaz\n", ""), SAME),
        (&["-F", "o b"], P, (0, "foo bar\n", ""), SAME),
        (&["-F", "."], P, (1, "", ""), SAME),
        (&["foo", "-c"], P, (0, "3\n", ""), SAME),
        (&["-l", "foo"], P, (0, "(standard input)\n", ""), SAME),
        (&["-L", "foo"], P, (0, "", ""), (1, "", "")),
        (&["-L", "zzz"], P, (1, "(standard input)\n", ""), (0, "(standard input)\n", "")),
        (&["-H", "foo"], P, (0, "(standard input):foo bar\n(standard input):foobar\n(standard input):bar_foo x\n", ""), SAME),
        (&["-m", "1", "foo"], P, (0, "foo bar\n", ""), SAME),
        (&["-A", "1", "bar_"], P, (0, "bar_foo x\nFOO\n", ""), SAME),
        (&["-nB", "1", "baz"], P, (0, "5-\n6:baz\n", ""), SAME),
        (&["-C", "1", "FOO"], P, (0, "bar_foo x\nFOO\n\n", ""), SAME),
        (&["-A", "0", "-e", "foo", "-e", "baz"], P, (0, "foo bar\nfoobar\nbar_foo x\n--\nbaz\n", ""), (0, "foo bar\nfoobar\nbar_foo x\nbaz\n", "")),
        (&["-A", "1", "-e", "foob", "-e", "baz"], P, (0, "foobar\nbar_foo x\n--\nbaz\n", ""), SAME),
        (&["-nov", "foo"], P, (0, "", ""), (0, "4:5:6:", "")),
        (&["-ov", "foo"], P, (0, "", ""), SAME),
        (&["-cn", "foo"], P, (0, "3\n", ""), SAME),
        (&["^[^*]"], "** x\nServer: y\n\n", (0, "Server: y\n", ""), SAME),
        (&["a", "f1", "f2"], "", (0, "f1:a b\n", ""), SAME),
        (&["-h", "o", "f1", "f2"], "", (0, "hello world foo\n", ""), SAME),
        (&["-c", "o", "f1", "f2"], "", (0, "f1:0\nf2:1\n", ""), SAME),
        (&["-n", "o", "-", "f2"], "no\n", (0, "(standard input):1:no\nf2:1:hello world foo\n", ""), SAME),
        (&["x", "nofile", "f1"], "", (2, "", "grep: nofile: No such file or directory\n"), SAME),
        (&["-s", "c", "nofile", "f1"], "", (2, "f1:c\n", ""), SAME),
        (&["-q", "c", "nofile", "f1"], "", (0, "", "grep: nofile: No such file or directory\n"), SAME),
        (&["x", "dd"], "", (2, "", "grep: dd: Is a directory\n"), (1, "", "")),
        (&[], P, (2, "", "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n"), (2, "", usage!(grep))),
        (&["-k", "x"], P, (2, "", "grep: invalid option -- 'k'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n"), (2, "", concat!("grep: unrecognized option: k\n", usage!(grep)))),
        (&["-e"], P, (2, "", "grep: option requires an argument -- 'e'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n"), (2, "", concat!("grep: option requires an argument: e\n", usage!(grep)))),
        (&["-A", "x", "y"], P, (2, "", "grep: x: invalid context length argument\n"), (2, "", "grep: invalid number 'x'\n")),
        (&["-m", "x", "y"], P, (2, "", "grep: invalid max count\n"), (2, "", "grep: invalid number 'x'\n")),
        (&["a[b"], P, (2, "", "grep: Unmatched [, [^, [:, [., or [=\n"), (2, "", "grep: bad regex 'a[b': Missing ']'\n")),
        (&["a["], P, (2, "", "grep: Invalid regular expression\n"), (2, "", "grep: bad regex 'a[': Missing ']'\n")),
        (&["-E", "o)"], "foo)\n", (0, "foo)\n", ""), SAME),
        (&["o\\)"], "foo)\n", (2, "", "grep: Unmatched ) or \\)\n"), (2, "", "grep: bad regex 'o\\)': Missing ')'\n")),
        (&["-E", "a(b"], P, (2, "", "grep: Unmatched ( or \\(\n"), (2, "", "grep: bad regex 'a(b': Missing ')'\n")),
        (&["a\\"], P, (2, "", "grep: Trailing backslash\n"), (2, "", "grep: bad regex 'a\\': Trailing backslash\n")),
        (&["-m1", "-A1", "foo"], "foo\nfoo\nb\n", (0, "foo\nfoo\n", ""), (0, "foo\n", "")),
        (&["-f", "f1"], "xa b\nc\nd\n", (0, "xa b\nc\n", ""), SAME),
        (&["-i", "-e", "Z", "-e", "b"], P, (0, "foo bar\nfoobar\nbar_foo x\nbaz\n", ""), SAME),
        (&["-E", "b|az", "-o"], P, (0, "b\nb\nb\nb\naz\n", ""), SAME),
        (&["-o", ""], "abc\n", (0, "", ""), SAME),
        (&["-w", ""], "abc\n", (1, "", ""), SAME),
        (&["-c", ""], "abc\nx\n", (0, "2\n", ""), SAME),
        (&["foo"], "foo\r\nbar\r\n", (0, "foo\r\n", ""), SAME),
        (&["x"], "x", (0, "x\n", ""), SAME),
    ];

    /// `head`: GNU coreutils 9.1 (LC_ALL=C) and BusyBox (Debian's 1.35.0, whose head.c is 1.34.1's; getopt and
    /// regerror texts as musl's) on the files of [`Disk`].
    const HEAD: &[Case] = &[
        (&[], TWELVE, (0, "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n", ""), SAME),
        (&["-n", "2"], L, (0, "a\nb\n", ""), SAME),
        (&["-n2"], L, (0, "a\nb\n", ""), SAME),
        (&["-2"], L, (0, "a\nb\n", ""), SAME),
        (&["-n", "-2"], L, (0, "a\nb\n", ""), SAME),
        (&["-n", "-2"], "a\nb\nc\nd", (0, "a\nb\n", ""), SAME),
        (&["-c", "5"], "abc\ndef\n", (0, "abc\nd", ""), SAME),
        (&["-c", "-2"], "abc\ndef\n", (0, "abc\nde", ""), SAME),
        (&["-n", "x"], L, (1, "", "head: invalid number of lines: 'x'\n"), (1, "", "head: invalid number 'x'\n")),
        (&["-c", "x"], L, (1, "", "head: invalid number of bytes: 'x'\n"), (1, "", "head: invalid number 'x'\n")),
        (&["-n", "+1"], L, (0, "a\n", ""), (1, "", "head: invalid number '+1'\n")),
        (
            &["-k"],
            L,
            (1, "", "head: invalid option -- 'k'\nTry 'head --help' for more information.\n"),
            (1, "", concat!("head: unrecognized option: k\n", usage!(head))),
        ),
        (
            &["-n"],
            L,
            (1, "", "head: option requires an argument -- 'n'\nTry 'head --help' for more information.\n"),
            (1, "", concat!("head: option requires an argument: n\n", usage!(head))),
        ),
        (&["-n", "1", "f1", "f2"], "", (0, "==> f1 <==\na b\n\n==> f2 <==\nhello world foo\n", ""), SAME),
        (
            &["-n", "1", "f1", "nofile", "f2"],
            "",
            (
                1,
                "==> f1 <==\na b\n\n==> f2 <==\nhello world foo\n",
                "head: cannot open 'nofile' for reading: No such file or directory\n",
            ),
            (1, "==> f1 <==\na b\n\n==> f2 <==\nhello world foo\n", "head: nofile: No such file or directory\n"),
        ),
        (
            &["-n", "1", "nofile", "f1"],
            "",
            (1, "==> f1 <==\na b\n", "head: cannot open 'nofile' for reading: No such file or directory\n"),
            (1, "\n==> f1 <==\na b\n", "head: nofile: No such file or directory\n"),
        ),
        (&["-n", "1", "-", "f1"], "x\n", (0, "==> standard input <==\nx\n\n==> f1 <==\na b\n", ""), SAME),
        (&["-q", "-n", "1", "f1", "f2"], "", (0, "a b\nhello world foo\n", ""), SAME),
        (&["-v", "-n", "1", "f1"], "", (0, "==> f1 <==\na b\n", ""), SAME),
        (&["-n", "0"], L, (0, "", ""), SAME),
        (
            &["nofile"],
            "",
            (1, "", "head: cannot open 'nofile' for reading: No such file or directory\n"),
            (1, "", "head: nofile: No such file or directory\n"),
        ),
        (&["-n", "1k"], L, (0, "a\nb\nc\nd\n", ""), SAME),
        (
            &["-n", "1", "f1", "dd"],
            "",
            (1, "==> f1 <==\na b\n\n==> dd <==\n", "head: error reading 'dd': Is a directory\n"),
            (0, "==> f1 <==\na b\n\n==> dd <==\n", ""),
        ),
        (&["-n", "2"], "a\nb", (0, "a\nb", ""), SAME),
    ];

    /// `tail`: GNU coreutils 9.1 (LC_ALL=C) and BusyBox (Debian's 1.35.0, whose tail.c is 1.34.1's; getopt and
    /// regerror texts as musl's) on the files of [`Disk`].
    const TAIL: &[Case] = &[
        (&[], TWELVE, (0, "3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n", ""), SAME),
        (&["-n", "2"], L, (0, "c\nd\n", ""), SAME),
        (&["-n", "2"], "a\nb\nc\nd", (0, "c\nd", ""), SAME),
        (&["-n", "+2"], L, (0, "b\nc\nd\n", ""), SAME),
        (&["-n", "+0"], L, (0, "a\nb\nc\nd\n", ""), SAME),
        (&["-n", "-2"], L, (0, "c\nd\n", ""), SAME),
        (&["-2"], L, (0, "c\nd\n", ""), SAME),
        (&["+2"], L, (0, "b\nc\nd\n", ""), SAME),
        (&["-c", "3"], "abcdef\n", (0, "ef\n", ""), SAME),
        (&["-c", "+3"], "abcdef\n", (0, "cdef\n", ""), SAME),
        (&["-n", "x"], L, (1, "", "tail: invalid number of lines: 'x'\n"), (1, "", "tail: invalid number 'x'\n")),
        (&["-c", "x"], L, (1, "", "tail: invalid number of bytes: 'x'\n"), (1, "", "tail: invalid number 'x'\n")),
        (
            &["-k"],
            L,
            (1, "", "tail: invalid option -- 'k'\nTry 'tail --help' for more information.\n"),
            (1, "", concat!("tail: unrecognized option: k\n", usage!(tail))),
        ),
        (&["-n", "1", "f1", "f2"], "", (0, "==> f1 <==\nc\n\n==> f2 <==\nhello world foo\n", ""), SAME),
        (
            &["-n", "1", "nofile", "f1"],
            "",
            (1, "==> f1 <==\nc\n", "tail: cannot open 'nofile' for reading: No such file or directory\n"),
            (1, "c\n", "tail: can't open 'nofile': No such file or directory\n"),
        ),
        (
            &["-n", "1", "f1", "nofile", "f2"],
            "",
            (
                1,
                "==> f1 <==\nc\n\n==> f2 <==\nhello world foo\n",
                "tail: cannot open 'nofile' for reading: No such file or directory\n",
            ),
            (
                1,
                "==> f1 <==\nc\n\n==> f2 <==\nhello world foo\n",
                "tail: can't open 'nofile': No such file or directory\n",
            ),
        ),
        (
            &["nofile"],
            "",
            (1, "", "tail: cannot open 'nofile' for reading: No such file or directory\n"),
            (1, "", "tail: can't open 'nofile': No such file or directory\ntail: no files\n"),
        ),
        (&["-n", "0"], L, (0, "", ""), SAME),
        (
            &["-n", "1", "f1", "dd"],
            "",
            (1, "==> f1 <==\nc\n\n==> dd <==\n", "tail: error reading 'dd': Is a directory\n"),
            (1, "==> f1 <==\nc\n\n==> dd <==\n", "tail: read error: Is a directory\n"),
        ),
    ];

    /// `wc`: GNU coreutils 9.1 (LC_ALL=C) and BusyBox (Debian's 1.35.0, whose wc.c is 1.34.1's; getopt and
    /// regerror texts as musl's) on the files of [`Disk`].
    const WC: &[Case] = &[
        (&[], "a b\nc\n", (0, "      2       3       6\n", ""), (0, "        2         3         6\n", "")),
        (&["-l"], "a b\nc\n", (0, "2\n", ""), SAME),
        (&["-w"], "a b\nc\n", (0, "3\n", ""), SAME),
        (&["-c"], "a b\nc\n", (0, "6\n", ""), SAME),
        (&["-lw"], "a b\nc\n", (0, "      2       3\n", ""), (0, "        2         3\n", "")),
        (&[], "x", (0, "      0       1       1\n", ""), (0, "        0         1         1\n", "")),
        (&["-L"], "a\tb\nxyz\n", (0, "9\n", ""), SAME),
        (&["-m"], "hé\n", (0, "4\n", ""), SAME),
        (&["f1"], "", (0, "2 3 6 f1\n", ""), (0, "        2         3         6 f1\n", "")),
        (&["-l", "f1"], "", (0, "2 f1\n", ""), SAME),
        (&["f1", "f2"], "", (0, " 2  3  6 f1\n 1  3 16 f2\n 3  6 22 total\n", ""), (0, "        2         3         6 f1\n        1         3        16 f2\n        3         6        22 total\n", "")),
        (&["-l", "f1", "f2"], "", (0, " 2 f1\n 1 f2\n 3 total\n", ""), (0, "        2 f1\n        1 f2\n        3 total\n", "")),
        (&["nofile"], "", (1, "", "wc: nofile: No such file or directory\n"), SAME),
        (&["f1", "nofile"], "", (1, "2 3 6 f1\n2 3 6 total\n", "wc: nofile: No such file or directory\n"), (1, "        2         3         6 f1\n        2         3         6 total\n", "wc: nofile: No such file or directory\n")),
        (&["nofile", "f1"], "", (1, "2 3 6 f1\n2 3 6 total\n", "wc: nofile: No such file or directory\n"), (1, "        2         3         6 f1\n        2         3         6 total\n", "wc: nofile: No such file or directory\n")),
        (&["dd"], "", (1, "      0       0       0 dd\n", "wc: dd: Is a directory\n"), (1, "        0         0         0 dd\n", "wc: dd: Is a directory\n")),
        (&["-l", "-"], "a\n", (0, "1 -\n", ""), SAME),
        (&["-k"], "", (1, "", "wc: invalid option -- 'k'\nTry 'wc --help' for more information.\n"), (1, "", concat!("wc: unrecognized option: k\n", usage!(wc)))),
        (&["--bogus"], "", (1, "", "wc: unrecognized option '--bogus'\nTry 'wc --help' for more information.\n"), (1, "", concat!("wc: unrecognized option: -\n", usage!(wc)))),
        (&["-lwcmL", "f1"], "", (0, "2 3 6 6 3 f1\n", ""), (0, "        2         3         6         6         3 f1\n", "")),
        (&[], "", (0, "      0       0       0\n", ""), (0, "        0         0         0\n", "")),
    ];

    /// `sort`: GNU coreutils 9.1 (LC_ALL=C) and BusyBox (Debian's 1.35.0, whose sort.c is 1.34.1's; getopt and
    /// regerror texts as musl's) on the files of [`Disk`].
    const SORT: &[Case] = &[
        (&[], N, (0, "\n 2\n-1\n10\n9\nB\na\nb\n", ""), SAME),
        (&["-r"], N, (0, "b\na\nB\n9\n10\n-1\n 2\n\n", ""), SAME),
        (&["-n"], N, (0, "-1\n\nB\na\nb\n 2\n9\n10\n", ""), SAME),
        (&["-rn"], N, (0, "10\n9\n 2\nb\na\nB\n\n-1\n", ""), SAME),
        (&["-u"], "b\na\nb\na\n", (0, "a\nb\n", ""), SAME),
        (&["-nu"], "1\n01\n1.0\n2\n", (0, "1\n2\n", ""), (0, "01\n2\n", "")),
        (&["-f"], "b\nB\na\nA\n", (0, "A\na\nB\nb\n", ""), SAME),
        (&["-fu"], "b\nB\na\nA\n", (0, "a\nb\n", ""), (0, "A\nB\n", "")),
        (&["-ru"], "b\na\nb\n", (0, "b\na\n", ""), SAME),
        (&[], "x\nb", (0, "b\nx\n", ""), SAME),
        (&["f2", "f1"], "", (0, "a b\nc\nhello world foo\n", ""), SAME),
        (
            &["nofile"],
            "",
            (2, "", "sort: cannot read: nofile: No such file or directory\n"),
            (2, "", "sort: nofile: No such file or directory\n"),
        ),
        (
            &["-x"],
            "",
            (2, "", "sort: invalid option -- 'x'\nTry 'sort --help' for more information.\n"),
            (2, "", concat!("sort: unrecognized option: x\n", usage!(sort))),
        ),
        (&["-n"], "+1\n-2\n3\n.5\n-0\n0\n", (0, "-2\n+1\n-0\n0\n.5\n3\n", ""), (0, "-2\n-0\n0\n.5\n+1\n3\n", "")),
        (&["dd"], "", (2, "", "sort: read failed: dd: Is a directory\n"), (0, "", "")),
        (&["-k2"], "b 2\na 10\nc 1\na 1\n", (0, "a 1\nc 1\na 10\nb 2\n", ""), SAME),
        (&["-k2n"], "b 2\na 10\nc 1\na 1\n", (0, "a 1\nc 1\nb 2\na 10\n", ""), SAME),
        (&["-k2,2n", "-r"], "b 2\na 10\nc 1\na 1\n", (0, "c 1\na 1\nb 2\na 10\n", ""), SAME),
        (&["-rk2n"], "b 2\na 10\nc 1\na 1\n", (0, "c 1\na 1\nb 2\na 10\n", ""), SAME),
        (&["-t:", "-k2"], "x:3\ny:1\nz:2:a\n", (0, "y:1\nz:2:a\nx:3\n", ""), SAME),
        (&["-t", ":", "-k2,2", "-k1r"], "x:1\ny:1\nz:0\n", (0, "z:0\ny:1\nx:1\n", ""), SAME),
        (&["-k2b"], "a   2\nb 1\n", (0, "b 1\na   2\n", ""), SAME),
        (&["-k2"], "a   2\nb 1\n", (0, "a   2\nb 1\n", ""), SAME),
        (&["-k1.2"], "ab\nba\nca\n", (0, "ba\nca\nab\n", ""), SAME),
        (&["-k3"], "a\nb c\n", (0, "a\nb c\n", ""), SAME),
        (&["-s", "-k1,1"], "a 2\nb 1\na 1\n", (0, "a 2\na 1\nb 1\n", ""), SAME),
        (
            &["-k0"],
            "a\n",
            (2, "", "sort: field number is zero: invalid field specification '0'\n"),
            (2, "", "sort: bad field specification\n"),
        ),
        (
            &["-k", "x"],
            "a\n",
            (2, "", "sort: invalid number at field start: invalid count at start of 'x'\n"),
            (2, "", "sort: bad field specification\n"),
        ),
        (&["-t", "ab"], "a\n", (2, "", "sort: multi-character tab 'ab'\n"), (2, "", "sort: bad -t parameter\n")),
        (
            &["-n", "-k", "5"],
            "sleep-1   1/1   Running   0   10s\nweb-2   1/1   Running   3   2m\nweb-1   1/1   Running   12   5m\n",
            (
                0,
                "web-2   1/1   Running   3   2m\nweb-1   1/1   Running   12   5m\nsleep-1   1/1   Running   0   10s\n",
                "",
            ),
            SAME,
        ),
        (
            &["-k4n"],
            "sleep-1   1/1   Running   0   10s\nweb-2   1/1   Running   3   2m\nweb-1   1/1   Running   12   5m\n",
            (
                0,
                "sleep-1   1/1   Running   0   10s\nweb-2   1/1   Running   3   2m\nweb-1   1/1   Running   12   5m\n",
                "",
            ),
            SAME,
        ),
    ];

    #[test]
    fn grep_as_gnu_and_busybox() {
        check(super::grep, "grep", GREP);
    }

    #[test]
    fn head_as_gnu_and_busybox() {
        check(super::head, "head", HEAD);
    }

    #[test]
    fn tail_as_gnu_and_busybox() {
        check(super::tail, "tail", TAIL);
    }

    #[test]
    fn wc_as_gnu_and_busybox() {
        check(super::wc, "wc", WC);
    }

    #[test]
    fn sort_as_gnu_and_busybox() {
        check(super::sort, "sort", SORT);
    }

    /// `uniq`: GNU coreutils 9.1 (LC_ALL=C) and BusyBox (Debian's 1.35.0, with musl's getopt texts and 1.34.1's banner) on the files of [`Disk`].
    const UNIQ: &[Case] = &[
        (&[], "a\na\nb\nA\nc\nc\nc\n", (0, "a\nb\nA\nc\n", ""), SAME),
        (&["-c"], "a\na\nb\nA\nc\nc\nc\n", (0, "      2 a\n      1 b\n      1 A\n      3 c\n", ""), SAME),
        (&["-d"], "a\na\nb\nA\nc\nc\nc\n", (0, "a\nc\n", ""), SAME),
        (&["-u"], "a\na\nb\nA\nc\nc\nc\n", (0, "b\nA\n", ""), SAME),
        (&["-i"], "a\nA\nb\n", (0, "a\nb\n", ""), SAME),
        (&["-cd"], "a\na\nb\nc\nc\nc\n", (0, "      2 a\n      3 c\n", ""), SAME),
        (&["-f", "1"], "x a\ny a\nz b\n", (0, "x a\nz b\n", ""), SAME),
        (&["-s", "1"], "xa\nya\nzb\n", (0, "xa\nzb\n", ""), SAME),
        (&["-w", "1"], "ab\nac\nbc\n", (0, "ab\nbc\n", ""), SAME),
        (&["f1"], "", (0, "a b\nc\n", ""), SAME),
        (&["nofile"], "", (1, "", "uniq: nofile: No such file or directory\n"), (1, "", "uniq: can't open 'nofile': No such file or directory\n")),
        (&["dd"], "", (1, "", "uniq: error reading 'dd'\n"), (1, "", "uniq: dd: I/O error\n")),
        (&["-x"], "", (1, "", "uniq: invalid option -- 'x'\nTry 'uniq --help' for more information.\n"), (1, "", "uniq: unrecognized option: x\nBusyBox v1.34.1 (2022-04-04 10:19:27 UTC) multi-call binary.\n\nUsage: uniq [-cduiz] [-f,s,w N] [FILE [OUTFILE]]\n\nDiscard duplicate lines\n\n\t-c\tPrefix lines by the number of occurrences\n\t-d\tOnly print duplicate lines\n\t-u\tOnly print unique lines\n\t-i\tIgnore case\n\t-z\tNUL terminated output\n\t-f N\tSkip first N fields\n\t-s N\tSkip first N chars (after any skipped fields)\n\t-w N\tCompare N characters in line\n")),
        (&["-f", "x"], "", (1, "", "uniq: x: invalid number of fields to skip\n"), (1, "", "uniq: invalid number 'x'\n")),
        (&[], "a\na", (0, "a\n", ""), SAME),
        (&[], "", (0, "", ""), SAME),
    ];

    #[test]
    fn uniq_as_gnu_and_busybox() {
        check(super::uniq, "uniq", UNIQ);
    }

    /// `cut`: GNU coreutils 9.1 (LC_ALL=C) and BusyBox (Debian's 1.35.0, with musl's getopt texts and 1.34.1's banner) on the files of [`Disk`].
    const CUT: &[Case] = &[
        (&["-d:", "-f2"], "a:b:c\nxy\tz w\nno colon\n", (0, "b\nxy\tz w\nno colon\n", ""), SAME),
        (&["-d:", "-f", "3,1"], "a:b:c\nxy\tz w\nno colon\n", (0, "a:c\nxy\tz w\nno colon\n", ""), SAME),
        (&["-d:", "-f2-"], "a:b:c\nxy\tz w\nno colon\n", (0, "b:c\nxy\tz w\nno colon\n", ""), SAME),
        (&["-d:", "-f-2"], "a:b:c\nxy\tz w\nno colon\n", (0, "a:b\nxy\tz w\nno colon\n", ""), SAME),
        (&["-d:", "-s", "-f2"], "a:b:c\nxy\tz w\nno colon\n", (0, "b\n", ""), SAME),
        (&["-f", "2"], "a:b:c\nxy\tz w\nno colon\n", (0, "a:b:c\nz w\nno colon\n", ""), SAME),
        (&["-c", "3-"], "a:b:c\nxy\tz w\nno colon\n", (0, "b:c\n\tz w\n colon\n", ""), SAME),
        (&["-c2,1"], "a:b:c\nxy\tz w\nno colon\n", (0, "a:\nxy\nno\n", ""), SAME),
        (&["-b", "1-2"], "abc\n", (0, "ab\n", ""), SAME),
        (&["-d", " ", "-f", "1,3"], "NAME READY STATUS\nsleep 1/1 Running\n", (0, "NAME STATUS\nsleep Running\n", ""), SAME),
        (&[], "a\n", (1, "", "cut: you must specify a list of bytes, characters, or fields\nTry 'cut --help' for more information.\n"), (1, "", "cut: expected a list of bytes, characters, or fields\n")),
        (&["-f"], "a\n", (1, "", "cut: option requires an argument -- 'f'\nTry 'cut --help' for more information.\n"), (1, "", "cut: option requires an argument: f\nBusyBox v1.34.1 (2022-04-04 10:19:27 UTC) multi-call binary.\n\nUsage: cut [OPTIONS] [FILE]...\n\nPrint selected fields from FILEs to stdout\n\n\t-b LIST\tOutput only bytes from LIST\n\t-c LIST\tOutput only characters from LIST\n\t-d SEP\tField delimiter for input (default -f TAB, -F run of whitespace)\n\t-O SEP\tField delimiter for output (default = -d for -f, one space for -F)\n\t-D\tDon't sort/collate sections or match -fF lines without delimiter\n\t-f LIST\tPrint only these fields (-d is single char)\n\t-F LIST\tPrint only these fields (-d is regex)\n\t-s\tOutput only lines containing delimiter\n\t-n\tIgnored\n")),
        (&["-d:", "-f2,x"], "a\n", (1, "", "cut: invalid field value 'x'\nTry 'cut --help' for more information.\n"), (1, "", "cut: invalid number 'x'\n")),
        (&["-c1", "-f1"], "a\n", (1, "", "cut: only one list may be specified\nTry 'cut --help' for more information.\n"), (1, "", "BusyBox v1.34.1 (2022-04-04 10:19:27 UTC) multi-call binary.\n\nUsage: cut [OPTIONS] [FILE]...\n\nPrint selected fields from FILEs to stdout\n\n\t-b LIST\tOutput only bytes from LIST\n\t-c LIST\tOutput only characters from LIST\n\t-d SEP\tField delimiter for input (default -f TAB, -F run of whitespace)\n\t-O SEP\tField delimiter for output (default = -d for -f, one space for -F)\n\t-D\tDon't sort/collate sections or match -fF lines without delimiter\n\t-f LIST\tPrint only these fields (-d is single char)\n\t-F LIST\tPrint only these fields (-d is regex)\n\t-s\tOutput only lines containing delimiter\n\t-n\tIgnored\n")),
        (&["-d:", "-c1"], "a\n", (1, "", "cut: an input delimiter may be specified only when operating on fields\nTry 'cut --help' for more information.\n"), (1, "", "cut: a delimiter may be specified only when operating on fields\n")),
        (&["-c1", "f1", "nofile"], "", (1, "a\nc\n", "cut: nofile: No such file or directory\n"), SAME),
        (&["-c1", "-"], "xy", (0, "x\n", ""), SAME),
        (&["-x"], "", (1, "", "cut: invalid option -- 'x'\nTry 'cut --help' for more information.\n"), (1, "", "cut: unrecognized option: x\nBusyBox v1.34.1 (2022-04-04 10:19:27 UTC) multi-call binary.\n\nUsage: cut [OPTIONS] [FILE]...\n\nPrint selected fields from FILEs to stdout\n\n\t-b LIST\tOutput only bytes from LIST\n\t-c LIST\tOutput only characters from LIST\n\t-d SEP\tField delimiter for input (default -f TAB, -F run of whitespace)\n\t-O SEP\tField delimiter for output (default = -d for -f, one space for -F)\n\t-D\tDon't sort/collate sections or match -fF lines without delimiter\n\t-f LIST\tPrint only these fields (-d is single char)\n\t-F LIST\tPrint only these fields (-d is regex)\n\t-s\tOutput only lines containing delimiter\n\t-n\tIgnored\n")),
    ];

    #[test]
    fn cut_as_gnu_and_busybox() {
        check(super::cut, "cut", CUT);
    }

    /// `tr`: GNU coreutils 9.1 (LC_ALL=C) and BusyBox (Debian's 1.35.0, with musl's getopt texts and 1.34.1's banner) on the files of [`Disk`].
    const TR: &[Case] = &[
        (&["a-z", "A-Z"], "hello  world:aab\nfoo\n", (0, "HELLO  WORLD:AAB\nFOO\n", ""), SAME),
        (&["-d", "aeiou"], "hello  world:aab\nfoo\n", (0, "hll  wrld:b\nf\n", ""), SAME),
        (&["-s", " "], "hello  world:aab\nfoo\n", (0, "hello world:aab\nfoo\n", ""), SAME),
        (&["[:lower:]", "[:upper:]"], "hello  world:aab\nfoo\n", (0, "HELLO  WORLD:AAB\nFOO\n", ""), SAME),
        (&["abc", "x"], "hello  world:aab\nfoo\n", (0, "hello  world:xxx\nfoo\n", ""), SAME),
        (&[":", "\\n"], "hello  world:aab\nfoo\n", (0, "hello  world\naab\nfoo\n", ""), SAME),
        (&["-cd", "a-z\\n"], "hello  world:aab\nfoo\n", (0, "helloworldaab\nfoo\n", ""), SAME),
        (&["-s", "a-z"], "hello  world:aab\nfoo\n", (0, "helo  world:ab\nfo\n", ""), SAME),
        (&["-s", "a-z", "A-Z"], "hello  world:aab\nfoo\n", (0, "HELO  WORLD:AB\nFO\n", ""), SAME),
        (&["-ds", "a", "o"], "hello  world:aab\nfoo\n", (0, "hello  world:b\nfo\n", ""), SAME),
        (&["-c", "a-z\\n", "_"], "hi there!\n", (0, "hi_there_\n", ""), SAME),
        (&["[:space:]", "\\t"], "a b\n", (0, "a\tb\t", ""), SAME),
        (&[], "", (1, "", "tr: missing operand\nTry 'tr --help' for more information.\n"), (1, "", "BusyBox v1.34.1 (2022-04-04 10:19:27 UTC) multi-call binary.\n\nUsage: tr [-cds] STRING1 [STRING2]\n\nTranslate, squeeze, or delete characters from stdin, writing to stdout\n\n\t-c\tTake complement of STRING1\n\t-d\tDelete input characters coded STRING1\n\t-s\tSqueeze multiple output characters of STRING2 into one character\n")),
        (&["a"], "abc\n", (1, "", "tr: missing operand after 'a'\nTwo strings must be given when translating.\nTry 'tr --help' for more information.\n"), (0, "abc\n", "")),
        (&["-d"], "", (1, "", "tr: missing operand\nTry 'tr --help' for more information.\n"), (1, "", "BusyBox v1.34.1 (2022-04-04 10:19:27 UTC) multi-call binary.\n\nUsage: tr [-cds] STRING1 [STRING2]\n\nTranslate, squeeze, or delete characters from stdin, writing to stdout\n\n\t-c\tTake complement of STRING1\n\t-d\tDelete input characters coded STRING1\n\t-s\tSqueeze multiple output characters of STRING2 into one character\n")),
        (&["a", "b", "c"], "abc\n", (1, "", "tr: extra operand 'c'\nTry 'tr --help' for more information.\n"), (0, "bbc\n", "")),
        (&["-d", "a", "b"], "abc\n", (1, "", "tr: extra operand 'b'\nOnly one string may be given when deleting without squeezing repeats.\nTry 'tr --help' for more information.\n"), (0, "bc\n", "")),
        (&["-x", "a", "b"], "abc\n", (1, "", "tr: invalid option -- 'x'\nTry 'tr --help' for more information.\n"), (1, "", "tr: unrecognized option: x\nBusyBox v1.34.1 (2022-04-04 10:19:27 UTC) multi-call binary.\n\nUsage: tr [-cds] STRING1 [STRING2]\n\nTranslate, squeeze, or delete characters from stdin, writing to stdout\n\n\t-c\tTake complement of STRING1\n\t-d\tDelete input characters coded STRING1\n\t-s\tSqueeze multiple output characters of STRING2 into one character\n")),
    ];

    #[test]
    fn tr_as_gnu_and_busybox() {
        check(super::tr, "tr", TR);
    }
}
