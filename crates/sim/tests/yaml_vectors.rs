//! Differential test of the YAML parser (`sim::api::yaml`, through `decode::parse_documents`)
//! against a real kubectl v1.33.9: `tests/data/yaml/cases.json` holds every manifest of the
//! transcripts, the seed, the example workspace, kubectl's own `-o yaml` output from the
//! printer goldens and hand-written tricky cases (YAML 1.1 scalars, quoting, block scalars,
//! anchors and merge keys, tags, and the syntax errors), each with the JSON or the error the
//! real kubectl produced (`kubectl label --local -f FILE -o json`). Rebuild it with
//! `python3 crates/sim/tests/data/yaml/capture.py "$(/work/shared/tools/real-kubectl)"`.

use serde_json::Value;
use sim::api::decode::{expand_lists, parse_documents};

#[test]
fn yaml_matches_real_kubectl() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/yaml/cases.json");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let doc: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    let cases = doc["cases"].as_array().cloned().unwrap_or_default();
    assert!(cases.len() >= 100, "only {} cases", cases.len());
    let mut failures = Vec::new();
    let mut checked = 0;
    for case in &cases {
        let name = case["name"].as_str().unwrap_or("?");
        let input = case["input"].as_str().unwrap_or_default();
        let got =
            parse_documents(input).map(|docs| expand_lists(docs).into_iter().map(|d| d.value).collect::<Vec<_>>());
        let ok = match (&got, case.get("docs"), case.get("error")) {
            (Ok(values), Some(Value::Array(want)), _) => values.iter().map(canonical).eq(want.iter().map(canonical)),
            (Err(e), _, Some(Value::String(want))) => &e.message == want,
            (_, None, None) => continue, // kubectl failed after the conversion
            _ => false,
        };
        checked += 1;
        if !ok {
            let want = case.get("docs").or(case.get("error")).cloned().unwrap_or_default();
            failures.push(match (got, want) {
                (Ok(v), Value::Array(w)) => {
                    format!("{name}: {}", first_difference(&Value::Array(v), &Value::Array(w), String::new()))
                }
                (got, want) => format!("{name}:\n  got  {got:?}\n  want {want}"),
            });
        }
    }
    assert!(failures.is_empty(), "{} of {checked} differ:\n{}", failures.len(), failures.join("\n"));
    println!("{checked} YAML cases match kubectl");
}

/// Numbers as apimachinery holds them: int64, else float64 (a JSON integer above int64 is a
/// float to kubectl, and `9223372036854776000` is how Go writes that float).
fn canonical(v: &Value) -> Value {
    match v {
        Value::Number(n) if n.as_i64().is_none() => {
            n.as_f64().and_then(serde_json::Number::from_f64).map_or(Value::Null, Value::Number)
        }
        Value::Array(a) => Value::Array(a.iter().map(canonical).collect()),
        Value::Object(o) => Value::Object(o.iter().map(|(k, v)| (k.clone(), canonical(v))).collect()),
        other => other.clone(),
    }
}

fn first_difference(got: &Value, want: &Value, path: String) -> String {
    match (got, want) {
        (Value::Object(g), Value::Object(w)) => {
            for k in g.keys().chain(w.keys()) {
                match (g.get(k), w.get(k)) {
                    (Some(a), Some(b)) if canonical(a) == canonical(b) => {}
                    (Some(a), Some(b)) => return first_difference(a, b, format!("{path}.{k}")),
                    (a, b) => return format!("at {path}.{k}: got {a:?}, want {b:?}"),
                }
            }
            format!("at {path}: ?")
        }
        (Value::Array(g), Value::Array(w)) if g.len() == w.len() => {
            for (i, (a, b)) in g.iter().zip(w).enumerate() {
                if canonical(a) != canonical(b) {
                    return first_difference(a, b, format!("{path}[{i}]"));
                }
            }
            format!("at {path}: ?")
        }
        _ => format!("at {path}: got {got}, want {want}"),
    }
}

/// Every cut of every case (and with a byte swapped for an indicator) parses or fails, and
/// never panics or loops.
#[test]
fn yaml_survives_truncation() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/yaml/cases.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut n = 0;
    for case in doc["cases"].as_array().unwrap() {
        let input = case["input"].as_str().unwrap_or_default();
        if input.len() > 4000 {
            continue;
        }
        for (i, _) in input.char_indices().step_by(13) {
            let _ = parse_documents(&input[..i]);
            for c in ["[", ":", "\"", "|", "*a", "\t"] {
                let _ = parse_documents(&format!("{}{c}{}", &input[..i], &input[i..]));
            }
            n += 1;
        }
    }
    assert!(n > 500, "{n}");
}
