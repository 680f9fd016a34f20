//! Labels and label selectors as Kubernetes apimachinery does them: the selector parser
//! (`labels.Parse`), requirements and matching, `metav1.LabelSelector`, label/name
//! validation with the API server's exact messages, and kubectl's texts for a bad `-l`.
//!
//! Kubernetes 1.33 behaviour, as the simulated cluster (v1.33.1), read from
//! kubernetes/apimachinery v0.33.0: `pkg/labels/{selector,labels}.go`,
//! `pkg/util/validation/validation.go`, `pkg/apis/meta/v1/helpers.go`,
//! `pkg/apis/meta/v1/validation/validation.go`; parser errors checked against a real
//! kubectl v1.33.9 on 1,600 generated selectors (`kubectl get -f x.yaml -l SEL`, which
//! parses client-side) — all identical.
//!
//! Kubernetes 1.35+ (apimachinery `pkg/api/validate/content`) differs in three places, each
//! kept in one spot here: length messages say `bytes` instead of `characters`
//! ([`MAX_LEN_UNIT`]); a key with two `/` is "a valid label key" instead of "a qualified
//! name" ([`LABEL_KEY_NOUN`]); and the parser accepts a doubled comma before `)`
//! (`x in (a,,)`), which 1.33 rejects with "found ')', expected: ',', or identifier"
//! (apimachinery 65de33d3, "Fix label selector parsing for consecutive commas"; see
//! `parse_identifiers_list`).
//!
//! Where Go iterates a map (matchLabels, ValidateLabels) the order is random in Go; here it
//! is the sorted key order. Go sorts requirements with the unstable `sort.Sort`, which is
//! stable for up to 12 requirements; here the sort is always stable.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::field::{self, FieldError};

/// A set of labels.
pub type Labels = BTreeMap<String, String>;

/// Word used by `MaxLenError` (Kubernetes 1.33; "bytes" from 1.35).
pub const MAX_LEN_UNIT: &str = "characters";
/// Noun for a label key with more than one `/` (Kubernetes 1.33; "a valid label key" from 1.35).
pub const LABEL_KEY_NOUN: &str = "a qualified name";

// ---------------------------------------------------------------------------------------
// Validation (IsQualifiedName, IsValidLabelValue, IsDNS1123Label, IsDNS1123Subdomain)
// ---------------------------------------------------------------------------------------

const LABEL_KEY_FMT: &str = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const LABEL_KEY_ERR: &str =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_FMT: &str = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";
const LABEL_VALUE_ERR: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const DNS1123_LABEL_FMT: &str = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1123_LABEL_ERR: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_FMT: &str = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
const DNS1123_SUBDOMAIN_ERR: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";

/// `validation.MaxLenError`.
pub fn max_len_error(n: usize) -> String {
    format!("must be no more than {n} {MAX_LEN_UNIT}")
}

/// `validation.RegexError`: `msg (e.g. 'a',  or 'b', regex used for validation is 're')`.
pub fn regex_error(msg: &str, re: &str, examples: &[&str]) -> String {
    let mut s = msg.to_string();
    if examples.is_empty() {
        s.push_str(&format!(" (regex used for validation is '{re}')"));
        return s;
    }
    s.push_str(" (e.g. ");
    for (i, e) in examples.iter().enumerate() {
        if i > 0 {
            s.push_str(" or ");
        }
        s.push_str(&format!("'{e}', "));
    }
    s.push_str(&format!("regex used for validation is '{re}')"));
    s
}

/// `^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$`, by hand.
fn is_label_name_chars(s: &str) -> bool {
    let b = s.as_bytes();
    match (b.first(), b.last()) {
        (Some(f), Some(l)) => {
            f.is_ascii_alphanumeric()
                && l.is_ascii_alphanumeric()
                && b.iter().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
        }
        _ => false,
    }
}

/// `^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`, by hand.
fn is_dns_label_chars(s: &str) -> bool {
    let b = s.as_bytes();
    let end_ok = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    match (b.first(), b.last()) {
        (Some(f), Some(l)) => end_ok(f) && end_ok(l) && b.iter().all(|c| end_ok(c) || *c == b'-'),
        _ => false,
    }
}

/// `^<dns label>(\.<dns label>)*$`, by hand.
fn is_dns_subdomain_chars(s: &str) -> bool {
    s.split('.').all(is_dns_label_chars)
}

/// `validation.IsQualifiedName`: the messages for a bad label key
/// (`[prefix/]name`), empty if valid.
pub fn is_qualified_name(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    let parts: Vec<&str> = value.split('/').collect();
    let name = match parts.as_slice() {
        [name] => *name,
        [prefix, name] => {
            if prefix.is_empty() {
                errs.push("prefix part must be non-empty".to_string());
            } else {
                errs.extend(is_dns1123_subdomain(prefix).into_iter().map(|m| format!("prefix part {m}")));
            }
            *name
        }
        _ => {
            errs.push(format!(
                "{LABEL_KEY_NOUN} {} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
                regex_error(LABEL_KEY_ERR, LABEL_KEY_FMT, &["MyName", "my.name", "123-abc"])
            ));
            return errs;
        }
    };
    if name.is_empty() {
        errs.push("name part must be non-empty".to_string());
    } else if name.len() > 63 {
        errs.push(format!("name part {}", max_len_error(63)));
    }
    if !is_label_name_chars(name) {
        errs.push(format!(
            "name part {}",
            regex_error(LABEL_KEY_ERR, LABEL_KEY_FMT, &["MyName", "my.name", "123-abc"])
        ));
    }
    errs
}

/// `validation.IsValidLabelValue`.
pub fn is_valid_label_value(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > 63 {
        errs.push(max_len_error(63));
    }
    if !value.is_empty() && !is_label_name_chars(value) {
        errs.push(regex_error(LABEL_VALUE_ERR, LABEL_VALUE_FMT, &["MyValue", "my_value", "12345"]));
    }
    errs
}

/// `validation.IsDNS1123Label`.
pub fn is_dns1123_label(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > 63 {
        errs.push(max_len_error(63));
    }
    if !is_dns_label_chars(value) {
        if is_dns_subdomain_chars(value) {
            errs.push("must not contain dots".to_string());
        } else {
            errs.push(regex_error(DNS1123_LABEL_ERR, DNS1123_LABEL_FMT, &["my-name", "123-abc"]));
        }
    }
    errs
}

