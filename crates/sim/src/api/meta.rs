//! Object metadata shared by every kind: `ObjectMeta`, owner references, conditions and
//! their helpers, `IntOrString`.

use super::json::Raw;
use crate::time::Time;
use std::collections::BTreeMap;
use std::fmt;

pub type Labels = BTreeMap<String, String>;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ObjectMeta {
    pub name: String,
    pub generate_name: String,
    pub namespace: String,
    pub self_link: String,
    pub uid: String,
    pub resource_version: String,
    pub generation: i64,
    /// Printed as `null` when unset, like Go's zero `metav1.Time` (Kubernetes 1.33).
    pub creation_timestamp: Option<Time>,
    pub deletion_timestamp: Option<Time>,
    pub deletion_grace_period_seconds: Option<i64>,
    pub labels: Labels,
    pub annotations: BTreeMap<String, String>,
    pub owner_references: Vec<OwnerReference>,
    pub finalizers: Vec<String>,
    /// Accepted and dropped: kubectl hides managed fields by default.
    pub managed_fields: Option<Raw>,
}

impl ObjectMeta {
    pub fn controller_uid(&self) -> Option<&str> {
        self.owner_references.iter().find(|r| r.controller == Some(true)).map(|r| r.uid.as_str())
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct OwnerReference {
    pub api_version: String,
    pub kind: String,
    pub name: String,
    pub uid: String,
    pub controller: Option<bool>,
    pub block_owner_deletion: Option<bool>,
}

/// `metav1.Condition`-like status condition used by Deployments, ReplicaSets, Pods and Nodes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Condition {
    pub type_: String,
    pub status: String,
    pub last_heartbeat_time: Option<Time>,
    pub last_probe_time: Option<Time>,
    pub last_transition_time: Option<Time>,
    pub last_update_time: Option<Time>,
    pub reason: String,
    pub message: String,
}

/// Sets condition `type_` keeping `lastTransitionTime` when the status did not change.
pub fn set_condition(conds: &mut Vec<Condition>, mut c: Condition, now: Time) {
    if let Some(old) = conds.iter_mut().find(|o| o.type_ == c.type_) {
        if old.status == c.status {
            c.last_transition_time = old.last_transition_time;
            if c.reason == old.reason && c.message == old.message {
                c.last_update_time = old.last_update_time;
            }
        } else if c.last_transition_time.is_some() {
            c.last_transition_time = Some(now);
        }
        *old = c;
    } else {
        conds.push(c);
    }
}

pub fn condition_true(conds: &[Condition], type_: &str) -> bool {
    conds.iter().any(|c| c.type_ == type_ && c.status == "True")
}

/// `intstr.IntOrString`: `targetPort`, `maxSurge` ...
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IntOrString {
    Int(i32),
    Str(String),
}

impl Default for IntOrString {
    fn default() -> Self {
        IntOrString::Int(0)
    }
}

impl fmt::Display for IntOrString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IntOrString::Int(i) => write!(f, "{i}"),
            IntOrString::Str(s) => f.write_str(s),
        }
    }
}

/// A `v1.ObjectReference` as Endpoints' `targetRef` uses it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ObjectReference {
    pub api_version: String,
    pub kind: String,
    pub name: String,
    pub namespace: String,
    pub uid: String,
    pub resource_version: String,
    pub field_path: String,
}

crate::json_struct!(ObjectMeta, "v1.ObjectMeta", {
    "name",omitempty => name, "generateName",omitempty => generate_name, "namespace",omitempty => namespace,
    "selfLink",omitempty => self_link, "uid",omitempty => uid, "resourceVersion",omitempty => resource_version,
    "generation",omitempty => generation, "creationTimestamp" => creation_timestamp,
    "deletionTimestamp",omitempty => deletion_timestamp,
    "deletionGracePeriodSeconds",omitempty => deletion_grace_period_seconds, "labels",omitempty => labels,
    "annotations",omitempty => annotations, "ownerReferences",omitempty => owner_references,
    "finalizers",omitempty => finalizers, "managedFields",decodeonly => managed_fields,
});
crate::json_struct!(OwnerReference, "v1.OwnerReference", {
    "apiVersion" => api_version, "kind" => kind, "name" => name, "uid" => uid, "controller",omitempty => controller,
    "blockOwnerDeletion",omitempty => block_owner_deletion,
});
crate::json_struct!(Condition, "v1.Condition", {
    "type" => type_, "status" => status, "lastHeartbeatTime",omitempty => last_heartbeat_time,
    "lastProbeTime",omitempty => last_probe_time, "lastTransitionTime",omitempty => last_transition_time,
    "lastUpdateTime",omitempty => last_update_time, "reason",omitempty => reason, "message",omitempty => message,
});
crate::json_struct!(ObjectReference, "v1.ObjectReference", {
    "apiVersion",omitempty => api_version, "kind",omitempty => kind, "name",omitempty => name,
    "namespace",omitempty => namespace, "uid",omitempty => uid, "resourceVersion",omitempty => resource_version,
    "fieldPath",omitempty => field_path,
});
