//! Decoding API objects from JSON as the API server's strict decoder does: every unknown
//! field is collected with its path (`spec.template.spec.containers[0].imagee`), and the
//! first value of the wrong type gives Go's `json: cannot unmarshal string into Go struct
//! field DeploymentSpec.spec.replicas of type int32`. `null` is accepted anywhere and leaves
//! the zero value, as in Go.
//!
//! This is hand-rolled instead of `#[derive(Deserialize)]`: one non-generic function per
//! type keeps the page small (derive code instantiated through path-tracking deserializers
//! was most of the WebAssembly binary), and the field tables carry Go's type names.

use super::meta::IntOrString;
use crate::labels::{LabelSelector, LabelSelectorRequirement};
use crate::time::Time;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
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
    fn mismatch(&mut self, v: &Value, go_type: &str) {
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

impl serde::Serialize for Raw {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
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

/// `metav1.Time`: RFC 3339, or null.
#[derive(Default)]
pub struct Timestamp(pub Option<Time>);

impl FromJson for Timestamp {
    fn go_type() -> String {
        "v1.Time".into()
    }
    fn decode(v: &Value, d: &mut Decoder) -> Self {
        match v {
            Value::String(s) => {
                match Time::parse_rfc3339(s) {
                    Some(t) => Timestamp(Some(t)),
                    None => {
                        if d.type_error.is_none() {
                            d.type_error = Some(format!("parsing time \"{s}\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"{s}\" as \"2006\""));
                        }
                        Timestamp(None)
                    }
                }
            }
            Value::Null => Timestamp(None),
            other => {
                d.mismatch(other, "string");
                Timestamp(None)
            }
        }
    }
}

/// Implements [`FromJson`] for a struct from its JSON field names.
/// `"name" => field` decodes with the field's type; `"name" => field: time` for timestamps.
#[macro_export]
macro_rules! from_json {
    ($ty:ty, $go:literal, { $($json:literal => $field:ident $(: $conv:ident)?),* $(,)? }) => {
        impl $crate::api::json::FromJson for $ty {
            fn go_type() -> String {
                $go.to_string()
            }
            fn decode(v: &serde_json::Value, d: &mut $crate::api::json::Decoder) -> Self {
                let mut out = <$ty>::default();
                d.fields(v, $go, |k, val, d| {
                    match k {
                        $($json => { $crate::from_json!(@set out.$field, val, d $(, $conv)?); })*
                        _ => return false,
                    }
                    true
                });
                out
            }
        }
    };
    (@set $target:expr, $val:expr, $d:expr) => {
        $target = $crate::api::json::FromJson::decode($val, $d)
    };
    (@set $target:expr, $val:expr, $d:expr, time) => {
        $target = <$crate::api::json::Timestamp as $crate::api::json::FromJson>::decode($val, $d).0
    };
}

from_json!(LabelSelectorRequirement, "v1.LabelSelectorRequirement", {
    "key" => key, "operator" => operator, "values" => values,
});
from_json!(LabelSelector, "v1.LabelSelector", {
    "matchLabels" => match_labels, "matchExpressions" => match_expressions,
});

/// Decodes `v` as `T`: the value, the unknown fields' paths, and the first type error.
pub fn decode_strict<T: FromJson>(v: &Value) -> (T, Vec<String>, Option<String>) {
    let mut d = Decoder::default();
    let t = T::decode(v, &mut d);
    (t, d.unknown, d.type_error)
}