/// `validation.IsDNS1123Subdomain`.
pub fn is_dns1123_subdomain(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > 253 {
        errs.push(max_len_error(253));
    }
    if !is_dns_subdomain_chars(value) {
        errs.push(regex_error(DNS1123_SUBDOMAIN_ERR, DNS1123_SUBDOMAIN_FMT, &["example.com"]));
    }
    errs
}

fn child(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path}.{name}")
    }
}

/// metav1validation `ValidateLabelName`: one `Invalid` per message, value = the key.
pub fn validate_label_name(name: &str, path: &str) -> Vec<FieldError> {
    is_qualified_name(name).into_iter().map(|m| FieldError::invalid_str(path, name, m)).collect()
}

/// metav1validation `ValidateLabels`, e.g. for `path` = `metadata.labels`:
/// `metadata.labels: Invalid value: "-bad": name part must consist of ...`. The path is
/// the map itself (no `[key]`); the value is the bad key or the bad value.
pub fn validate_labels(labels: &Labels, path: &str) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for (k, v) in labels {
        errs.extend(validate_label_name(k, path));
        errs.extend(is_valid_label_value(v).into_iter().map(|m| FieldError::invalid_str(path, v, m)));
    }
    errs
}

/// metav1validation `ValidateLabelSelector` with default options (no invalid values, no
/// unknown operators); `None` is valid. `path` is e.g. `spec.selector`.
pub fn validate_label_selector(ps: Option<&LabelSelector>, path: &str) -> Vec<FieldError> {
    let Some(ps) = ps else { return Vec::new() };
    let mut errs = validate_labels(&ps.match_labels, &child(path, "matchLabels"));
    for (i, expr) in ps.match_expressions.iter().enumerate() {
        let p = format!("{}[{i}]", child(path, "matchExpressions"));
        let values_path = child(&p, "values");
        match expr.operator.as_str() {
            "In" | "NotIn" if expr.values.is_empty() => {
                errs.push(FieldError::required(&values_path, "must be specified when `operator` is 'In' or 'NotIn'"))
            }
            "Exists" | "DoesNotExist" if !expr.values.is_empty() => errs.push(FieldError::forbidden(
                &values_path,
                "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
            )),
            "In" | "NotIn" | "Exists" | "DoesNotExist" => {}
            op => errs.push(FieldError::invalid_str(child(&p, "operator"), op, "not a valid selector operator")),
        }
        errs.extend(validate_label_name(&expr.key, &child(&p, "key")));
        for (j, v) in expr.values.iter().enumerate() {
            for m in is_valid_label_value(v) {
                errs.push(FieldError::invalid_str(format!("{values_path}[{j}]"), v, m));
            }
        }
    }
    errs
}

// ---------------------------------------------------------------------------------------
// Requirements and selectors
// ---------------------------------------------------------------------------------------

/// `selection.Operator`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Operator {
    /// `!key`
    DoesNotExist,
    /// `key=value`
    Equals,
    /// `key==value`
    DoubleEquals,
    /// `key in (a,b)`
    In,
    /// `key!=value`
    NotEquals,
    /// `key notin (a,b)`
    NotIn,
    /// `key`
    Exists,
    /// `key>1`
    GreaterThan,
    /// `key<1`
    LessThan,
}

impl Operator {
    /// The Go string value (`"!"`, `"="`, `"=="`, `"in"`, `"!="`, `"notin"`, `"exists"`, `"gt"`, `"lt"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::DoesNotExist => "!",
            Self::Equals => "=",
            Self::DoubleEquals => "==",
            Self::In => "in",
            Self::NotEquals => "!=",
            Self::NotIn => "notin",
            Self::Exists => "exists",
            Self::GreaterThan => "gt",
            Self::LessThan => "lt",
        }
    }
}

/// One validated requirement (`labels.Requirement`): a key, an operator, values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Requirement {
    key: String,
    operator: Operator,
    values: Vec<String>,
}

fn parse_int(s: &str) -> Option<i64> {
    // strconv.ParseInt(s, 10, 64): optional sign, decimal digits, in range. Rust's i64
    // parser accepts exactly that.
    s.parse().ok()
}

impl Requirement {
    /// `labels.NewRequirement`: validates the key, the number of values for the operator,
    /// integer values for `gt`/`lt` and each value as a label value. The error is the Go
    /// aggregate text, e.g. `key: Invalid value: "-x": name part must ...`, or
    /// `[values[0]: ..., values[0][x]: ...]` for several.
    pub fn new(key: &str, operator: Operator, values: Vec<String>) -> Result<Self, String> {
        Self::new_at(key, operator, values, None)
    }

    /// `NewRequirement` with a field path (`field.WithPath`); `None` is Go's nil path.
    fn new_at(key: &str, operator: Operator, values: Vec<String>, path: Option<&str>) -> Result<Self, String> {
        let at = |name: &str| path.map_or_else(|| name.to_string(), |p| child(p, name));
        let values_path = at("values");
        let mut errs: Vec<String> = Vec::new();
        let key_errs = is_qualified_name(key);
        if !key_errs.is_empty() {
            errs.push(FieldError::invalid_str(at("key"), key, key_errs.join("; ")).to_string());
        }
        let count_err =
            |detail: &str| FieldError::invalid(&values_path, field::go_strings(&values), detail).to_string();
        match operator {
            Operator::In | Operator::NotIn if values.is_empty() => {
                errs.push(count_err("for 'in', 'notin' operators, values set can't be empty"))
            }
            Operator::Equals | Operator::DoubleEquals | Operator::NotEquals if values.len() != 1 => {
                errs.push(count_err("exact-match compatibility requires one single value"))
            }
            Operator::Exists | Operator::DoesNotExist if !values.is_empty() => {
                errs.push(count_err("values set must be empty for exists and does not exist"))
            }
            Operator::GreaterThan | Operator::LessThan => {
                if values.len() != 1 {
                    errs.push(count_err("for 'Gt', 'Lt' operators, exactly one value is required"));
                }
                for (i, v) in values.iter().enumerate() {
                    if parse_int(v).is_none() {
                        errs.push(
                            FieldError::invalid_str(
                                format!("{values_path}[{i}]"),
                                v,
                                "for 'Gt', 'Lt' operators, the value must be an integer",
                            )
                            .to_string(),
                        );
                    }
                }
            }
            _ => {}
        }
        for (i, v) in values.iter().enumerate() {
            let msgs = is_valid_label_value(v);
            if !msgs.is_empty() {
                errs.push(
                    FieldError::invalid_str(format!("{values_path}[{i}][{key}]"), v, msgs.join("; ")).to_string(),
                );
            }
        }
        match field::aggregate(errs) {
            Some(e) => Err(e),
            None => Ok(Self { key: key.to_string(), operator, values }),
        }
    }

