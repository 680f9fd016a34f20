//! Object metadata shared by every kind: `ObjectMeta`, owner references, conditions' helpers,
//! and the small serde helpers that give Go's `omitempty` behaviour.

use super::json::Raw;
use crate::time::{opt_timestamp, Time};
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;

pub type Labels = BTreeMap<String, String>;

pub fn is_false(b: &bool) -> bool {
    !*b
}
pub fn is_zero_i64(n: &i64) -> bool {
    *n == 0
}
pub fn is_zero_i32(n: &i32) -> bool {
    *n == 0
}

#[derive(Serialize, Clone, Debug, Default, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ObjectMeta {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub generate_name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub namespace: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub self_link: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub uid: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub resource_version: String,
    #[serde(default, skip_serializing_if = "is_zero_i64")]
    pub generation: i64,
    /// Printed as `null` when unset, like Go's zero `metav1.Time` (Kubernetes 1.33).
    #[serde(default, with = "opt_timestamp")]
    pub creation_timestamp: Option<Time>,
    #[serde(default, with = "opt_timestamp", skip_serializing_if = "Option::is_none")]
    pub deletion_timestamp: Option<Time>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deletion_grace_period_seconds: Option<i64>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: Labels,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub owner_references: Vec<OwnerReference>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub finalizers: Vec<String>,
    /// Accepted and dropped: kubectl hides managed fields by default.
    #[serde(default, skip_serializing)]
    pub managed_fields: Option<Raw>,
}

impl ObjectMeta {
    pub fn controller_uid(&self) -> Option<&str> {
        self.owner_references.iter().find(|r| r.controller == Some(true)).map(|r| r.uid.as_str())
    }
}

#[derive(Serialize, Clone, Debug, Default, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct OwnerReference {
    pub api_version: String,
    pub kind: String,
    pub name: String,
    pub uid: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub controller: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block_owner_deletion: Option<bool>,
}

/// `metav1.Condition`-like status condition used by Deployments, ReplicaSets, Pods and Nodes.
#[derive(Serialize, Clone, Debug, Default, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Condition {
    #[serde(rename = "type")]
    pub type_: String,
    pub status: String,
    #[serde(default, with = "opt_timestamp", skip_serializing_if = "Option::is_none")]
    pub last_heartbeat_time: Option<Time>,
    #[serde(default, with = "opt_timestamp", skip_serializing_if = "Option::is_none")]
    pub last_probe_time: Option<Time>,
    #[serde(default, with = "opt_timestamp", skip_serializing_if = "Option::is_none")]
    pub last_transition_time: Option<Time>,
    #[serde(default, with = "opt_timestamp", skip_serializing_if = "Option::is_none")]
    pub last_update_time: Option<Time>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
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

impl Serialize for IntOrString {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            IntOrString::Int(i) => s.serialize_i32(*i),
            IntOrString::Str(v) => s.serialize_str(v),
        }
    }
}

/// A `v1.ObjectReference` as Endpoints' `targetRef` uses it.
#[derive(Serialize, Clone, Debug, Default, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ObjectReference {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub api_version: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub namespace: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub uid: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub resource_version: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub field_path: String,
}

crate::from_json!(ObjectMeta, "v1.ObjectMeta", {
    "name" => name, "generateName" => generate_name, "namespace" => namespace, "selfLink" => self_link,
    "uid" => uid, "resourceVersion" => resource_version, "generation" => generation,
    "creationTimestamp" => creation_timestamp: time, "deletionTimestamp" => deletion_timestamp: time,
    "deletionGracePeriodSeconds" => deletion_grace_period_seconds, "labels" => labels, "annotations" => annotations,
    "ownerReferences" => owner_references, "finalizers" => finalizers, "managedFields" => managed_fields,
});
crate::from_json!(OwnerReference, "v1.OwnerReference", {
    "apiVersion" => api_version, "kind" => kind, "name" => name, "uid" => uid, "controller" => controller,
    "blockOwnerDeletion" => block_owner_deletion,
});
crate::from_json!(Condition, "v1.Condition", {
    "type" => type_, "status" => status, "lastHeartbeatTime" => last_heartbeat_time: time,
    "lastProbeTime" => last_probe_time: time, "lastTransitionTime" => last_transition_time: time,
    "lastUpdateTime" => last_update_time: time, "reason" => reason, "message" => message,
});
crate::from_json!(ObjectReference, "v1.ObjectReference", {
    "apiVersion" => api_version, "kind" => kind, "name" => name, "namespace" => namespace, "uid" => uid,
    "resourceVersion" => resource_version, "fieldPath" => field_path,
});
