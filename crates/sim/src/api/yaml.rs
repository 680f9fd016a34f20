//! One YAML document to JSON, as kubectl converts it: `sigs.k8s.io/yaml` over go-yaml v2
//! (YAML 1.1 resolution: `yes`/`on`/`y` are booleans, `0x1F`/`017`/`1_000` integers), then
//! JSON, then apimachinery's unstructured decoding (integers that do not fit an int64
//! become floats). The scanner and parser follow libyaml (go-yaml is a port), so the error
//! texts and the line go-yaml reports come out the same: `line N: did not find expected key`.

use serde_json::{Map, Number, Value};
use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;

/// What kubectl prints after `error converting YAML to JSON: `, and where (0-based, within
/// the document) the problem is.
#[derive(Debug)]
pub struct Error {
    pub message: String,
    pub line: usize,
    pub column: usize,
}

/// Parses the first document of `text` into JSON (`Value::Null` when it is empty).
pub fn parse(text: &str) -> Result<Value, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut p = Parser { s: Scanner::new(text.as_bytes()), anchors: BTreeMap::new() };
    let root = p.document().map_err(|f| f.into_error())?;
    let mark = p.s.mark;
    let plain = |message: String| Error { message, line: mark.line, column: mark.column };
    match root {
        None => Ok(Value::Null),
        Some(n) => to_json(&n).map_err(plain),
    }
}

#[derive(Clone, Copy, Default, Debug)]
struct Mark {
    index: usize,
    line: usize,
    column: usize,
}

/// A scanner or parser error, as libyaml records it (go-yaml formats the line from it).
struct Fail {
    scanner: bool,
    context: Option<Mark>,
    problem: String,
    mark: Mark,
}

impl Fail {
    fn into_error(self) -> Error {
        let line = if self.mark.line != 0 {
            self.mark.line + usize::from(self.scanner)
        } else {
            self.context.map_or(0, |m| m.line)
        };
        let message = if self.problem.starts_with("unknown anchor") || line == 0 {
            format!("yaml: {}", self.problem)
        } else {
            format!("yaml: line {line}: {}", self.problem)
        };
        Error { message, line: self.mark.line, column: self.mark.column }
    }
}

type R<T> = Result<T, Fail>;

fn scan_err(context: Mark, problem: &str, mark: Mark) -> Fail {
    Fail { scanner: true, context: Some(context), problem: problem.into(), mark }
}

fn parse_err(context: Option<Mark>, problem: &str, mark: Mark) -> Fail {
    Fail { scanner: false, context, problem: problem.into(), mark }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum T {
    StreamStart,
    StreamEnd,
    DocStart,
    DocEnd,
    Directive,
    BlockSeq,
    BlockMap,
    BlockEnd,
    FlowSeq,
    FlowSeqEnd,
    FlowMap,
    FlowMapEnd,
    BlockEntry,
    FlowEntry,
    Key,
    Value,
    Alias,
    Anchor,
    Tag,
    Scalar,
}

struct Token {
    t: T,
    start: Mark,
    /// Scalar value, anchor or alias name, tag suffix.
    text: String,
    /// Plain scalar; for a tag, its handle.
    plain: bool,
    handle: String,
}

#[derive(Clone, Copy, Default)]
struct SimpleKey {
    possible: bool,
    required: bool,
    number: usize,
    mark: Mark,
}

struct Scanner<'a> {
    s: &'a [u8],
    pos: usize,
    mark: Mark,
    tokens: VecDeque<Token>,
    parsed: usize,
    available: bool,
    started: bool,
    ended: bool,
    indent: i64,
    indents: Vec<i64>,
    allowed: bool,
    keys: Vec<SimpleKey>,
    flow: usize,
}

fn blank(c: u8) -> bool {
    c == b' ' || c == b'\t'
}
fn alpha(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'-'
}

impl<'a> Scanner<'a> {
    fn new(s: &'a [u8]) -> Self {
        Scanner {
            s,
            pos: 0,
            mark: Mark::default(),
            tokens: VecDeque::new(),
            parsed: 0,
            available: false,
            started: false,
            ended: false,
            indent: -1,
            indents: Vec::new(),
            allowed: false,
            keys: Vec::new(),
            flow: 0,
        }
    }