    /// The label key.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The operator.
    pub fn operator(&self) -> Operator {
        self.operator
    }

    /// The values, in the order given (sorted and de-duplicated when parsed).
    pub fn values(&self) -> &[String] {
        &self.values
    }

    /// `Requirement.Matches`.
    pub fn matches(&self, labels: &Labels) -> bool {
        let got = labels.get(&self.key);
        let has = |v: &String| self.values.contains(v);
        match self.operator {
            Operator::In | Operator::Equals | Operator::DoubleEquals => got.is_some_and(has),
            Operator::NotIn | Operator::NotEquals => !got.is_some_and(has),
            Operator::Exists => got.is_some(),
            Operator::DoesNotExist => got.is_none(),
            Operator::GreaterThan | Operator::LessThan => {
                let (Some(l), [r]) = (got.and_then(|g| parse_int(g)), self.values.as_slice()) else {
                    return false;
                };
                match parse_int(r) {
                    Some(r) if self.operator == Operator::GreaterThan => l > r,
                    Some(r) => l < r,
                    None => false,
                }
            }
        }
    }
}

impl fmt::Display for Requirement {
    /// `Requirement.String()`: `!k`, `k`, `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a)`,
    /// `k>1`, `k<1`; several values are printed sorted.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let op = match self.operator {
            Operator::DoesNotExist => return write!(f, "!{}", self.key),
            Operator::Exists => return f.write_str(&self.key),
            Operator::Equals => "=",
            Operator::DoubleEquals => "==",
            Operator::NotEquals => "!=",
            Operator::In => " in (",
            Operator::NotIn => " notin (",
            Operator::GreaterThan => ">",
            Operator::LessThan => "<",
        };
        let mut vals: Vec<&str> = self.values.iter().map(String::as_str).collect();
        crate::order::sort(&mut vals);
        let close = if matches!(self.operator, Operator::In | Operator::NotIn) { ")" } else { "" };
        write!(f, "{}{op}{}{close}", self.key, vals.join(","))
    }
}

/// A label selector (`labels.Selector`): requirements ANDed, sorted by key.
/// [`Selector::everything`] matches all, [`Selector::nothing`] matches none.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selector {
    requirements: Vec<Requirement>,
    nothing: bool,
}

impl Selector {
    /// `labels.Everything()`.
    pub fn everything() -> Self {
        Self::default()
    }

    /// `labels.Nothing()`: matches nothing, prints as an empty string.
    pub fn nothing() -> Self {
        Self { requirements: Vec::new(), nothing: true }
    }

    /// `labels.Parse`: the error is the exact Go text, e.g.
    /// `found '==', expected: ',' or 'end of string'`.
    pub fn parse(selector: &str) -> Result<Self, String> {
        let mut items = Vec::new();
        let mut lexer = Lexer { s: selector, pos: 0 };
        loop {
            let item = lexer.lex();
            items.push(item);
            if item.0 == Tok::End {
                break;
            }
        }
        let mut p = Parser { items, pos: 0 };
        let mut requirements = p.parse()?;
        crate::order::sort_by(&mut requirements, |a, b| a.key.cmp(&b.key));
        Ok(Self { requirements, nothing: false })
    }

    /// `labels.SelectorFromSet` (no validation): `k=v` for each label.
    pub fn from_set(labels: &Labels) -> Self {
        let requirements = labels
            .iter()
            .map(|(k, v)| Requirement { key: k.clone(), operator: Operator::Equals, values: vec![v.clone()] })
            .collect();
        Self { requirements, nothing: false }
    }

    /// Builds a selector from requirements (`NewSelector().Add(...)`), sorted by key.
    pub fn from_requirements(mut requirements: Vec<Requirement>) -> Self {
        crate::order::sort_by(&mut requirements, |a, b| a.key.cmp(&b.key));
        Self { requirements, nothing: false }
    }

    /// `Selector.Matches`.
    pub fn matches(&self, labels: &Labels) -> bool {
        !self.nothing && self.requirements.iter().all(|r| r.matches(labels))
    }

    /// `Selector.Empty()`: true for a selector that selects everything.
    pub fn is_empty(&self) -> bool {
        !self.nothing && self.requirements.is_empty()
    }

    /// Whether this is `labels.Nothing()`.
    pub fn is_nothing(&self) -> bool {
        self.nothing
    }

    /// The requirements, sorted by key.
    pub fn requirements(&self) -> &[Requirement] {
        &self.requirements
    }
}

impl fmt::Display for Selector {
    /// `Selector.String()`: requirements joined by `,` (empty for everything and nothing).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, r) in self.requirements.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{r}")?;
        }
        Ok(())
    }
}

impl std::str::FromStr for Selector {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Self::parse(s)
    }
}

// ---------------------------------------------------------------------------------------
// Lexer and parser (a transcription of selector.go's)
// ---------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tok {
    Error,
    End,
    ClosedPar,
    Comma,
    DoesNotExist,
    DoubleEquals,
    Equals,
    GreaterThan,
    Identifier,
    In,
    LessThan,
    NotEquals,
    NotIn,
    OpenPar,
}

fn keyword(s: &str) -> Option<Tok> {
    Some(match s {
        ")" => Tok::ClosedPar,
        "," => Tok::Comma,
        "!" => Tok::DoesNotExist,
        "==" => Tok::DoubleEquals,
        "=" => Tok::Equals,
        ">" => Tok::GreaterThan,
        "in" => Tok::In,
        "<" => Tok::LessThan,
        "!=" => Tok::NotEquals,
        "notin" => Tok::NotIn,
        "(" => Tok::OpenPar,
        _ => return None,
    })
}

