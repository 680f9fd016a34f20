//! The one place the page touches localStorage: the saved session, the backup of one that no
//! longer opens, and the files of kubeplay before sessions (read once, to carry them over).
//! An embed never comes here.

use crate::state::{Saved, STORE_OLD_FILES, STORE_SESSION};
use std::collections::BTreeMap;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn get(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// What is saved.
pub fn load() -> Saved {
    let old_files = get(STORE_OLD_FILES).and_then(|t| {
        let v: serde_json::Value = serde_json::from_str(&t).ok()?;
        let mut files = BTreeMap::new();
        for (k, v) in v.as_object()? {
            files.insert(k.clone(), v.as_str()?.to_string());
        }
        Some(files)
    });
    Saved { session: get(STORE_SESSION), old_files }
}

/// Stores `value` under `key`; `false` when the browser refuses (quota, private mode).
pub fn set(key: &str, value: &str) -> bool {
    storage().is_some_and(|s| s.set_item(key, value).is_ok())
}