    fn at(&self, k: usize) -> u8 {
        self.s.get(self.pos + k).copied().unwrap_or(0)
    }
    /// A line break: `\n`, `\r`, NEL, LS or PS (go-yaml's `is_break`).
    fn brk(&self, k: usize) -> bool {
        match self.at(k) {
            b'\n' | b'\r' => true,
            0xC2 => self.at(k + 1) == 0x85,
            0xE2 => self.at(k + 1) == 0x80 && matches!(self.at(k + 2), 0xA8 | 0xA9),
            _ => false,
        }
    }
    fn blankz(&self, k: usize) -> bool {
        blank(self.at(k)) || self.brk(k) || self.at(k) == 0
    }
    fn eof(&self) -> bool {
        self.pos >= self.s.len()
    }
    fn skip(&mut self) {
        self.pos += 1;
        while self.s.get(self.pos).is_some_and(|b| b & 0xC0 == 0x80) {
            self.pos += 1;
        }
        self.mark.index += 1;
        self.mark.column += 1;
    }
    /// Consumes a line break, appending it to `out` (`\n` for CR, LF, CRLF and NEL).
    fn read_line(&mut self, out: &mut String) {
        if !self.brk(0) {
            return;
        }
        let width = match self.at(0) {
            b'\r' if self.at(1) == b'\n' => 2,
            b'\r' | b'\n' => 1,
            0xC2 => 2,
            _ => 3,
        };
        if width == 3 {
            out.push_str(self.s.get(self.pos..self.pos + 3).and_then(|b| std::str::from_utf8(b).ok()).unwrap_or("\n"));
        } else {
            out.push('\n');
        }
        self.mark.index += if self.at(0) == b'\r' { width } else { 1 };
        self.pos += width;
        self.mark.column = 0;
        self.mark.line += 1;
    }
    fn copy(&mut self, out: &mut String) {
        let start = self.pos;
        self.skip();
        out.push_str(self.s.get(start..self.pos).and_then(|b| std::str::from_utf8(b).ok()).unwrap_or("\u{fffd}"));
    }
    fn push(&mut self, t: T, start: Mark) {
        self.tokens.push_back(Token { t, start, text: String::new(), plain: false, handle: String::new() });
    }

    fn peek(&mut self) -> R<&Token> {
        if !self.available {
            self.fetch_more()?;
            self.available = true;
        }
        self.tokens.front().ok_or_else(|| parse_err(None, "did not find expected node content", self.mark))
    }
    fn next(&mut self) -> R<Token> {
        self.peek()?;
        self.available = false;
        self.parsed += 1;
        self.tokens.pop_front().ok_or_else(|| parse_err(None, "did not find expected node content", self.mark))
    }

    fn fetch_more(&mut self) -> R<()> {
        loop {
            if !self.tokens.is_empty() {
                let Some(i) = self.keys.iter().rposition(|k| k.possible && k.number == self.parsed) else { break };
                if !self.key_valid(i)? {
                    break;
                }
            }
            if self.ended {
                break;
            }
            self.fetch_next()?;
        }
        Ok(())
    }

    fn key_valid(&mut self, i: usize) -> R<bool> {
        let Some(k) = self.keys.get(i).copied() else { return Ok(false) };
        if !k.possible {
            return Ok(false);
        }
        if k.mark.line < self.mark.line || k.mark.index + 1024 < self.mark.index {
            if k.required {
                return Err(scan_err(k.mark, "could not find expected ':'", self.mark));
            }
            if let Some(k) = self.keys.get_mut(i) {
                k.possible = false;
            }
            return Ok(false);
        }
        Ok(true)
    }

    fn save_key(&mut self) -> R<()> {
        let required = self.flow == 0 && self.indent == self.mark.column as i64;
        if self.allowed {
            let key = SimpleKey { possible: true, required, number: self.parsed + self.tokens.len(), mark: self.mark };
            self.remove_key()?;
            if let Some(last) = self.keys.last_mut() {
                *last = key;
            }
        }
        Ok(())
    }

    fn remove_key(&mut self) -> R<()> {
        let Some(k) = self.keys.last_mut() else { return Ok(()) };
        if k.possible && k.required {
            return Err(scan_err(k.mark, "could not find expected ':'", self.mark));
        }
        k.possible = false;
        Ok(())
    }

    fn roll_indent(&mut self, column: usize, number: Option<usize>, t: T, mark: Mark) {
        if self.flow > 0 || self.indent >= column as i64 {
            return;
        }
        self.indents.push(self.indent);
        self.indent = column as i64;
        let tok = Token { t, start: mark, text: String::new(), plain: false, handle: String::new() };
        match number {
            Some(n) => self.tokens.insert(n.saturating_sub(self.parsed).min(self.tokens.len()), tok),
            None => self.tokens.push_back(tok),
        }
    }

    fn unroll_indent(&mut self, column: i64) {
        if self.flow > 0 {
            return;
        }
        while self.indent > column {
            self.push(T::BlockEnd, self.mark);
            self.indent = self.indents.pop().unwrap_or(-1);
        }
    }