fn is_whitespace(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

fn is_special(b: u8) -> bool {
    matches!(b, b'=' | b'!' | b'(' | b')' | b',' | b'>' | b'<')
}

/// Byte lexer; like Go's it reads a NUL byte as the end of input (and consumes it).
struct Lexer<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Lexer<'a> {
    fn read(&mut self) -> u8 {
        match self.s.as_bytes().get(self.pos) {
            Some(&b) => {
                self.pos += 1;
                b
            }
            None => 0,
        }
    }

    fn unread(&mut self) {
        self.pos = self.pos.saturating_sub(1);
    }

    /// Token boundaries always fall on ASCII bytes, so the slice is valid UTF-8.
    fn slice(&self, start: usize, end: usize) -> &'a str {
        self.s.get(start..end).unwrap_or("")
    }

    fn lex(&mut self) -> (Tok, &'a str) {
        let mut ch = self.read();
        while is_whitespace(ch) {
            ch = self.read();
        }
        if ch == 0 {
            return (Tok::End, "");
        }
        self.unread();
        if is_special(ch) {
            self.scan_special()
        } else {
            self.scan_id_or_keyword()
        }
    }

    fn scan_id_or_keyword(&mut self) -> (Tok, &'a str) {
        let start = self.pos;
        let end = loop {
            let before = self.pos;
            let ch = self.read();
            if ch == 0 {
                break before;
            }
            if is_special(ch) || is_whitespace(ch) {
                self.unread();
                break before;
            }
        };
        let lit = self.slice(start, end);
        (keyword(lit).unwrap_or(Tok::Identifier), lit)
    }

    fn scan_special(&mut self) -> (Tok, &'a str) {
        let start = self.pos;
        let mut last: Option<(Tok, usize)> = None;
        loop {
            let ch = self.read();
            if ch == 0 {
                break;
            }
            if !is_special(ch) {
                self.unread();
                break;
            }
            match keyword(self.slice(start, self.pos)) {
                Some(t) => last = Some((t, self.pos)),
                None if last.is_some() => {
                    self.unread();
                    break;
                }
                None => {}
            }
        }
        match last {
            Some((t, end)) => (t, self.slice(start, end)),
            // Unreachable: every special symbol is a token by itself.
            None => (Tok::Error, ""),
        }
    }
}

struct Parser<'a> {
    items: Vec<(Tok, &'a str)>,
    pos: usize,
}

/// `Values` context: `in` and `notin` are identifiers there.
const VALUES: bool = true;
const KEY_AND_OPERATOR: bool = false;

const BINARY_OPERATORS: &str = "in, notin, =, ==, !=, gt, lt";

impl<'a> Parser<'a> {
    fn lookahead(&self, values_ctx: bool) -> (Tok, &'a str) {
        let (t, lit) = self.items.get(self.pos).copied().unwrap_or((Tok::End, ""));
        match t {
            Tok::In | Tok::NotIn if values_ctx => (Tok::Identifier, lit),
            _ => (t, lit),
        }
    }

    fn consume(&mut self, values_ctx: bool) -> (Tok, &'a str) {
        let r = self.lookahead(values_ctx);
        self.pos += 1;
        r
    }

    fn parse(&mut self) -> Result<Vec<Requirement>, String> {
        let mut reqs = Vec::new();
        loop {
            let (tok, lit) = self.lookahead(VALUES);
            match tok {
                Tok::Identifier | Tok::DoesNotExist => {
                    let r = self.parse_requirement().map_err(|e| format!("unable to parse requirement: {e}"))?;
                    reqs.push(r);
                    let (t, l) = self.consume(VALUES);
                    match t {
                        Tok::End => return Ok(reqs),
                        Tok::Comma => {
                            let (t2, l2) = self.lookahead(VALUES);
                            if t2 != Tok::Identifier && t2 != Tok::DoesNotExist {
                                return Err(format!("found '{l2}', expected: identifier after ','"));
                            }
                        }
                        _ => return Err(format!("found '{l}', expected: ',' or 'end of string'")),
                    }
                }
                Tok::End => return Ok(reqs),
                _ => return Err(format!("found '{lit}', expected: !, identifier, or 'end of string'")),
            }
        }
    }

    fn parse_requirement(&mut self) -> Result<Requirement, String> {
        let (key, op) = self.parse_key_and_infer_operator()?;
        if let Some(op) = op {
            return Requirement::new_at(key, op, Vec::new(), None);
        }
        let op = self.parse_operator()?;
        let values = match op {
            Operator::In | Operator::NotIn => self.parse_values()?,
            _ => self.parse_exact_value()?,
        };
        Requirement::new_at(key, op, values.into_iter().collect(), None)
    }

    /// Returns the key and `Some(Exists | DoesNotExist)` when the requirement is unary.
    fn parse_key_and_infer_operator(&mut self) -> Result<(&'a str, Option<Operator>), String> {
        let mut op = None;
        let (mut tok, mut lit) = self.consume(VALUES);
        if tok == Tok::DoesNotExist {
            op = Some(Operator::DoesNotExist);
            (tok, lit) = self.consume(VALUES);
        }
        if tok != Tok::Identifier {
            return Err(format!("found '{lit}', expected: identifier"));
        }
        let errs = is_qualified_name(lit);
        if !errs.is_empty() {
            // Go passes the parser's nil *field.Path, which prints as "<nil>".
            return Err(FieldError::invalid_str("<nil>", lit, errs.join("; ")).to_string());
        }
        if matches!(self.lookahead(VALUES).0, Tok::End | Tok::Comma) && op.is_none() {
            op = Some(Operator::Exists);
        }
        Ok((lit, op))
    }

    fn parse_operator(&mut self) -> Result<Operator, String> {
        let (tok, lit) = self.consume(KEY_AND_OPERATOR);
        Ok(match tok {
            Tok::In => Operator::In,
            Tok::Equals => Operator::Equals,
            Tok::DoubleEquals => Operator::DoubleEquals,
            Tok::GreaterThan => Operator::GreaterThan,
            Tok::LessThan => Operator::LessThan,
            Tok::NotIn => Operator::NotIn,
            Tok::NotEquals => Operator::NotEquals,
            _ => return Err(format!("found '{lit}', expected: {BINARY_OPERATORS}")),
        })
    }

