//! kubectl's JSONPath: a port of client-go `util/jsonpath` (parser.go, jsonpath.go, node.go and the
//! forked text/template helpers it uses), cli-runtime's `JSONPathPrinter` wrapping for
//! `-o jsonpath=...` (error texts included), kubectl's `RelaxedJSONPathExpression`, and the Go
//! `fmt`/`encoding/json` formatting that decides what the user sees.
//!
//! Data is JSON decoded the way kubectl's unstructured objects are: objects are
//! `map[string]interface {}` (keys sorted when printed), integers `int64`, other numbers `float64`.

use serde_json::{Map, Value};
use std::fmt::Write as _;

/// Work units (values produced + nodes walked) one execution may spend; Go has no limit, but a
/// runaway `{range ..}{range ..}...` must not freeze the page.
const BUDGET: usize = 2_000_000;
/// Printed output cap, for the same reason.
const MAX_OUTPUT: usize = 32 << 20;
/// Nesting bounds (Go's stacks grow; ours must not overflow).
const MAX_PARSE_DEPTH: u32 = 32;
const MAX_RANGE_DEPTH: u32 = 100;
const MAX_VALUE_DEPTH: u32 = 500;
const LIMIT_MSG: &str = "jsonpath evaluation exceeded the simulator's work limit";

// ---------------------------------------------------------------- parse tree (node.go)

#[derive(Debug, Clone, Copy, PartialEq)]
struct Param {
    value: i64,
    known: bool,
    derived: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Text(String),
    List(Vec<Node>),
    Field(String),
    Ident(String),
    Array([Param; 3]),
    Filter(Box<Filter>),
    Int(i64),
    Float(f64),
    Bool(bool),
    Wildcard,
    Recursive,
    Union(Vec<Vec<Node>>),
}

#[derive(Debug, Clone, PartialEq)]
struct Filter {
    left: Vec<Node>,
    right: Vec<Node>,
    op: String,
}

/// A parsed template (`jsonpath.New("").Parse(t)`), plus its AllowMissingKeys setting.
#[derive(Debug, Clone)]
pub struct JsonPath {
    root: Vec<Node>,
    allow_missing: bool,
}

impl JsonPath {
    /// Parse like `jsonpath.New("").Parse(template)`. Err = Go's error text, e.g. "unclosed action".
    pub fn parse(template: &str) -> Result<JsonPath, String> {
        Ok(JsonPath { root: parse(template, 0)?, allow_missing: false })
    }

    /// `(*JSONPath).AllowMissingKeys`.
    pub fn allow_missing_keys(mut self, allow: bool) -> JsonPath {
        self.allow_missing = allow;
        self
    }

    /// Execute like `(*JSONPath).Execute` on a fresh JSONPath. Err = Go's error text, e.g.
    /// "hello is not found", "array index out of bounds: index 0, length 0".
    pub fn execute(&self, data: &Value) -> Result<String, String> {
        let mut out = String::new();
        for results in self.run(data)? {
            if !print_results(&mut out, &results) {
                return Err(LIMIT_MSG.into());
            }
        }
        Ok(out)
    }

    /// `FindResults`, each value as `fmt.Sprint` prints it (`%v`: maps as `map[k:v]`, nil as
    /// `<nil>`, floats as `1e+06`). custom-columns joins these with "," (or prints `<none>`
    /// when the first list is empty).
    pub fn find_results(&self, data: &Value) -> Result<Vec<Vec<String>>, String> {
        let res = self.run(data)?;
        Ok(res.into_iter().map(|r| r.into_iter().map(go_v_val).collect()).collect())
    }

    fn run<'a>(&'a self, data: &'a Value) -> Result<Vec<Vec<Val<'a>>>, String> {
        let mut ex = Ex {
            root: &self.root,
            allow: self.allow_missing,
            begin: 0,
            in_range: 0,
            end: 0,
            last_end: None,
            budget: BUDGET,
            over: false,
        };
        // reflect.ValueOf(nil) is the zero Value, unlike a nil inside a map or slice.
        let start = if data.is_null() { Val::Invalid } else { Val::J(data) };
        let res = ex.find_results(start, 0, 0);
        if ex.over {
            return Err(LIMIT_MSG.into());
        }
        res
    }
}

/// What `kubectl get ... -o jsonpath=TEMPLATE` prints, or the message kubectl prints after
/// "error: " (cli-runtime `JSONPathPrintFlags.ToPrinter` / `JSONPathPrinter.PrintObj`).
/// `allow_missing` is `--allow-missing-template-keys` (kubectl's default: true).
/// kubectl does no other pre-processing of the template (no brace wrapping).
pub fn kubectl_jsonpath(template: &str, data: &Value, allow_missing: bool) -> Result<String, String> {
    if template.is_empty() {
        return Err("template format specified but no template given".into());
    }
    let jp = JsonPath::parse(template)
        .map_err(|e| format!("error parsing jsonpath {template}, {e}"))?
        .allow_missing_keys(allow_missing);
    jp.execute(data).map_err(|e| {
        format!(
            "error executing jsonpath {}: Error executing template: {e}. Printing more information for debugging the template:\n\ttemplate was:\n\t\t{template}\n\tobject given to jsonpath engine was:\n\t\t{}\n\n\n",
            go_quote(template),
            go_sharp_v(data)
        )
    })
}

/// kubectl `RelaxedJSONPathExpression` (custom-columns, --sort-by): `metadata.name`,
/// `.metadata.name`, `{metadata.name}` and `{.metadata.name}` all become `{.metadata.name}`.
pub fn relaxed(expr: &str) -> Result<String, String> {
    // jsonRegexp = `^\{\.?([^{}]+)\}$|^\.?([^{}]+)$`
    fn spec(s: &str) -> Option<&str> {
        if s.is_empty() || s.contains(['{', '}']) {
            return None;
        }
        match s.strip_prefix('.') {
            Some(rest) if !rest.is_empty() => Some(rest),
            _ => Some(s),
        }
    }
    if expr.is_empty() {
        return Ok(String::new());
    }
    let inner = expr.strip_prefix('{').and_then(|s| s.strip_suffix('}'));
    match inner.and_then(spec).or_else(|| spec(expr)) {
        Some(s) => Ok(format!("{{.{s}}}")),
        None => Err(
            "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'"
                .into(),
        ),
    }
}

// ---------------------------------------------------------------- parser (parser.go)

struct P<'s> {
    s: &'s str,
    pos: usize,
    start: usize,
    width: usize,
    depth: u32,
}

fn parse(text: &str, depth: u32) -> Result<Vec<Node>, String> {
    let mut p = P { s: text, pos: 0, start: 0, width: 0, depth };
    let mut root = Vec::new();
    // parseText / parseLeftDelim / parseRightDelim, as a loop instead of tail calls.
    loop {
        match p.rest().find('{') {
            Some(off) => {
                p.pos += off;
                if p.pos > p.start {
                    root.push(Node::Text(p.consume().to_string()));
                }
                p.pos += 1;
                p.consume();
                let mut cur = Vec::new();
                p.action(&mut cur)?;
                root.push(Node::List(cur));
            }
            None => {
                p.pos = text.len();
                if p.pos > p.start {
                    root.push(Node::Text(p.consume().to_string()));
                }
                return Ok(root);
            }
        }
    }
}

/// parseAction: parse `{text}` and return the first action's nodes.
fn sub_action(text: &str, depth: u32) -> Result<Vec<Node>, String> {
    if depth >= MAX_PARSE_DEPTH {
        return Err("jsonpath template nested too deeply".into());
    }
    match parse(&format!("{{{text}}}"), depth + 1)?.into_iter().next() {
        Some(Node::List(v)) => Ok(v),
        _ => Ok(Vec::new()),
    }
}