    fn fetch_next(&mut self) -> R<()> {
        if !self.started {
            self.started = true;
            self.allowed = true;
            self.keys.push(SimpleKey::default());
            self.push(T::StreamStart, self.mark);
            return Ok(());
        }
        // Whitespace and comments up to the next token.
        loop {
            while self.at(0) == b' ' || (self.at(0) == b'\t' && (self.flow > 0 || !self.allowed)) {
                self.skip();
            }
            if self.at(0) == b'#' {
                while !self.eof() && !self.brk(0) {
                    self.skip();
                }
            }
            if !self.brk(0) {
                break;
            }
            self.read_line(&mut String::new());
            if self.flow == 0 {
                self.allowed = true;
            }
        }
        self.unroll_indent(self.mark.column as i64);
        let m = self.mark;
        if self.eof() {
            if self.mark.column != 0 {
                self.mark.column = 0;
                self.mark.line += 1;
            }
            self.unroll_indent(-1);
            self.remove_key()?;
            self.allowed = false;
            self.ended = true;
            self.push(T::StreamEnd, self.mark);
            return Ok(());
        }
        let c = self.at(0);
        let rest = self.s.get(self.pos..).unwrap_or_default();
        if m.column == 0 && (c == b'%' || ((rest.starts_with(b"---") || rest.starts_with(b"...")) && self.blankz(3))) {
            self.unroll_indent(-1);
            self.remove_key()?;
            self.allowed = false;
            let t = match c {
                b'%' => {
                    while !self.eof() && !self.brk(0) {
                        self.skip();
                    }
                    T::Directive
                }
                _ => {
                    (0..3).for_each(|_| self.skip());
                    if c == b'-' {
                        T::DocStart
                    } else {
                        T::DocEnd
                    }
                }
            };
            self.push(t, m);
            return Ok(());
        }
        match c {
            b'[' | b'{' => {
                self.save_key()?;
                self.keys.push(SimpleKey::default());
                self.flow += 1;
                self.allowed = true;
                self.skip();
                self.push(if c == b'[' { T::FlowSeq } else { T::FlowMap }, m);
            }
            b']' | b'}' => {
                self.remove_key()?;
                if self.flow > 0 {
                    self.flow -= 1;
                    self.keys.pop();
                }
                self.allowed = false;
                self.skip();
                self.push(if c == b']' { T::FlowSeqEnd } else { T::FlowMapEnd }, m);
            }
            b',' => {
                self.remove_key()?;
                self.allowed = true;
                self.skip();
                self.push(T::FlowEntry, m);
            }
            b'-' if self.blankz(1) => {
                if self.flow == 0 {
                    if !self.allowed {
                        return Err(scan_err(m, "block sequence entries are not allowed in this context", m));
                    }
                    self.roll_indent(m.column, None, T::BlockSeq, m);
                }
                self.remove_key()?;
                self.allowed = true;
                self.skip();
                self.push(T::BlockEntry, m);
            }
            b'?' if self.flow > 0 || self.blankz(1) => {
                if self.flow == 0 {
                    if !self.allowed {
                        return Err(scan_err(m, "mapping keys are not allowed in this context", m));
                    }
                    self.roll_indent(m.column, None, T::BlockMap, m);
                }
                self.remove_key()?;
                self.allowed = self.flow == 0;
                self.skip();
                self.push(T::Key, m);
            }
            b':' if self.flow > 0 || self.blankz(1) => {
                let last = self.keys.len().saturating_sub(1);
                if self.key_valid(last)? {
                    let k = self.keys.get(last).copied().unwrap_or_default();
                    let tok =
                        Token { t: T::Key, start: k.mark, text: String::new(), plain: false, handle: String::new() };
                    self.tokens.insert(k.number.saturating_sub(self.parsed).min(self.tokens.len()), tok);
                    self.roll_indent(k.mark.column, Some(k.number), T::BlockMap, k.mark);
                    if let Some(k) = self.keys.get_mut(last) {
                        k.possible = false;
                    }
                    self.allowed = false;
                } else {
                    if self.flow == 0 {
                        if !self.allowed {
                            return Err(scan_err(m, "mapping values are not allowed in this context", m));
                        }
                        self.roll_indent(m.column, None, T::BlockMap, m);
                    }
                    self.allowed = self.flow == 0;
                }
                self.skip();
                self.push(T::Value, m);
            }
            b'*' | b'&' => {
                self.save_key()?;
                self.allowed = false;
                self.skip();
                let mut name = String::new();
                while alpha(self.at(0)) {
                    self.copy(&mut name);
                }
                if name.is_empty() || !(self.blankz(0) || b"?:,]}%@`".contains(&self.at(0))) {
                    return Err(scan_err(m, "did not find expected alphabetic or numeric character", self.mark));
                }
                let t = if c == b'*' { T::Alias } else { T::Anchor };
                self.tokens.push_back(Token { t, start: m, text: name, plain: false, handle: String::new() });
            }
            b'!' => {
                self.save_key()?;
                self.allowed = false;
                let (handle, suffix) = self.scan_tag(m)?;
                self.tokens.push_back(Token { t: T::Tag, start: m, text: suffix, plain: false, handle });
            }
            b'|' | b'>' if self.flow == 0 => {
                self.remove_key()?;
                self.allowed = true;
                let text = self.scan_block_scalar(c == b'|', m)?;
                self.tokens.push_back(Token { t: T::Scalar, start: m, text, plain: false, handle: String::new() });
            }
            b'\'' | b'"' => {
                self.save_key()?;
                self.allowed = false;
                let text = self.scan_quoted(c == b'\'', m)?;
                self.tokens.push_back(Token { t: T::Scalar, start: m, text, plain: false, handle: String::new() });
            }
            _ if !(self.blankz(0) || b"-?:,[]{}#&*!|>'\"%@`".contains(&c))
                || (c == b'-' && !blank(self.at(1)))
                || (self.flow == 0 && (c == b'?' || c == b':') && !self.blankz(1)) =>
            {
                self.save_key()?;
                self.allowed = false;
                let text = self.scan_plain(m)?;
                self.tokens.push_back(Token { t: T::Scalar, start: m, text, plain: true, handle: String::new() });
            }
            _ => return Err(scan_err(m, "found character that cannot start any token", m)),
        }
        Ok(())
    }

