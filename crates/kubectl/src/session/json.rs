//! A session as JSON, the file `kubeplay run --record` writes and `kubeplay replay` reads:
//! readable, and easy to write by hand. The same content as a link, in plain text:
//! `{"seed":N, "workers":N?, "files":"example"|{path: text}, "journal":[[dt, tag, args...]...],
//! "elapsed":dt, "settings":{k: v}?}`, times and tags as in [`super::link`].

use super::link::{args, arity, entry, example_files, tag, tag_letter, tag_of_letter, LinkError};
use super::{Record, Session, SessionError, DEFAULT_WORKERS};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// The JSON of a session (format 1).
pub fn to_json(s: &Session) -> String {
    let mut o = Map::new();
    o.insert("seed".into(), json!(s.seed));
    if s.workers != DEFAULT_WORKERS {
        o.insert("workers".into(), json!(s.workers));
    }
    let files = if s.files == example_files() {
        json!("example")
    } else {
        Value::Object(s.files.iter().map(|(k, v)| (k.clone(), json!(v))).collect())
    };
    o.insert("files".into(), files);
    let mut last = 0;
    let journal: Vec<Value> = s
        .journal
        .iter()
        .map(|r| {
            let dt = r.at.saturating_sub(last);
            last = r.at;
            let mut step = vec![json!(dt), json!(tag_letter(tag(&r.entry)))];
            step.extend(args(&r.entry).into_iter().map(|a| json!(a)));
            Value::Array(step)
        })
        .collect();
    o.insert("journal".into(), Value::Array(journal));
    o.insert("elapsed".into(), json!(s.elapsed.saturating_sub(last)));
    if !s.settings.is_empty() {
        o.insert("settings".into(), Value::Object(s.settings.iter().map(|(k, v)| (k.clone(), json!(v))).collect()));
    }
    Value::Object(o).to_string()
}

/// A session from its JSON (format 1), checked.
pub fn from_json(text: &str) -> Result<Session, LinkError> {
    let v: Value = serde_json::from_str(text).map_err(|e| LinkError::Damaged(format!("bad JSON: {e}")))?;
    let bad = |what: &str| LinkError::Invalid(what.to_string());
    let o = v.as_object().ok_or_else(|| bad("not a JSON object"))?;
    let seed = o.get("seed").and_then(Value::as_u64).ok_or_else(|| bad("no seed"))?;
    let workers = match o.get("workers") {
        None => DEFAULT_WORKERS,
        Some(w) => w.as_u64().and_then(|w| usize::try_from(w).ok()).ok_or_else(|| bad("bad worker count"))?,
    };
    let files = match o.get("files") {
        Some(Value::String(s)) if s == "example" => example_files(),
        Some(Value::String(s)) => return Err(LinkError::Invalid(format!("unknown example workspace {s:?}"))),
        Some(Value::Object(m)) => strings(m).ok_or_else(|| bad("a file's text is not a string"))?,
        _ => return Err(bad("no files")),
    };
    let items = o.get("journal").and_then(Value::as_array).ok_or_else(|| bad("no journal"))?;
    if items.len() > super::MAX_ENTRIES {
        return Err(LinkError::Invalid(SessionError::TooManyEntries(items.len()).to_string()));
    }
    let mut journal = Vec::with_capacity(items.len());
    let mut at: u64 = 0;
    for (i, item) in items.iter().enumerate() {
        let step = || LinkError::Invalid(format!("step {} is malformed", i + 1));
        let a = item.as_array().ok_or_else(step)?;
        let dt = a.first().and_then(Value::as_u64).ok_or_else(step)?;
        at = at.checked_add(dt).ok_or_else(step)?;
        let letter = a.get(1).and_then(Value::as_str).ok_or_else(step)?;
        let kind = tag_of_letter(letter)
            .ok_or_else(|| LinkError::Invalid(format!("step {} is of an unknown kind {letter:?}", i + 1)))?;
        if a.len() != 2 + arity(kind) {
            return Err(step());
        }
        let strings: Option<Vec<String>> = a.iter().skip(2).map(|v| v.as_str().map(str::to_string)).collect();
        let entry = strings.and_then(|v| entry(kind, v)).ok_or_else(step)?;
        journal.push(Record { at, entry });
    }
    let elapsed = o
        .get("elapsed")
        .and_then(Value::as_u64)
        .and_then(|e| at.checked_add(e))
        .ok_or_else(|| bad("no elapsed time"))?;
    let settings = match o.get("settings") {
        None => BTreeMap::new(),
        Some(Value::Object(m)) => strings(m).ok_or_else(|| bad("a setting is not a string"))?,
        Some(_) => return Err(bad("bad settings")),
    };
    let s = Session { seed, workers, files, journal, elapsed, settings };
    s.check().map_err(|e| LinkError::Invalid(e.to_string()))?;
    Ok(s)
}

fn strings(m: &Map<String, Value>) -> Option<BTreeMap<String, String>> {
    m.iter().map(|(k, v)| Some((k.clone(), v.as_str()?.to_string()))).collect()
}