/// First code points of the non-ASCII runs of ten Nd digits (Unicode 15, as in Go 1.24).
const ND: [u32; 67] = [
    0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66, 0xde6, 0xe50, 0xed0, 0xf20,
    0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90, 0x1b50, 0x1bb0, 0x1c40, 0x1c50, 0xa620, 0xa8d0,
    0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0xff10, 0x104a0, 0x10d30, 0x11066, 0x110f0, 0x11136, 0x111d0, 0x112f0,
    0x11450, 0x114d0, 0x11650, 0x116c0, 0x11730, 0x118e0, 0x11950, 0x11c50, 0x11d50, 0x11da0, 0x11f50, 0x16a60,
    0x16ac0, 0x16b50, 0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0, 0x1e4f0, 0x1e950, 0x1fbf0,
];

/// unicode.IsDigit (category Nd).
fn is_digit(c: char) -> bool {
    let c = c as u32;
    (0x30..=0x39).contains(&c) || ND.iter().any(|&s| (s..s + 10).contains(&c))
}

/// isAlphaNumeric: '_', unicode.IsLetter (approximated: alphabetic minus letter numbers), IsDigit.
fn is_alnum(c: Option<char>) -> bool {
    c.is_some_and(|c| c == '_' || (c.is_alphabetic() && !c.is_numeric()) || is_digit(c))
}

fn is_terminator(c: Option<char>) -> bool {
    matches!(c, None | Some(' ' | '\t' | '\r' | '\n' | '.' | ',' | '[' | ']' | '$' | '@' | '{' | '}'))
}

impl<'s> P<'s> {
    fn rest(&self) -> &'s str {
        self.s.get(self.pos..).unwrap_or("")
    }
    fn next(&mut self) -> Option<char> {
        let c = self.rest().chars().next();
        self.width = c.map_or(0, char::len_utf8);
        self.pos += self.width;
        c
    }
    fn backup(&mut self) {
        self.pos = self.pos.saturating_sub(self.width);
    }
    fn peek(&mut self) -> Option<char> {
        let c = self.next();
        self.backup();
        c
    }
    fn consume(&mut self) -> &'s str {
        let v = self.s.get(self.start..self.pos).unwrap_or("");
        self.start = self.pos;
        v
    }
    /// `p.input[p.pos-2] == '\\'`: the rune just read is preceded by a backslash.
    fn escaped(&self) -> bool {
        self.pos.checked_sub(2).and_then(|i| self.s.as_bytes().get(i)).is_some_and(|&b| b == b'\\')
    }

    /// parseInsideAction, up to and including the closing `}`.
    fn action(&mut self, cur: &mut Vec<Node>) -> Result<(), String> {
        loop {
            let rest = self.rest();
            if rest.starts_with('}') {
                self.pos += 1;
                self.consume();
                return Ok(());
            }
            if rest.starts_with("[?(") {
                self.filter(cur)?;
                continue;
            }
            if rest.starts_with("..") {
                if matches!(cur.last(), Some(Node::Recursive)) {
                    return Err("invalid multiple recursive descent".into());
                }
                self.pos += 2;
                self.consume();
                cur.push(Node::Recursive);
                if is_alnum(self.peek()) {
                    self.field(cur);
                }
                continue;
            }
            match self.next() {
                None | Some('\r' | '\n') => return Err("unclosed action".into()),
                Some(' ' | '@' | '$') => {
                    self.consume();
                }
                Some('[') => self.array(cur)?,
                Some(q @ ('"' | '\'')) => self.quote(cur, q)?,
                Some('.') => self.field(cur),
                Some(c) if c == '+' || c == '-' || is_digit(c) => {
                    self.backup();
                    self.number(cur)?;
                }
                c if is_alnum(c) => {
                    self.backup();
                    self.identifier(cur);
                }
                Some(c) => return Err(format!("unrecognized character in action: {}", sharp_u(c))),
            }
        }
    }

    fn identifier(&mut self, cur: &mut Vec<Node>) {
        loop {
            let c = self.next();
            if is_terminator(c) {
                self.backup();
                break;
            }
        }
        cur.push(match self.consume() {
            "true" => Node::Bool(true),
            "false" => Node::Bool(false),
            v => Node::Ident(v.to_string()),
        });
    }

    fn number(&mut self, cur: &mut Vec<Node>) -> Result<(), String> {
        if matches!(self.peek(), Some('+' | '-')) {
            self.next();
        }
        loop {
            match self.next() {
                Some(c) if c == '.' || is_digit(c) => {}
                _ => {
                    self.backup();
                    break;
                }
            }
        }
        let v = self.consume();
        if let Ok(i) = v.parse::<i64>() {
            cur.push(Node::Int(i));
        } else if let Some(f) = parse_float(v) {
            cur.push(Node::Float(f));
        } else {
            return Err(format!("cannot parse number {v}"));
        }
        Ok(())
    }

    fn array(&mut self, cur: &mut Vec<Node>) -> Result<(), String> {
        loop {
            match self.next() {
                None | Some('\n') => return Err("unterminated array".into()),
                Some(']') => break,
                _ => {}
            }
        }
        let raw = self.consume();
        let mut text = raw.strip_prefix('[').and_then(|t| t.strip_suffix(']')).unwrap_or("");
        if text == "*" {
            text = ":";
        }
        if text.contains(',') {
            let mut union = Vec::new();
            for s in text.split(',') {
                union.push(sub_action(&format!("[{}]", s.trim_matches(' ')), self.depth)?);
            }
            cur.push(Node::Union(union));
            return Ok(());
        }
        // dictKeyRex `^'([^']*)'$`
        if let Some(key) = text.strip_prefix('\'').and_then(|t| t.strip_suffix('\'')).filter(|k| !k.contains('\'')) {
            cur.extend(sub_action(&format!(".{key}"), self.depth)?);
            return Ok(());
        }
        cur.push(Node::Array(slice_params(text)?));
        Ok(())
    }

    fn filter(&mut self, cur: &mut Vec<Node>) -> Result<(), String> {
        self.pos += 3;
        self.consume();
        let (mut begin, mut end, mut pair) = (false, false, '"');
        loop {
            match self.next() {
                None | Some('\n') => return Err("unterminated filter".into()),
                Some(r @ ('"' | '\'')) => {
                    if !begin {
                        begin = true;
                        pair = r;
                        continue;
                    }
                    if !self.escaped() && r == pair {
                        end = true;
                    }
                }
                Some(')') if begin == end => break,
                _ => {}
            }
        }
        if self.next() != Some(']') {
            return Err("unclosed array expect ]".into());
        }
        let raw = self.consume();
        let text = raw.strip_suffix(")]").unwrap_or(raw);
        let f = match split_filter(text) {
            None => Filter { left: sub_action(text, self.depth)?, right: Vec::new(), op: "exists".into() },
            Some((l, op, r)) => {
                Filter { left: sub_action(l, self.depth)?, right: sub_action(r, self.depth)?, op: op.into() }
            }
        };
        cur.push(Node::Filter(Box::new(f)));
        Ok(())
    }

    fn quote(&mut self, cur: &mut Vec<Node>, end: char) -> Result<(), String> {
        loop {
            match self.next() {
                None | Some('\n') => return Err("unterminated quoted string".into()),
                Some(c) if c == end && !self.escaped() => break,
                _ => {}
            }
        }
        let v = self.consume();
        let s = unquote_extend(v).ok_or_else(|| format!("unquote string {v} error invalid syntax"))?;
        cur.push(Node::Text(s));
        Ok(())
    }

    fn field(&mut self, cur: &mut Vec<Node>) {
        self.consume();
        // advance: scan to the next non-escaped terminator
        loop {
            let c = self.next();
            if c == Some('\\') {
                self.next();
            } else if is_terminator(c) {
                self.backup();
                break;
            }
        }
        cur.push(match self.consume() {
            "*" => Node::Wildcard,
            v => Node::Field(v.replace('\\', "")),
        });
    }
}

