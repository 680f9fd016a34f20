//! Field-level validation errors with the API server's exact texts, as Kubernetes 1.33
//! prints them (apimachinery v0.33 `pkg/util/validation/field/errors.go`), plus Go's `%q`
//! and `%#v` renderings used to print a bad value inside such an error.
//!
//! Display of a [`FieldError`] is Go's `field.Error.Error()`: `<field>: <type>[: <value>][: <detail>]`,
//! e.g. `metadata.labels: Invalid value: "-bad": name part must consist of ...`. Which types
//! show the value follows `ErrorBody()`: Required, Forbidden, Too long and Internal error
//! never do. In 1.33 a bad value that is a string prints `%q`, a number or bool bare, and
//! anything composite in Go syntax (`%#v`: `[]string{"a", "b"}`,
//! `map[string]string{"app":"web"}`); Kubernetes 1.35+ prints composites as JSON instead,
//! says `1 byte` in Too long, and adds the Too few / Too short types.

use std::fmt;

/// `field.ErrorType`, printed as its `String()` text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FieldErrorKind {
    /// "Not found" (`FieldValueNotFound`).
    NotFound,
    /// "Required value" (`FieldValueRequired`).
    Required,
    /// "Duplicate value" (`FieldValueDuplicate`).
    Duplicate,
    /// "Invalid value" (`FieldValueInvalid`).
    Invalid,
    /// "Unsupported value" (`FieldValueNotSupported`).
    Unsupported,
    /// "Forbidden" (`FieldValueForbidden`).
    Forbidden,
    /// "Too long" (`FieldValueTooLong`).
    TooLong,
    /// "Too many" (`FieldValueTooMany`).
    TooMany,
    /// "Internal error" (`InternalError`).
    Internal,
    /// "Invalid value" (`FieldValueTypeInvalid`).
    TypeInvalid,
}

impl FieldErrorKind {
    /// The human text (`ErrorType.String()`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotFound => "Not found",
            Self::Required => "Required value",
            Self::Duplicate => "Duplicate value",
            Self::Invalid | Self::TypeInvalid => "Invalid value",
            Self::Unsupported => "Unsupported value",
            Self::Forbidden => "Forbidden",
            Self::TooLong => "Too long",
            Self::TooMany => "Too many",
            Self::Internal => "Internal error",
        }
    }

    /// The machine reason of a Status cause (`metav1.CauseType`), e.g. `FieldValueInvalid`.
    pub fn reason(self) -> &'static str {
        match self {
            Self::NotFound => "FieldValueNotFound",
            Self::Required => "FieldValueRequired",
            Self::Duplicate => "FieldValueDuplicate",
            Self::Invalid => "FieldValueInvalid",
            Self::Unsupported => "FieldValueNotSupported",
            Self::Forbidden => "FieldValueForbidden",
            Self::TooLong => "FieldValueTooLong",
            Self::TooMany => "FieldValueTooMany",
            Self::Internal => "InternalError",
            Self::TypeInvalid => "FieldValueTypeInvalid",
        }
    }

    /// Whether `ErrorBody()` prints the bad value for this type.
    fn shows_value(self) -> bool {
        !matches!(self, Self::Required | Self::Forbidden | Self::TooLong | Self::Internal)
    }
}

/// One field error. `value` is the bad value already rendered the way Go renders it
/// (strings with [`quote`], lists and maps with [`json`], numbers and bools bare);
/// `None` omits it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// The field path, e.g. `spec.template.metadata.labels`.
    pub field: String,
    /// The error type.
    pub kind: FieldErrorKind,
    /// The rendered bad value, shown only for types that show one.
    pub value: Option<String>,
    /// Free text appended after `: ` when non-empty.
    pub detail: String,
}

impl FieldError {
    fn new(field: impl Into<String>, kind: FieldErrorKind, value: Option<String>, detail: String) -> Self {
        Self { field: field.into(), kind, value, detail }
    }

    /// `field.Required(path, detail)`.
    pub fn required(field: impl Into<String>, detail: impl Into<String>) -> Self {
        Self::new(field, FieldErrorKind::Required, None, detail.into())
    }

