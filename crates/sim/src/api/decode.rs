//! From manifest text to typed objects, with the errors a real cluster gives: YAML syntax
//! errors as go-yaml words them (and the absolute line/column for the editor), missing
//! `apiVersion`/`kind` as kubectl's client-side validation words them, and the API server's
//! strict decoding (`unknown field "spec.replica"`) and type errors.

use super::{Kind, Object};
use serde_json::Value;
use std::fmt;

/// One YAML document of a file, converted to JSON.
#[derive(Clone, Debug, PartialEq)]
pub struct Doc {
    pub value: Value,
    /// 1-based line of the file where the document starts.
    pub line: usize,
}

/// A YAML syntax error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    /// 1-based line and column in the whole file (for the editor).
    pub line: usize,
    pub column: usize,
    /// What go-yaml says, e.g. `yaml: line 5: did not find expected node content`. Like
    /// kubectl, line numbers count from the start of the document, not the file.
    pub message: String,
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Splits `text` into documents the way apimachinery's `YAMLReader` does (a line starting with
/// `---`) and converts each to JSON. Empty documents are dropped; a document that is a `List`
/// is not expanded here (see [`expand_lists`]).
pub fn parse_documents(text: &str) -> Result<Vec<Doc>, YamlError> {
    let mut docs = Vec::new();
    let mut chunk = String::new();
    let mut chunk_line = 1;
    // apimachinery's LineReader ends every line with `\n` (a `\r\n` too, and the last line).
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let line = line.strip_suffix('\n').map_or(line, |l| l.strip_suffix('\r').unwrap_or(l));
        if let Some(rest) = line.strip_prefix("---") {
            let trimmed = rest.trim();
            if !trimmed.is_empty() && !trimmed.starts_with('#') {
                return Err(YamlError {
                    line: i + 1,
                    column: 4,
                    message: format!("invalid Yaml document separator: {trimmed}"),
                });
            }
            parse_chunk(&chunk, chunk_line, &mut docs)?;
            chunk.clear();
            chunk_line = i + 2;
            continue;
        }
        chunk.push_str(line);
        chunk.push('\n');
    }
    parse_chunk(&chunk, chunk_line, &mut docs)?;
    Ok(docs)
}

fn parse_chunk(chunk: &str, first_line: usize, docs: &mut Vec<Doc>) -> Result<(), YamlError> {
    if chunk.trim().is_empty() {
        return Ok(());
    }
    match super::yaml::parse(chunk) {
        Ok(Value::Null) => Ok(()),
        Ok(value) => {
            let skip = chunk.lines().take_while(|l| l.trim().is_empty() || l.trim_start().starts_with('#')).count();
            docs.push(Doc { value, line: first_line + skip });
            Ok(())
        }
        Err(e) => Err(YamlError { line: first_line + e.line, column: e.column + 1, message: e.message }),
    }
}

/// Flattens `kind: List` documents into their items, as kubectl's resource builder does.
pub fn expand_lists(docs: Vec<Doc>) -> Vec<Doc> {
    let mut out = Vec::with_capacity(docs.len());
    for d in docs {
        let is_list = d.value.get("kind").and_then(Value::as_str).is_some_and(|k| k == "List" || k.ends_with("List"))
            && d.value.get("items").is_some_and(Value::is_array);
        match (is_list, d.value) {
            (true, Value::Object(mut m)) => {
                if let Some(Value::Array(items)) = m.remove("items") {
                    out.extend(items.into_iter().map(|value| Doc { value, line: d.line }));
                }
            }
            (_, value) => out.push(Doc { value, line: d.line }),
        }
    }
    out
}

/// `apiVersion` and `kind` of a manifest, or kubectl's validation complaints
/// (`apiVersion not set`, `kind not set`, ...), as `getObjectKind` in kubectl's schema validation.
pub fn type_meta(v: &Value) -> Result<(String, String), Vec<String>> {
    let Some(m) = v.as_object() else {
        return Err(vec!["invalid object to validate".into()]);
    };
    let mut errs = Vec::new();
    let api_version = match m.get("apiVersion") {
        None | Some(Value::Null) => {
            errs.push("apiVersion not set".to_string());
            String::new()
        }
        Some(Value::String(s)) => {
            if s.matches('/').count() > 1 {
                errs.push(format!("unexpected GroupVersion string: {s}"));
            }
            s.clone()
        }
        Some(_) => {
            errs.push("apiVersion isn't string type".into());
            String::new()
        }
    };
    let kind = match m.get("kind") {
        None | Some(Value::Null) => {
            errs.push("kind not set".into());
            String::new()
        }
        Some(Value::String(s)) => s.clone(),
        Some(_) => {
            errs.push("kind isn't string type".into());
            String::new()
        }
    };
    if errs.is_empty() {
        Ok((api_version, kind))
    } else {
        Err(errs)
    }
}

