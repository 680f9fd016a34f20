//! The Pod kind: spec (containers, ports, env, DNS policy ...), status (phase, conditions,
//! container states, IPs) and the pod template other kinds embed. Fields the simulation does
//! not act on are kept as raw JSON so they round-trip.

use super::json::Raw;
use super::meta::{is_false, ObjectMeta};
use crate::time::{opt_timestamp, Time};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

#[derive(Serialize, Clone, Debug, Default, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Pod {
    #[serde(default)]
    pub api_version: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: PodSpec,
    #[serde(default)]
    pub status: PodStatus,
}

#[derive(Serialize, Clone, Debug, Default, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PodTemplateSpec {
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: PodSpec,
}

#[derive(Serialize, Clone, Debug, Default, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PodSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volumes: Option<Raw>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub init_containers: Vec<Container>,
    #[serde(default)]
    pub containers: Vec<Container>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ephemeral_containers: Option<Raw>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub restart_policy: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub termination_grace_period_seconds: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_deadline_seconds: Option<i64>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub dns_policy: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub node_selector: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub service_account_name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub service_account: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub automount_service_account_token: Option<bool>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub node_name: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub host_network: bool,
    #[serde(default, rename = "hostPID", skip_serializing_if = "is_false")]
    pub host_pid: bool,
    #[serde(default, rename = "hostIPC", skip_serializing_if = "is_false")]
    pub host_ipc: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share_process_namespace: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_context: Option<Raw>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_pull_secrets: Option<Raw>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub hostname: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub subdomain: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affinity: Option<Raw>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub scheduler_name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tolerations: Vec<Toleration>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_aliases: Option<Raw>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub priority_class_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dns_config: Option<Raw>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub readiness_gates: Option<Raw>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime_class_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_service_links: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preemption_policy: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overhead: Option<Raw>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topology_spread_constraints: Option<Raw>,
    #[serde(default, rename = "setHostnameAsFQDN", skip_serializing_if = "Option::is_none")]
    pub set_hostname_as_fqdn: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os: Option<Raw>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_users: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduling_gates: Option<Raw>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_claims: Option<Raw>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<Raw>,
    /// The service-account token volume admission added (its JSON is made when read).
    #[serde(skip)]
    pub token_volume: String,
}

#[derive(Serialize, Clone, Debug, Default, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Container {
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub image: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub command: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub working_dir: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ports: Vec<ContainerPort>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub env_from: Option<Raw>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub env: Vec<EnvVar>,
    /// `resources: {}` is always printed, as Go's non-pointer struct is.
    #[serde(default = "empty_object")]
    pub resources: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resize_policy: Option<Raw>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restart_policy: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume_mounts: Option<Raw>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume_devices: Option<Raw>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub liveness_probe: Option<Raw>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub readiness_probe: Option<Raw>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub startup_probe: Option<Raw>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifecycle: Option<Raw>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub termination_message_path: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub termination_message_policy: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub image_pull_policy: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_context: Option<Raw>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub stdin: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub stdin_once: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub tty: bool,
}

pub fn empty_object() -> Value {
    Value::Object(serde_json::Map::new())
}

#[derive(Serialize, Clone, Debug, Default, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ContainerPort {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_port: Option<i32>,
    #[serde(default)]
    pub container_port: i32,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub protocol: String,
    #[serde(default, rename = "hostIP", skip_serializing_if = "String::is_empty")]
    pub host_ip: String,
}

#[derive(Serialize, Clone, Debug, Default, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct EnvVar {
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_from: Option<Raw>,
}

#[derive(Serialize, Clone, Debug, Default, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Toleration {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub key: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub operator: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub value: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub effect: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub toleration_seconds: Option<i64>,
}

impl Toleration {
    /// `v1.Toleration.ToleratesTaint`.
    pub fn tolerates(&self, t: &super::node::Taint) -> bool {
        if !self.effect.is_empty() && self.effect != t.effect {
            return false;
        }
        if !self.key.is_empty() && self.key != t.key {
            return false;
        }
        match self.operator.as_str() {
            "Exists" => true,
            "" | "Equal" => self.value == t.value,
            _ => false,
        }
    }
}