    fn scan_tag(&mut self, m: Mark) -> R<(String, String)> {
        let uri = |c: u8| alpha(c) || b";/?:@&=+$,.!~*'()[]%".contains(&c);
        let (mut handle, mut suffix) = (String::new(), String::new());
        if self.at(1) == b'<' {
            self.skip();
            self.skip();
            while uri(self.at(0)) && self.at(0) != b'>' {
                self.copy(&mut suffix);
            }
            if self.at(0) != b'>' || suffix.is_empty() {
                return Err(scan_err(m, "did not find the expected '>'", self.mark));
            }
            self.skip();
        } else {
            self.copy(&mut handle);
            while alpha(self.at(0)) {
                self.copy(&mut handle);
            }
            if self.at(0) == b'!' {
                self.copy(&mut handle);
            } else {
                suffix = handle.split_off(1);
            }
            while uri(self.at(0)) && !(self.flow > 0 && b",[]".contains(&self.at(0))) {
                self.copy(&mut suffix);
            }
            if suffix.is_empty() && handle != "!" {
                return Err(scan_err(m, "did not find expected tag URI", self.mark));
            }
        }
        if !self.blankz(0) && (self.flow == 0 || self.at(0) != b',') {
            return Err(scan_err(m, "did not find expected whitespace or line break", self.mark));
        }
        Ok((handle, suffix))
    }

    fn scan_plain(&mut self, start: Mark) -> R<String> {
        let (mut s, mut spaces, mut lead, mut trail) = (String::new(), String::new(), String::new(), String::new());
        let indent = self.indent + 1;
        let mut blanks = false;
        loop {
            let rest = self.s.get(self.pos..).unwrap_or_default();
            if self.mark.column == 0 && (rest.starts_with(b"---") || rest.starts_with(b"...")) && self.blankz(3) {
                break;
            }
            if self.at(0) == b'#' {
                break;
            }
            while !self.blankz(0) {
                let c = self.at(0);
                if (c == b':' && self.blankz(1)) || (self.flow > 0 && b",?[]{}".contains(&c)) {
                    break;
                }
                if blanks || !spaces.is_empty() {
                    if blanks {
                        fold(&mut s, &lead, &trail);
                        lead.clear();
                        trail.clear();
                        blanks = false;
                    } else {
                        s.push_str(&spaces);
                        spaces.clear();
                    }
                }
                self.copy(&mut s);
            }
            if !(blank(self.at(0)) || self.brk(0)) {
                break;
            }
            while blank(self.at(0)) || self.brk(0) {
                if blank(self.at(0)) {
                    if blanks && (self.mark.column as i64) < indent && self.at(0) == b'\t' {
                        return Err(scan_err(start, "found a tab character that violates indentation", self.mark));
                    }
                    if blanks {
                        self.skip();
                    } else {
                        self.copy(&mut spaces);
                    }
                } else if blanks {
                    self.read_line(&mut trail);
                } else {
                    spaces.clear();
                    self.read_line(&mut lead);
                    blanks = true;
                }
            }
            if self.flow == 0 && (self.mark.column as i64) < indent {
                break;
            }
        }
        if blanks {
            self.allowed = true;
        }
        Ok(s)
    }

    fn scan_quoted(&mut self, single: bool, start: Mark) -> R<String> {
        let (mut s, mut spaces, mut lead, mut trail) = (String::new(), String::new(), String::new(), String::new());
        let quote = if single { b'\'' } else { b'"' };
        self.skip();
        loop {
            let rest = self.s.get(self.pos..).unwrap_or_default();
            if self.mark.column == 0 && (rest.starts_with(b"---") || rest.starts_with(b"...")) && self.blankz(3) {
                return Err(scan_err(start, "found unexpected document indicator", self.mark));
            }
            if self.eof() {
                return Err(scan_err(start, "found unexpected end of stream", self.mark));
            }
            let mut blanks = false;
            while !self.blankz(0) {
                let c = self.at(0);
                if single && c == b'\'' && self.at(1) == b'\'' {
                    s.push('\'');
                    self.skip();
                    self.skip();
                } else if c == quote {
                    break;
                } else if !single && c == b'\\' && self.brk(1) {
                    self.skip();
                    self.read_line(&mut String::new());
                    blanks = true;
                    break;
                } else if !single && c == b'\\' {
                    let (ch, len) = match self.at(1) {
                        b'0' => ('\0', 0),
                        b'a' => ('\x07', 0),
                        b'b' => ('\x08', 0),
                        b't' | b'\t' => ('\t', 0),
                        b'n' => ('\n', 0),
                        b'v' => ('\x0b', 0),
                        b'f' => ('\x0c', 0),
                        b'r' => ('\r', 0),
                        b'e' => ('\x1b', 0),
                        b' ' => (' ', 0),
                        b'"' => ('"', 0),
                        b'\'' => ('\'', 0),
                        b'\\' => ('\\', 0),
                        b'N' => ('\u{85}', 0),
                        b'_' => ('\u{a0}', 0),
                        b'L' => ('\u{2028}', 0),
                        b'P' => ('\u{2029}', 0),
                        b'x' => ('\0', 2),
                        b'u' => ('\0', 4),
                        b'U' => ('\0', 8),
                        _ => return Err(scan_err(start, "found unknown escape character", self.mark)),
                    };
                    self.skip();
                    self.skip();
                    if len == 0 {
                        s.push(ch);
                        continue;
                    }
                    let mut code = 0u32;
                    for k in 0..len {
                        let Some(d) = (self.at(k) as char).to_digit(16) else {
                            return Err(scan_err(start, "did not find expected hexdecimal number", self.mark));
                        };
                        code = code * 16 + d;
                    }
                    let Some(ch) = char::from_u32(code) else {
                        return Err(scan_err(start, "found invalid Unicode character escape code", self.mark));
                    };
                    s.push(ch);
                    (0..len).for_each(|_| self.skip());
                } else {
                    self.copy(&mut s);
                }
            }
            if self.at(0) == quote {
                break;
            }
            while blank(self.at(0)) || self.brk(0) {
                if blank(self.at(0)) {
                    if blanks {
                        self.skip();
                    } else {
                        self.copy(&mut spaces);
                    }
                } else if blanks {
                    self.read_line(&mut trail);
                } else {
                    spaces.clear();
                    self.read_line(&mut lead);
                    blanks = true;
                }
            }
            if blanks {
                fold(&mut s, &lead, &trail);
                lead.clear();
                trail.clear();
            } else {
                s.push_str(&spaces);
                spaces.clear();
            }
        }
        self.skip();
        Ok(s)
    }