/// strconv.ParseFloat for what parseNumber collects (`[+-]?[digits.]*`): at least one ASCII digit,
/// at most one '.'. Parsed by serde_json (already linked) after rewriting into JSON number syntax.
fn parse_float(v: &str) -> Option<f64> {
    let (neg, body) = match v.strip_prefix(['+', '-']) {
        Some(b) => (v.starts_with('-'), b),
        None => (false, v),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.len() + frac.len() == 0 || !digits(int) || !digits(frac) {
        return None;
    }
    let int = int.trim_start_matches('0');
    let json = format!(
        "{}{}{}{frac}",
        if neg { "-" } else { "" },
        if int.is_empty() { "0" } else { int },
        if frac.is_empty() { "" } else { "." }
    );
    serde_json::from_str::<f64>(&json).ok().filter(|f| f.is_finite())
}

/// The filter regexp `^([^!<>=]+)([!<>=]+)(.+?)$`.
fn split_filter(t: &str) -> Option<(&str, &str, &str)> {
    let is_op = |c: char| matches!(c, '!' | '<' | '>' | '=');
    let g1 = t.find(is_op)?;
    let rest = t.get(g1..)?;
    let run = rest.find(|c| !is_op(c)).unwrap_or(rest.len());
    let g2 = if run < rest.len() { run } else { run - 1 };
    if g1 == 0 || g2 == 0 {
        return None;
    }
    Some((t.get(..g1)?, rest.get(..g2)?, rest.get(g2..)?))
}

/// sliceOperatorRex `^(-?[\d]*)(:-?[\d]*)?(:-?[\d]*)?$` plus parseArray's parameter logic.
fn slice_params(text: &str) -> Result<[Param; 3], String> {
    fn num(s: &str) -> usize {
        let b = s.as_bytes();
        let mut i = usize::from(b.first() == Some(&b'-'));
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        i
    }
    let n = num(text);
    let mut groups = [(true, text.get(..n).unwrap_or("")), (false, ""), (false, "")];
    let mut rest = text.get(n..).unwrap_or("");
    for g in groups.iter_mut().skip(1) {
        if let Some(r) = rest.strip_prefix(':') {
            let n = num(r);
            *g = (true, r.get(..n).unwrap_or(""));
            rest = r.get(n..).unwrap_or("");
        }
    }
    if !rest.is_empty() {
        return Err(format!("invalid array index {text}"));
    }
    let mut params = [Param { value: 0, known: false, derived: false }; 3];
    let mut first = 0i64;
    for (i, ((present, v), p)) in groups.iter().zip(params.iter_mut()).enumerate() {
        let present = if i == 0 { !v.is_empty() } else { *present };
        if present && !(i > 0 && v.is_empty()) {
            p.known = true;
            p.value = v.parse().map_err(|_| format!("array index {v} is not a number"))?;
        } else if !present && i == 1 {
            *p = Param { value: first.wrapping_add(1), known: true, derived: true };
        }
        if i == 0 {
            first = p.value;
        }
    }
    Ok(params)
}

/// UnquoteExtend: strconv.Unquote that also accepts single quotes. None = ErrSyntax.
fn unquote_extend(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let quote = *b.first()?;
    if b.len() < 2 || b.last() != Some(&quote) || (quote != b'"' && quote != b'\'') {
        return None;
    }
    let inner = s.get(1..s.len() - 1)?;
    if !inner.contains('\\') && !inner.bytes().any(|c| c == quote) {
        return Some(inner.to_string());
    }
    let mut buf: Vec<u8> = Vec::with_capacity(inner.len());
    let mut rest = inner;
    while let Some(c) = rest.chars().next() {
        // strconv.UnquoteChar
        rest = rest.get(c.len_utf8()..)?;
        if c as u32 == u32::from(quote) {
            return None;
        }
        if c != '\\' {
            let mut tmp = [0u8; 4];
            buf.extend_from_slice(c.encode_utf8(&mut tmp).as_bytes());
            continue;
        }
        let e = rest.bytes().next()?;
        rest = rest.get(1..)?;
        match e {
            b'a' => buf.push(7),
            b'b' => buf.push(8),
            b'f' => buf.push(12),
            b'n' => buf.push(b'\n'),
            b'r' => buf.push(b'\r'),
            b't' => buf.push(b'\t'),
            b'v' => buf.push(11),
            b'\\' => buf.push(b'\\'),
            b'\'' | b'"' if e == quote => buf.push(e),
            b'x' | b'u' | b'U' => {
                let n = match e {
                    b'x' => 2,
                    b'u' => 4,
                    _ => 8,
                };
                let hex = rest.get(..n)?;
                let v = u32::from_str_radix(hex, 16).ok().filter(|_| hex.bytes().all(|h| h.is_ascii_hexdigit()))?;
                rest = rest.get(n..)?;
                if e == b'x' {
                    buf.push(u8::try_from(v).ok()?);
                } else {
                    let ch = char::from_u32(v)?;
                    let mut tmp = [0u8; 4];
                    buf.extend_from_slice(ch.encode_utf8(&mut tmp).as_bytes());
                }
            }
            b'0'..=b'7' => {
                let oct = rest.get(..2)?;
                let mut v = u32::from(e - b'0');
                for d in oct.bytes() {
                    if !(b'0'..=b'7').contains(&d) {
                        return None;
                    }
                    v = v << 3 | u32::from(d - b'0');
                }
                rest = rest.get(2..)?;
                buf.push(u8::try_from(v).ok()?);
            }
            _ => return None,
        }
    }
    // Go strings may hold invalid UTF-8 (from \x or octal escapes); ours cannot.
    Some(String::from_utf8_lossy(&buf).into_owned())
}

// ---------------------------------------------------------------- evaluation (jsonpath.go)

/// A Go `reflect.Value` as the evaluator sees it.
#[derive(Debug, Clone, Copy)]
enum Val<'a> {
    /// The zero reflect.Value (`reflect.ValueOf(nil)`: a null root or null range element).
    Invalid,
    /// A JSON value; `Null` here is a nil `interface {}` held in a map or slice.
    J(&'a Value),
    /// Template literals: string, int, float64, bool.
    Str(&'a str),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// A byte of a string (`*` and `..` index strings).
    Byte(u8),
}

type Res<'a> = Result<Vec<Val<'a>>, (Vec<Val<'a>>, String)>;

struct Ex<'a> {
    root: &'a [Node],
    allow: bool,
    begin: i64,
    in_range: i64,
    end: i64,
    /// Absolute index (into `root`) of the most recent `{end}` (Go keeps `&nodes[i]`).
    last_end: Option<usize>,
    budget: usize,
    over: bool,
}

fn err<'a, T>(keep: Vec<Val<'a>>, msg: impl Into<String>) -> Result<T, (Vec<Val<'a>>, String)> {
    Err((keep, msg.into()))
}

/// What `Value.Interface()` hands to a nested FindResults: a nil interface becomes the zero Value.
fn unwrap_iface(v: Val<'_>) -> Val<'_> {
    match v {
        Val::J(Value::Null) => Val::Invalid,
        v => v,
    }
}

/// The elements `*` and `..` visit: map values (sorted keys; Go's order is random), slice
/// elements, string bytes.
fn children<'a>(v: Val<'a>, out: &mut Vec<Val<'a>>) {
    match v {
        Val::J(Value::Object(m)) => out.extend(m.values().map(Val::J)),
        Val::J(Value::Array(a)) => out.extend(a.iter().map(Val::J)),
        Val::J(Value::String(s)) => out.extend(s.bytes().map(Val::Byte)),
        Val::Str(s) => out.extend(s.bytes().map(Val::Byte)),
        _ => {}
    }
}

impl<'a> Ex<'a> {
    fn spend(&mut self, n: usize) -> bool {
        match self.budget.checked_sub(n) {
            Some(b) => {
                self.budget = b;
                true
            }
            None => {
                self.over = true;
                false
            }
        }
    }

    fn find_results(&mut self, data: Val<'a>, offset: usize, depth: u32) -> Result<Vec<Vec<Val<'a>>>, String> {
        if depth > MAX_RANGE_DEPTH {
            return Err("jsonpath range nesting too deep".into());
        }
        let root = self.root;
        let nodes = root.get(offset..).unwrap_or(&[]);
        let mut full = Vec::new();
        let mut i = 0;
        while let Some(node) = nodes.get(i) {
            let results = self.walk(vec![data], node).map_err(|(_, e)| e)?;
            if self.over {
                return Err(LIMIT_MSG.into());
            }
            // encounter an end node, break the current block
            if self.end > 0 && self.end <= self.in_range {
                self.end -= 1;
                self.last_end = Some(offset + i);
                break;
            }
            // encounter a range node, start a range loop
            if self.begin > 0 {
                self.begin -= 1;
                self.in_range += 1;
                if results.is_empty() {
                    self.find_results(Val::Invalid, offset + i + 1, depth + 1)?;
                } else {
                    for v in results {
                        if matches!(v, Val::Invalid) {
                            return Err("reflect: call of reflect.Value.Interface on zero Value".into());
                        }
                        full.extend(self.find_results(unwrap_iface(v), offset + i + 1, depth + 1)?);
                    }
                }
                self.in_range -= 1;
                // fast forward to resume after the most recent end node
                if let Some(k) = (i + 1..nodes.len()).find(|k| Some(offset + k) == self.last_end) {
                    i = k;
                }
                i += 1;
                continue;
            }
            full.push(results);
            i += 1;
        }
        Ok(full)
    }

    fn walk(&mut self, input: Vec<Val<'a>>, node: &'a Node) -> Res<'a> {
        if !self.spend(1 + input.len()) {
            return err(Vec::new(), LIMIT_MSG);
        }
        let n = input.len();
        match node {
            Node::List(nodes) => self.eval_list(input, nodes),
            Node::Text(s) => Ok(vec![Val::Str(s)]),
            Node::Field(name) => self.eval_field(input, name),
            Node::Array(params) => eval_array(input, params),
            Node::Filter(f) => self.eval_filter(input, f),
            Node::Int(i) => Ok(vec![Val::Int(*i); n]),
            Node::Float(f) => Ok(vec![Val::Float(*f); n]),
            Node::Bool(b) => Ok(vec![Val::Bool(*b); n]),
            Node::Wildcard => {
                let mut out = Vec::new();
                for v in input {
                    children(v, &mut out);
                }
                Ok(out)
            }
            Node::Recursive => self.eval_recursive(input),
            Node::Union(lists) => {
                let mut out = Vec::new();
                for l in lists {
                    match self.eval_list(input.clone(), l) {
                        Ok(v) => out.extend(v),
                        Err((_, e)) => return err(input, e),
                    }
                }
                Ok(out)
            }
            Node::Ident(name) => match name.as_str() {
                "range" => {
                    self.begin += 1;
                    Ok(input)
                }
                "end" if self.in_range > 0 => {
                    self.end += 1;
                    Ok(Vec::new())
                }
                "end" => err(Vec::new(), "not in range, nothing to end"),
                _ => err(input, format!("unrecognized identifier {name}")),
            },
        }
    }

    fn eval_list(&mut self, input: Vec<Val<'a>>, nodes: &'a [Node]) -> Res<'a> {
        let mut cur = input;
        for n in nodes {
            cur = self.walk(cur, n)?;
        }
        Ok(cur)
    }

    fn eval_field(&mut self, input: Vec<Val<'a>>, name: &str) -> Res<'a> {
        if input.is_empty() {
            return Ok(input);
        }
        let found: Vec<Val<'a>> = input
            .iter()
            .filter_map(|v| match v {
                Val::J(Value::Object(m)) => m.get(name).map(Val::J),
                _ => None,
            })
            .collect();
        if found.is_empty() && !self.allow {
            return err(found, format!("{name} is not found"));
        }
        Ok(found)
    }

    fn eval_recursive(&mut self, input: Vec<Val<'a>>) -> Res<'a> {
        // Pre-order walk of every value that has children (Go: evalRecursive), iteratively.
        let mut out = Vec::new();
        let mut stack: Vec<Val<'a>> = input.into_iter().rev().collect();
        let mut kids = Vec::new();
        while let Some(v) = stack.pop() {
            kids.clear();
            children(v, &mut kids);
            if kids.is_empty() {
                continue;
            }
            if !self.spend(kids.len()) {
                return err(Vec::new(), LIMIT_MSG);
            }
            out.push(v);
            stack.extend(kids.drain(..).rev().filter(|k| !matches!(k, Val::Byte(_))));
        }
        Ok(out)
    }

    fn eval_filter(&mut self, input: Vec<Val<'a>>, f: &'a Filter) -> Res<'a> {
        let mut results = Vec::new();
        for v in &input {
            let arr = match v {
                Val::J(Value::Array(a)) => a,
                v => {
                    let msg = format!("{} is not array or slice and cannot be filtered", go_v_val(*v));
                    return err(input, msg);
                }
            };
            for e in arr {
                let lefts = self.eval_list(vec![Val::J(e)], &f.left);
                if f.op == "exists" {
                    if !lefts.unwrap_or_else(|(partial, _)| partial).is_empty() {
                        results.push(Val::J(e));
                    }
                    continue;
                }
                let left = match lefts {
                    Err((_, m)) => return err(input, m),
                    Ok(l) => match l.as_slice() {
                        [] => continue,
                        [x] => *x,
                        _ => return err(input, "can only compare one element at a time"),
                    },
                };
                let right = match self.eval_list(vec![Val::J(e)], &f.right) {
                    Err((_, m)) => return err(input, m),
                    Ok(r) => match r.as_slice() {
                        [] => continue,
                        [x] => *x,
                        _ => return err(input, "can only compare one element at a time"),
                    },
                };
                let pass = match f.op.as_str() {
                    "<" => less(left, right),
                    ">" => less_equal(left, right).map(|b| !b),
                    "==" => equal(left, right),
                    "!=" => equal(left, right).map(|b| !b),
                    "<=" => less_equal(left, right),
                    ">=" => less(left, right).map(|b| !b),
                    op => return err(results, format!("unrecognized filter operator {op}")),
                };
                match pass {
                    Ok(true) => results.push(Val::J(e)),
                    Ok(false) => {}
                    Err(m) => return err(results, m),
                }
            }
        }
        Ok(results)
    }
}

fn eval_array<'a>(input: Vec<Val<'a>>, params: &[Param; 3]) -> Res<'a> {
    let mut result = Vec::new();
    for v in &input {
        let arr = match v {
            Val::J(Value::Null) => continue,
            Val::J(Value::Array(a)) => a,
            Val::Invalid => return err(input, "reflect: call of reflect.Value.Type on zero Value"),
            v => {
                let msg = format!("{} is not array or slice", go_type(*v));
                return err(input, msg);
            }
        };
        let len = i64::try_from(arr.len()).unwrap_or(i64::MAX);
        let mut p = *params;
        if !p[0].known {
            p[0].value = 0;
        }
        if p[0].value < 0 {
            p[0].value = p[0].value.wrapping_add(len);
        }
        if !p[1].known {
            p[1].value = len;
        }
        if p[1].value < 0 || (p[1].value == 0 && p[1].derived) {
            p[1].value = p[1].value.wrapping_add(len);
        }
        let (start, end) = (p[0].value, p[1].value);
        if start == end {
            // "if you're requesting zero elements, allow it through" (and stop here, as Go does)
            return Ok(result);
        }
        if start >= len || start < 0 {
            return err(input, format!("array index out of bounds: index {start}, length {len}"));
        }
        if end > len || end < 0 {
            let i = end.wrapping_sub(1);
            return err(input, format!("array index out of bounds: index {i}, length {len}"));
        }
        if start > end {
            return err(input, format!("starting index {start} is greater than ending index {end}"));
        }
        let step = if p[2].known {
            if p[2].value <= 0 {
                return err(input, "step must be > 0");
            }
            usize::try_from(p[2].value).unwrap_or(usize::MAX)
        } else {
            1
        };
        let (s, e) = (usize::try_from(start).unwrap_or(0), usize::try_from(end).unwrap_or(0));
        let slice = arr.get(s..e).unwrap_or(&[]);
        result.extend(slice.iter().step_by(step).map(Val::J));
    }
    Ok(result)
}

