//! The layers of `sim`, as ARCHITECTURE.md draws them, checked: every module uses only
//! modules of its own layer or below. The test reads the sources (`crate::name` paths outside
//! `#[cfg(test)]` code) and fails on an upward reference, naming it.

use std::path::{Path, PathBuf};

/// Bottom to top. A module not listed here is an error too (put it in a layer).
const LAYERS: &[(&str, &[&str])] = &[
    ("helpers", &["time", "rng", "order", "field", "addr", "hash", "base64", "labels", "images", "shell"]),
    ("api types", &["api"]),
    ("store and the clock", &["store", "ctx"]),
    ("API server", &["apiserver"]),
    ("control loops", &["controllers", "scheduler", "kubelet"]),
    ("machines and network", &["host", "net"]),
    ("cluster facade", &["cluster", "bootstrap"]),
    ("processes", &["process", "interp", "userland", "testing"]),
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|(_, mods)| mods.contains(&module))
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The code of a file without its test module and comments.
fn code(text: &str) -> String {
    let body = match text.find("#[cfg(test)]") {
        Some(i) => &text[..i],
        None => text,
    };
    body.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
}

/// The first segment of every `crate::x` path (and of `use crate::{x, y}` groups).
fn crate_refs(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let after = &rest[i + 7..];
        if let Some(group) = after.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for part in group[..end].split(',') {
                let name: String = part.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                out.push(name);
            }
        } else {
            out.push(after.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect());
        }
        rest = after;
    }
    out
}

#[test]
fn modules_use_only_their_layer_and_below() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    files.sort();
    assert!(files.len() > 20, "found only {} sources", files.len());
    let mut errors = Vec::new();
    for f in &files {
        let rel = f.strip_prefix(&src).unwrap_or(f);
        let module = rel.components().next().and_then(|c| c.as_os_str().to_str()).unwrap_or("");
        let module = module.trim_end_matches(".rs");
        if module == "lib" {
            continue;
        }
        let Some(mine) = layer_of(module) else {
            errors.push(format!("{}: module `{module}` is in no layer", rel.display()));
            continue;
        };
        let text = std::fs::read_to_string(f).unwrap_or_default();
        for r in crate_refs(&code(&text)) {
            // Re-exports at the crate root name the facade (`crate::Cluster`) or api types.
            let target = match r.as_str() {
                "Cluster" => "cluster",
                "Key" | "Kind" | "Object" => "api",
                "Time" => "time",
                "ApiError" | "DeleteOptions" | "Propagation" => "apiserver",
                "json_struct" | "wire_enum" | "registry" => "api",
                other => other,
            };
            match layer_of(target) {
                Some(theirs) if theirs > mine => errors.push(format!(
                    "{}: `{module}` ({}) uses `crate::{r}` ({}), a layer above it",
                    rel.display(),
                    LAYERS[mine].0,
                    LAYERS[theirs].0
                )),
                Some(_) => {}
                None if target.is_empty() || target.chars().next().is_some_and(char::is_uppercase) => {}
                None => errors.push(format!("{}: `crate::{r}` is in no layer", rel.display())),
            }
        }
    }
    assert!(errors.is_empty(), "{} upward references:\n{}", errors.len(), errors.join("\n"));
}