    fn scan_block_scalar(&mut self, literal: bool, start: Mark) -> R<String> {
        self.skip();
        let (mut chomp, mut increment) = (0i8, 0i64);
        let mut indicator = |sc: &mut Self| -> R<()> {
            if sc.at(0).is_ascii_digit() {
                if sc.at(0) == b'0' {
                    return Err(scan_err(start, "found an indentation indicator equal to 0", sc.mark));
                }
                increment = i64::from(sc.at(0) - b'0');
                sc.skip();
            }
            Ok(())
        };
        if matches!(self.at(0), b'+' | b'-') {
            chomp = if self.at(0) == b'+' { 1 } else { -1 };
            self.skip();
            indicator(self)?;
        } else if self.at(0).is_ascii_digit() {
            indicator(self)?;
            if matches!(self.at(0), b'+' | b'-') {
                chomp = if self.at(0) == b'+' { 1 } else { -1 };
                self.skip();
            }
        }
        while blank(self.at(0)) {
            self.skip();
        }
        if self.at(0) == b'#' {
            while !self.eof() && !self.brk(0) {
                self.skip();
            }
        }
        if !self.eof() && !self.brk(0) {
            return Err(scan_err(start, "did not find expected comment or line break", self.mark));
        }
        self.read_line(&mut String::new());
        let mut indent = if increment == 0 {
            0
        } else if self.indent >= 0 {
            self.indent + increment
        } else {
            increment
        };
        let (mut s, mut lead, mut trail) = (String::new(), String::new(), String::new());
        self.block_breaks(&mut indent, &mut trail, start)?;
        let mut leading_blank = false;
        while self.mark.column as i64 == indent && !self.eof() {
            let trailing_blank = blank(self.at(0));
            if !literal && lead.starts_with('\n') && !leading_blank && !trailing_blank {
                if trail.is_empty() {
                    s.push(' ');
                }
            } else {
                s.push_str(&lead);
            }
            lead.clear();
            s.push_str(&trail);
            trail.clear();
            leading_blank = blank(self.at(0));
            while !self.eof() && !self.brk(0) {
                self.copy(&mut s);
            }
            self.read_line(&mut lead);
            self.block_breaks(&mut indent, &mut trail, start)?;
        }
        if chomp != -1 {
            s.push_str(&lead);
        }
        if chomp == 1 {
            s.push_str(&trail);
        }
        Ok(s)
    }

    fn block_breaks(&mut self, indent: &mut i64, breaks: &mut String, start: Mark) -> R<()> {
        let mut max = 0;
        loop {
            while (*indent == 0 || (self.mark.column as i64) < *indent) && self.at(0) == b' ' {
                self.skip();
            }
            max = max.max(self.mark.column as i64);
            if (*indent == 0 || (self.mark.column as i64) < *indent) && self.at(0) == b'\t' {
                return Err(scan_err(start, "found a tab character where an indentation space is expected", self.mark));
            }
            if !self.brk(0) {
                break;
            }
            self.read_line(breaks);
        }
        if *indent == 0 {
            *indent = max.max(self.indent + 1).max(1);
        }
        Ok(())
    }
}

/// Line folding: a single break becomes a space, more breaks stay as they are.
fn fold(s: &mut String, lead: &str, trail: &str) {
    if lead.starts_with('\n') {
        if trail.is_empty() {
            s.push(' ');
        } else {
            s.push_str(trail);
        }
    } else {
        s.push_str(lead);
        s.push_str(trail);
    }
}

enum Node {
    Scalar { value: String, plain: bool, tag: String },
    Seq(Vec<Rc<Node>>),
    Map(Vec<(Rc<Node>, Rc<Node>)>),
}

fn empty() -> Rc<Node> {
    Rc::new(Node::Scalar { value: String::new(), plain: true, tag: String::new() })
}

