//! `kubectl -o yaml`: sigs.k8s.io/yaml's JSONToYAML of the object's JSON, i.e. go-yaml v2
//! (v2.4.0, forked as sigs.k8s.io/yaml/goyaml.v2) decoding the JSON and re-encoding it. Ports
//! the parts that decide the text: encode.go (stringv, floatv), resolve.go (which plain strings
//! would read back as something else), sorter.go (key order) and emitterc.go (block layout,
//! scalar analysis and style choice, plain/quoted/literal writers, folding at column 80).

use serde_json::Value;
use std::borrow::Cow;

/// go-yaml's `best_width`: plain and quoted scalars fold at the first space past this column.
const WIDTH: usize = 80;

/// The text `kubectl get ... -o yaml` prints for `v` (trailing newline included).
///
/// Where kubectl fails, this still prints what go-yaml's emitter would: strings holding U+007F,
/// U+0080..U+009F (but U+0085), U+FFFE or U+FFFF ("error: yaml: control characters are not
/// allowed"), keys holding U+0085 or over 1024 characters of JSON (yaml parse errors). Keys
/// that go-yaml's comparison cannot order consistently (`a1b` < `a9` < `a10` < `a1b`) come out
/// in one valid order; kubectl's order for them changes from run to run.
pub fn to_yaml(v: &Value) -> String {
    let mut e =
        Emitter { out: String::new(), col: 0, indent: -1, indents: Vec::new(), whitespace: true, indention: true };
    let mut stack = Vec::new();
    e.node(v, false, &mut stack);
    while let Some(top) = stack.last_mut() {
        let item = match top {
            Frame::Seq(it) => it.next().map(|v| (None, v)),
            Frame::Map(it) => it.next().map(|(k, v)| (Some(k), v)),
        };
        match item {
            Some((key, v)) => {
                e.write_indent();
                match &key {
                    None => e.indicator("-", true, false, true),
                    Some(k) => e.key(k),
                }
                e.node(v, key.is_some(), &mut stack);
            }
            None => {
                e.pop_indent();
                stack.pop();
            }
        }
    }
    e.write_indent(); // DOCUMENT-END
    e.out
}

enum Frame<'a> {
    Seq(std::slice::Iter<'a, Value>),
    Map(std::vec::IntoIter<(Cow<'a, str>, &'a Value)>),
}

#[derive(Clone, Copy, PartialEq)]
enum Style {
    Plain,
    Single,
    Double,
    Literal,
}

/// The emitter state (yaml_emitter_t) that the block-style output depends on.
struct Emitter {
    out: String,
    /// Characters (not bytes) on the current line.
    col: usize,
    indent: isize,
    indents: Vec<isize>,
    whitespace: bool,
    indention: bool,
}