// ---------------------------------------------------------------- comparisons (template/funcs.go)

#[derive(Clone, Copy)]
enum Kind<'a> {
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str(&'a str),
}

const BAD_TYPE: &str = "invalid type for comparison";
const BAD_CMP: &str = "incompatible types for comparison";

fn kind<'a>(v: Val<'a>) -> Result<Kind<'a>, String> {
    Ok(match v {
        Val::J(&Value::Bool(b)) | Val::Bool(b) => Kind::Bool(b),
        Val::Int(i) => Kind::Int(i),
        Val::Float(f) => Kind::Float(f),
        Val::Byte(b) => Kind::Uint(u64::from(b)),
        Val::Str(s) => Kind::Str(s),
        Val::J(Value::String(s)) => Kind::Str(s),
        Val::J(Value::Number(n)) => match n.as_i64() {
            Some(i) => Kind::Int(i),
            None => Kind::Float(n.as_f64().unwrap_or(0.0)),
        },
        _ => return Err(BAD_TYPE.into()),
    })
}

fn equal(a: Val<'_>, b: Val<'_>) -> Result<bool, String> {
    Ok(match (kind(a)?, kind(b)?) {
        (Kind::Bool(x), Kind::Bool(y)) => x == y,
        (Kind::Int(x), Kind::Int(y)) => x == y,
        (Kind::Uint(x), Kind::Uint(y)) => x == y,
        (Kind::Float(x), Kind::Float(y)) => x == y,
        (Kind::Str(x), Kind::Str(y)) => x == y,
        (Kind::Int(x), Kind::Uint(y)) | (Kind::Uint(y), Kind::Int(x)) => u64::try_from(x) == Ok(y),
        _ => return Err(BAD_CMP.into()),
    })
}

