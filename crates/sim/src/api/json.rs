//! API objects to and from JSON, one table per type (`json_struct!`: each field's JSON name,
//! Go's `omitempty`, in Go's declaration order) driving both directions.
//!
//! Decoding is the API server's strict decoder: every unknown field is collected with its
//! path (`spec.template.spec.containers[0].imagee`), and the first value of the wrong type
//! gives Go's `json: cannot unmarshal string into Go struct field
//! DeploymentSpec.spec.replicas of type int32`. `null` is accepted anywhere and leaves the
//! zero value, as in Go.
//!
//! Encoding writes what `json.Marshal` writes into an [`Out`]: a `serde_json::Value` for
//! the printers, JSONPath and apply ([`to_value`]), or compact text ([`to_text`], the bytes
//! the pod-template-hash is computed from).
//!
//! This is hand-rolled instead of `#[derive(Deserialize, Serialize)]`: one non-generic
//! function per type and direction keeps the page small (derive code instantiated per
//! serializer, or through path-tracking deserializers, was much of the WebAssembly binary),
//! and the field tables carry Go's type names.

use super::meta::IntOrString;
use crate::labels::{LabelSelector, LabelSelectorRequirement};
use crate::time::Time;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::rc::Rc;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Seg {
    Field(String),
    Index(usize),
}

/// Decoding state: where we are, and what went wrong.
#[derive(Debug, Default)]
pub struct Decoder {
    path: Vec<Seg>,
    /// Go struct names, innermost last.
    owners: Vec<&'static str>,
    /// Field names only (Go's error path has no indices or map keys).
    fields: Vec<String>,
    pub unknown: Vec<String>,
    pub type_error: Option<String>,
    depth: usize,
}

const MAX_DEPTH: usize = 64;

fn json_kind(v: &Value) -> String {
    match v {
        Value::String(_) => "string".into(),
        Value::Number(n) => format!("number {n}"),
        Value::Bool(_) => "bool".into(),
        Value::Array(_) => "array".into(),
        Value::Object(_) => "object".into(),
        Value::Null => "null".into(),
    }
}

impl Decoder {
    pub fn mismatch(&mut self, v: &Value, go_type: &str) {
        if self.type_error.is_some() {
            return;
        }
        let found = match v {
            // Go names a number it could not store by its text, except for non-numeric targets.
            Value::Number(_) if go_type.starts_with("int") || go_type.starts_with("uint") => json_kind(v),
            Value::Number(_) => "number".into(),
            other => json_kind(other),
        };
        self.type_error = Some(match (self.owners.last(), self.fields.is_empty()) {
            (Some(owner), false) => {
                format!(
                    "json: cannot unmarshal {found} into Go struct field {owner}.{} of type {go_type}",
                    self.fields.join(".")
                )
            }
            _ => format!("json: cannot unmarshal {found} into Go value of type {go_type}"),
        });
    }

    /// `v` as an object, or `None` (null is fine; anything else is a type error).
    pub fn object<'v>(&mut self, v: &'v Value, go_type: &str) -> Option<&'v Map<String, Value>> {
        match v {
            Value::Object(m) => Some(m),
            Value::Null => None,
            other => {
                self.mismatch(other, go_type);
                None
            }
        }
    }

    fn enter_field(&mut self, k: &str) {
        self.path.push(Seg::Field(k.to_string()));
        self.fields.push(k.to_string());
    }

    fn leave_field(&mut self) {
        self.path.pop();
        self.fields.pop();
    }

    fn unknown_here(&mut self) {
        let mut s = String::new();
        for seg in &self.path {
            match seg {
                Seg::Field(f) => {
                    if !s.is_empty() {
                        s.push('.');
                    }
                    s.push_str(f);
                }
                Seg::Index(i) => s.push_str(&format!("[{i}]")),
            }
        }
        self.unknown.push(s);
    }

    /// Decodes the fields of a struct with `set(name, value, decoder) -> known?`.
    pub fn fields(
        &mut self,
        v: &Value,
        go_type: &'static str,
        mut set: impl FnMut(&str, &Value, &mut Decoder) -> bool,
    ) {
        let Some(obj) = self.object(v, go_type) else { return };
        if self.depth >= MAX_DEPTH {
            return;
        }
        self.depth += 1;
        self.owners.push(go_type.rsplit('.').next().unwrap_or(go_type));
        for (k, val) in obj {
            self.enter_field(k);
            if !set(k, val, self) {
                self.unknown_here();
            }
            self.leave_field();
        }
        self.owners.pop();
        self.depth -= 1;
    }
}