    fn parse_values(&mut self) -> Result<BTreeSet<String>, String> {
        let (tok, lit) = self.consume(VALUES);
        if tok != Tok::OpenPar {
            return Err(format!("found '{lit}' expected: '('"));
        }
        let (tok, lit) = self.lookahead(VALUES);
        match tok {
            Tok::Identifier | Tok::Comma => {
                let s = self.parse_identifiers_list()?;
                if self.consume(VALUES).0 != Tok::ClosedPar {
                    return Err(format!("found '{lit}', expected: ')'"));
                }
                Ok(s)
            }
            Tok::ClosedPar => {
                self.consume(VALUES);
                Ok(BTreeSet::from([String::new()]))
            }
            _ => Err(format!("found '{lit}', expected: ',', ')' or identifier")),
        }
    }

    fn parse_identifiers_list(&mut self) -> Result<BTreeSet<String>, String> {
        let mut s = BTreeSet::new();
        loop {
            let (tok, lit) = self.consume(VALUES);
            match tok {
                Tok::Identifier => {
                    s.insert(lit.to_string());
                    let (tok2, lit2) = self.lookahead(VALUES);
                    match tok2 {
                        Tok::Comma => continue,
                        Tok::ClosedPar => return Ok(s),
                        _ => return Err(format!("found '{lit2}', expected: ',' or ')'")),
                    }
                }
                Tok::Comma => {
                    if s.is_empty() {
                        s.insert(String::new());
                    }
                    match self.lookahead(VALUES).0 {
                        Tok::ClosedPar => {
                            s.insert(String::new());
                            return Ok(s);
                        }
                        // 1.33 consumes the second comma here (1.35+ does not), so a
                        // doubled comma right before `)` is an error.
                        Tok::Comma => {
                            self.consume(VALUES);
                            s.insert(String::new());
                        }
                        _ => {}
                    }
                }
                _ => return Err(format!("found '{lit}', expected: ',', or identifier")),
            }
        }
    }

    fn parse_exact_value(&mut self) -> Result<BTreeSet<String>, String> {
        if matches!(self.lookahead(VALUES).0, Tok::End | Tok::Comma) {
            return Ok(BTreeSet::from([String::new()]));
        }
        let (tok, lit) = self.consume(VALUES);
        if tok == Tok::Identifier {
            return Ok(BTreeSet::from([lit.to_string()]));
        }
        Err(format!("found '{lit}', expected: identifier"))
    }
}

/// `labels.ConvertSelectorToLabelsMap`: `k=v,k2=v2` (spaces around keys and values
/// trimmed) into a map, validating keys and values.
pub fn convert_selector_to_labels_map(selector: &str) -> Result<Labels, String> {
    let mut map = Labels::new();
    if selector.is_empty() {
        return Ok(map);
    }
    for label in selector.split(',') {
        let parts: Vec<&str> = label.split('=').collect();
        let [k, v] = parts.as_slice() else {
            return Err(format!("invalid selector: [{}]", parts.join(" ")));
        };
        let (key, value) = (k.trim(), v.trim());
        let errs = is_qualified_name(key);
        if !errs.is_empty() {
            return Err(FieldError::invalid_str("<nil>", key, errs.join("; ")).to_string());
        }
        let errs = is_valid_label_value(value);
        if !errs.is_empty() {
            // A nil path subscripted by the key prints as "[key]".
            return Err(FieldError::invalid_str(format!("[{key}]"), value, errs.join("; ")).to_string());
        }
        map.insert(key.to_string(), value.to_string());
    }
    Ok(map)
}

/// `labels.FormatLabels`: `k=v` pairs sorted as strings, joined by `,`; `<none>` if empty.
/// (Go sorts the joined `k=v` strings, so `a.b=1` comes before `a=1`.)
pub fn format_labels(labels: &Labels) -> String {
    let mut pairs: Vec<String> = labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
    crate::order::sort(&mut pairs);
    if pairs.is_empty() {
        return "<none>".to_string();
    }
    pairs.join(",")
}

// ---------------------------------------------------------------------------------------
// metav1.LabelSelector
// ---------------------------------------------------------------------------------------

/// `metav1.LabelSelector`. Its JSON table (empty fields omitted, `null` read as empty) is in
/// `api::json`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LabelSelector {
    /// `matchLabels`.
    pub match_labels: Labels,
    /// `matchExpressions`.
    pub match_expressions: Vec<LabelSelectorRequirement>,
}

/// `metav1.LabelSelectorRequirement`; `operator` is kept as written (`In`, `NotIn`,
/// `Exists`, `DoesNotExist` are the valid ones).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LabelSelectorRequirement {
    /// `key`.
    pub key: String,
    /// `operator`.
    pub operator: String,
    /// `values`.
    pub values: Vec<String>,
}

impl LabelSelector {
    /// `metav1.LabelSelectorAsSelector` for a present selector (empty → everything).
    pub fn to_selector(&self) -> Result<Selector, String> {
        label_selector_as_selector(Some(self))
    }

    /// Whether `labels` match; a selector that does not convert matches nothing.
    pub fn matches(&self, labels: &Labels) -> bool {
        self.to_selector().is_ok_and(|s| s.matches(labels))
    }
}

/// `metav1.LabelSelectorAsSelector`: `None` → nothing, empty → everything. Errors are
/// `"Foo" is not a valid label selector operator` or a [`Requirement::new`] error.
pub fn label_selector_as_selector(ps: Option<&LabelSelector>) -> Result<Selector, String> {
    let Some(ps) = ps else {
        return Ok(Selector::nothing());
    };
    if ps.match_labels.is_empty() && ps.match_expressions.is_empty() {
        return Ok(Selector::everything());
    }
    let mut reqs = Vec::with_capacity(ps.match_labels.len() + ps.match_expressions.len());
    for (k, v) in &ps.match_labels {
        reqs.push(Requirement::new(k, Operator::Equals, vec![v.clone()])?);
    }
    for expr in &ps.match_expressions {
        let op = match expr.operator.as_str() {
            "In" => Operator::In,
            "NotIn" => Operator::NotIn,
            "Exists" => Operator::Exists,
            "DoesNotExist" => Operator::DoesNotExist,
            other => return Err(format!("{} is not a valid label selector operator", field::quote(other))),
        };
        reqs.push(Requirement::new(&expr.key, op, expr.values.clone())?);
    }
    Ok(Selector::from_requirements(reqs))
}

