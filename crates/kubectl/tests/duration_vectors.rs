//! Duration test vectors converted from apimachinery's own tests
//! (`pkg/util/duration/duration_test.go`), run against `kubectl::duration`.

use kubectl::duration::{human_duration, short_human_duration};

#[test]
fn duration_vectors() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/duration_cases.json");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    let cases = doc["cases"].as_array().cloned().unwrap_or_default();
    assert_eq!(cases.len(), 43, "vector count changed");
    let mut failures = Vec::new();
    for case in &cases {
        let nanos = case["nanos"].as_i64().unwrap_or_else(|| panic!("{case}: no nanos"));
        let want = case["want"].as_str().unwrap_or_else(|| panic!("{case}: no want"));
        let got = match case["func"].as_str() {
            Some("HumanDuration") => human_duration(nanos),
            Some("ShortHumanDuration") => short_human_duration(nanos),
            other => panic!("unknown func {other:?}"),
        };
        if got != want {
            failures.push(format!("{} {} ({}): got {got:?}, want {want:?}", case["func"], nanos, case["goExpr"]));
        }
    }
    assert!(failures.is_empty(), "{} of {} failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
    println!("{} duration vectors passed", cases.len());
}