/// A type the API server can decode from JSON.
pub trait FromJson: Sized + Default {
    /// The Go type's name as `reflect` prints it (`int32`, `[]v1.Container`).
    fn go_type() -> String;
    fn decode(v: &Value, d: &mut Decoder) -> Self;
}

impl FromJson for String {
    fn go_type() -> String {
        "string".into()
    }
    fn decode(v: &Value, d: &mut Decoder) -> Self {
        match v {
            Value::String(s) => s.clone(),
            Value::Null => String::new(),
            other => {
                d.mismatch(other, "string");
                String::new()
            }
        }
    }
}

impl FromJson for bool {
    fn go_type() -> String {
        "bool".into()
    }
    fn decode(v: &Value, d: &mut Decoder) -> Self {
        match v {
            Value::Bool(b) => *b,
            Value::Null => false,
            other => {
                d.mismatch(other, "bool");
                false
            }
        }
    }
}

fn int(v: &Value, d: &mut Decoder, go: &str, min: i64, max: i64) -> i64 {
    match v {
        Value::Number(n) => match n.as_i64() {
            Some(i) if (min..=max).contains(&i) => i,
            _ => {
                d.mismatch(v, go);
                0
            }
        },
        Value::Null => 0,
        other => {
            d.mismatch(other, go);
            0
        }
    }
}

impl FromJson for i32 {
    fn go_type() -> String {
        "int32".into()
    }
    fn decode(v: &Value, d: &mut Decoder) -> Self {
        int(v, d, "int32", i64::from(i32::MIN), i64::from(i32::MAX)) as i32
    }
}