struct Parser<'a> {
    s: Scanner<'a>,
    anchors: BTreeMap<String, Rc<Node>>,
}

impl Parser<'_> {
    fn peek_t(&mut self) -> R<T> {
        Ok(self.s.peek()?.t)
    }

    fn document(&mut self) -> R<Option<Rc<Node>>> {
        self.s.next()?; // stream start
        let root = match self.peek_t()? {
            T::StreamEnd => return Ok(None),
            T::Directive | T::DocStart => {
                while self.peek_t()? == T::Directive {
                    self.s.next()?;
                }
                let tok = self.s.peek()?;
                if tok.t != T::DocStart {
                    return Err(parse_err(None, "did not find expected <document start>", tok.start));
                }
                self.s.next()?;
                match self.peek_t()? {
                    T::Directive | T::DocStart | T::DocEnd | T::StreamEnd => empty(),
                    _ => self.node(true, false)?,
                }
            }
            _ => self.node(true, false)?,
        };
        self.s.peek()?; // go-yaml reads the token after the root to end the document.
        Ok(Some(root))
    }

    fn node(&mut self, block: bool, indentless: bool) -> R<Rc<Node>> {
        let tok = self.s.peek()?;
        let start = tok.start;
        if tok.t == T::Alias {
            let tok = self.s.next()?;
            return self.anchors.get(&tok.text).cloned().ok_or_else(|| Fail {
                scanner: false,
                context: None,
                problem: format!("unknown anchor '{}' referenced", tok.text),
                mark: tok.start,
            });
        }
        let (mut anchor, mut tag) = (None, None);
        for _ in 0..2 {
            match self.peek_t()? {
                T::Anchor if anchor.is_none() => anchor = Some(self.s.next()?.text),
                T::Tag if tag.is_none() => {
                    let tok = self.s.next()?;
                    tag = Some(match tok.handle.as_str() {
                        "!!" => format!("!!{}", tok.text),
                        "" => match tok.text.strip_prefix("tag:yaml.org,2002:") {
                            Some(short) => format!("!!{short}"),
                            None => tok.text,
                        },
                        "!" => format!("!{}", tok.text),
                        _ => {
                            return Err(parse_err(Some(start), "found undefined tag handle", tok.start));
                        }
                    });
                }
                _ => break,
            }
        }
        let tok = self.s.peek()?;
        let (t, tok_start) = (tok.t, tok.start);
        let node = match t {
            T::BlockEntry if indentless => {
                let mut items = Vec::new();
                while self.peek_t()? == T::BlockEntry {
                    self.s.next()?;
                    items.push(match self.peek_t()? {
                        T::BlockEntry | T::Key | T::Value | T::BlockEnd => empty(),
                        _ => self.node(true, false)?,
                    });
                }
                Rc::new(Node::Seq(items))
            }
            T::Scalar => {
                let tok = self.s.next()?;
                Rc::new(Node::Scalar { value: tok.text, plain: tok.plain, tag: tag.unwrap_or_default() })
            }
            T::FlowSeq | T::FlowMap => self.flow_collection(t == T::FlowSeq, tok_start)?,
            T::BlockSeq if block => {
                self.s.next()?;
                let mut items = Vec::new();
                loop {
                    let tok = self.s.next()?;
                    match tok.t {
                        T::BlockEntry => items.push(match self.peek_t()? {
                            T::BlockEntry | T::BlockEnd => empty(),
                            _ => self.node(true, false)?,
                        }),
                        T::BlockEnd => break,
                        _ => {
                            return Err(parse_err(Some(tok_start), "did not find expected '-' indicator", tok.start));
                        }
                    }
                }
                Rc::new(Node::Seq(items))
            }
            T::BlockMap if block => {
                self.s.next()?;
                let mut pairs = Vec::new();
                loop {
                    let tok = self.s.peek()?;
                    match tok.t {
                        T::Key => {
                            self.s.next()?;
                            let key = self.block_value()?;
                            let value = if self.peek_t()? == T::Value {
                                self.s.next()?;
                                self.block_value()?
                            } else {
                                empty()
                            };
                            pairs.push((key, value));
                        }
                        T::BlockEnd => {
                            self.s.next()?;
                            break;
                        }
                        _ => return Err(parse_err(Some(tok_start), "did not find expected key", tok.start)),
                    }
                }
                Rc::new(Node::Map(pairs))
            }
            _ if anchor.is_some() || tag.is_some() => {
                Rc::new(Node::Scalar { value: String::new(), plain: true, tag: tag.unwrap_or_default() })
            }
            _ => return Err(parse_err(Some(start), "did not find expected node content", tok_start)),
        };
        if let Some(a) = anchor {
            self.anchors.insert(a, node.clone());
        }
        Ok(node)
    }

    /// A key or value in a block mapping: a node, an indentless sequence, or nothing.
    fn block_value(&mut self) -> R<Rc<Node>> {
        match self.peek_t()? {
            T::Key | T::Value | T::BlockEnd => Ok(empty()),
            _ => self.node(true, true),
        }
    }

    fn flow_collection(&mut self, seq: bool, start: Mark) -> R<Rc<Node>> {
        self.s.next()?;
        let end = if seq { T::FlowSeqEnd } else { T::FlowMapEnd };
        let (mut items, mut pairs) = (Vec::new(), Vec::new());
        let mut first = true;
        loop {
            let mut tok = self.s.peek()?;
            if tok.t == end {
                self.s.next()?;
                break;
            }
            if !first {
                if tok.t != T::FlowEntry {
                    let problem =
                        if seq { "did not find expected ',' or ']'" } else { "did not find expected ',' or '}'" };
                    return Err(parse_err(Some(start), problem, tok.start));
                }
                self.s.next()?;
                tok = self.s.peek()?;
            }
            first = false;
            let t = tok.t;
            if t == end {
                continue;
            }
            let (key, value) = if t == T::Key {
                self.s.next()?;
                let key = match self.peek_t()? {
                    T::Value | T::FlowEntry => empty(),
                    t if t == end => empty(),
                    _ => self.node(false, false)?,
                };
                let value = if self.peek_t()? == T::Value {
                    self.s.next()?;
                    match self.peek_t()? {
                        T::FlowEntry => empty(),
                        t if t == end => empty(),
                        _ => self.node(false, false)?,
                    }
                } else {
                    empty()
                };
                (key, Some(value))
            } else {
                (self.node(false, false)?, None)
            };
            match (seq, value) {
                (true, None) => items.push(key),
                (true, Some(v)) => items.push(Rc::new(Node::Map(vec![(key, v)]))),
                (false, v) => pairs.push((key, v.unwrap_or_else(empty))),
            }
        }
        Ok(Rc::new(if seq { Node::Seq(items) } else { Node::Map(pairs) }))
    }
}

