//! The controllers of kube-controller-manager that the simulation runs. Each `sync` looks at
//! one object (or one namespace) and writes what should change through the API server.

pub mod deployment;
pub mod endpoints;
pub mod gc;
pub mod namespace;
pub mod node;
pub mod replicaset;

use crate::api::OwnerReference;

/// The controller reference a controller puts on what it creates.
pub fn controller_ref(kind: &str, name: &str, uid: &str) -> OwnerReference {
    OwnerReference {
        api_version: "apps/v1".into(),
        kind: kind.into(),
        name: name.into(),
        uid: uid.into(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}