/// `metav1.FormatLabelSelector` (ReplicaSet wide SELECTOR): the selector string, `<none>`
/// when empty (also for `None`), `<error>` when it does not convert.
pub fn format_label_selector(ps: Option<&LabelSelector>) -> String {
    match label_selector_as_selector(ps) {
        Err(_) => "<error>".to_string(),
        Ok(s) => {
            let l = s.to_string();
            if l.is_empty() {
                "<none>".to_string()
            } else {
                l
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// kubectl's texts for a bad -l
// ---------------------------------------------------------------------------------------

/// What `kubectl get pods -l '<selector>'` prints (stderr, exit 1) when the selector does
/// not parse; `err` is the [`Selector::parse`] error of the trimmed selector.
///
/// kubectl does not parse `-l` for server lists: cli-runtime `Builder.LabelSelectorParam`
/// only trims it (`strings.TrimSpace`) and sends it as `labelSelector` (opaque since
/// kubernetes/kubernetes#52971, kubectl 1.9). The API server parses it while decoding
/// ListOptions (apiserver `handlers/get.go` `listOpts` → `Convert_string_To_labels_Selector`
/// → `labels.Parse`) and answers 400 BadRequest with the parse error as message;
/// cli-runtime `EnhanceListError` (`pkg/resource/helper.go`) rewrites it to
/// `Unable to find "<gvr>" that match label selector "<sel>", field selector "": <msg>`
/// and kubectl's `StandardErrorMessage` prefixes `Error from server (BadRequest): `.
/// Seen in the wild: groundnuty/k8s-wait-for#19.
pub fn kubectl_selector_error(selector: &str, err: &str) -> String {
    kubectl_list_selector_error("", "v1", "pods", selector, "", err)
}

/// [`kubectl_selector_error`] for any resource: `group` is empty for the core group
/// (`/v1, Resource=pods`, `apps/v1, Resource=deployments`).
pub fn kubectl_list_selector_error(
    group: &str,
    version: &str,
    resource: &str,
    label_selector: &str,
    field_selector: &str,
    err: &str,
) -> String {
    format!(
        "Error from server (BadRequest): Unable to find {} that match label selector {}, field selector {}: {err}",
        field::quote(&format!("{group}/{version}, Resource={resource}")),
        field::quote(label_selector.trim()),
        field::quote(field_selector.trim()),
    )
}

/// What kubectl prints when `-l` is combined with `-f` (the builder filters the file's
/// objects itself, cli-runtime `Builder.visitByPaths`): `error: the provided selector "<sel>"
/// is not valid: <err>`. Checked against a real kubectl v1.33 (`kubectl get -f x.yaml -l ...`).
pub fn kubectl_local_selector_error(selector: &str, err: &str) -> String {
    format!("error: the provided selector {} is not valid: {err}", field::quote(selector.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    fn labels(pairs: &[(&str, &str)]) -> Labels {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    fn perr(s: &str) -> String {
        match Selector::parse(s) {
            Ok(sel) => panic!("{s:?} parsed as {sel}"),
            Err(e) => e,
        }
    }

    const NAME_RE_MSG: &str = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
    const VALUE_RE_MSG: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
    const SUBDOMAIN_MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    #[test]
    fn parse_errors_match_real_kubectl() {
        // Texts from kubectl v1.33 (`kubectl get -f pod.yaml -l SEL`).
        assert_eq!(perr("x==a==b"), "found '==', expected: ',' or 'end of string'");
        assert_eq!(perr("!x=a"), "found '=', expected: ',' or 'end of string'");
        assert_eq!(
            perr("x<a"),
            "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer"
        );
        assert_eq!(perr("a in (xyz),"), "found '', expected: identifier after ','");
        assert_eq!(perr("x,,y"), "found ',', expected: identifier after ','");
        assert_eq!(perr(",x,y"), "found ',', expected: !, identifier, or 'end of string'");
        assert_eq!(perr("a ("), "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt");
        assert_eq!(perr("a notin("), "unable to parse requirement: found '', expected: ',', ')' or identifier");
        assert_eq!(perr("x notin )"), "unable to parse requirement: found ')' expected: '('");
        assert_eq!(perr("x in"), "unable to parse requirement: found '' expected: '('");
        assert_eq!(perr("x in (a"), "unable to parse requirement: found '', expected: ',' or ')'");
        assert_eq!(perr("a in (xyz abc)"), "unable to parse requirement: found 'abc', expected: ',' or ')'");
        assert_eq!(perr("a in (xyz)b notin ()"), "found 'b', expected: ',' or 'end of string'");
        assert_eq!(perr("x=("), "unable to parse requirement: found '(', expected: identifier");
        assert_eq!(perr("!"), "unable to parse requirement: found '', expected: identifier");
        assert_eq!(perr("!="), "found '!=', expected: !, identifier, or 'end of string'");
        assert_eq!(perr("x<>1"), "unable to parse requirement: found '>', expected: identifier");
        assert_eq!(perr("x!==a"), "unable to parse requirement: found '=', expected: identifier");
        assert_eq!(perr("(("), "found '(', expected: !, identifier, or 'end of string'");
        // 1.33 only (1.35+ accepts these).
        assert_eq!(perr("x in (a,,)"), "unable to parse requirement: found ')', expected: ',', or identifier");
        assert_eq!(perr("x in (,,)"), "unable to parse requirement: found ')', expected: ',', or identifier");
        assert_eq!(perr("x in (("), "unable to parse requirement: found '(', expected: ',', ')' or identifier");
        assert_eq!(perr("-bad"), format!("unable to parse requirement: <nil>: Invalid value: \"-bad\": {NAME_RE_MSG}"));
        assert_eq!(
            perr("x=a||y=b"),
            format!("unable to parse requirement: values[0][x]: Invalid value: \"a||y\": {VALUE_RE_MSG}")
        );
        assert_eq!(
            perr("/a"),
            "unable to parse requirement: <nil>: Invalid value: \"/a\": prefix part must be non-empty"
        );
        assert_eq!(
            perr("A_/b"),
            format!("unable to parse requirement: <nil>: Invalid value: \"A_/b\": prefix part {SUBDOMAIN_MSG}")
        );
        let long = "a".repeat(70);
        assert_eq!(
            perr(&long),
            format!("unable to parse requirement: <nil>: Invalid value: \"{long}\": name part must be no more than 63 characters")
        );
        assert_eq!(
            perr("a/b/c"),
            format!("unable to parse requirement: <nil>: Invalid value: \"a/b/c\": a qualified name {} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
                &NAME_RE_MSG["name part ".len()..])
        );
        assert_eq!(
            perr("x>-b"),
            format!("unable to parse requirement: [values[0]: Invalid value: \"-b\": for 'Gt', 'Lt' operators, the value must be an integer, values[0][x]: Invalid value: \"-b\": {VALUE_RE_MSG}]")
        );
        assert_eq!(perr("€=a"), format!("unable to parse requirement: <nil>: Invalid value: \"€\": {NAME_RE_MSG}"));
        // Go's lexer reads a NUL byte as "end": between tokens it ends the input, inside a
        // token it ends the token and is skipped.
        assert_eq!(perr("x,"), "found '', expected: identifier after ','");
        assert_eq!(Selector::parse("x \0,!!").map(|s| s.to_string()), Ok("x".to_string()));
        assert_eq!(Selector::parse("x\0=a").map(|s| s.to_string()), Ok("x=a".to_string()));
        assert_eq!(Selector::parse("x,\0y").map(|s| s.to_string()), Ok("x,y".to_string()));
    }

    #[test]
    fn parse_and_string() {
        let cases = [
            ("x=a,y=b,z=c", "x=a,y=b,z=c"),
            ("z=c,y=b,x=a", "x=a,y=b,z=c"),
            ("x==a", "x==a"),
            ("x!=a,!y,z", "x!=a,!y,z"),
            ("x in (c,a,b,a)", "x in (a,b,c)"),
            ("x notin (a,,b)", "x notin (,a,b)"),
            ("x in ()", "x in ()"),
            ("x in (a,,b)", "x in (,a,b)"),
            ("x in (,,a)", "x in (,a)"),
            ("x>1,y<2", "x>1,y<2"),
            ("in=notin", "in=notin"),
            ("!in", "!in"),
            ("  x  =  a  ", "x=a"),
            ("x=a,x=b", "x=a,x=b"),
            ("example.com/app in (web)", "example.com/app in (web)"),
        ];
        for (input, want) in cases {
            match Selector::parse(input) {
                Ok(s) => assert_eq!(s.to_string(), want, "{input:?}"),
                Err(e) => panic!("{input:?}: {e}"),
            }
        }
    }

    #[test]
    fn matching() {
        let l = labels(&[("app", "web"), ("n", "5")]);
        let m = |s: &str| Selector::parse(s).is_ok_and(|sel| sel.matches(&l));
        assert!(m("app=web"));
        assert!(m("app in (db,web)"));
        assert!(m("app notin (db)"));
        assert!(m("tier notin (db)"));
        assert!(m("!tier"));
        assert!(m("n>4,n<6"));
        assert!(!m("n>5"));
        assert!(!m("app>1"));
        assert!(!m("tier=x"));
        assert!(m(""));
        assert!(!Selector::nothing().matches(&l));
        assert!(Selector::everything().matches(&l));
        assert!(Selector::from_set(&labels(&[("app", "web")])).matches(&l));
    }

    #[test]
    fn requirement_errors() {
        let e = |k: &str, op: Operator, v: &[&str]| {
            Requirement::new(k, op, v.iter().map(|s| s.to_string()).collect()).err().unwrap_or_default()
        };
        assert_eq!(
            e("x", Operator::In, &[]),
            "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty"
        );
        assert_eq!(
            e("x", Operator::Equals, &["a", "b"]),
            "values: Invalid value: []string{\"a\", \"b\"}: exact-match compatibility requires one single value"
        );
        assert_eq!(
            e("x", Operator::Exists, &["a"]),
            "values: Invalid value: []string{\"a\"}: values set must be empty for exists and does not exist"
        );
        assert_eq!(e("-x", Operator::Exists, &[]), format!("key: Invalid value: \"-x\": {NAME_RE_MSG}"));
        assert_eq!(
            e("/", Operator::Exists, &[]),
            format!(
                "key: Invalid value: \"/\": prefix part must be non-empty; name part must be non-empty; {NAME_RE_MSG}"
            )
        );
        assert_eq!(e("x", Operator::In, &["a"]), "");
    }

    #[test]
    fn validation_messages() {
        assert!(is_qualified_name("example.com/My_Name-1").is_empty());
        assert_eq!(is_valid_label_value(&"a".repeat(64)), vec![max_len_error(63)]);
        assert!(is_valid_label_value("").is_empty());
        assert_eq!(is_dns1123_label("a.b"), vec!["must not contain dots".to_string()]);
        assert_eq!(
            is_dns1123_label("A"),
            vec!["a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')".to_string()]
        );
        assert_eq!(is_dns1123_label(&"a".repeat(64)), vec!["must be no more than 63 characters".to_string()]);
        assert!(is_dns1123_subdomain("a.b-c.d").is_empty());
        assert_eq!(is_dns1123_subdomain("a..b"), vec![SUBDOMAIN_MSG.to_string()]);
        assert_eq!(is_dns1123_subdomain(&"a".repeat(254)), vec!["must be no more than 253 characters".to_string()]);
        assert_eq!(is_dns1123_subdomain(""), vec![SUBDOMAIN_MSG.to_string()]);
        assert_eq!(regex_error("m", "r", &[]), "m (regex used for validation is 'r')");

        let errs = validate_labels(&labels(&[("-bad", "ok"), ("good", "-v")]), "metadata.labels");
        let texts: Vec<String> = errs.iter().map(ToString::to_string).collect();
        assert_eq!(
            texts,
            vec![
                format!("metadata.labels: Invalid value: \"-bad\": {NAME_RE_MSG}"),
                format!("metadata.labels: Invalid value: \"-v\": {VALUE_RE_MSG}"),
            ]
        );
    }

    #[test]
    fn label_selector_conversion_and_format() {
        let ps: LabelSelector = crate::api::json::decode_strict(&serde_json::json!(
            {"matchLabels":{"app":"web"},"matchExpressions":[{"key":"tier","operator":"In","values":["b","a"]},{"key":"x","operator":"DoesNotExist"}]}
        ))
        .0;
        assert_eq!(format_label_selector(Some(&ps)), "app=web,tier in (a,b),!x");
        assert!(ps.matches(&labels(&[("app", "web"), ("tier", "a")])));
        assert!(!ps.matches(&labels(&[("app", "web"), ("tier", "c")])));
        assert_eq!(format_label_selector(None), "<none>");
        assert_eq!(format_label_selector(Some(&LabelSelector::default())), "<none>");
        assert!(LabelSelector::default().matches(&labels(&[])));
        let bad = LabelSelector {
            match_expressions: vec![LabelSelectorRequirement {
                key: "x".into(),
                operator: "Foo".into(),
                values: vec![],
            }],
            ..Default::default()
        };
        assert_eq!(
            label_selector_as_selector(Some(&bad)).err().as_deref(),
            Some("\"Foo\" is not a valid label selector operator")
        );
        assert_eq!(format_label_selector(Some(&bad)), "<error>");
        let empty_in = LabelSelector {
            match_expressions: vec![LabelSelectorRequirement {
                key: "x".into(),
                operator: "In".into(),
                values: vec![],
            }],
            ..Default::default()
        };
        assert_eq!(
            label_selector_as_selector(Some(&empty_in)).err().as_deref(),
            Some("values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty")
        );
        // JSON: omit empty, accept null.
        assert_eq!(crate::api::json::to_text(&LabelSelector::default()), "{}");
        let req = LabelSelectorRequirement { key: "k".into(), operator: "Exists".into(), values: vec![] };
        assert_eq!(crate::api::json::to_text(&req), r#"{"key":"k","operator":"Exists"}"#);
        let (n, unknown, err): (LabelSelector, _, _) =
            crate::api::json::decode_strict(&serde_json::json!({"matchLabels":null,"matchExpressions":null}));
        assert_eq!((n, unknown.len(), err), (LabelSelector::default(), 0, None));
    }

    #[test]
    fn label_selector_validation() {
        let ps = LabelSelector {
            match_labels: labels(&[("app", "web")]),
            match_expressions: vec![
                LabelSelectorRequirement { key: "a".into(), operator: "In".into(), values: vec![] },
                LabelSelectorRequirement { key: "b".into(), operator: "Exists".into(), values: vec!["x".into()] },
                LabelSelectorRequirement { key: "-c".into(), operator: "Foo".into(), values: vec!["-v".into()] },
            ],
        };
        let texts: Vec<String> =
            validate_label_selector(Some(&ps), "spec.selector").iter().map(ToString::to_string).collect();
        assert_eq!(
            texts,
            vec![
                "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'".to_string(),
                "spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'".to_string(),
                "spec.selector.matchExpressions[2].operator: Invalid value: \"Foo\": not a valid selector operator".to_string(),
                format!("spec.selector.matchExpressions[2].key: Invalid value: \"-c\": {NAME_RE_MSG}"),
                format!("spec.selector.matchExpressions[2].values[0]: Invalid value: \"-v\": {VALUE_RE_MSG}"),
            ]
        );
        assert!(validate_label_selector(None, "spec.selector").is_empty());
    }

    #[test]
    fn labels_map_and_format() {
        assert_eq!(convert_selector_to_labels_map(" a = b ,c=d"), Ok(labels(&[("a", "b"), ("c", "d")])));
        assert_eq!(convert_selector_to_labels_map("x==y"), Err("invalid selector: [x  y]".to_string()));
        assert_eq!(convert_selector_to_labels_map("x"), Err("invalid selector: [x]".to_string()));
        assert_eq!(convert_selector_to_labels_map("x=$y"), Err(format!("[x]: Invalid value: \"$y\": {VALUE_RE_MSG}")));
        assert_eq!(format_labels(&labels(&[])), "<none>");
        assert_eq!(format_labels(&labels(&[("b", "2"), ("a", "1"), ("a.b", "3")])), "a.b=3,a=1,b=2");
    }

    #[test]
    fn kubectl_texts() {
        assert_eq!(
            kubectl_selector_error(" x==a==b ", "found '==', expected: ',' or 'end of string'"),
            "Error from server (BadRequest): Unable to find \"/v1, Resource=pods\" that match label selector \"x==a==b\", field selector \"\": found '==', expected: ',' or 'end of string'"
        );
        assert_eq!(
            kubectl_list_selector_error("apps", "v1", "deployments", "a b", "", "e"),
            "Error from server (BadRequest): Unable to find \"apps/v1, Resource=deployments\" that match label selector \"a b\", field selector \"\": e"
        );
        assert_eq!(
            kubectl_local_selector_error("x==a==b", "found '==', expected: ',' or 'end of string'"),
            "error: the provided selector \"x==a==b\" is not valid: found '==', expected: ',' or 'end of string'"
        );
    }

    #[test]
    fn garbage_never_panics_and_strings_reparse() {
        const PIECES: &[&str] = &[
            "a",
            "b",
            "x",
            "in",
            "notin",
            "=",
            "==",
            "!=",
            "!",
            "(",
            ")",
            ",",
            ">",
            "<",
            " ",
            "\t",
            "\n",
            "\r",
            "\0",
            "-",
            "_",
            ".",
            "/",
            "1",
            "-2",
            "é",
            "€",
            "😀",
            "A",
            "example.com/",
            "$",
            "|",
            "\u{b}",
            "\u{85}",
        ];
        let mut rng = Rng::new(0x9e37_79b9_7f4a_7c15);
        let mut parsed = 0;
        for _ in 0..20_000 {
            let n = rng.index(12);
            let s: String = (0..n).map(|_| PIECES[rng.index(PIECES.len())]).collect();
            let _ = convert_selector_to_labels_map(&s);
            let _ = is_dns1123_label(&s);
            let _ = is_dns1123_subdomain(&s);
            let _ = field::quote(&s);
            let _ = kubectl_selector_error(&s, "e");
            let l = labels(&[(s.as_str(), s.as_str()), ("x", "1")]);
            let _ = validate_labels(&l, "metadata.labels");
            let _ = format_labels(&l);
            let ps = LabelSelector {
                match_labels: l.clone(),
                match_expressions: vec![LabelSelectorRequirement {
                    key: s.clone(),
                    operator: PIECES[rng.index(PIECES.len())].to_string(),
                    values: vec![s.clone()],
                }],
            };
            let _ = format_label_selector(Some(&ps));
            let _ = validate_label_selector(Some(&ps), "spec.selector");
            if let Ok(sel) = Selector::parse(&s) {
                parsed += 1;
                let _ = sel.matches(&l);
                let text = sel.to_string();
                match Selector::parse(&text) {
                    Ok(again) => assert_eq!(again.to_string(), text, "{s:?}"),
                    Err(e) => panic!("{s:?} -> {text:?} does not reparse: {e}"),
                }
            }
        }
        assert!(parsed > 100, "only {parsed} parsed");
    }
}