fn less(a: Val<'_>, b: Val<'_>) -> Result<bool, String> {
    Ok(match (kind(a)?, kind(b)?) {
        (Kind::Bool(_), Kind::Bool(_)) => return Err(BAD_TYPE.into()),
        (Kind::Int(x), Kind::Int(y)) => x < y,
        (Kind::Uint(x), Kind::Uint(y)) => x < y,
        (Kind::Float(x), Kind::Float(y)) => x < y,
        (Kind::Str(x), Kind::Str(y)) => x < y,
        (Kind::Int(x), Kind::Uint(y)) => u64::try_from(x).map_or(true, |x| x < y),
        (Kind::Uint(x), Kind::Int(y)) => u64::try_from(y).is_ok_and(|y| x < y),
        _ => return Err(BAD_CMP.into()),
    })
}

fn less_equal(a: Val<'_>, b: Val<'_>) -> Result<bool, String> {
    Ok(less(a, b)? || equal(a, b)?)
}

// ---------------------------------------------------------------- printing (PrintResults)

/// PrintResults: one result list, values joined by single spaces. False = output cap reached.
fn print_results(out: &mut String, results: &[Val<'_>]) -> bool {
    for (i, r) in results.iter().enumerate() {
        if out.len() > MAX_OUTPUT {
            return false;
        }
        if i > 0 {
            out.push(' ');
        }
        match r {
            Val::J(v @ (Value::Object(_) | Value::Array(_))) => json(out, v, 0),
            Val::J(Value::String(s)) => out.push_str(s),
            Val::Str(s) => out.push_str(s),
            Val::J(Value::Null) => out.push_str("null"),
            Val::Invalid => out.push_str("<no value>"),
            v => out.push_str(&go_v_val(*v)),
        }
    }
    out.len() <= MAX_OUTPUT
}

/// Go `%v` of a number: int64 as is, float64 in strconv 'g' shortest form (`1`, `2.2`, `1e+06`).
fn go_num(n: &serde_json::Number) -> String {
    match n.as_i64() {
        Some(i) => i.to_string(),
        None => crate::gofmt::float(n.as_f64().unwrap_or(0.0), false),
    }
}

/// Go's `json.Marshal` of an unstructured value, as a string (compact, keys sorted,
/// `<`, `>`, `&` escaped): what kubectl writes into last-applied-configuration.
pub fn go_json(v: &Value) -> String {
    let mut s = String::new();
    json(&mut s, v, 0);
    s
}

/// `json.Marshal` of an unstructured value: compact, keys sorted, HTML-escaped strings.
fn json(out: &mut String, v: &Value, depth: u32) {
    if depth > MAX_VALUE_DEPTH {
        out.push_str("null");
        return;
    }
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => match n.as_i64() {
            Some(i) => out.push_str(&i.to_string()),
            None => out.push_str(&crate::gofmt::float(n.as_f64().unwrap_or(0.0), true)),
        },
        Value::String(s) => crate::gofmt::json_string(out, s),
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json(out, x, depth + 1);
            }
            out.push(']');
        }
        Value::Object(m) => {
            out.push('{');
            for (i, (k, x)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                crate::gofmt::json_string(out, k);
                out.push(':');
                json(out, x, depth + 1);
            }
            out.push('}');
        }
    }
}

// ---------------------------------------------------------------- Go fmt (%v, %#v, %q, %#U)

/// Go `reflect.Value.Type()` names, as in "map[string]interface {} is not array or slice".
fn go_type(v: Val<'_>) -> &'static str {
    match v {
        Val::J(Value::Object(_)) => "map[string]interface {}",
        Val::J(Value::Array(_)) => "[]interface {}",
        Val::J(Value::String(_)) | Val::Str(_) => "string",
        Val::J(Value::Number(n)) if n.is_i64() => "int64",
        Val::J(Value::Number(_)) | Val::Float(_) => "float64",
        Val::J(Value::Bool(_)) | Val::Bool(_) => "bool",
        Val::Int(_) => "int",
        Val::Byte(_) => "uint8",
        Val::J(Value::Null) => "interface {}",
        Val::Invalid => "<nil>",
    }
}

/// Go `%v` of a reflect.Value (fmt prints the value it holds).
fn go_v_val(v: Val<'_>) -> String {
    match v {
        Val::Invalid => "<invalid reflect.Value>".into(),
        Val::J(j) => {
            let mut s = String::new();
            go_v(&mut s, j, 0);
            s
        }
        Val::Str(s) => s.into(),
        Val::Int(i) => i.to_string(),
        Val::Float(f) => crate::gofmt::float(f, false),
        Val::Bool(b) => b.to_string(),
        Val::Byte(b) => b.to_string(),
    }
}

fn go_v(out: &mut String, v: &Value, depth: u32) {
    if depth > MAX_VALUE_DEPTH {
        out.push_str("...");
        return;
    }
    match v {
        Value::Null => out.push_str("<nil>"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&go_num(n)),
        Value::String(s) => out.push_str(s),
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                go_v(out, x, depth + 1);
            }
            out.push(']');
        }
        Value::Object(m) => {
            out.push_str("map[");
            for (i, (k, x)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(k);
                out.push(':');
                go_v(out, x, depth + 1);
            }
            out.push(']');
        }
    }
}