/// Why the API server could not decode a request body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// `strict decoding error: unknown field "spec.replica", unknown field "..."`
    UnknownFields(Vec<String>),
    /// `json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32`
    Type(String),
}

impl DecodeError {
    /// The body of the API server's BadRequest:
    /// `Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: ...`.
    pub fn message(&self, kind: Kind) -> String {
        let detail = match self {
            DecodeError::UnknownFields(f) => {
                let list: Vec<String> = f.iter().map(|p| format!("unknown field \"{p}\"")).collect();
                format!("strict decoding error: {}", list.join(", "))
            }
            DecodeError::Type(t) => t.clone(),
        };
        format!(
            "{} in version \"{}\" cannot be handled as a {}: {detail}",
            kind.name(),
            kind.resource().version,
            kind.name()
        )
    }
}

/// Decodes `v` as `kind`, rejecting unknown fields like the API server's strict field validation.
pub fn decode(kind: Kind, v: Value) -> Result<Object, DecodeError> {
    super::decode_kind(kind, v)
}

pub(crate) fn strict<T: super::json::FromJson>(v: Value) -> Result<T, DecodeError> {
    let (t, unknown, type_error) = super::json::decode_strict::<T>(&v);
    if let Some(e) = type_error {
        return Err(DecodeError::Type(e));
    }
    if !unknown.is_empty() {
        return Err(DecodeError::UnknownFields(unknown));
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_documents_and_skips_empty_ones() {
        let docs = parse_documents("---\na: 1\n---\n# only a comment\n---\n\nb: 2\n").unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].line, 2);
        assert_eq!(docs[1].line, 7);
    }

    #[test]
    fn syntax_errors_read_like_go_yaml() {
        let e = parse_documents("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n  bad: [\n").unwrap_err();
        assert_eq!(e.message, "yaml: line 5: did not find expected node content");
        let e = parse_documents("a: b\n c: d\n").unwrap_err();
        assert_eq!(e.message, "yaml: line 2: mapping values are not allowed in this context");
        assert_eq!((e.line, e.column), (2, 3));
        // Line numbers are per document, the editor's are per file.
        let e = parse_documents("a: 1\n---\na: b\n c: d\n").unwrap_err();
        assert_eq!(e.message, "yaml: line 2: mapping values are not allowed in this context");
        assert_eq!(e.line, 4);
    }

    #[test]
    fn type_meta_complaints() {
        let v: Value = serde_json::json!({"metadata": {}});
        assert_eq!(type_meta(&v), Err(vec!["apiVersion not set".to_string(), "kind not set".to_string()]));
    }

    #[test]
    fn unknown_fields_are_listed_with_paths() {
        let v = serde_json::json!({
            "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "x"},
            "spec": {"replicass": 2, "template": {"spec": {"containers": [{"name": "a", "image": "b", "imagee": "c"}]}}}
        });
        let e = decode(Kind::Deployment, v).unwrap_err();
        assert_eq!(
            e.message(Kind::Deployment),
            "Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: unknown field \"spec.replicass\", unknown field \"spec.template.spec.containers[0].imagee\""
        );
    }

    #[test]
    fn type_errors_name_the_go_struct() {
        let v = serde_json::json!({"apiVersion": "apps/v1", "kind": "Deployment", "spec": {"replicas": "two"}});
        let e = decode(Kind::Deployment, v).unwrap_err();
        assert_eq!(
            e.message(Kind::Deployment),
            "Deployment in version \"v1\" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32"
        );
        let v = serde_json::json!({"kind": "Pod", "metadata": {"labels": {"app": 1}}});
        let e = decode(Kind::Pod, v).unwrap_err();
        assert_eq!(
            e,
            DecodeError::Type(
                "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string".into()
            )
        );
    }
}