impl FromJson for i64 {
    fn go_type() -> String {
        "int64".into()
    }
    fn decode(v: &Value, d: &mut Decoder) -> Self {
        int(v, d, "int64", i64::MIN, i64::MAX)
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn go_type() -> String {
        T::go_type()
    }
    fn decode(v: &Value, d: &mut Decoder) -> Self {
        match v {
            Value::Null => None,
            v => Some(T::decode(v, d)),
        }
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn go_type() -> String {
        format!("[]{}", T::go_type())
    }
    fn decode(v: &Value, d: &mut Decoder) -> Self {
        match v {
            Value::Array(a) => {
                let mut out = Vec::with_capacity(a.len());
                for (i, item) in a.iter().enumerate() {
                    d.path.push(Seg::Index(i));
                    out.push(T::decode(item, d));
                    d.path.pop();
                }
                out
            }
            Value::Null => Vec::new(),
            other => {
                d.mismatch(other, &Self::go_type());
                Vec::new()
            }
        }
    }
}

impl FromJson for BTreeMap<String, String> {
    fn go_type() -> String {
        "map[string]string".into()
    }
    fn decode(v: &Value, d: &mut Decoder) -> Self {
        let mut out = BTreeMap::new();
        if let Some(m) = d.object(v, "map[string]string") {
            for (k, val) in m {
                d.path.push(Seg::Field(k.clone()));
                out.insert(k.clone(), String::decode(val, d));
                d.path.pop();
            }
        }
        out
    }
}

/// Fields the simulation keeps as raw JSON (probes, volumes ...): any value is accepted.
impl FromJson for Value {
    fn go_type() -> String {
        "interface {}".into()
    }
    fn decode(v: &Value, _: &mut Decoder) -> Self {
        v.clone()
    }
}

/// A field kept as raw JSON (volumes, probes, affinity ...), shared so that copying an
/// object does not copy it.
#[derive(Clone, Debug, PartialEq)]
pub struct Raw(pub Rc<Value>);

impl Raw {
    pub fn new(v: Value) -> Raw {
        Raw(Rc::new(v))
    }
    /// The value, to change (copied first if shared).
    pub fn make_mut(&mut self) -> &mut Value {
        Rc::make_mut(&mut self.0)
    }
}

impl Default for Raw {
    fn default() -> Raw {
        Raw::new(Value::Null)
    }
}

impl std::ops::Deref for Raw {
    type Target = Value;
    fn deref(&self) -> &Value {
        &self.0
    }
}

impl FromJson for Raw {
    fn go_type() -> String {
        "interface {}".into()
    }
    fn decode(v: &Value, _: &mut Decoder) -> Self {
        Raw::new(v.clone())
    }
}

impl FromJson for IntOrString {
    fn go_type() -> String {
        "intstr.IntOrString".into()
    }
    fn decode(v: &Value, d: &mut Decoder) -> Self {
        match v {
            Value::String(s) => IntOrString::Str(s.clone()),
            Value::Number(_) => IntOrString::Int(i32::decode(v, d)),
            Value::Null => IntOrString::Int(0),
            other => {
                d.mismatch(other, "intstr.IntOrString");
                IntOrString::Int(0)
            }
        }
    }
}

/// `metav1.Time`: RFC 3339 (`Option<Time>` reads `null` as `None`).
impl FromJson for Time {
    fn go_type() -> String {
        "v1.Time".into()
    }
    fn decode(v: &Value, d: &mut Decoder) -> Self {
        match v {
            Value::String(s) => Time::parse_rfc3339(s).unwrap_or_else(|| {
                if d.type_error.is_none() {
                    d.type_error = Some(format!(
                        "parsing time \"{s}\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"{s}\" as \"2006\""
                    ));
                }
                Time::ZERO
            }),
            Value::Null => Time::ZERO,
            other => {
                d.mismatch(other, "string");
                Time::ZERO
            }
        }
    }
}

/// An enumeration whose values are strings on the wire (Go's `type RestartPolicy string`):
/// behaviour code matches variants; the JSON carries the names. `Unset` is the empty string
/// (what the API server's defaulting fills in); `Other` keeps a value the API does not know,
/// so validation can quote it back (`Unsupported value: "Sometimes"`).
#[macro_export]
macro_rules! wire_enum {
    ($(#[$m:meta])* $name:ident, $go:literal, { $($(#[$vm:meta])* $var:ident => $wire:literal),* $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
        pub enum $name {
            /// Not set: the empty string on the wire.
            #[default]
            Unset,
            $($(#[$vm])* $var,)*
            /// A value the API does not define.
            Other(String),
        }

        impl $name {
            /// The values the API defines, in the order its validation messages list them.
            pub const VALUES: &'static [&'static str] = &[$($wire),*];

            pub fn as_str(&self) -> &str {
                match self {
                    $name::Unset => "",
                    $($name::$var => $wire,)*
                    $name::Other(s) => s,
                }
            }

            pub fn parse(s: &str) -> $name {
                match s {
                    "" => $name::Unset,
                    $($wire => $name::$var,)*
                    other => $name::Other(other.to_string()),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::api::json::FromJson for $name {
            fn go_type() -> String {
                $go.into()
            }
            fn decode(v: &serde_json::Value, d: &mut $crate::api::json::Decoder) -> Self {
                match v {
                    serde_json::Value::String(s) => $name::parse(s),
                    serde_json::Value::Null => $name::Unset,
                    other => {
                        d.mismatch(other, $go);
                        $name::Unset
                    }
                }
            }
        }

        impl $crate::api::json::ToJson for $name {
            fn encode(&self, out: &mut dyn $crate::api::json::Out) {
                out.str(self.as_str());
            }
            fn is_empty_value(&self) -> bool {
                matches!(self, $name::Unset)
            }
        }
    };
}

/// Implements [`FromJson`] and [`ToJson`] for a struct from one table of its fields, listed
/// in Go's declaration order (the order they are written in):
///
/// - `"name" => field`: always written (`null`, `""`, `0` included);
/// - `"name",omitempty => field`: left out when empty, as Go's `omitempty` does
///   ([`ToJson::is_empty_value`]);
/// - `"name",decodeonly => field`: accepted when decoding, never written.
///
/// Each field decodes and encodes through its type's [`FromJson`] and [`ToJson`].
#[macro_export]
macro_rules! json_struct {
    ($ty:ty, $go:literal, { $($json:literal $(, $opt:ident)* => $field:ident),* $(,)? }) => {
        impl $crate::api::json::FromJson for $ty {
            fn go_type() -> String {
                $go.to_string()
            }
            fn decode(v: &serde_json::Value, d: &mut $crate::api::json::Decoder) -> Self {
                let mut out = <$ty>::default();
                d.fields(v, $go, |k, val, d| {
                    match k {
                        $($json => out.$field = $crate::api::json::FromJson::decode(val, d),)*
                        _ => return false,
                    }
                    true
                });
                out
            }
        }
        impl $crate::api::json::ToJson for $ty {
            fn encode(&self, out: &mut dyn $crate::api::json::Out) {
                out.begin_object();
                $($crate::json_struct!(@put self, out, $json, $field $(, $opt)*);)*
                out.end();
            }
        }
    };
    (@put $s:ident, $out:ident, $json:literal, $field:ident) => {
        $crate::api::json::field($out, $json, &$s.$field)
    };
    (@put $s:ident, $out:ident, $json:literal, $field:ident, omitempty) => {
        $crate::api::json::field_omitempty($out, $json, &$s.$field)
    };
    (@put $s:ident, $out:ident, $json:literal, $field:ident, decodeonly) => {};
}

json_struct!(LabelSelectorRequirement, "v1.LabelSelectorRequirement", {
    "key" => key, "operator" => operator, "values",omitempty => values,
});
json_struct!(LabelSelector, "v1.LabelSelector", {
    "matchLabels",omitempty => match_labels, "matchExpressions",omitempty => match_expressions,
});

/// Decodes `v` as `T`: the value, the unknown fields' paths, and the first type error.
pub fn decode_strict<T: FromJson>(v: &Value) -> (T, Vec<String>, Option<String>) {
    let mut d = Decoder::default();
    let t = T::decode(v, &mut d);
    (t, d.unknown, d.type_error)
}

// ---------------------------------------------------------------------------------------
// Encoding
// ---------------------------------------------------------------------------------------

/// Where an encoder writes: a JSON value being built ([`to_value`]) or compact JSON text
/// ([`to_text`]). Object members come in the order the encoder writes them.
pub trait Out {
    fn null(&mut self);
    fn bool(&mut self, b: bool);
    fn int(&mut self, n: i64);
    fn str(&mut self, s: &str);
    /// A value kept as raw JSON (object keys in sorted order).
    fn value(&mut self, v: &Value);
    fn begin_object(&mut self);
    /// The key of the next member of the innermost object.
    fn key(&mut self, k: &str);
    fn begin_array(&mut self);
    /// Ends the innermost object or array.
    fn end(&mut self);
}

/// A type the API server writes as JSON, as Go's `encoding/json` writes it. One `encode`
/// per type, writing into any [`Out`] through a trait object: no code per output format.
pub trait ToJson {
    fn encode(&self, out: &mut dyn Out);
    /// Go's `isEmptyValue`, what `omitempty` tests: false, 0, "", an empty slice or map, a
    /// nil pointer (`None`). A struct is never empty.
    fn is_empty_value(&self) -> bool {
        false
    }
}

/// Writes member `key` (a table field without `omitempty`). In WebAssembly neither this nor
/// [`field_omitempty`] is inlined, so that a table field costs one call; natively they are,
/// so that the calls through `v` are direct.
#[cfg_attr(target_arch = "wasm32", inline(never))]
pub fn field(out: &mut dyn Out, key: &str, v: &dyn ToJson) {
    out.key(key);
    v.encode(out);
}

/// Writes member `key` unless `v` is empty (a table field with `omitempty`).
#[cfg_attr(target_arch = "wasm32", inline(never))]
pub fn field_omitempty(out: &mut dyn Out, key: &str, v: &dyn ToJson) {
    if !v.is_empty_value() {
        field(out, key, v);
    }
}

impl ToJson for String {
    fn encode(&self, out: &mut dyn Out) {
        out.str(self);
    }
    fn is_empty_value(&self) -> bool {
        self.is_empty()
    }
}

impl ToJson for bool {
    fn encode(&self, out: &mut dyn Out) {
        out.bool(*self);
    }
    fn is_empty_value(&self) -> bool {
        !*self
    }
}

impl ToJson for i32 {
    fn encode(&self, out: &mut dyn Out) {
        out.int(i64::from(*self));
    }
    fn is_empty_value(&self) -> bool {
        *self == 0
    }
}

impl ToJson for i64 {
    fn encode(&self, out: &mut dyn Out) {
        out.int(*self);
    }
    fn is_empty_value(&self) -> bool {
        *self == 0
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn encode(&self, out: &mut dyn Out) {
        match self {
            Some(t) => t.encode(out),
            None => out.null(),
        }
    }
    fn is_empty_value(&self) -> bool {
        self.is_none()
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn encode(&self, out: &mut dyn Out) {
        out.begin_array();
        for t in self {
            t.encode(out);
        }
        out.end();
    }
    fn is_empty_value(&self) -> bool {
        self.is_empty()
    }
}

impl ToJson for BTreeMap<String, String> {
    fn encode(&self, out: &mut dyn Out) {
        out.begin_object();
        for (k, v) in self {
            out.key(k);
            out.str(v);
        }
        out.end();
    }
    fn is_empty_value(&self) -> bool {
        self.is_empty()
    }
}

impl ToJson for Value {
    fn encode(&self, out: &mut dyn Out) {
        out.value(self);
    }
}

impl ToJson for Raw {
    fn encode(&self, out: &mut dyn Out) {
        out.value(&self.0);
    }
}

impl ToJson for IntOrString {
    fn encode(&self, out: &mut dyn Out) {
        match self {
            IntOrString::Int(i) => out.int(i64::from(*i)),
            IntOrString::Str(s) => out.str(s),
        }
    }
}

/// `metav1.Time`: RFC 3339 at second precision.
impl ToJson for Time {
    fn encode(&self, out: &mut dyn Out) {
        out.str(&self.rfc3339());
    }
}

/// `t` as a JSON value: what the printers, JSONPath and apply's comparisons read.
pub fn to_value(t: &dyn ToJson) -> Value {
    // Deep enough for a pod (pod, spec, containers, container, ports, port ...) without regrowing.
    let mut out = ValueOut { open: Vec::with_capacity(12), done: Value::Null };
    t.encode(&mut out);
    out.done
}

/// `t` as compact JSON text, members in the encoder's order, strings escaped as
/// `serde_json::to_string` escapes them.
pub fn to_text(t: &dyn ToJson) -> String {
    let mut out = TextOut::default();
    t.encode(&mut out);
    out.buf
}

/// Builds a [`Value`]: each finished value goes into the innermost open object (under the
/// pending key) or array, or becomes the result.
struct ValueOut {
    open: Vec<Open>,
    done: Value,
}

enum Open {
    Object(Map<String, Value>, String),
    Array(Vec<Value>),
}

impl ValueOut {
    fn put(&mut self, v: Value) {
        match self.open.last_mut() {
            Some(Open::Object(m, key)) => {
                m.insert(std::mem::take(key), v);
            }
            Some(Open::Array(a)) => a.push(v),
            None => self.done = v,
        }
    }
}

impl Out for ValueOut {
    fn null(&mut self) {
        self.put(Value::Null);
    }
    fn bool(&mut self, b: bool) {
        self.put(Value::Bool(b));
    }
    fn int(&mut self, n: i64) {
        self.put(Value::from(n));
    }
    fn str(&mut self, s: &str) {
        self.put(Value::String(s.to_string()));
    }
    fn value(&mut self, v: &Value) {
        self.put(v.clone());
    }
    fn begin_object(&mut self) {
        self.open.push(Open::Object(Map::new(), String::new()));
    }
    fn key(&mut self, k: &str) {
        if let Some(Open::Object(_, key)) = self.open.last_mut() {
            *key = k.to_string();
        }
    }
    fn begin_array(&mut self) {
        self.open.push(Open::Array(Vec::new()));
    }
    fn end(&mut self) {
        let v = match self.open.pop() {
            Some(Open::Object(m, _)) => Value::Object(m),
            Some(Open::Array(a)) => Value::Array(a),
            None => return,
        };
        self.put(v);
    }
}

/// Writes compact JSON text.
#[derive(Default)]
struct TextOut {
    buf: String,
    /// For each open object or array: is it an array?
    open: Vec<bool>,
    /// Nothing written yet in the innermost object or array.
    first: bool,
}

impl TextOut {
    /// Before a value: the comma between array elements (a member's comes with its key).
    fn sep(&mut self) {
        if self.open.last() == Some(&true) {
            if !self.first {
                self.buf.push(',');
            }
            self.first = false;
        }
    }
    fn begin(&mut self, array: bool) {
        self.sep();
        self.buf.push(if array { '[' } else { '{' });
        self.open.push(array);
        self.first = true;
    }
}

impl Out for TextOut {
    fn null(&mut self) {
        self.sep();
        self.buf.push_str("null");
    }
    fn bool(&mut self, b: bool) {
        self.sep();
        self.buf.push_str(if b { "true" } else { "false" });
    }
    fn int(&mut self, n: i64) {
        self.sep();
        let _ = write!(self.buf, "{n}");
    }
    fn str(&mut self, s: &str) {
        self.sep();
        json_string(&mut self.buf, s);
    }
    fn value(&mut self, v: &Value) {
        match v {
            Value::Null => self.null(),
            Value::Bool(b) => self.bool(*b),
            Value::Number(n) => {
                // serde_json writes a number as its Display shows it (itoa, shortest float).
                self.sep();
                let _ = write!(self.buf, "{n}");
            }
            Value::String(s) => self.str(s),
            Value::Array(a) => {
                self.begin_array();
                for x in a {
                    self.value(x);
                }
                self.end();
            }
            Value::Object(m) => {
                self.begin_object();
                for (k, x) in m {
                    self.key(k);
                    self.value(x);
                }
                self.end();
            }
        }
    }
    fn begin_object(&mut self) {
        self.begin(false);
    }
    fn key(&mut self, k: &str) {
        if !self.first {
            self.buf.push(',');
        }
        self.first = false;
        json_string(&mut self.buf, k);
        self.buf.push(':');
    }
    fn begin_array(&mut self) {
        self.begin(true);
    }
    fn end(&mut self) {
        let array = self.open.pop() == Some(true);
        self.buf.push(if array { ']' } else { '}' });
        self.first = false;
    }
}

/// A JSON string as serde_json writes it: `"`, `\` and control characters escaped (`\n`,
/// `\u001f` ...), everything else (`/`, DEL, non-ASCII) as is.
fn json_string(buf: &mut String, s: &str) {
    buf.push('"');
    let mut run = 0;
    for (i, b) in s.bytes().enumerate() {
        let short = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        // `i` is at an ASCII byte, so both slices fall on character boundaries.
        buf.push_str(s.get(run..i).unwrap_or(""));
        if short.is_empty() {
            let _ = write!(buf, "\\u{b:04x}");
        } else {
            buf.push_str(short);
        }
        run = i + 1;
    }
    buf.push_str(s.get(run..).unwrap_or(""));
    buf.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Raw values and strings come out as serde_json writes them (it is the oracle here).
    #[test]
    fn text_is_what_serde_json_writes() {
        let all_ascii: String = (0u8..0x80).map(char::from).collect();
        let values = [
            json!(null),
            json!(true),
            json!([]),
            json!({}),
            json!([[], {}, [null, [1, -2]], {"a": {}}]),
            json!({"z": 1, "a": [0.5, -0.0, 1e300, 1.5e-7, 3.0, 12345678901234567890u64, -9223372036854775808i64]}),
            json!({"cpu": "500m", "memory": 128, "nested": {"b": [true, false], "a": "x"}}),
            json!(all_ascii),
            json!("é 🚀 \u{2028} </script> \u{7f} \u{0} \u{1f}"),
            json!({"\"key\"\n": "\\"}),
        ];
        for v in values {
            assert_eq!(to_text(&v), serde_json::to_string(&v).unwrap_or_default(), "{v:?}");
            assert_eq!(to_value(&v), v);
        }
    }

    #[test]
    fn omitempty_is_gos_is_empty_value() {
        let sel = LabelSelector {
            match_labels: [("app".to_string(), "web".to_string())].into(),
            match_expressions: vec![LabelSelectorRequirement {
                key: "k".into(),
                operator: "Exists".into(),
                values: vec![],
            }],
        };
        assert_eq!(
            to_text(&sel),
            r#"{"matchLabels":{"app":"web"},"matchExpressions":[{"key":"k","operator":"Exists"}]}"#
        );
        assert_eq!(
            to_value(&sel),
            json!({"matchLabels": {"app": "web"}, "matchExpressions": [{"key": "k", "operator": "Exists"}]})
        );
        assert_eq!(to_text(&LabelSelectorRequirement::default()), r#"{"key":"","operator":""}"#);
        assert!(String::new().is_empty_value() && !"x".to_string().is_empty_value());
        assert!(0i32.is_empty_value() && !(-1i64).is_empty_value() && (!true.is_empty_value()));
        assert!(None::<i32>.is_empty_value() && !Some(0).is_empty_value());
        assert!(Vec::<String>::new().is_empty_value() && BTreeMap::<String, String>::new().is_empty_value());
        assert!(!IntOrString::Int(0).is_empty_value() && !Time::ZERO.is_empty_value() && !Value::Null.is_empty_value());
    }
}
