//! The `apps/v1` kinds the simulation runs: Deployment and ReplicaSet.

use super::meta::{Condition, IntOrString, ObjectMeta};
use super::pod::PodTemplateSpec;
use crate::labels::LabelSelector;

crate::wire_enum!(
    /// How a Deployment replaces its pods.
    StrategyType, "v1.DeploymentStrategyType", { Recreate => "Recreate", RollingUpdate => "RollingUpdate" }
);

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Deployment {
    pub api_version: String,
    pub kind: String,
    pub metadata: ObjectMeta,
    pub spec: DeploymentSpec,
    pub status: DeploymentStatus,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct DeploymentSpec {
    pub replicas: Option<i32>,
    pub selector: Option<LabelSelector>,
    pub template: PodTemplateSpec,
    pub strategy: DeploymentStrategy,
    pub min_ready_seconds: i32,
    pub revision_history_limit: Option<i32>,
    pub paused: bool,
    pub progress_deadline_seconds: Option<i32>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct DeploymentStrategy {
    pub type_: StrategyType,
    pub rolling_update: Option<RollingUpdate>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct RollingUpdate {
    pub max_unavailable: Option<IntOrString>,
    pub max_surge: Option<IntOrString>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct DeploymentStatus {
    pub observed_generation: i64,
    pub replicas: i32,
    pub updated_replicas: i32,
    pub ready_replicas: i32,
    pub available_replicas: i32,
    pub unavailable_replicas: i32,
    pub conditions: Vec<Condition>,
    pub collision_count: Option<i32>,
    pub terminating_replicas: Option<i32>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReplicaSet {
    pub api_version: String,
    pub kind: String,
    pub metadata: ObjectMeta,
    pub spec: ReplicaSetSpec,
    pub status: ReplicaSetStatus,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReplicaSetSpec {
    pub replicas: Option<i32>,
    pub min_ready_seconds: i32,
    pub selector: Option<LabelSelector>,
    pub template: PodTemplateSpec,
}

/// `replicas` is printed even when 0 (Go: no omitempty on it).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReplicaSetStatus {
    pub replicas: i32,
    pub fully_labeled_replicas: i32,
    pub ready_replicas: i32,
    pub available_replicas: i32,
    pub observed_generation: i64,
    pub conditions: Vec<Condition>,
    pub terminating_replicas: Option<i32>,
}

crate::json_struct!(Deployment, "v1.Deployment", {
    "apiVersion" => api_version, "kind" => kind, "metadata" => metadata, "spec" => spec, "status" => status,
});
crate::json_struct!(DeploymentSpec, "v1.DeploymentSpec", {
    "replicas",omitempty => replicas, "selector",omitempty => selector, "template" => template, "strategy" => strategy,
    "minReadySeconds",omitempty => min_ready_seconds, "revisionHistoryLimit",omitempty => revision_history_limit,
    "paused",omitempty => paused, "progressDeadlineSeconds",omitempty => progress_deadline_seconds,
});
crate::json_struct!(DeploymentStrategy, "v1.DeploymentStrategy", {
    "type",omitempty => type_, "rollingUpdate",omitempty => rolling_update,
});
crate::json_struct!(RollingUpdate, "v1.RollingUpdateDeployment", {
    "maxUnavailable",omitempty => max_unavailable, "maxSurge",omitempty => max_surge,
});
crate::json_struct!(DeploymentStatus, "v1.DeploymentStatus", {
    "observedGeneration",omitempty => observed_generation, "replicas",omitempty => replicas,
    "updatedReplicas",omitempty => updated_replicas, "readyReplicas",omitempty => ready_replicas,
    "availableReplicas",omitempty => available_replicas, "unavailableReplicas",omitempty => unavailable_replicas,
    "conditions",omitempty => conditions, "collisionCount",omitempty => collision_count,
    "terminatingReplicas",omitempty => terminating_replicas,
});
crate::json_struct!(ReplicaSet, "v1.ReplicaSet", {
    "apiVersion" => api_version, "kind" => kind, "metadata" => metadata, "spec" => spec, "status" => status,
});
crate::json_struct!(ReplicaSetSpec, "v1.ReplicaSetSpec", {
    "replicas",omitempty => replicas, "minReadySeconds",omitempty => min_ready_seconds,
    "selector",omitempty => selector, "template" => template,
});
crate::json_struct!(ReplicaSetStatus, "v1.ReplicaSetStatus", {
    "replicas" => replicas, "fullyLabeledReplicas",omitempty => fully_labeled_replicas,
    "readyReplicas",omitempty => ready_replicas, "availableReplicas",omitempty => available_replicas,
    "observedGeneration",omitempty => observed_generation, "conditions",omitempty => conditions,
    "terminatingReplicas",omitempty => terminating_replicas,
});

impl super::KindRules for Deployment {
    fn defaults(&mut self) {
        super::defaults::deployment(self);
    }
    fn validate(&self) -> Vec<crate::field::FieldError> {
        super::validation::deployment(self)
    }
    fn validate_update(&self, old: &Deployment) -> Vec<crate::field::FieldError> {
        super::validation::selector_update(self.spec.selector.as_ref(), old.spec.selector.as_ref())
    }
    fn keep_server_fields(&mut self, old: &Deployment) {
        self.status = old.status.clone();
    }
    fn spec_changed(&self, old: &Deployment) -> bool {
        self.spec != old.spec
    }
}

impl super::KindRules for ReplicaSet {
    fn defaults(&mut self) {
        super::defaults::replicaset(self);
    }
    fn validate(&self) -> Vec<crate::field::FieldError> {
        super::validation::replicaset(self)
    }
    fn validate_update(&self, old: &ReplicaSet) -> Vec<crate::field::FieldError> {
        super::validation::selector_update(self.spec.selector.as_ref(), old.spec.selector.as_ref())
    }
    fn keep_server_fields(&mut self, old: &ReplicaSet) {
        self.status = old.status.clone();
    }
    fn spec_changed(&self, old: &ReplicaSet) -> bool {
        self.spec != old.spec
    }
}
