//! The garbage collector: when an owner is deleted, its dependents go too (background
//! propagation), once none of their owners exists.

use crate::apiserver::Control;
use crate::apiserver::DeleteOptions;

/// Eight levels of owners at a time; a deeper cascade goes on in the next round of `settle`
/// (the uids wait in the store).
pub fn sync(c: &mut Control) {
    for _ in 0..8 {
        let gone = c.api.take_deleted_uids();
        if gone.is_empty() {
            return;
        }
        for uid in gone {
            for (kind, key) in c.store().dependents_of(&uid) {
                let Some(obj) = c.store().get(kind, &key) else { continue };
                let owners_left = obj.meta().owner_references.iter().any(|r| r.uid != uid && owner_exists(c, &r.uid));
                if !owners_left {
                    let _ = c.delete(kind, &key, DeleteOptions::default());
                }
            }
        }
    }
}

fn owner_exists(c: &Control, uid: &str) -> bool {
    c.store().deployments().values().any(|d| d.metadata.uid == uid)
        || c.store().replicasets().values().any(|r| r.metadata.uid == uid)
}