    /// `field.Forbidden(path, detail)`.
    pub fn forbidden(field: impl Into<String>, detail: impl Into<String>) -> Self {
        Self::new(field, FieldErrorKind::Forbidden, None, detail.into())
    }

    /// `field.Invalid(path, value, detail)`; `value` is already rendered.
    pub fn invalid(field: impl Into<String>, value: impl Into<String>, detail: impl Into<String>) -> Self {
        Self::new(field, FieldErrorKind::Invalid, Some(value.into()), detail.into())
    }

    /// `field.Invalid` for a string value: the value is `%q`-quoted.
    pub fn invalid_str(field: impl Into<String>, value: &str, detail: impl Into<String>) -> Self {
        Self::invalid(field, quote(value), detail)
    }

    /// `field.NotSupported(path, value, supported)`: detail `supported values: "a", "b"`
    /// (empty when `supported` is empty); `value` is already rendered.
    pub fn not_supported(field: impl Into<String>, value: impl Into<String>, supported: &[&str]) -> Self {
        let detail = if supported.is_empty() {
            String::new()
        } else {
            let quoted: Vec<String> = supported.iter().map(|s| quote(s)).collect();
            format!("supported values: {}", quoted.join(", "))
        };
        Self::new(field, FieldErrorKind::Unsupported, Some(value.into()), detail)
    }

    /// `field.Duplicate(path, value)`; `value` is already rendered.
    pub fn duplicate(field: impl Into<String>, value: impl Into<String>) -> Self {
        Self::new(field, FieldErrorKind::Duplicate, Some(value.into()), String::new())
    }

    /// `field.NotFound(path, value)`; `value` is already rendered.
    pub fn not_found(field: impl Into<String>, value: impl Into<String>) -> Self {
        Self::new(field, FieldErrorKind::NotFound, Some(value.into()), String::new())
    }

    /// `field.TooLong(path, _, maxLength)`: `may not be more than N bytes`, or
    /// `value is too long` when `max_len` is negative.
    pub fn too_long(field: impl Into<String>, max_len: i64) -> Self {
        let detail =
            if max_len < 0 { "value is too long".to_string() } else { format!("may not be more than {max_len} bytes") };
        Self::new(field, FieldErrorKind::TooLong, None, detail)
    }

    /// `ErrorBody()`: the text without the field path.
    pub fn body(&self) -> String {
        let mut s = self.kind.as_str().to_string();
        if let (true, Some(v)) = (self.kind.shows_value(), &self.value) {
            s.push_str(": ");
            s.push_str(v);
        }
        if !self.detail.is_empty() {
            s.push_str(": ");
            s.push_str(&self.detail);
        }
        s
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.body())
    }
}

impl std::error::Error for FieldError {}

/// `ErrorList.ToAggregate().Error()`: messages de-duplicated (first wins); one message is
/// itself, several are `[m1, m2]`; none is `None`.
pub fn aggregate<I, S>(msgs: I) -> Option<String>
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    let mut seen: Vec<String> = Vec::new();
    for m in msgs {
        let m = m.into();
        if !seen.contains(&m) {
            seen.push(m);
        }
    }
    match seen.len() {
        0 => None,
        1 => seen.pop(),
        _ => Some(format!("[{}]", seen.join(", "))),
    }
}