impl Emitter {
    /// yaml_emitter_emit_node for a value (`mapping`: the value of a mapping key).
    fn node<'a>(&mut self, v: &'a Value, mapping: bool, stack: &mut Vec<Frame<'a>>) {
        match v {
            Value::Array(a) if a.is_empty() => {
                self.indicator("[", true, true, false);
                self.indicator("]", false, false, false);
            }
            Value::Object(m) if m.is_empty() => {
                self.indicator("{", true, true, false);
                self.indicator("}", false, false, false);
            }
            Value::Array(a) => {
                self.increase_indent(false, mapping && !self.indention);
                stack.push(Frame::Seq(a.iter()));
            }
            Value::Object(m) => {
                self.increase_indent(false, false);
                let mut keys: Vec<(Cow<str>, &Value)> = m.iter().map(|(k, v)| (reread(k), v)).collect();
                sort_keys(&mut keys);
                stack.push(Frame::Map(keys.into_iter()));
            }
            Value::String(s) => {
                let s = reread(s);
                self.scalar(&s, string_style(&s), false);
            }
            Value::Null => self.scalar("null", Style::Plain, false),
            Value::Bool(b) => self.scalar(if *b { "true" } else { "false" }, Style::Plain, false),
            Value::Number(n) => self.scalar(&number(n), Style::Plain, false),
        }
    }

    /// yaml_emitter_emit_block_mapping_key + _value up to the value node.
    fn key(&mut self, k: &str) {
        if !analyze(k).multiline && k.len() <= 128 {
            self.scalar(k, string_style(k), true);
            self.indicator(":", false, false, false);
        } else {
            self.indicator("?", true, false, true);
            self.scalar(k, string_style(k), false);
            self.write_indent();
            self.indicator(":", true, false, true);
        }
    }

    /// yaml_emitter_select_scalar_style + emit_scalar (block context, no tags or anchors).
    fn scalar(&mut self, s: &str, requested: Style, simple_key: bool) {
        let a = analyze(s);
        let mut style = requested;
        if simple_key && a.multiline {
            style = Style::Double;
        }
        if style == Style::Plain && (!a.block_plain || (s.is_empty() && simple_key)) {
            style = Style::Single;
        }
        if style == Style::Single && !a.single {
            style = Style::Double;
        }
        if style == Style::Literal && (!a.block || simple_key) {
            style = Style::Double;
        }
        self.increase_indent(true, false);
        match style {
            Style::Plain => self.plain(s, !simple_key),
            Style::Single => self.single(s, !simple_key),
            Style::Double => self.double(s, !simple_key),
            Style::Literal => self.literal(s),
        }
        self.pop_indent();
    }

    fn put(&mut self, c: char) {
        self.out.push(c);
        self.col += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.col = 0;
    }

    fn write_break(&mut self, c: char) {
        if c == '\n' {
            self.put_break();
        } else {
            self.out.push(c);
            self.col = 0;
        }
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        if self.indent < 0 {
            self.indent = if flow { 2 } else { 0 };
        } else if !indentless {
            self.indent += 2;
        }
    }

    fn pop_indent(&mut self) {
        self.indent = self.indents.pop().unwrap_or(-1);
    }

    fn write_indent(&mut self) {
        let indent = self.indent.max(0).unsigned_abs();
        if !self.indention || self.col > indent || (self.col == indent && !self.whitespace) {
            self.put_break();
        }
        while self.col < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn indicator(&mut self, s: &str, need_ws: bool, is_ws: bool, is_indention: bool) {
        if need_ws && !self.whitespace {
            self.put(' ');
        }
        s.chars().for_each(|c| self.put(c));
        self.whitespace = is_ws;
        self.indention = self.indention && is_indention;
    }

    fn plain(&mut self, s: &str, allow_breaks: bool) {
        if !self.whitespace {
            self.put(' ');
        }
        let (mut spaces, mut breaks) = (false, false);
        let mut it = s.chars().peekable();
        while let Some(c) = it.next() {
            if c == ' ' {
                if allow_breaks && !spaces && self.col > WIDTH && it.peek() != Some(&' ') {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.whitespace = false;
        self.indention = false;
    }

    fn single(&mut self, s: &str, allow_breaks: bool) {
        self.indicator("'", true, false, false);
        let (mut spaces, mut breaks) = (false, false);
        let mut it = s.char_indices().peekable();
        while let Some((i, c)) = it.next() {
            let next = it.peek().map(|&(_, c)| c);
            if c == ' ' {
                if allow_breaks && !spaces && self.col > WIDTH && i > 0 && next.is_some() && next != Some(' ') {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn double(&mut self, s: &str, allow_breaks: bool) {
        self.indicator("\"", true, false, false);
        // go-yaml's is_bom looks at the start of the value, whatever the position.
        let bom = s.starts_with('\u{feff}');
        let mut spaces = false;
        let mut it = s.char_indices().peekable();
        while let Some((i, c)) = it.next() {
            let next = it.peek().map(|&(_, c)| c);
            if !is_printable(c) || bom || is_break(c) || c == '"' || c == '\\' {
                self.put('\\');
                let short = match c {
                    '\0' => Some('0'),
                    '\u{7}' => Some('a'),
                    '\u{8}' => Some('b'),
                    '\t' => Some('t'),
                    '\n' => Some('n'),
                    '\u{b}' => Some('v'),
                    '\u{c}' => Some('f'),
                    '\r' => Some('r'),
                    '\u{1b}' => Some('e'),
                    '"' => Some('"'),
                    '\\' => Some('\\'),
                    '\u{85}' => Some('N'),
                    '\u{a0}' => Some('_'),
                    '\u{2028}' => Some('L'),
                    '\u{2029}' => Some('P'),
                    _ => None,
                };
                if let Some(e) = short {
                    self.put(e);
                } else {
                    let v = c as u32;
                    let (letter, digits) = match v {
                        0..=0xff => ('x', 2),
                        0x100..=0xffff => ('u', 4),
                        _ => ('U', 8),
                    };
                    self.put(letter);
                    for k in (0..digits).rev() {
                        self.put(char::from_digit((v >> (4 * k)) & 15, 16).map_or('0', |d| d.to_ascii_uppercase()));
                    }
                }
                spaces = false;
            } else if c == ' ' {
                if allow_breaks && !spaces && self.col > WIDTH && i > 0 && next.is_some() {
                    self.write_indent();
                    if next == Some(' ') {
                        self.put('\\');
                    }
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                spaces = false;
            }
        }
        self.indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn literal(&mut self, s: &str) {
        self.indicator("|", true, false, false);
        if s.starts_with(|c| c == ' ' || is_break(c)) {
            self.indicator("2", false, false, false);
        }
        let mut rev = s.chars().rev();
        let chomp = match (rev.next(), rev.next()) {
            (Some(c), _) if !is_break(c) => Some("-"),
            (None, _) => Some("-"),
            (Some(_), None) => Some("+"),
            (Some(_), Some(p)) if is_break(p) => Some("+"),
            _ => None,
        };
        if let Some(ch) = chomp {
            self.indicator(ch, false, false, false);
        }
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        for c in s.chars() {
            if is_break(c) {
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
        }
    }
}

/// The string as go-yaml reads it back from Go's JSON text: U+0085 (NEL) is the one line break
/// Go leaves unescaped, so it folds, with the spaces around it, as in any double-quoted scalar.
fn reread(s: &str) -> Cow<'_, str> {
    if !s.contains('\u{85}') {
        return Cow::Borrowed(s);
    }
    let mut out = String::new();
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c != ' ' && c != '\u{85}' {
            out.push(c);
            continue;
        }
        let (mut spaces, mut leading_break, mut breaks) = (0, false, 0);
        let mut c = Some(c);
        while let Some(b) = c.filter(|b| *b == ' ' || *b == '\u{85}') {
            match (b, leading_break) {
                (' ', false) => spaces += 1,
                (' ', true) => {}
                (_, false) => (spaces, leading_break) = (0, true),
                (_, true) => breaks += 1,
            }
            c = it.next_if(|b| *b == ' ' || *b == '\u{85}');
        }
        match (leading_break, breaks) {
            (false, _) => out.extend(std::iter::repeat_n(' ', spaces)),
            (true, 0) => out.push(' '),
            (true, n) => out.extend(std::iter::repeat_n('\n', n)),
        }
    }
    Cow::Owned(out)
}

fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn is_printable(c: char) -> bool {
    matches!(c, '\n' | ' '..='~' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}') && c != '\u{feff}'
}

/// What yaml_emitter_analyze_scalar learns, for block context.
struct Analysis {
    multiline: bool,
    block_plain: bool,
    single: bool,
    block: bool,
}

fn analyze(s: &str) -> Analysis {
    if s.is_empty() {
        return Analysis { multiline: false, block_plain: true, single: true, block: false };
    }
    let mut indicators = s.starts_with("---") || s.starts_with("...");
    let (mut line_breaks, mut special) = (false, false);
    let (mut leading, mut trailing_space, mut trailing_break) = (false, false, false);
    let (mut break_space, mut space_break) = (false, false);
    let (mut preceded_by_ws, mut prev_space, mut prev_break) = (true, false, false);
    let mut it = s.chars().peekable();
    let mut first = true;
    while let Some(c) = it.next() {
        let next = it.peek().copied();
        let followed_by_ws = matches!(next, None | Some(' ' | '\t'));
        if first {
            match c {
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"' | '%' | '@' | '`' => {
                    indicators = true
                }
                '?' | ':' | '-' if followed_by_ws => indicators = true,
                _ => {}
            }
        } else if (c == ':' && followed_by_ws) || (c == '#' && preceded_by_ws) {
            indicators = true;
        }
        if !is_printable(c) {
            special = true;
        }
        if c == ' ' {
            leading |= first;
            trailing_space |= next.is_none();
            break_space |= prev_break;
            prev_space = true;
            prev_break = false;
        } else if is_break(c) {
            line_breaks = true;
            leading |= first;
            trailing_break |= next.is_none();
            space_break |= prev_space;
            prev_space = false;
            prev_break = true;
        } else {
            prev_space = false;
            prev_break = false;
        }
        preceded_by_ws = matches!(c, ' ' | '\t' | '\0') || is_break(c);
        first = false;
    }
    Analysis {
        multiline: line_breaks,
        block_plain: !(leading
            || trailing_space
            || trailing_break
            || break_space
            || space_break
            || special
            || line_breaks
            || indicators),
        single: !(break_space || space_break || special),
        block: !(trailing_space || space_break || special),
    }
}

/// encode.go stringv: literal if multi-line, plain if it reads back as the same string,
/// else double-quoted (the emitter may still change it).
fn string_style(s: &str) -> Style {
    if s.contains('\n') {
        Style::Literal
    } else if resolves_to_str(s) && !is_base60_float(s) {
        Style::Plain
    } else {
        Style::Double
    }
}

/// resolve.go resolve("", s) == !!str.
fn resolves_to_str(s: &str) -> bool {
    const MAP: [&str; 39] = [
        "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "n", "N", "no", "No", "NO", "false",
        "False", "FALSE", "off", "Off", "OFF", "~", "null", "Null", "NULL", ".nan", ".NaN", ".NAN", ".inf", ".Inf",
        ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", "",
    ];
    let Some(&c) = s.as_bytes().first() else {
        return false;
    };
    if !b"yYnNtTfFoO~.+-0123456789".contains(&c) {
        return true;
    }
    if MAP.contains(&s) {
        return false;
    }
    match c {
        b'.' => !parse_float_ok(s),
        b'+' | b'-' | b'0'..=b'9' => {
            let p = s.replace('_', "");
            let b2 = p.strip_prefix("0b").is_some_and(|r| parse_int(r, 2));
            !(is_timestamp(s) || parse_int(&p, 0) || parse_uint(&p, 0).is_some() || yaml_float(&p) || b2)
        }
        _ => true,
    }
}

/// Go strconv.ParseUint(s, base, 64), base 0 or explicit, without underscores.
fn parse_uint(s: &str, base: u32) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    let (base, digits) = match (base, s.as_bytes()) {
        (0, [b'0', p, _, ..]) if matches!(p | 0x20, b'b' | b'o' | b'x') => (
            match p | 0x20 {
                b'b' => 2,
                b'o' => 8,
                _ => 16,
            },
            s.get(2..)?,
        ),
        (0, [b'0', ..]) => (8, s.get(1..)?),
        (0, _) => (10, s),
        (b, _) => (b, s),
    };
    digits.chars().try_fold(0u64, |n, c| n.checked_mul(base.into())?.checked_add(c.to_digit(base)?.into()))
}

/// Go strconv.ParseInt(s, base, 64) succeeds.
fn parse_int(s: &str, base: u32) -> bool {
    let (neg, mag) = match s.as_bytes().first() {
        Some(b'-') => (true, s.get(1..).unwrap_or("")),
        Some(b'+') => (false, s.get(1..).unwrap_or("")),
        _ => (false, s),
    };
    parse_uint(mag, base).is_some_and(|u| u <= i64::MAX as u64 + u64::from(neg))
}

/// resolve.go yamlStyleFloat `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`, then
/// ParseFloat without a range error.
fn yaml_float(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |i: usize| b.iter().skip(i).take_while(|c| c.is_ascii_digit()).count();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let n = digits(i);
    i += n;
    if b.get(i) == Some(&b'.') {
        let m = digits(i + 1);
        if n == 0 && m == 0 {
            return false;
        }
        i += 1 + m;
    } else if n == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1 + usize::from(matches!(b.get(i + 1), Some(b'+' | b'-')));
        let m = digits(i);
        if m == 0 {
            return false;
        }
        i += m;
    }
    i == b.len() && parse_float_ok(s)
}

/// Go strconv.ParseFloat(s, 64) succeeds, for decimal input (underscores allowed between
/// digits; overflow is an error).
fn parse_float_ok(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let (mut dot, mut digits) = (false, false);
    while let Some(&c) = b.get(i) {
        match c {
            b'_' => {}
            b'.' if !dot => dot = true,
            b'0'..=b'9' => digits = true,
            _ => break,
        }
        i += 1;
    }
    if !digits {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1 + usize::from(matches!(b.get(i + 1), Some(b'+' | b'-')));
        if !b.get(i).is_some_and(u8::is_ascii_digit) {
            return false;
        }
        i += b.iter().skip(i).take_while(|c| c.is_ascii_digit() || **c == b'_').count();
    }
    if i != b.len() {
        return false;
    }
    // underscoreOK: only between digits
    let mut saw = b'^';
    for &c in b.iter().skip(usize::from(matches!(b.first(), Some(b'+' | b'-')))) {
        saw = match c {
            b'0'..=b'9' => b'0',
            b'_' if saw == b'0' => b'_',
            b'_' => return false,
            _ if saw == b'_' => return false,
            _ => b'!',
        };
    }
    // No range error: |value| < (2 - 2^-53) * 2^1023, halfway from f64::MAX to 2^1024 (Go
    // rounds ties to even: up, to infinity). Underflow to zero is no error in Go.
    const HALFWAY: &str = "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792";
    let t = s.replace('_', "");
    let t = t.trim_start_matches(['+', '-']);
    let (mant, exp) = t.split_once(['e', 'E']).unwrap_or((t, "0"));
    let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
    let all = format!("{int}{frac}");
    let digits = all.trim_start_matches('0');
    let lead = (all.len() - digits.len()) as i64;
    let e = exp.trim_start_matches('+').trim_start_matches('-');
    let e = e.bytes().fold(0i64, |n, d| n.saturating_mul(10).saturating_add(i64::from(d) - 48));
    let e = if exp.starts_with('-') { -e } else { e };
    // value = 0.digits × 10^dp
    let dp = (int.len() as i64 - lead).saturating_add(e);
    saw != b'_' && (digits.is_empty() || dp < 309 || (dp == 309 && digits.trim_end_matches('0') < HALFWAY))
}

/// resolve.go parseTimestamp: Go's time.Parse with "2006-1-2T15:4:5.999999999Z07:00", the same
/// with a lower-case "t", "2006-1-2 15:4:5.999999999" and "2006-1-2".
fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let lead = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if lead != 4 || b.get(4) != Some(&b'-') {
        return false;
    }
    let year = b.iter().take(4).fold(0u32, |n, c| n * 10 + u32::from(c - b'0'));
    // getnum(value, false): one or two digits
    fn num(r: &mut &[u8]) -> Option<u32> {
        let (n, len) = match *r {
            [a @ b'0'..=b'9', b @ b'0'..=b'9', ..] => (u32::from(a - b'0') * 10 + u32::from(b - b'0'), 2),
            [a @ b'0'..=b'9', ..] => (u32::from(a - b'0'), 1),
            _ => return None,
        };
        *r = r.get(len..)?;
        Some(n)
    }
    fn lit(r: &mut &[u8], c: u8) -> Option<()> {
        *r = r.strip_prefix(&[c])?;
        Some(())
    }
    let parse = |sep: Option<u8>| -> Option<()> {
        let mut r = b.get(5..)?;
        let month = num(&mut r).filter(|m| (1..=12).contains(m))?;
        lit(&mut r, b'-')?;
        let day = num(&mut r)?;
        if let Some(sep) = sep {
            if sep == b' ' {
                if r.first().is_some_and(|&c| c != b' ') {
                    return None;
                }
                while let Some(rest) = r.strip_prefix(b" ") {
                    r = rest;
                }
            } else {
                lit(&mut r, sep)?;
            }
            num(&mut r).filter(|h| *h < 24)?;
            lit(&mut r, b':')?;
            num(&mut r).filter(|m| *m < 60)?;
            lit(&mut r, b':')?;
            num(&mut r).filter(|s| *s < 60)?;
            if let [b'.' | b',', b'0'..=b'9', ..] = r {
                let n = r.iter().skip(1).take_while(|c| c.is_ascii_digit()).count();
                r = r.get(1 + n..)?;
            }
            if sep != b' ' {
                if let Some(rest) = r.strip_prefix(b"Z") {
                    r = rest;
                } else {
                    let [sign, h1, h2, b':', m1, m2, ..] = *r else {
                        return None;
                    };
                    let two =
                        |a: u8, b: u8| (a.is_ascii_digit() && b.is_ascii_digit()).then(|| (a - b'0') * 10 + b - b'0');
                    if two(h1, h2)? > 24 || two(m1, m2)? > 60 || !matches!(sign, b'+' | b'-') {
                        return None;
                    }
                    r = r.get(6..)?;
                }
            }
        }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        (r.is_empty() && (1..=days).contains(&day)).then_some(())
    };
    [Some(b'T'), Some(b't'), Some(b' '), None].into_iter().any(|sep| parse(sep).is_some())
}

/// encode.go isBase60Float: `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`.
fn is_base60_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    if !b.get(i).is_some_and(u8::is_ascii_digit) {
        return false;
    }
    while b.get(i).is_some_and(|c| c.is_ascii_digit() || *c == b'_') {
        i += 1;
    }
    let mut groups = 0;
    while b.get(i) == Some(&b':') {
        match (b.get(i + 1), b.get(i + 2)) {
            (Some(b'0'..=b'5'), Some(b'0'..=b'9')) => i += 3,
            (Some(b'0'..=b'9'), _) => i += 2,
            _ => return false,
        }
        groups += 1;
    }
    if groups == 0 {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        while b.get(i).is_some_and(|c| c.is_ascii_digit() || *c == b'_') {
            i += 1;
        }
    }
    i == b.len()
}

/// A number as it comes out of JSON (int64, else float64 printed by Go's encoding/json) read
/// back by go-yaml (int, uint, else float64) and printed (`strconv.FormatFloat(f, 'g', -1, 64)`).
fn number(n: &serde_json::Number) -> String {
    if let Some(i) = n.as_i64() {
        return i.to_string();
    }
    let f = n.as_f64().unwrap_or(0.0);
    let (digits, dp) = crate::gofmt::shortest(f);
    let nd = digits.len() as i64;
    let abs = f.abs();
    // Go's JSON text is an integer literal when it would use %f and the value is integral.
    if abs < 1e21 && dp >= nd {
        let text = format!("{digits}{}", "0".repeat((dp - nd) as usize));
        match text.parse::<u64>() {
            Ok(u) if !f.is_sign_negative() => return u.to_string(),
            Ok(u) if u <= 1 << 63 => return (u as i64).wrapping_neg().to_string(),
            _ => {}
        }
    }
    let sign = if f.is_sign_negative() { "-" } else { "" };
    let exp = dp - 1;
    if !(-4..6).contains(&exp) {
        let (first, tail) = digits.split_at_checked(1).unwrap_or((&digits, ""));
        let dot = if tail.is_empty() { "" } else { "." };
        let esign = if exp < 0 { '-' } else { '+' };
        format!("{sign}{first}{dot}{tail}e{esign}{:02}", exp.unsigned_abs())
    } else if dp <= 0 {
        format!("{sign}0.{}{digits}", "0".repeat(dp.unsigned_abs() as usize))
    } else {
        let (a, b) = digits.split_at_checked(dp as usize).unwrap_or((&digits, ""));
        let dot = if b.is_empty() { "" } else { "." };
        format!("{sign}{a}{dot}{b}")
    }
}

/// sorter.go keyList.Less for string keys: letters sort after other characters, and runs of
/// digits compare by numeric value.
fn key_less(a: &str, b: &str) -> bool {
    // unicode.IsLetter / unicode.IsDigit (exact for Latin-1, approximate above it)
    let letter = |c: char| c.is_alphabetic();
    let digit = |c: char| {
        if (c as u32) < 0x100 {
            c.is_ascii_digit()
        } else {
            c.is_numeric()
        }
    };
    let (ar, br): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    for (i, (&ca, &cb)) in ar.iter().zip(&br).enumerate() {
        if ca == cb {
            continue;
        }
        let (al, bl) = (letter(ca), letter(cb));
        if al && bl {
            return ca < cb;
        }
        if al || bl {
            return bl;
        }
        let (mut an, mut bn) = (0i64, 0i64);
        if ca == '0' || cb == '0' {
            for &c in ar.iter().take(i).rev().take_while(|c| digit(**c)) {
                if c != '0' {
                    (an, bn) = (1, 1);
                    break;
                }
            }
        }
        let run = |r: &[char], mut n: i64| {
            let len = r.iter().skip(i).take_while(|c| digit(**c)).count();
            for &c in r.iter().skip(i).take(len) {
                n = n.wrapping_mul(10).wrapping_add(i64::from(c as u32) - i64::from(b'0'));
            }
            (n, i + len)
        };
        let ((an, ai), (bn, bi)) = (run(&ar, an), run(&br, bn));
        if an != bn {
            return an < bn;
        }
        if ai != bi {
            return ai < bi;
        }
        return ca < cb;
    }
    ar.len() < br.len()
}

/// Bottom-up merge sort with key_less (which is not guaranteed to be a total order, so the
/// standard library's sorts, which may panic on such orders, are avoided).
fn sort_keys(v: &mut Vec<(Cow<str>, &Value)>) {
    let mut width = 1;
    while width < v.len() {
        let mut merged = Vec::with_capacity(v.len());
        for chunk in v.chunks(2 * width) {
            let (l, r) = chunk.split_at(width.min(chunk.len()));
            let (mut l, mut r) = (l.iter().peekable(), r.iter().peekable());
            while let (Some(x), Some(y)) = (l.peek(), r.peek()) {
                let take_right = key_less(&y.0, &x.0);
                merged.extend(if take_right { r.next() } else { l.next() }.cloned());
            }
            merged.extend(l.chain(r).cloned());
        }
        *v = merged;
        width *= 2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn y(v: Value) -> String {
        to_yaml(&v)
    }

    #[test]
    fn layout() {
        let v = json!({"b": [1, [2, 3], {"c": "d", "e": []}], "a": {}, "f": {"g": null}});
        let want = "a: {}\nb:\n- 1\n- - 2\n  - 3\n- c: d\n  e: []\nf:\n  g: null\n";
        assert_eq!(y(v), want);
        assert_eq!(y(json!([])), "[]\n");
        assert_eq!(y(json!("a\nb")), "|-\n  a\n  b\n");
    }

    #[test]
    fn quoting() {
        let cases = [
            ("80", "\"80\""),
            ("true", "\"true\""),
            ("y", "\"y\""),
            ("", "\"\""),
            ("1.0", "\"1.0\""),
            ("0x1F", "\"0x1F\""),
            ("~", "\"~\""),
            ("a: b", "'a: b'"),
            ("a #b", "'a #b'"),
            (" lead", "' lead'"),
            ("-", "'-'"),
            ("it's", "it's"),
            ("'q'", "'''q'''"),
            ("tab\there", "\"tab\\there\""),
            ("emoji 😀", "\"emoji \\U0001F600\""),
            ("2024-01-01T00:00:00Z", "\"2024-01-01T00:00:00Z\""),
            ("2024-02-30", "2024-02-30"),
            ("1:20", "\"1:20\""),
            ("1e400", "1e400"),
            ("._5", "._5"),
            (".5_5", "\".5_5\""),
            ("0b-1", "\"0b-1\""),
            ("<>&", "<>&"),
            ("\u{7f}", "\"\\x7F\""), // kubectl fails instead (see to_yaml)
            ("a\n", "|\n  a"),
            ("a\n\n", "|+\n  a\n"),
            (" a\nb", "|2-\n   a\n  b"),
            ("a \nb", "\"a \\nb\""),
        ];
        for (s, want) in cases {
            assert_eq!(y(json!({ "k": s })), format!("k: {want}\n"), "{s:?}");
        }
    }

    #[test]
    fn numbers() {
        for (v, want) in [
            (json!(1.0), "1"),
            (json!(-0.0), "0"),
            (json!(1.5), "1.5"),
            (json!(1e21), "1e+21"),
            (json!(1e20), "1e+20"),
            (json!(1e-7), "1e-07"),
            (json!(0.0001), "0.0001"),
            (json!(12345678.9), "1.23456789e+07"),
            (json!(9223372036854775808.0), "9223372036854776000"),
            (json!(u64::MAX), "1.8446744073709552e+19"),
            (json!(i64::MIN), "-9223372036854775808"),
        ] {
            assert_eq!(y(v.clone()), format!("{want}\n"), "{v}");
        }
    }

    #[test]
    fn folding_and_keys() {
        let long = "word ".repeat(30);
        let long = long.trim_end();
        let out = y(json!({ "k": long }));
        assert!(out.lines().count() == 2 && out.lines().all(|l| l.len() <= 86), "{out}");
        let key = "k".repeat(129);
        assert_eq!(y(json!({ key.clone(): 1 })), format!("? {key}\n: 1\n"));
        assert_eq!(y(json!({"a\nb": 1})), "? |-\n  a\n  b\n: 1\n");
    }

    #[test]
    fn key_order() {
        let v = json!({"a10": 1, "a9": 1, "a": 1, "B": 1, "_x": 1, "a01": 1, "a1": 1, "1": 1, "b": 1});
        assert_eq!(y(v), "_x: 1\n\"1\": 1\nB: 1\na: 1\na1: 1\na01: 1\na9: 1\na10: 1\nb: 1\n");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let mut v = json!(1);
        for _ in 0..10_000 {
            v = Value::Array(vec![v]);
        }
        assert!(to_yaml(&v).starts_with("- - - "));
        let mut m = json!(1);
        for _ in 0..2_000 {
            m = Value::Object([("a".to_string(), m)].into_iter().collect());
        }
        assert!(to_yaml(&m).starts_with("a:\n  a:\n"));
        for mut v in [v, m] {
            loop {
                v = match v {
                    Value::Array(mut a) => a.pop().unwrap_or(Value::Null),
                    Value::Object(mut o) => o.remove("a").unwrap_or(Value::Null),
                    _ => break,
                };
            }
        }
    }
}