/// Go's fmt `%#v` of a JSON value decoded as kubectl's unstructured content
/// (`map[string]interface {}`, `[]interface {}`, int64, float64, string, bool, nil), e.g.
/// `map[string]interface {}{"apiVersion":"v1", "items":[]interface {}{}, "kind":"List"}`.
pub fn go_sharp_v(v: &Value) -> String {
    let mut s = String::new();
    match v {
        Value::Null => s.push_str("<nil>"),
        v => sharp(&mut s, v, 0),
    }
    s
}

fn sharp(out: &mut String, v: &Value, depth: u32) {
    if depth > MAX_VALUE_DEPTH {
        out.push_str("...");
        return;
    }
    match v {
        Value::Null => out.push_str("interface {}(nil)"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&go_num(n)),
        Value::String(s) => out.push_str(&go_quote(s)),
        Value::Array(a) => {
            out.push_str("[]interface {}{");
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                sharp(out, x, depth + 1);
            }
            out.push('}');
        }
        Value::Object(m) => sharp_map(out, m, depth),
    }
}

fn sharp_map(out: &mut String, m: &Map<String, Value>, depth: u32) {
    out.push_str("map[string]interface {}{");
    for (i, (k, x)) in m.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(&go_quote(k));
        out.push(':');
        sharp(out, x, depth + 1);
    }
    out.push('}');
}

/// unicode.IsPrint, approximated: controls, separators other than ' ', format characters,
/// private use and non-characters are not printable; unassigned code points are treated as printable.
fn is_print(c: char) -> bool {
    !matches!(c as u32,
        0..=0x1f | 0x7f..=0xa0 | 0xad | 0x600..=0x605 | 0x61c | 0x6dd | 0x70f | 0x180e | 0x1680
        | 0x2000..=0x200f | 0x2028..=0x202f | 0x205f..=0x206f | 0x3000 | 0xe000..=0xf8ff
        | 0xfeff | 0xfff9..=0xfffb | 0xfffe | 0xffff | 0xe0001 | 0xe0020..=0xe007f | 0xf0000..)
}

/// strconv.Quote (Go `%q` / `%#v` of a string).
fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if is_print(c) => out.push(c),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if c < ' ' || c == '\u{7f}' => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if (c as u32) < 0x10000 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\U{:08x}", c as u32);
            }
        }
    }
    out.push('"');
    out
}

/// Go `%#U`: `U+002A '*'`.
fn sharp_u(c: char) -> String {
    if is_print(c) {
        format!("U+{:04X} '{c}'", c as u32)
    } else {
        format!("U+{:04X}", c as u32)
    }
}