/// Go's `strconv.Quote` (what `%q` prints for a string).
///
/// Printability follows `unicode.IsPrint` for Latin-1 exactly; above U+00FF it treats
/// controls, format characters, separators other than U+0020, private-use code points and
/// noncharacters as unprintable (`\uXXXX` / `\UXXXXXXXX`) but cannot know every unassigned
/// code point (Go escapes those; here they are printed as they are).
pub fn quote(s: &str) -> String {
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
            c if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// An approximation of Go's `unicode.IsPrint` (exact below U+0100).
fn is_print(c: char) -> bool {
    let u = c as u32;
    if u <= 0xff {
        return (0x20..=0x7e).contains(&u) || ((0xa1..=0xff).contains(&u) && u != 0xad);
    }
    !matches!(u,
        0x034f | 0x061c | 0x115f | 0x1160 | 0x1680 | 0x17b4 | 0x17b5 | 0x180e | 0x3000 | 0x3164 | 0xfeff | 0xffa0
        | 0x0600..=0x0605 | 0x06dd | 0x070f | 0x0890 | 0x0891 | 0x08e2 | 0x180b..=0x180f
        | 0x2000..=0x200f | 0x2028..=0x202f | 0x205f..=0x206f
        | 0xd800..=0xf8ff | 0xfdd0..=0xfdef | 0xfe00..=0xfe0f | 0xfff0..=0xfffb
        | 0x110bd | 0x110cd | 0x13430..=0x1343f | 0x1bca0..=0x1bca3 | 0x1d173..=0x1d17a
        | 0xe0000..=0xe0fff | 0xf0000..=0x10ffff
    ) && (u & 0xfffe) != 0xfffe
}

/// Go's `%#v` of a `[]string` as 1.33 prints a composite bad value: `[]string{"a", "b"}`;
/// an empty list prints as a nil slice, `[]string(nil)`.
pub fn go_strings(values: &[String]) -> String {
    if values.is_empty() {
        return "[]string(nil)".to_string();
    }
    let quoted: Vec<String> = values.iter().map(|v| quote(v)).collect();
    format!("[]string{{{}}}", quoted.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_matches_go() {
        let e = FieldError::invalid_str("metadata.labels", "-bad", "name part must be non-empty");
        assert_eq!(e.to_string(), "metadata.labels: Invalid value: \"-bad\": name part must be non-empty");
        let e = FieldError::required("spec.selector", "");
        assert_eq!(e.to_string(), "spec.selector: Required value");
        let e = FieldError::forbidden("spec.x", "disallowed");
        assert_eq!(e.to_string(), "spec.x: Forbidden: disallowed");
        let e = FieldError::not_supported("spec.type", quote("Foo"), &["ClusterIP", "NodePort"]);
        assert_eq!(
            e.to_string(),
            "spec.type: Unsupported value: \"Foo\": supported values: \"ClusterIP\", \"NodePort\""
        );
        assert_eq!(
            FieldError::duplicate("spec.ports[1]", quote("x")).to_string(),
            "spec.ports[1]: Duplicate value: \"x\""
        );
        assert_eq!(FieldError::not_found("a", "3").to_string(), "a: Not found: 3");
        assert_eq!(FieldError::too_long("a", 63).to_string(), "a: Too long: may not be more than 63 bytes");
        assert_eq!(FieldError::too_long("a", 1).to_string(), "a: Too long: may not be more than 1 bytes");
        assert_eq!(FieldError::too_long("a", -1).to_string(), "a: Too long: value is too long");
        let mut e = FieldError::invalid("a", "1", "");
        assert_eq!(e.to_string(), "a: Invalid value: 1");
        e.kind = FieldErrorKind::Required;
        assert_eq!(e.to_string(), "a: Required value");
        assert_eq!(FieldErrorKind::Unsupported.reason(), "FieldValueNotSupported");
    }

    #[test]
    fn aggregate_like_go() {
        assert_eq!(aggregate(Vec::<String>::new()), None);
        assert_eq!(aggregate(["a"]).as_deref(), Some("a"));
        assert_eq!(aggregate(["a", "b", "a"]).as_deref(), Some("[a, b]"));
        assert_eq!(aggregate(["a", "a"]).as_deref(), Some("a"));
    }

    #[test]
    fn quote_like_go() {
        assert_eq!(quote("abc"), "\"abc\"");
        assert_eq!(quote("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(quote("\u{7}\u{8}\u{c}\n\r\t\u{b}"), "\"\\a\\b\\f\\n\\r\\t\\v\"");
        assert_eq!(quote("\u{0}\u{1f}\u{7f}"), "\"\\x00\\x1f\\x7f\"");
        assert_eq!(quote("\u{80}\u{a0}\u{ad}é€😀"), "\"\\u0080\\u00a0\\u00adé€😀\"");
        assert_eq!(quote("\u{200b}\u{feff}\u{e000}\u{10ffff}"), "\"\\u200b\\ufeff\\ue000\\U0010ffff\"");
    }

    #[test]
    fn go_syntax_strings() {
        assert_eq!(go_strings(&[]), "[]string(nil)");
        assert_eq!(go_strings(&["a".into(), "b\"".into()]), r#"[]string{"a", "b\""}"#);
    }
}