#[derive(Serialize, Clone, Debug, Default, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PodStatus {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub phase: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<PodCondition>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    #[serde(default, rename = "hostIP", skip_serializing_if = "String::is_empty")]
    pub host_ip: String,
    #[serde(default, rename = "hostIPs", skip_serializing_if = "Vec::is_empty")]
    pub host_ips: Vec<IpEntry>,
    #[serde(default, rename = "podIP", skip_serializing_if = "String::is_empty")]
    pub pod_ip: String,
    #[serde(default, rename = "podIPs", skip_serializing_if = "Vec::is_empty")]
    pub pod_ips: Vec<IpEntry>,
    #[serde(default, with = "opt_timestamp", skip_serializing_if = "Option::is_none")]
    pub start_time: Option<Time>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub init_container_statuses: Vec<ContainerStatus>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub container_statuses: Vec<ContainerStatus>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub qos_class: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub nominated_node_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ephemeral_container_statuses: Option<Raw>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resize: Option<Raw>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_claim_statuses: Option<Raw>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_generation: Option<i64>,
}

/// A pod condition: `lastProbeTime` and `lastTransitionTime` are printed even when unset.
#[derive(Serialize, Clone, Debug, Default, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PodCondition {
    #[serde(rename = "type")]
    pub type_: String,
    pub status: String,
    #[serde(default, with = "opt_timestamp")]
    pub last_probe_time: Option<Time>,
    #[serde(default, with = "opt_timestamp")]
    pub last_transition_time: Option<Time>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_generation: Option<i64>,
}

#[derive(Serialize, Clone, Debug, Default, PartialEq)]
pub struct IpEntry {
    pub ip: String,
}

#[derive(Serialize, Clone, Debug, Default, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ContainerStatus {
    pub name: String,
    #[serde(default)]
    pub state: ContainerState,
    #[serde(default = "empty_object")]
    pub last_state: Value,
    #[serde(default)]
    pub ready: bool,
    #[serde(default)]
    pub restart_count: i32,
    #[serde(default)]
    pub image: String,
    #[serde(default, rename = "imageID")]
    pub image_id: String,
    #[serde(default, rename = "containerID", skip_serializing_if = "String::is_empty")]
    pub container_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume_mounts: Option<Raw>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<Raw>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allocated_resources: Option<Raw>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<Raw>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allocated_resources_status: Option<Raw>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stop_signal: Option<String>,
}

#[derive(Serialize, Clone, Debug, Default, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ContainerState {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiting: Option<StateWaiting>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub running: Option<StateRunning>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terminated: Option<StateTerminated>,
}

#[derive(Serialize, Clone, Debug, Default, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct StateWaiting {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
}

#[derive(Serialize, Clone, Debug, Default, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct StateRunning {
    #[serde(default, with = "opt_timestamp")]
    pub started_at: Option<Time>,
}

#[derive(Serialize, Clone, Debug, Default, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct StateTerminated {
    pub exit_code: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signal: Option<i32>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
    #[serde(default, with = "opt_timestamp")]
    pub started_at: Option<Time>,
    #[serde(default, with = "opt_timestamp")]
    pub finished_at: Option<Time>,
    #[serde(default, rename = "containerID", skip_serializing_if = "String::is_empty")]
    pub container_id: String,
}

impl Pod {
    pub fn is_terminating(&self) -> bool {
        self.metadata.deletion_timestamp.is_some()
    }
    pub fn is_ready(&self) -> bool {
        self.status.conditions.iter().any(|c| c.type_ == "Ready" && c.status == "True")
    }
    pub fn is_bound(&self) -> bool {
        !self.spec.node_name.is_empty()
    }
    /// The owning controller's kind and name, from `ownerReferences`.
    pub fn controller(&self) -> Option<(&str, &str)> {
        self.metadata
            .owner_references
            .iter()
            .find(|r| r.controller == Some(true))
            .map(|r| (r.kind.as_str(), r.name.as_str()))
    }
    /// Succeeded or Failed: the pod will not run again.
    pub fn is_finished(&self) -> bool {
        matches!(self.status.phase.as_str(), "Succeeded" | "Failed")
    }
    pub fn ip(&self) -> Option<crate::net::Ip> {
        self.status.pod_ip.parse().ok()
    }
    /// `hostname` in the container: `spec.hostname` or the pod name.
    pub fn hostname(&self) -> &str {
        if self.spec.hostname.is_empty() {
            &self.metadata.name
        } else {
            &self.spec.hostname
        }
    }
}

