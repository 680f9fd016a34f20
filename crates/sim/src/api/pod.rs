//! The Pod kind: spec (containers, ports, env, DNS policy ...), status (phase, conditions,
//! container states, IPs) and the pod template other kinds embed. Fields the simulation does
//! not act on are kept as raw JSON so they round-trip.

use super::json::Raw;
use super::meta::ObjectMeta;
use crate::time::Time;
use serde_json::Value;
use std::collections::BTreeMap;

crate::wire_enum!(
    /// What the kubelet does when a container exits.
    RestartPolicy, "v1.RestartPolicy", { Always => "Always", OnFailure => "OnFailure", Never => "Never" }
);

impl RestartPolicy {
    /// Whether a container that exited with `code` is started again (the kubelet's one rule).
    pub fn restarts(&self, code: i32) -> bool {
        match self {
            RestartPolicy::Never => false,
            RestartPolicy::OnFailure => code != 0,
            _ => true,
        }
    }
}

crate::wire_enum!(
    /// How the pod's resolv.conf is written.
    DnsPolicy, "v1.DNSPolicy", {
        ClusterFirstWithHostNet => "ClusterFirstWithHostNet",
        ClusterFirst => "ClusterFirst",
        Default => "Default",
        None => "None",
    }
);

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pod {
    pub api_version: String,
    pub kind: String,
    pub metadata: ObjectMeta,
    pub spec: PodSpec,
    pub status: PodStatus,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PodTemplateSpec {
    pub metadata: ObjectMeta,
    pub spec: PodSpec,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PodSpec {
    pub volumes: Option<Raw>,
    pub init_containers: Vec<Container>,
    pub containers: Vec<Container>,
    pub ephemeral_containers: Option<Raw>,
    pub restart_policy: RestartPolicy,
    pub termination_grace_period_seconds: Option<i64>,
    pub active_deadline_seconds: Option<i64>,
    pub dns_policy: DnsPolicy,
    pub node_selector: BTreeMap<String, String>,
    pub service_account_name: String,
    pub service_account: String,
    pub automount_service_account_token: Option<bool>,
    pub node_name: String,
    pub host_network: bool,
    pub host_pid: bool,
    pub host_ipc: bool,
    pub share_process_namespace: Option<bool>,
    pub security_context: Option<Raw>,
    pub image_pull_secrets: Option<Raw>,
    pub hostname: String,
    pub subdomain: String,
    pub affinity: Option<Raw>,
    pub scheduler_name: String,
    pub tolerations: Vec<Toleration>,
    pub host_aliases: Option<Raw>,
    pub priority_class_name: String,
    pub priority: Option<i32>,
    pub dns_config: Option<Raw>,
    pub readiness_gates: Option<Raw>,
    pub runtime_class_name: Option<String>,
    pub enable_service_links: Option<bool>,
    pub preemption_policy: Option<String>,
    pub overhead: Option<Raw>,
    pub topology_spread_constraints: Option<Raw>,
    pub set_hostname_as_fqdn: Option<bool>,
    pub os: Option<Raw>,
    pub host_users: Option<bool>,
    pub scheduling_gates: Option<Raw>,
    pub resource_claims: Option<Raw>,
    pub resources: Option<Raw>,
    /// The service-account token volume admission added (its JSON is made when read).
    pub token_volume: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Container {
    pub name: String,
    pub image: String,
    pub command: Vec<String>,
    pub args: Vec<String>,
    pub working_dir: String,
    pub ports: Vec<ContainerPort>,
    pub env_from: Option<Raw>,
    pub env: Vec<EnvVar>,
    /// `resources: {}` is always printed, as Go's non-pointer struct is.
    pub resources: Value,
    pub resize_policy: Option<Raw>,
    pub restart_policy: Option<String>,
    pub volume_mounts: Option<Raw>,
    pub volume_devices: Option<Raw>,
    pub liveness_probe: Option<Raw>,
    pub readiness_probe: Option<Raw>,
    pub startup_probe: Option<Raw>,
    pub lifecycle: Option<Raw>,
    pub termination_message_path: String,
    pub termination_message_policy: String,
    pub image_pull_policy: String,
    pub security_context: Option<Raw>,
    pub stdin: bool,
    pub stdin_once: bool,
    pub tty: bool,
}

pub fn empty_object() -> Value {
    Value::Object(serde_json::Map::new())
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ContainerPort {
    pub name: String,
    pub host_port: Option<i32>,
    pub container_port: i32,
    pub protocol: String,
    pub host_ip: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct EnvVar {
    pub name: String,
    pub value: Option<String>,
    pub value_from: Option<Raw>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Toleration {
    pub key: String,
    pub operator: String,
    pub value: String,
    pub effect: String,
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

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PodStatus {
    pub phase: String,
    pub conditions: Vec<PodCondition>,
    pub message: String,
    pub reason: String,
    pub host_ip: String,
    pub host_ips: Vec<IpEntry>,
    pub pod_ip: String,
    pub pod_ips: Vec<IpEntry>,
    pub start_time: Option<Time>,
    pub init_container_statuses: Vec<ContainerStatus>,
    pub container_statuses: Vec<ContainerStatus>,
    pub qos_class: String,
    pub nominated_node_name: String,
    pub ephemeral_container_statuses: Option<Raw>,
    pub resize: Option<Raw>,
    pub resource_claim_statuses: Option<Raw>,
    pub observed_generation: Option<i64>,
}

/// A pod condition: `lastProbeTime` and `lastTransitionTime` are printed even when unset.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PodCondition {
    pub type_: String,
    pub status: String,
    pub last_probe_time: Option<Time>,
    pub last_transition_time: Option<Time>,
    pub reason: String,
    pub message: String,
    pub observed_generation: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct IpEntry {
    pub ip: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ContainerStatus {
    pub name: String,
    pub state: ContainerState,
    pub last_state: Value,
    pub ready: bool,
    pub restart_count: i32,
    pub image: String,
    pub image_id: String,
    pub container_id: String,
    pub started: Option<bool>,
    pub volume_mounts: Option<Raw>,
    pub resources: Option<Raw>,
    pub allocated_resources: Option<Raw>,
    pub user: Option<Raw>,
    pub allocated_resources_status: Option<Raw>,
    pub stop_signal: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ContainerState {
    pub waiting: Option<StateWaiting>,
    pub running: Option<StateRunning>,
    pub terminated: Option<StateTerminated>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct StateWaiting {
    pub reason: String,
    pub message: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct StateRunning {
    pub started_at: Option<Time>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct StateTerminated {
    pub exit_code: i32,
    pub signal: Option<i32>,
    pub reason: String,
    pub message: String,
    pub started_at: Option<Time>,
    pub finished_at: Option<Time>,
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
    pub fn ip(&self) -> Option<crate::addr::Ip> {
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

crate::json_struct!(Pod, "v1.Pod", {
    "apiVersion" => api_version, "kind" => kind, "metadata" => metadata, "spec" => spec, "status" => status,
});
crate::json_struct!(PodTemplateSpec, "v1.PodTemplateSpec", { "metadata" => metadata, "spec" => spec });
crate::json_struct!(PodSpec, "v1.PodSpec", {
    "volumes",omitempty => volumes, "initContainers",omitempty => init_containers, "containers" => containers,
    "ephemeralContainers",omitempty => ephemeral_containers, "restartPolicy",omitempty => restart_policy,
    "terminationGracePeriodSeconds",omitempty => termination_grace_period_seconds,
    "activeDeadlineSeconds",omitempty => active_deadline_seconds, "dnsPolicy",omitempty => dns_policy,
    "nodeSelector",omitempty => node_selector, "serviceAccountName",omitempty => service_account_name,
    "serviceAccount",omitempty => service_account,
    "automountServiceAccountToken",omitempty => automount_service_account_token, "nodeName",omitempty => node_name,
    "hostNetwork",omitempty => host_network, "hostPID",omitempty => host_pid, "hostIPC",omitempty => host_ipc,
    "shareProcessNamespace",omitempty => share_process_namespace, "securityContext",omitempty => security_context,
    "imagePullSecrets",omitempty => image_pull_secrets, "hostname",omitempty => hostname,
    "subdomain",omitempty => subdomain, "affinity",omitempty => affinity, "schedulerName",omitempty => scheduler_name,
    "tolerations",omitempty => tolerations, "hostAliases",omitempty => host_aliases,
    "priorityClassName",omitempty => priority_class_name, "priority",omitempty => priority,
    "dnsConfig",omitempty => dns_config, "readinessGates",omitempty => readiness_gates,
    "runtimeClassName",omitempty => runtime_class_name, "enableServiceLinks",omitempty => enable_service_links,
    "preemptionPolicy",omitempty => preemption_policy, "overhead",omitempty => overhead,
    "topologySpreadConstraints",omitempty => topology_spread_constraints,
    "setHostnameAsFQDN",omitempty => set_hostname_as_fqdn, "os",omitempty => os, "hostUsers",omitempty => host_users,
    "schedulingGates",omitempty => scheduling_gates, "resourceClaims",omitempty => resource_claims,
    "resources",omitempty => resources,
});
crate::json_struct!(Container, "v1.Container", {
    "name" => name, "image",omitempty => image, "command",omitempty => command, "args",omitempty => args,
    "workingDir",omitempty => working_dir, "ports",omitempty => ports, "envFrom",omitempty => env_from,
    "env",omitempty => env, "resources" => resources, "resizePolicy",omitempty => resize_policy,
    "restartPolicy",omitempty => restart_policy, "volumeMounts",omitempty => volume_mounts,
    "volumeDevices",omitempty => volume_devices, "livenessProbe",omitempty => liveness_probe,
    "readinessProbe",omitempty => readiness_probe, "startupProbe",omitempty => startup_probe,
    "lifecycle",omitempty => lifecycle, "terminationMessagePath",omitempty => termination_message_path,
    "terminationMessagePolicy",omitempty => termination_message_policy,
    "imagePullPolicy",omitempty => image_pull_policy, "securityContext",omitempty => security_context,
    "stdin",omitempty => stdin, "stdinOnce",omitempty => stdin_once, "tty",omitempty => tty,
});
crate::json_struct!(ContainerPort, "v1.ContainerPort", {
    "name",omitempty => name, "hostPort",omitempty => host_port, "containerPort" => container_port,
    "protocol",omitempty => protocol, "hostIP",omitempty => host_ip,
});
crate::json_struct!(EnvVar, "v1.EnvVar", {
    "name" => name, "value",omitempty => value, "valueFrom",omitempty => value_from,
});
crate::json_struct!(Toleration, "v1.Toleration", {
    "key",omitempty => key, "operator",omitempty => operator, "value",omitempty => value, "effect",omitempty => effect,
    "tolerationSeconds",omitempty => toleration_seconds,
});
crate::json_struct!(PodStatus, "v1.PodStatus", {
    "phase",omitempty => phase, "conditions",omitempty => conditions, "message",omitempty => message,
    "reason",omitempty => reason, "hostIP",omitempty => host_ip, "hostIPs",omitempty => host_ips,
    "podIP",omitempty => pod_ip, "podIPs",omitempty => pod_ips, "startTime",omitempty => start_time,
    "initContainerStatuses",omitempty => init_container_statuses, "containerStatuses",omitempty => container_statuses,
    "qosClass",omitempty => qos_class, "nominatedNodeName",omitempty => nominated_node_name,
    "ephemeralContainerStatuses",omitempty => ephemeral_container_statuses, "resize",omitempty => resize,
    "resourceClaimStatuses",omitempty => resource_claim_statuses, "observedGeneration",omitempty => observed_generation,
});
crate::json_struct!(PodCondition, "v1.PodCondition", {
    "type" => type_, "status" => status, "lastProbeTime" => last_probe_time,
    "lastTransitionTime" => last_transition_time, "reason",omitempty => reason, "message",omitempty => message,
    "observedGeneration",omitempty => observed_generation,
});
crate::json_struct!(IpEntry, "v1.PodIP", { "ip" => ip });
crate::json_struct!(ContainerStatus, "v1.ContainerStatus", {
    "name" => name, "state" => state, "lastState" => last_state, "ready" => ready, "restartCount" => restart_count,
    "image" => image, "imageID" => image_id, "containerID",omitempty => container_id, "started",omitempty => started,
    "volumeMounts",omitempty => volume_mounts, "resources",omitempty => resources,
    "allocatedResources",omitempty => allocated_resources, "user",omitempty => user,
    "allocatedResourcesStatus",omitempty => allocated_resources_status, "stopSignal",omitempty => stop_signal,
});
crate::json_struct!(ContainerState, "v1.ContainerState", {
    "waiting",omitempty => waiting, "running",omitempty => running, "terminated",omitempty => terminated,
});
crate::json_struct!(StateWaiting, "v1.ContainerStateWaiting", {
    "reason",omitempty => reason, "message",omitempty => message,
});
crate::json_struct!(StateRunning, "v1.ContainerStateRunning", { "startedAt" => started_at });
crate::json_struct!(StateTerminated, "v1.ContainerStateTerminated", {
    "exitCode" => exit_code, "signal",omitempty => signal, "reason",omitempty => reason, "message",omitempty => message,
    "startedAt" => started_at, "finishedAt" => finished_at, "containerID",omitempty => container_id,
});

/// Adds the service-account token volume named `name` and its mount in every container to a
/// pod's JSON (as the ServiceAccount admission plugin would have written them).
pub fn token_volume_json(spec: &mut serde_json::Value, name: &str) {
    let Some(spec) = spec.as_object_mut() else { return };
    let mut mount = serde_json::Map::new();
    mount.insert("mountPath".into(), "/var/run/secrets/kubernetes.io/serviceaccount".into());
    mount.insert("name".into(), name.into());
    mount.insert("readOnly".into(), true.into());
    if let Some(cs) = spec.get_mut("containers").and_then(|c| c.as_array_mut()) {
        for c in cs {
            if let Some(c) = c.as_object_mut() {
                let mounts = c.entry("volumeMounts").or_insert_with(|| serde_json::Value::Array(vec![]));
                if let Some(a) = mounts.as_array_mut() {
                    a.push(serde_json::Value::Object(mount.clone()));
                }
            }
        }
    }
    let mut volume = serde_json::Map::new();
    volume.insert("name".into(), name.into());
    volume.insert("projected".into(), projected_volume().clone());
    let vols = spec.entry("volumes").or_insert_with(|| serde_json::Value::Array(vec![]));
    if let Some(a) = vols.as_array_mut() {
        a.push(serde_json::Value::Object(volume));
    }
}

/// Removes what [`token_volume_json`] added (an applied pod read back from the server).
pub fn strip_token_volume(spec: &mut PodSpec, name: &str) {
    let is_it = |v: &serde_json::Value| v.get("name").and_then(|n| n.as_str()) == Some(name);
    let strip = |raw: &mut Option<super::json::Raw>| {
        if let Some(r) = raw {
            if let Some(a) = r.make_mut().as_array_mut() {
                a.retain(|v| !is_it(v));
                if a.is_empty() {
                    *raw = None;
                }
            }
        }
    };
    strip(&mut spec.volumes);
    for c in &mut spec.containers {
        strip(&mut c.volume_mounts);
    }
}

/// The projected service-account token volume every pod gets (built once).
fn projected_volume() -> &'static serde_json::Value {
    static V: std::sync::OnceLock<serde_json::Value> = std::sync::OnceLock::new();
    V.get_or_init(|| {
        serde_json::json!({
            "defaultMode": 420,
            "sources": [
                {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
                {"configMap": {"items": [{"key": "ca.crt", "path": "ca.crt"}], "name": "kube-root-ca.crt"}},
                {"downwardAPI": {"items": [{"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}, "path": "namespace"}]}}
            ]
        })
    })
}

impl super::KindRules for Pod {
    fn defaults(&mut self) {
        super::defaults::pod(self);
    }
    fn validate(&self) -> Vec<crate::field::FieldError> {
        super::validation::pod(self)
    }
    fn validate_update(&self, old: &Pod) -> Vec<crate::field::FieldError> {
        super::validation::pod_update(self, old)
    }
    fn keep_server_fields(&mut self, old: &Pod) {
        self.status = old.status.clone();
    }
}
