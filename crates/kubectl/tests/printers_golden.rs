//! Golden cases for `kubectl -o yaml` / `-o json`: every `tests/data/printers/NAME.json` is an
//! object as the API server would return it; `NAME.yaml` and `NAME.out.json` are what a real
//! kubectl v1.33.9 printed for it (offline, client-side), byte for byte.
//!
//! The expected files were made with no-op edits, so kubectl prints the object unchanged:
//!
//! ```sh
//! K=$(/work/shared/tools/real-kubectl)        # kubectl v1.33.9
//! # these objects carry the label x=y already
//! for c in numbers strings-edge strings-random keys-random folding-random structure; do
//!   $K label --local -f $c.json x=y --overwrite -o yaml > $c.yaml
//!   $K label --local -f $c.json x=y --overwrite -o json > $c.out.json
//! done
//! $K label --local -f pod.json app=web --overwrite -o yaml                   # and -o json
//! $K label --local -f tricky.json app=tricky --overwrite -o yaml             # and -o json
//! $K label --local -f create-deployment.json app=web --overwrite -o yaml     # and -o json
//! $K annotate --local -f deployment.json deployment.kubernetes.io/revision=1 --overwrite \
//!   --show-managed-fields -o yaml                                             # and -o json
//! $K annotate --local -f service.json --overwrite -o yaml \
//!   description="Front door for the web tier. Routes HTTP traffic on port 80 to the nginx containers listening on 8080, and metrics on 9090."
//! ```
//!
//! (`create-deployment.json` is `$K create deployment web --image=nginx --replicas=2 --port=80
//! --dry-run=client -o json`; its `.yaml` equals that command's `-o yaml`.)
//!
//! The cases: a Deployment (with managedFields, last-applied-configuration, status
//! conditions), a Pod, a NodePort Service, a ConfigMap of tricky strings and keys (`tricky`),
//! number formatting (`numbers`), resolver/quoting edge strings (`strings-edge`), nesting shapes
//! and `? ` complex keys (`structure`), and seeded random strings, keys and long folded lines
//! (`strings-random`, `keys-random`, `folding-random`). Key sets were chosen so that go-yaml's
//! key order is deterministic: its "natural" key comparison is not transitive (e.g. `a1b` <
//! `a9` < `a10` < `a1b`), and with such keys kubectl itself prints varying orders run to run.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use kubectl::printers::{json::to_json, yaml::to_yaml};
use serde_json::Value;
use std::path::Path;

#[test]
fn printers_match_real_kubectl() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/printers");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("read tests/data/printers")
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter_map(|f| f.strip_suffix(".json").map(str::to_string))
        .filter(|n| !n.ends_with(".out"))
        .collect();
    names.sort();
    assert!(names.len() >= 11, "cases: {names:?}");

    let mut failures = Vec::new();
    for name in &names {
        let input = std::fs::read_to_string(dir.join(format!("{name}.json"))).unwrap();
        let v: Value = serde_json::from_str(&input).unwrap();
        for (ext, got) in [("yaml", to_yaml(&v)), ("out.json", to_json(&v))] {
            let want = std::fs::read_to_string(dir.join(format!("{name}.{ext}"))).unwrap();
            if got != want {
                let line = got
                    .lines()
                    .zip(want.lines())
                    .position(|(g, w)| g != w)
                    .unwrap_or(got.lines().count().min(want.lines().count()));
                failures.push(format!(
                    "{name}.{ext}: first difference at line {}\n  want: {:?}\n  got:  {:?}",
                    line + 1,
                    want.lines().nth(line),
                    got.lines().nth(line)
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