/// A scalar as go-yaml v2 resolves it into an `interface{}`.
enum Scalar {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str(String),
}

fn resolve(value: &str, plain: bool, tag: &str) -> Result<Scalar, String> {
    if tag.is_empty() && !plain {
        return Ok(Scalar::Str(value.into()));
    }
    if tag == "!!binary" {
        let text: String = value.chars().filter(|c| *c != '\n' && *c != '\r').collect();
        return crate::base64::decode_std(&text)
            .map(|b| Scalar::Str(String::from_utf8_lossy(&b).into_owned()))
            .map_err(|_| "yaml: !!binary value contains invalid base64 data".into());
    }
    if !matches!(tag, "" | "!!str" | "!!bool" | "!!int" | "!!float" | "!!timestamp" | "!!null") {
        return Ok(Scalar::Str(value.into()));
    }
    let (rtag, out) = if tag == "!!str" { ("!!str", Scalar::Str(value.into())) } else { implicit(value) };
    match (tag, rtag, out) {
        ("", _, out) | ("!!str", _, out) => Ok(out),
        (t, r, out) if t == r => Ok(out),
        ("!!float", "!!int", Scalar::Int(i)) => Ok(Scalar::Float(i as f64)),
        ("!!float", "!!int", Scalar::Uint(u)) => Ok(Scalar::Float(u as f64)),
        ("!!timestamp", "!!str", out) if value.as_bytes().first().is_some_and(u8::is_ascii_digit) => Ok(out),
        (t, r, _) => Err(format!("yaml: cannot decode {r} `{value}` as a {t}")),
    }
}

/// go-yaml v2's `resolve` for an untagged plain scalar: its tag and value.
fn implicit(s: &str) -> (&'static str, Scalar) {
    let bool_or_null = match s {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => Some(Scalar::Bool(true)),
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            Some(Scalar::Bool(false))
        }
        "" | "~" | "null" | "Null" | "NULL" => return ("!!null", Scalar::Null),
        ".nan" | ".NaN" | ".NAN" => return ("!!float", Scalar::Float(f64::NAN)),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return ("!!float", Scalar::Float(f64::INFINITY)),
        "-.inf" | "-.Inf" | "-.INF" => return ("!!float", Scalar::Float(f64::NEG_INFINITY)),
        _ => None,
    };
    if let Some(b) = bool_or_null {
        return ("!!bool", b);
    }
    match s.as_bytes().first().copied().unwrap_or(0) {
        b'.' => {
            if let Some(f) = s.parse::<f64>().ok().filter(|f| f.is_finite()) {
                return ("!!float", Scalar::Float(f));
            }
        }
        b'+' | b'-' | b'0'..=b'9' => {
            let plain = s.replace('_', "");
            let (neg, digits) = match plain.as_bytes().first() {
                Some(b'-') => (true, &plain[1..]),
                Some(b'+') => (false, &plain[1..]),
                _ => (false, &plain[..]),
            };
            if let Some(u) = go_uint(digits) {
                if neg && u <= 1 << 63 {
                    return ("!!int", Scalar::Int((u as i64).wrapping_neg()));
                }
                if !neg && i64::try_from(u).is_ok() {
                    return ("!!int", Scalar::Int(u as i64));
                }
                if !plain.starts_with('+') && !neg {
                    return ("!!int", Scalar::Uint(u));
                }
            }
            if yaml_style_float(&plain) {
                if let Some(f) = plain.parse::<f64>().ok().filter(|f| f.is_finite()) {
                    return ("!!float", Scalar::Float(f));
                }
            }
        }
        _ => {}
    }
    ("!!str", Scalar::Str(s.into()))
}