crate::from_json!(Pod, "v1.Pod", {
    "apiVersion" => api_version, "kind" => kind, "metadata" => metadata, "spec" => spec, "status" => status,
});
crate::from_json!(PodTemplateSpec, "v1.PodTemplateSpec", { "metadata" => metadata, "spec" => spec });
crate::from_json!(PodSpec, "v1.PodSpec", {
    "volumes" => volumes, "initContainers" => init_containers, "containers" => containers,
    "ephemeralContainers" => ephemeral_containers, "restartPolicy" => restart_policy,
    "terminationGracePeriodSeconds" => termination_grace_period_seconds,
    "activeDeadlineSeconds" => active_deadline_seconds, "dnsPolicy" => dns_policy, "nodeSelector" => node_selector,
    "serviceAccountName" => service_account_name, "serviceAccount" => service_account,
    "automountServiceAccountToken" => automount_service_account_token, "nodeName" => node_name,
    "hostNetwork" => host_network, "hostPID" => host_pid, "hostIPC" => host_ipc,
    "shareProcessNamespace" => share_process_namespace, "securityContext" => security_context,
    "imagePullSecrets" => image_pull_secrets, "hostname" => hostname, "subdomain" => subdomain,
    "affinity" => affinity, "schedulerName" => scheduler_name, "tolerations" => tolerations,
    "hostAliases" => host_aliases, "priorityClassName" => priority_class_name, "priority" => priority,
    "dnsConfig" => dns_config, "readinessGates" => readiness_gates, "runtimeClassName" => runtime_class_name,
    "enableServiceLinks" => enable_service_links, "preemptionPolicy" => preemption_policy, "overhead" => overhead,
    "topologySpreadConstraints" => topology_spread_constraints, "setHostnameAsFQDN" => set_hostname_as_fqdn,
    "os" => os, "hostUsers" => host_users, "schedulingGates" => scheduling_gates,
    "resourceClaims" => resource_claims, "resources" => resources,
});
crate::from_json!(Container, "v1.Container", {
    "name" => name, "image" => image, "command" => command, "args" => args, "workingDir" => working_dir,
    "ports" => ports, "envFrom" => env_from, "env" => env, "resources" => resources,
    "resizePolicy" => resize_policy, "restartPolicy" => restart_policy, "volumeMounts" => volume_mounts,
    "volumeDevices" => volume_devices, "livenessProbe" => liveness_probe, "readinessProbe" => readiness_probe,
    "startupProbe" => startup_probe, "lifecycle" => lifecycle,
    "terminationMessagePath" => termination_message_path,
    "terminationMessagePolicy" => termination_message_policy, "imagePullPolicy" => image_pull_policy,
    "securityContext" => security_context, "stdin" => stdin, "stdinOnce" => stdin_once, "tty" => tty,
});
crate::from_json!(ContainerPort, "v1.ContainerPort", {
    "name" => name, "hostPort" => host_port, "containerPort" => container_port, "protocol" => protocol,
    "hostIP" => host_ip,
});
crate::from_json!(EnvVar, "v1.EnvVar", { "name" => name, "value" => value, "valueFrom" => value_from });
crate::from_json!(Toleration, "v1.Toleration", {
    "key" => key, "operator" => operator, "value" => value, "effect" => effect,
    "tolerationSeconds" => toleration_seconds,
});
crate::from_json!(PodStatus, "v1.PodStatus", {
    "phase" => phase, "conditions" => conditions, "message" => message, "reason" => reason,
    "hostIP" => host_ip, "hostIPs" => host_ips, "podIP" => pod_ip, "podIPs" => pod_ips,
    "startTime" => start_time: time, "initContainerStatuses" => init_container_statuses,
    "containerStatuses" => container_statuses, "qosClass" => qos_class,
    "nominatedNodeName" => nominated_node_name, "ephemeralContainerStatuses" => ephemeral_container_statuses,
    "resize" => resize, "resourceClaimStatuses" => resource_claim_statuses, "observedGeneration" => observed_generation,
});
crate::from_json!(PodCondition, "v1.PodCondition", {
    "type" => type_, "status" => status, "lastProbeTime" => last_probe_time: time,
    "lastTransitionTime" => last_transition_time: time, "reason" => reason, "message" => message,
    "observedGeneration" => observed_generation,
});
crate::from_json!(IpEntry, "v1.PodIP", { "ip" => ip });
crate::from_json!(ContainerStatus, "v1.ContainerStatus", {
    "name" => name, "state" => state, "lastState" => last_state, "ready" => ready,
    "restartCount" => restart_count, "image" => image, "imageID" => image_id, "containerID" => container_id,
    "started" => started, "volumeMounts" => volume_mounts, "resources" => resources,
    "allocatedResources" => allocated_resources, "user" => user, "allocatedResourcesStatus" => allocated_resources_status,
    "stopSignal" => stop_signal,
});
crate::from_json!(ContainerState, "v1.ContainerState", {
    "waiting" => waiting, "running" => running, "terminated" => terminated,
});
crate::from_json!(StateWaiting, "v1.ContainerStateWaiting", { "reason" => reason, "message" => message });
crate::from_json!(StateRunning, "v1.ContainerStateRunning", { "startedAt" => started_at: time });
crate::from_json!(StateTerminated, "v1.ContainerStateTerminated", {
    "exitCode" => exit_code, "signal" => signal, "reason" => reason, "message" => message,
    "startedAt" => started_at: time, "finishedAt" => finished_at: time, "containerID" => container_id,
});
