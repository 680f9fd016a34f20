//! The user's files: manifests the editor shows and `kubectl apply -f` reads, keyed by
//! relative path (`sleep/sleep1.yaml`). The built-in example workspace is the chapter's.

use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Workspace {
    pub files: BTreeMap<String, String>,
}

/// The chapter 3.1 files (sixeyed/kiamol `ch03/sleep`).
pub const EXAMPLE: &[(&str, &str)] = &[
    (
        "sleep/sleep1.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: sleep-1\nspec:\n  selector:\n    matchLabels:\n      app: sleep-1\n  template:\n    metadata:\n      labels:\n        app: sleep-1\n    spec:\n      containers:\n        - name: sleep\n          image: kiamol/ch03-sleep\n",
    ),
    (
        "sleep/sleep2.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: sleep-2\nspec:\n  selector:\n    matchLabels:\n      app: sleep-2\n  template:\n    metadata:\n      labels:\n        app: sleep-2\n    spec:\n      containers:\n        - name: sleep\n          image: kiamol/ch03-sleep\n",
    ),
    (
        "sleep/sleep2-service.yaml",
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: sleep-2\nspec:\n  selector:\n    app: sleep-2\n  ports:\n    - port: 80\n",
    ),
];

/// Normalises `./a//b/` to `a/b`; `None` for paths that leave the workspace.
pub fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

impl Workspace {
    pub fn example() -> Workspace {
        Workspace { files: EXAMPLE.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect() }
    }

    pub fn read(&self, path: &str) -> Option<&String> {
        self.files.get(&normalize(path)?)
    }

    /// Files directly or indirectly under directory `dir` (sorted), if it is one.
    pub fn dir(&self, dir: &str, recursive: bool) -> Option<Vec<String>> {
        let d = normalize(dir)?;
        let prefix = if d.is_empty() { String::new() } else { format!("{d}/") };
        let v: Vec<String> = self
            .files
            .keys()
            .filter(|k| k.starts_with(&prefix))
            .filter(|k| recursive || !k.get(prefix.len()..).unwrap_or("").contains('/'))
            .cloned()
            .collect();
        if v.is_empty() {
            None
        } else {
            Some(v)
        }
    }

    pub fn write(&mut self, path: &str, text: &str) -> bool {
        match normalize(path) {
            Some(p) if !p.is_empty() => {
                self.files.insert(p, text.to_string());
                true
            }
            _ => false,
        }
    }
}
