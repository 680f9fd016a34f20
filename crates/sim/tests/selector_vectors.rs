//! Label selector test vectors converted from apimachinery's own tests
//! (`pkg/labels/selector_test.go`, `labels_test.go` at eed236ce, i.e. Kubernetes 1.36),
//! run against `sim::labels`, which follows Kubernetes 1.33 like the simulated cluster.

use sim::labels::{convert_selector_to_labels_map, Labels, Selector};

/// Vectors whose expected result changed after 1.33: apimachinery 65de33d3 ("Fix label
/// selector parsing for consecutive commas", first in v0.35 / Kubernetes 1.35) made a
/// doubled comma before `)` valid. They still run, expecting 1.33's answer, which a real
/// kubectl v1.33.9 gives (`kubectl get -f pod.yaml -l '<selector>'` parses client-side):
/// `unable to parse requirement: found ')', expected: ',', or identifier`.
const CHANGED_AFTER_1_33: &[(&str, &str)] = &[
    ("x in (a,,)", "unable to parse requirement: found ')', expected: ',', or identifier"),
    ("x in (a,,,,,,)", "unable to parse requirement: found ')', expected: ',', or identifier"),
    ("x in (a,,a,,a,,a,,)", "unable to parse requirement: found ')', expected: ',', or identifier"),
];

fn load() -> Vec<serde_json::Value> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/selector_cases.json");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    doc["cases"].as_array().cloned().unwrap_or_default()
}

fn labels(v: &serde_json::Value) -> Labels {
    serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("labels {v}: {e}"))
}

fn text<'a>(case: &'a serde_json::Value, key: &str) -> &'a str {
    case[key].as_str().unwrap_or_else(|| panic!("{case}: no string {key:?}"))
}

fn flag(case: &serde_json::Value, key: &str) -> bool {
    case[key].as_bool().unwrap_or_else(|| panic!("{case}: no bool {key:?}"))
}

#[test]
fn selector_vectors() {
    let cases = load();
    assert_eq!(cases.len(), 61, "vector count changed");
    let mut failures = Vec::new();
    let mut overridden = 0;
    for case in &cases {
        let sel = text(case, "selector");
        let kind = text(case, "kind");
        let changed = CHANGED_AFTER_1_33.iter().find(|(s, _)| *s == sel);
        let ok = match (kind, changed) {
            // A 1.36 vector whose 1.33 answer is a parse error.
            ("parse" | "parse-validity" | "match", Some((_, err))) => {
                overridden += 1;
                Selector::parse(sel).err().as_deref() == Some(*err)
            }
            // Parse: validity and, when valid, the canonical String().
            ("parse", None) => match (Selector::parse(sel), flag(case, "valid")) {
                (Ok(s), true) => s.to_string() == text(case, "canonical"),
                (Err(_), false) => true,
                _ => false,
            },
            // Parse: validity only.
            ("parse-validity", None) => Selector::parse(sel).is_ok() == flag(case, "valid"),
            // Parse then Matches.
            ("match", None) => {
                Selector::parse(sel).is_ok_and(|s| s.matches(&labels(&case["labels"])) == flag(case, "match"))
            }
            // ConvertSelectorToLabelsMap: validity and, when valid, the map.
            ("equality-only-map", _) => match (convert_selector_to_labels_map(sel), flag(case, "valid")) {
                (Ok(m), true) => m == labels(&case["labels"]),
                (Err(_), false) => true,
                _ => false,
            },
            (other, _) => panic!("unknown kind {other:?}"),
        };
        if !ok {
            failures.push(format!("{kind} {sel:?}: parse={:?}", Selector::parse(sel).map(|s| s.to_string())));
        }
    }
    assert_eq!(overridden, CHANGED_AFTER_1_33.len(), "an override matched no vector");
    assert!(failures.is_empty(), "{} of {} failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
    println!("{} selector vectors passed ({overridden} with their Kubernetes 1.33 answer)", cases.len());
}
