//! The namespace controller: a terminating namespace loses all its objects, then itself.

use crate::api::{Key, Kind};
use crate::apiserver::Control;
use crate::apiserver::DeleteOptions;

pub fn sync(c: &mut Control, key: &Key) {
    let Some(ns) = c.store().namespaces().get(key) else { return };
    if ns.metadata.deletion_timestamp.is_none() {
        return;
    }
    let name = key.name.clone();
    let mut left = 0;
    for kind in [Kind::Deployment, Kind::ReplicaSet, Kind::Service, Kind::Endpoints, Kind::Pod] {
        for k in c.store().keys(kind, Some(&name)) {
            left += 1;
            let _ = c.delete(kind, &k, DeleteOptions::default());
        }
    }
    if left == 0 {
        c.api.remove(Kind::Namespace, key);
    }
}