// ---------------------------------------------------------------- tests

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;
    use serde_json::json;
    use sim::rng::Rng;

    fn run(t: &str, data: &Value) -> Result<String, String> {
        JsonPath::parse(t)?.execute(data)
    }

    #[test]
    fn go_float_formats() {
        let cases = [
            (1.0, "1", "1"),
            (2.2, "2.2", "2.2"),
            (1e6, "1e+06", "1000000"),
            (123456.0, "123456", "123456"),
            (1234567.0, "1.234567e+06", "1234567"),
            (1e-5, "1e-05", "0.00001"),
            (1e-7, "1e-07", "1e-7"),
            (0.0001, "0.0001", "0.0001"),
            (1e21, "1e+21", "1e+21"),
            (1e20, "1e+20", "100000000000000000000"),
            (-2.5, "-2.5", "-2.5"),
            (1.5e300, "1.5e+300", "1.5e+300"),
            (0.0, "0", "0"),
        ];
        for (f, g, j) in cases {
            assert_eq!(crate::gofmt::float(f, false), g, "{f} %v");
            assert_eq!(crate::gofmt::float(f, true), j, "{f} json");
        }
    }

    #[test]
    fn parse_float_like_go() {
        for (v, want) in [("1.", Some(1.0)), (".5", Some(0.5)), ("+.5", Some(0.5)), ("-007.50", Some(-7.5))] {
            assert_eq!(parse_float(v), want, "{v}");
        }
        for v in ["", ".", "+", "-.", "1.2.3", "\u{663}", "1e5"] {
            assert_eq!(parse_float(v), None, "{v}");
        }
        assert_eq!(parse_float("99999999999999999999"), Some(1e20));
        assert_eq!(parse_float(&"9".repeat(400)), None);
    }

    #[test]
    fn parse_errors() {
        // client-go parser_test.go TestFailParser, plus texts confirmed against kubectl v1.33
        let cases = [
            ("{.hello", "unclosed action"),
            ("{*}", "unrecognized character in action: U+002A '*'"),
            ("{+12.3.0}", "cannot parse number +12.3.0"),
            ("{[1}", "unterminated array"),
            ("{[?(.price]}", "unterminated filter"),
            ("{........}", "invalid multiple recursive descent"),
            ("{\t}", "unrecognized character in action: U+0009"),
            ("{²}", "unrecognized character in action: U+00B2 '²'"),
            ("{\"\\q\"}", "unquote string \"\\q\" error invalid syntax"),
            ("{\"a}", "unterminated quoted string"),
            ("{.a[1:2:3:4]}", "invalid array index 1:2:3:4"),
            ("{.a[ 1 ]}", "invalid array index  1 "),
            ("{.a[-]}", "array index - is not a number"),
            ("{+}", "cannot parse number +"),
            ("{[?(@.q==)]}", "unrecognized character in action: U+003D '='"),
            ("{[?(@.q=~2)]}", "unrecognized character in action: U+007E '~'"),
            ("{[?(@.x)x]}", "unclosed array expect ]"),
            ("{\"a\\\\\" \"b\"}", "unquote string \"a\\\\\" \" error invalid syntax"),
        ];
        for (t, e) in cases {
            assert_eq!(JsonPath::parse(t).err().as_deref(), Some(e), "{t}");
        }
    }

    #[test]
    fn parse_trees() {
        // client-go parser_test.go TestParser (flattened like collectNode)
        fn flat(nodes: &[Node], out: &mut Vec<String>) {
            for n in nodes {
                match n {
                    Node::List(l) => {
                        out.push("List".into());
                        flat(l, out);
                    }
                    Node::Filter(f) => {
                        out.push(format!("Filter {}", f.op));
                        out.push("List".into());
                        flat(&f.left, out);
                        out.push("List".into());
                        flat(&f.right, out);
                    }
                    Node::Union(u) => {
                        out.push("Union".into());
                        for l in u {
                            out.push("List".into());
                            flat(l, out);
                        }
                    }
                    Node::Array(p) => out.push(format!("Array {:?}", p.map(|p| (p.value, p.known, p.derived)))),
                    n => out.push(format!("{n:?}")),
                }
            }
        }
        let cases: &[(&str, &str)] = &[
            ("hello jsonpath", r#"Text("hello jsonpath")"#),
            ("hello {.jsonpath}", r#"Text("hello ")|List|Field("jsonpath")"#),
            ("hello {['jsonpath']}", r#"Text("hello ")|List|Field("jsonpath")"#),
            (r#"{"{"}"#, r#"List|Text("{")"#),
            ("{[1:3]}", "List|Array [(1, true, false), (3, true, false), (0, false, false)]"),
            (
                "{.book[*].author}",
                r#"List|Field("book")|Array [(0, false, false), (0, false, false), (0, false, false)]|Field("author")"#,
            ),
            ("{.bicycle.*}", r#"List|Field("bicycle")|Wildcard"#),
            ("{[?(@.price<3)]}", r#"List|Filter <|List|Field("price")|List|Int(3)"#),
            ("{..}", "List|Recursive"),
            ("{..price}", r#"List|Recursive|Field("price")"#),
            ("{['book.price']}", r#"List|Field("book")|Field("price")"#),
            (
                "{['bicycle.price', 3, 'book.price']}",
                r#"List|Union|List|Field("bicycle")|Field("price")|List|Array [(3, true, false), (4, true, true), (0, false, false)]|List|Field("book")|Field("price")"#,
            ),
            (
                "{range .items}{.name},{end}",
                r#"List|Ident("range")|Field("items")|List|Field("name")|Text(",")|List|Ident("end")"#,
            ),
            (
                r#"{[?(@.status.nodeInfo.osImage == "()")]}"#,
                r#"List|Filter ==|List|Field("status")|Field("nodeInfo")|Field("osImage")|List|Text("()")"#,
            ),
            (
                r#"{[?(@.status.nodeInfo.osImage == "(\"\")")]}"#,
                r#"List|Filter ==|List|Field("status")|Field("nodeInfo")|Field("osImage")|List|Text("(\"\")")"#,
            ),
            (r#"{[?(@.test == "())(")]}"#, r#"List|Filter ==|List|Field("test")|List|Text("())(")"#),
            (
                r#"{[?(@.status.nodeInfo.osImage == 'Linux')]}"#,
                r#"List|Filter ==|List|Field("status")|Field("nodeInfo")|Field("osImage")|List|Text("Linux")"#,
            ),
            (
                r#"{[?(@.status.nodeInfo.osImage == "{[()]}")]}"#,
                r#"List|Filter ==|List|Field("status")|Field("nodeInfo")|Field("osImage")|List|Text("{[()]}")"#,
            ),
            (
                r#"{[?(@.status.nodeInfo.osImage == "''")]}"#,
                r#"List|Filter ==|List|Field("status")|Field("nodeInfo")|Field("osImage")|List|Text("''")"#,
            ),
            (
                r#"{[?(@.status.nodeInfo.osImage == '""')]}"#,
                r#"List|Filter ==|List|Field("status")|Field("nodeInfo")|Field("osImage")|List|Text("\"\"")"#,
            ),
            (
                r#"{[?(@.status.nodeInfo.osImage == '\\\'')]}"#,
                r#"List|Filter ==|List|Field("status")|Field("nodeInfo")|Field("osImage")|List|Text("\\'")"#,
            ),
            ("{[-5:]}", "List|Array [(-5, true, false), (0, false, false), (0, false, false)]"),
            ("{[-1]}", "List|Array [(-1, true, false), (0, true, true), (0, false, false)]"),
            ("{[1:-1]}", "List|Array [(1, true, false), (-1, true, false), (0, false, false)]"),
            (r"{.a\.b\\c}", r#"List|Field("a.bc")"#),
            ("{1.50 true x}", r#"List|Float(1.5)|Bool(true)|Ident("x")"#),
        ];
        for (t, want) in cases {
            let mut got = Vec::new();
            flat(&JsonPath::parse(t).unwrap().root, &mut got);
            assert_eq!(got.join("|"), *want, "{t}");
        }
        assert!(JsonPath::parse(r"{\\\}").is_err());
    }

    #[test]
    fn semantics_checked_against_kubectl() {
        let obj = json!({"metadata": {"name": "web", "labels": {"x": "y"}},
            "extra": {"arr": [1, "s", true, null, {"q": 2.0}], "nul": null, "big": 1000000.0,
                      "s": "é\u{7}\u{2028}<&>\u{8}\u{c}"}});
        let ok = |t: &str, want: &str| {
            let jp = JsonPath::parse(t).unwrap().allow_missing_keys(true);
            assert_eq!(jp.execute(&obj).as_deref(), Ok(want), "{t}");
        };
        ok("{.}", "");
        ok("{ }", &{
            let mut s = String::new();
            json(&mut s, &obj, 0);
            s
        });
        ok("{.extra.arr}", r#"[1,"s",true,null,{"q":2}]"#);
        ok("{.extra.s}", "é\u{7}\u{2028}<&>\u{8}\u{c}");
        ok(
            "{.extra}",
            r#"{"arr":[1,"s",true,null,{"q":2}],"big":1000000,"nul":null,"s":"é\u0007\u2028\u003c\u0026\u003e\b\f"}"#,
        );
        ok("{.extra.big} {.extra.nul}", "1e+06 null");
        ok("{.metadata.name.*}", "119 101 98");
        ok("{range .extra.arr[*]}[{@}]{end}", r#"[1][s][true][<no value>][{"q":2}]"#);
        ok("{range .extra.nul}[{@}]{end}", "[<no value>]");
        ok("{.extra.arr[?(@.q==2.0)]}", r#"{"q":2}"#);
        ok("{.extra.arr[?(@.q~2)]}", "");
        ok("{.extra.arr[?(@.q=)]}", "");
        ok("{.extra.arr[]}", "1");
        ok("{99999999999999999999}", "1e+20");
        ok("{1.50}", "1.5");
        ok(r#"{"\x41\101\u00e9"}"#, "AAé");
        ok(r#"{'a"b'}"#, "a\"b");
        ok("{range}", "");
        ok("{..a..b}", "");
        ok("{.items[0].metadata.name}", "");
        let fail = |t: &str, want: &str| {
            let jp = JsonPath::parse(t).unwrap().allow_missing_keys(true);
            assert_eq!(jp.execute(&obj).err().as_deref(), Some(want), "{t}");
        };
        fail("{.metadata[0]}", "map[string]interface {} is not array or slice");
        fail("{.metadata.name[0]}", "string is not array or slice");
        fail("{.metadata[?(@.x)]}", "map[labels:map[x:y] name:web] is not array or slice and cannot be filtered");
        fail("{.extra.nul[?(@.x)]}", "<nil> is not array or slice and cannot be filtered");
        fail(
            "{range .extra.nul}{[?(@.x)]}{end}",
            "<invalid reflect.Value> is not array or slice and cannot be filtered",
        );
        fail("{.extra.arr[?(@==1)]}", "incompatible types for comparison");
        fail("{end}", "not in range, nothing to end");
        fail("{.extra.arr[-1:0]}", "starting index 4 is greater than ending index 0");
        fail("{.extra.arr[0:2:0]}", "step must be > 0");
        fail("{['a b']}", "unrecognized identifier b");
        fail("{é}", "unrecognized identifier é");
    }

    #[test]
    fn range_without_end_reprocesses_at_top_level() {
        let obj = json!({"a": [1, 2]});
        assert_eq!(run("{range .a[*]}{@}{\",\"}", &obj).unwrap(), r#"1,2,{"a":[1,2]},"#);
    }

    #[test]
    fn exists_filter_keeps_partial_results_of_errors() {
        // evalArray returns its input with the error; the exists check only counts results.
        let obj = json!([{"a": [1]}, {"b": 1}]);
        assert_eq!(run("{[?(@.a[5])].a}", &obj).unwrap(), "[1]");
    }

    #[test]
    fn comparisons() {
        let obj = json!([{"n": 1, "s": "b", "f": 1.5, "t": true}, {"n": 3, "s": "a", "f": 0.5, "t": false}]);
        assert_eq!(run("{[?(@.n>=2)].s}", &obj).unwrap(), "a");
        assert_eq!(run("{[?(@.s<'b')].n}", &obj).unwrap(), "3");
        assert_eq!(run("{[?(@.f > 1.0)].n}", &obj).unwrap(), "1");
        assert_eq!(run("{[?(@.n != 1)].n}", &obj).unwrap(), "3");
        assert_eq!(run("{[?(@.t==false)].n}", &obj).unwrap(), "3");
        assert_eq!(run("{[?(@.t<true)].n}", &obj).unwrap_err(), "invalid type for comparison");
        assert_eq!(run("{[?(@.f>1)].n}", &obj).unwrap_err(), "incompatible types for comparison");
        assert_eq!(run("{[?(@.*>1)].n}", &obj).unwrap_err(), "can only compare one element at a time");
        assert_eq!(run("{[?(@.n<>1)].n}", &obj).unwrap_err(), "unrecognized filter operator <>");
        assert_eq!(run("{[?(@.s.*==98)].n}", &obj).unwrap(), "1");
    }

    #[test]
    fn find_results_as_fmt_sprint() {
        let obj = json!({"m": {"b": [1, null], "a": "x"}, "f": 1e6, "n": null, "l": [{"k": 1}, {"k": 2}]});
        let jp = JsonPath::parse("{.m}{.f}{.n}{.nope}{.l[*].k}").unwrap().allow_missing_keys(true);
        let want: Vec<Vec<String>> = vec![
            vec!["map[a:x b:[1 <nil>]]".into()],
            vec!["1e+06".into()],
            vec!["<nil>".into()],
            vec![],
            vec!["1".into(), "2".into()],
        ];
        assert_eq!(jp.find_results(&obj).unwrap(), want);
    }

    #[test]
    fn relaxed_forms() {
        assert_eq!(relaxed("metadata.name").unwrap(), "{.metadata.name}");
        assert_eq!(relaxed(".metadata.name").unwrap(), "{.metadata.name}");
        assert_eq!(relaxed("{metadata.name}").unwrap(), "{.metadata.name}");
        assert_eq!(relaxed("{.metadata.name}").unwrap(), "{.metadata.name}");
        assert_eq!(relaxed("{.}").unwrap(), "{..}");
        assert_eq!(relaxed(".").unwrap(), "{..}");
        assert_eq!(relaxed("").unwrap(), "");
        for bad in ["{}", "{a}b", "{{a}}", "a}"] {
            assert_eq!(
                relaxed(bad).unwrap_err(),
                "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'"
            );
        }
    }

    #[test]
    fn kubectl_wrapping() {
        let list = json!({"apiVersion": "v1", "items": [], "kind": "List", "metadata": {"resourceVersion": ""}});
        let t = "{.items[0].metadata.name}";
        assert_eq!(
            kubectl_jsonpath(t, &list, true).unwrap_err(),
            "error executing jsonpath \"{.items[0].metadata.name}\": Error executing template: array index out of bounds: index 0, length 0. Printing more information for debugging the template:\n\ttemplate was:\n\t\t{.items[0].metadata.name}\n\tobject given to jsonpath engine was:\n\t\tmap[string]interface {}{\"apiVersion\":\"v1\", \"items\":[]interface {}{}, \"kind\":\"List\", \"metadata\":map[string]interface {}{\"resourceVersion\":\"\"}}\n\n\n"
        );
        assert_eq!(kubectl_jsonpath("{.", &list, true).unwrap_err(), "error parsing jsonpath {., unclosed action");
        assert_eq!(kubectl_jsonpath("", &list, true).unwrap_err(), "template format specified but no template given");
        assert_eq!(kubectl_jsonpath("{.nope}", &list, true).unwrap(), "");
        assert!(kubectl_jsonpath("{.nope}", &list, false).unwrap_err().contains(": nope is not found. "));
        assert_eq!(kubectl_jsonpath("plain", &list, true).unwrap(), "plain");
        assert_eq!(go_quote("{\"\\n\"}\u{7}\u{2028}é"), r#""{\"\\n\"}\a\u2028é""#);
        assert_eq!(
            go_sharp_v(&json!({"a": [1, 1.5, 1e6, null, "x\ty"], "b": {}, "c": true})),
            r#"map[string]interface {}{"a":[]interface {}{1, 1.5, 1e+06, interface {}(nil), "x\ty"}, "b":map[string]interface {}{}, "c":true}"#
        );
        assert_eq!(go_sharp_v(&Value::Null), "<nil>");
    }

    fn random_json(r: &mut Rng, depth: u32) -> Value {
        match r.index(if depth > 3 { 5 } else { 8 }) {
            0 => Value::Null,
            1 => Value::Bool(r.index(2) == 0),
            2 => json!(r.index(7) as i64 - 3),
            3 => json!((r.index(100) as f64) / 8.0),
            4 => json!(["a", "xy", "", "é", "<&>", "1"][r.index(6)]),
            5 | 6 => {
                let mut m = Map::new();
                for _ in 0..r.index(4) {
                    let k = ["a", "b", "name", "x", "", "k.y"][r.index(6)];
                    m.insert(k.into(), random_json(r, depth + 1));
                }
                Value::Object(m)
            }
            _ => Value::Array((0..r.index(4)).map(|_| random_json(r, depth + 1)).collect()),
        }
    }

    #[test]
    fn fuzz_no_panic() {
        const TOKENS: &[&str] = &[
            "{",
            "}",
            ".",
            "..",
            "[",
            "]",
            "[*]",
            "[0]",
            "[-1]",
            "[1:]",
            "[::2]",
            "[0:-1:2]",
            "[?(",
            ")]",
            "@",
            "$",
            "range",
            "end",
            "{range .a[*]}",
            "{end}",
            "a",
            "b",
            "name",
            "*",
            ",",
            "'",
            "\"",
            "\\",
            "==",
            "<",
            ">=",
            "!=",
            " ",
            "1",
            "-2",
            "1.5",
            "true",
            "\n",
            "\t",
            "é",
            "(",
            ")",
            "x",
            "'a'",
            "\"\\x41\"",
            ":",
            "-",
            "+",
            "{.a}",
            "{..}",
            "{[?(@.a==1)]}",
            "{$}",
            "{@}",
            "\\.",
            "{['a','b']}",
            "{.*}",
            "~",
            "=",
            "\"\\u00e9\"",
        ];
        let mut r = Rng::new(0x9e37_79b9_7f4a_7c15);
        let datas: Vec<Value> = (0..40).map(|_| random_json(&mut r, 0)).collect();
        let mut parsed = 0;
        for _ in 0..6000 {
            let n = 1 + r.index(12);
            let t: String = (0..n).map(|_| TOKENS[r.index(TOKENS.len())]).collect();
            let _ = relaxed(&t);
            if let Ok(jp) = JsonPath::parse(&t) {
                parsed += 1;
                for _ in 0..3 {
                    let d = &datas[r.index(datas.len())];
                    let allow = r.index(2) == 0;
                    let _ = jp.clone().allow_missing_keys(allow).execute(d);
                    let _ = kubectl_jsonpath(&t, d, allow);
                }
            }
        }
        assert!(parsed > 500, "only {parsed} templates parsed");
        // random bytes too
        for _ in 0..3000 {
            let t: String = (0..r.index(20)).map(|_| char::from_u32(r.index(0x80) as u32).unwrap_or('?')).collect();
            if let Ok(jp) = JsonPath::parse(&t) {
                let _ = jp.execute(&datas[0]);
            }
        }
    }

    #[test]
    fn runaway_templates_are_bounded() {
        let mut deep = json!(1);
        for _ in 0..8 {
            deep = json!([deep.clone(), deep.clone(), deep.clone(), deep]);
        }
        let t = "{range ..}{range ..}{range ..}{..}{end}{end}{end}";
        let r = run(t, &deep);
        assert!(r.as_ref().err().map(String::as_str) == Some(LIMIT_MSG), "{:?}", r.map(|s| s.len()));
        let nested = "{range @}".repeat(200);
        assert!(run(&nested, &json!([1])).is_err());
        assert_eq!(
            JsonPath::parse("{............................................................Price}").unwrap_err(),
            "invalid multiple recursive descent"
        );
    }
}
