//! ConfigMap and Secret: configuration a pod reads as environment variables or files. Secret
//! data are bytes (base64 on the wire, as Go writes `[]byte`); `stringData` is write-only
//! text the API server folds into `data`. Both may be made `immutable`.

use super::json::{Decoder, FromJson, Out, ToJson};
use super::meta::ObjectMeta;
use crate::field::{quote, FieldError};
use serde_json::Value;
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ConfigMap {
    pub api_version: String,
    pub kind: String,
    pub metadata: ObjectMeta,
    pub data: BTreeMap<String, String>,
    pub binary_data: BTreeMap<String, Bytes>,
    pub immutable: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Secret {
    pub api_version: String,
    pub kind: String,
    pub metadata: ObjectMeta,
    pub data: BTreeMap<String, Bytes>,
    /// Write-only: merged into `data` when stored, never returned.
    pub string_data: BTreeMap<String, String>,
    pub type_: String,
    pub immutable: Option<bool>,
}

/// A `[]byte` field: bytes, written as padded standard base64.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bytes(pub Vec<u8>);

impl Bytes {
    /// The bytes as text (what a pod sees in an environment variable or a file).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0).into_owned()
    }
}

impl FromJson for Bytes {
    fn go_type() -> String {
        "[]uint8".into()
    }
    fn decode(v: &Value, d: &mut Decoder) -> Self {
        match v {
            Value::String(s) => match crate::base64::decode_std(s) {
                Ok(b) => Bytes(b),
                Err(at) => {
                    if d.type_error.is_none() {
                        d.type_error = Some(format!("illegal base64 data at input byte {at}"));
                    }
                    Bytes::default()
                }
            },
            Value::Null => Bytes::default(),
            other => {
                d.mismatch(other, "[]uint8");
                Bytes::default()
            }
        }
    }
}

impl ToJson for Bytes {
    fn encode(&self, out: &mut dyn Out) {
        out.str(&crate::base64::encode_std(&self.0));
    }
    fn is_empty_value(&self) -> bool {
        false
    }
}

impl FromJson for BTreeMap<String, Bytes> {
    fn go_type() -> String {
        "map[string][]uint8".into()
    }
    fn decode(v: &Value, d: &mut Decoder) -> Self {
        let mut out = BTreeMap::new();
        if let Some(m) = d.object(v, "map[string][]uint8") {
            for (k, val) in m {
                out.insert(k.clone(), Bytes::decode(val, d));
            }
        }
        out
    }
}

impl ToJson for BTreeMap<String, Bytes> {
    fn encode(&self, out: &mut dyn Out) {
        out.begin_object();
        for (k, v) in self {
            out.key(k);
            v.encode(out);
        }
        out.end();
    }
    fn is_empty_value(&self) -> bool {
        self.is_empty()
    }
}

crate::json_struct!(ConfigMap, "v1.ConfigMap", {
    "apiVersion",omitempty => api_version, "kind",omitempty => kind, "metadata" => metadata,
    "immutable",omitempty => immutable, "data",omitempty => data, "binaryData",omitempty => binary_data,
});
crate::json_struct!(Secret, "v1.Secret", {
    "apiVersion",omitempty => api_version, "kind",omitempty => kind, "metadata" => metadata,
    "immutable",omitempty => immutable, "data",omitempty => data, "stringData",omitempty => string_data,
    "type",omitempty => type_,
});

/// The most a ConfigMap or Secret may hold (bytes of keys and values).
const MAX_SIZE: usize = 1 << 20;
const MAX_SIZE_I64: i64 = 1 << 20;

/// `IsConfigMapKey`: what a key of `data` must look like.
fn key_errors(field: &str, keys: impl Iterator<Item = String>) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for k in keys {
        let ok = !k.is_empty() && k.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
        let path = format!("{field}[{k}]");
        if !ok {
            errs.push(FieldError::invalid(
                path,
                quote(&k),
                "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
            ));
        } else if k == "." || k == ".." || k.starts_with("..") {
            errs.push(FieldError::invalid(path, quote(&k), "must not start with '..'"));
        }
    }
    errs
}

fn immutable_errors(immutable: Option<bool>, was: Option<bool>, data_changed: bool) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if was == Some(true) {
        if immutable != Some(true) {
            errs.push(FieldError::forbidden("immutable", "field is immutable when `immutable` is set"));
        }
        if data_changed {
            errs.push(FieldError::forbidden("data", "field is immutable when `immutable` is set"));
        }
    }
    errs
}

impl super::KindRules for ConfigMap {
    fn validate(&self) -> Vec<FieldError> {
        let mut errs = key_errors("data", self.data.keys().cloned());
        errs.extend(key_errors("binaryData", self.binary_data.keys().cloned()));
        for k in self.data.keys().filter(|k| self.binary_data.contains_key(*k)) {
            errs.push(FieldError::invalid(format!("data[{k}]"), quote(k), "duplicate of key present in binaryData"));
        }
        let size: usize = self.data.iter().map(|(k, v)| k.len() + v.len()).sum::<usize>()
            + self.binary_data.iter().map(|(k, v)| k.len() + v.0.len()).sum::<usize>();
        if size > MAX_SIZE {
            errs.push(FieldError::too_long("", MAX_SIZE_I64));
        }
        errs
    }
    fn validate_update(&self, old: &ConfigMap) -> Vec<FieldError> {
        let changed = self.data != old.data || self.binary_data != old.binary_data;
        immutable_errors(self.immutable, old.immutable, changed)
    }
}

impl super::KindRules for Secret {
    fn defaults(&mut self) {
        if self.type_.is_empty() {
            self.type_ = "Opaque".into();
        }
        for (k, v) in std::mem::take(&mut self.string_data) {
            self.data.insert(k, Bytes(v.into_bytes()));
        }
    }
    fn validate(&self) -> Vec<FieldError> {
        let mut errs = key_errors("data", self.data.keys().cloned());
        let size: usize = self.data.iter().map(|(k, v)| k.len() + v.0.len()).sum();
        if size > MAX_SIZE {
            errs.push(FieldError::too_long("data", MAX_SIZE_I64));
        }
        errs
    }
    fn validate_update(&self, old: &Secret) -> Vec<FieldError> {
        let mut errs = Vec::new();
        if self.type_ != old.type_ {
            errs.push(FieldError::invalid("type", quote(&self.type_), "field is immutable"));
        }
        errs.extend(immutable_errors(self.immutable, old.immutable, self.data != old.data));
        errs
    }
}