/// `strconv.ParseUint(s, 0, 64)`: `0x`, `0o`, `0b`, a leading-0 octal, or decimal.
fn go_uint(s: &str) -> Option<u64> {
    let b = s.as_bytes();
    let (radix, digits) = match b {
        [b'0', b'x' | b'X', ..] => (16, &s[2..]),
        [b'0', b'o' | b'O', ..] => (8, &s[2..]),
        [b'0', b'b' | b'B', ..] => (2, &s[2..]),
        [b'0', _, ..] => (8, &s[1..]),
        _ => (10, s),
    };
    if digits.is_empty() || !digits.bytes().all(|c| (c as char).is_digit(radix)) {
        return None;
    }
    u64::from_str_radix(digits, radix).ok()
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
fn yaml_style_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'-' | b'+')));
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// A float as encoding/json writes it and apimachinery reads it back: integral values
/// below 1e21 are written without a fraction, so they come back as int64 when they fit.
fn float_json(f: f64) -> Result<Value, String> {
    if f.is_nan() {
        return Err("json: unsupported value: NaN".into());
    }
    if f.is_infinite() {
        return Err(format!("json: unsupported value: {}Inf", if f > 0.0 { "+" } else { "-" }));
    }
    if f.fract() == 0.0 && f.abs() < 1e21 {
        if let Ok(i) = format!("{f}").parse::<i64>() {
            return Ok(Value::from(i));
        }
    }
    Ok(Number::from_f64(f).map_or(Value::Null, Value::Number))
}

/// Go's `strconv.FormatFloat(f, 'g', -1, 32)`, which sigs.k8s.io/yaml uses for float keys.
fn float_key(f: f64) -> String {
    if f.is_nan() {
        return ".nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { ".inf" } else { "-.inf" }.into();
    }
    let e = format!("{:e}", f as f32); // shortest digits: "3.1415927e0"
    let (mantissa, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if !(-4..6).contains(&exp) {
        return format!("{mantissa}e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs());
    }
    format!("{}", f as f32)
}

fn is_merge(n: &Node) -> bool {
    matches!(n, Node::Scalar { value, plain, tag } if (value == "<<" && *plain && tag.is_empty()) || tag == "!!merge")
}

fn go_value(n: &Node) -> String {
    match n {
        Node::Scalar { value, plain, tag } => match resolve(value, *plain, tag) {
            Ok(Scalar::Null) => "<nil>".into(),
            Ok(Scalar::Bool(b)) => b.to_string(),
            Ok(Scalar::Int(i)) => i.to_string(),
            Ok(Scalar::Uint(u)) => format!("0x{u:x}"),
            Ok(Scalar::Float(f)) => f.to_string(),
            Ok(Scalar::Str(s)) => format!("{s:?}"),
            Err(e) => e,
        },
        Node::Seq(_) => "[]interface {}{...}".into(),
        Node::Map(_) => "map[interface {}]interface {}{...}".into(),
    }
}

fn to_json(n: &Node) -> Result<Value, String> {
    Ok(match n {
        Node::Scalar { value, plain, tag } => match resolve(value, *plain, tag)? {
            Scalar::Null => Value::Null,
            Scalar::Bool(b) => Value::Bool(b),
            Scalar::Int(i) => Value::from(i),
            Scalar::Uint(u) => float_json(u as f64)?,
            Scalar::Float(f) => float_json(f)?,
            Scalar::Str(s) => Value::String(s),
        },
        Node::Seq(items) => Value::Array(items.iter().map(|i| to_json(i)).collect::<Result<_, _>>()?),
        Node::Map(pairs) => {
            let mut map = Map::new();
            for (k, v) in pairs {
                if is_merge(k) {
                    let merged: Vec<&Rc<Node>> = match &**v {
                        Node::Map(_) => vec![v],
                        Node::Seq(items) => items.iter().rev().collect(),
                        _ => vec![],
                    };
                    if merged.is_empty() || merged.iter().any(|m| !matches!(***m, Node::Map(_))) {
                        return Err("yaml: map merge requires map or sequence of maps as the value".into());
                    }
                    for m in merged {
                        if let Value::Object(o) = to_json(m)? {
                            map.extend(o);
                        }
                    }
                    continue;
                }
                let key = match &**k {
                    Node::Scalar { value, plain, tag } => match resolve(value, *plain, tag)? {
                        Scalar::Str(s) => s,
                        Scalar::Bool(b) => b.to_string(),
                        Scalar::Int(i) => i.to_string(),
                        Scalar::Float(f) => float_key(f),
                        Scalar::Null => {
                            return Err(format!(
                                "unsupported map key of type: %!s(<nil>), key: <nil>, value: {}",
                                go_value(v)
                            ))
                        }
                        Scalar::Uint(u) => {
                            return Err(format!(
                                "unsupported map key of type: uint64, key: 0x{u:x}, value: {}",
                                go_value(v)
                            ))
                        }
                    },
                    other => return Err(format!("yaml: invalid map key: {}", go_value(other))),
                };
                map.insert(key, to_json(v)?);
            }
            Value::Object(map)
        }
    })
}
