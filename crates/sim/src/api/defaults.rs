//! Defaulting (`SetDefaults_*` of `pkg/apis/*/v1/defaults.go`): what a stored object has that
//! the manifest did not say. The API server runs it before validation; each kind's
//! `KindRules::defaults` calls its function here.

use crate::api::apps::{RollingUpdate, StrategyType};
use crate::api::pod::{Container, DnsPolicy, PodSpec, RestartPolicy, Toleration};
use crate::api::service::ServiceType;
use crate::api::{Deployment, Endpoints, IntOrString, Namespace, Pod, ReplicaSet, Service};
use crate::images::Reference;

pub(super) fn pod(p: &mut Pod) {
    pod_spec(&mut p.spec);
    if p.spec.service_account_name.is_empty() {
        p.spec.service_account_name = "default".into();
    }
    p.spec.service_account = p.spec.service_account_name.clone();
    if p.spec.enable_service_links.is_none() {
        p.spec.enable_service_links = Some(true);
    }
    if p.spec.priority.is_none() {
        p.spec.priority = Some(0);
    }
    if p.spec.preemption_policy.is_none() {
        p.spec.preemption_policy = Some("PreemptLowerPriority".into());
    }
    // DefaultTolerationSeconds admission.
    for key in ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"] {
        if !p.spec.tolerations.iter().any(|t| t.key == key) {
            p.spec.tolerations.push(Toleration {
                key: key.into(),
                operator: "Exists".into(),
                effect: "NoExecute".into(),
                toleration_seconds: Some(300),
                ..Default::default()
            });
        }
    }
}

pub(super) fn namespace(n: &mut Namespace) {
    if n.spec.finalizers.is_empty() {
        n.spec.finalizers.push("kubernetes".into());
    }
    if n.status.phase.is_empty() {
        n.status.phase = "Active".into();
    }
    n.metadata.labels.insert("kubernetes.io/metadata.name".into(), n.metadata.name.clone());
}

pub(super) fn endpoints(e: &mut Endpoints) {
    for s in &mut e.subsets {
        for p in &mut s.ports {
            if p.protocol.is_empty() {
                p.protocol = "TCP".into();
            }
        }
    }
}

pub fn pod_spec(spec: &mut PodSpec) {
    if spec.restart_policy == RestartPolicy::Unset {
        spec.restart_policy = RestartPolicy::Always;
    }
    if spec.termination_grace_period_seconds.is_none() {
        spec.termination_grace_period_seconds = Some(30);
    }
    if spec.dns_policy == DnsPolicy::Unset {
        spec.dns_policy = DnsPolicy::ClusterFirst;
    }
    if spec.security_context.is_none() {
        spec.security_context = Some(crate::api::json::Raw::new(crate::api::pod::empty_object()));
    }
    if spec.scheduler_name.is_empty() {
        spec.scheduler_name = "default-scheduler".into();
    }
    for c in spec.containers.iter_mut().chain(spec.init_containers.iter_mut()) {
        container(c);
    }
}

fn container(c: &mut Container) {
    if c.resources.is_null() {
        c.resources = crate::api::pod::empty_object();
    }
    if c.termination_message_path.is_empty() {
        c.termination_message_path = "/dev/termination-log".into();
    }
    if c.termination_message_policy.is_empty() {
        c.termination_message_policy = "File".into();
    }
    if c.image_pull_policy.is_empty() {
        let r = Reference::parse(&c.image);
        c.image_pull_policy = if r.tag == "latest" { "Always" } else { "IfNotPresent" }.into();
    }
    for p in &mut c.ports {
        if p.protocol.is_empty() {
            p.protocol = "TCP".into();
        }
    }
}

pub(super) fn deployment(d: &mut Deployment) {
    if d.spec.replicas.is_none() {
        d.spec.replicas = Some(1);
    }
    let s = &mut d.spec.strategy;
    if s.type_ == StrategyType::Unset {
        s.type_ = StrategyType::RollingUpdate;
    }
    if s.type_ == StrategyType::RollingUpdate {
        let ru = s.rolling_update.get_or_insert_with(RollingUpdate::default);
        if ru.max_unavailable.is_none() {
            ru.max_unavailable = Some(IntOrString::Str("25%".into()));
        }
        if ru.max_surge.is_none() {
            ru.max_surge = Some(IntOrString::Str("25%".into()));
        }
    }
    if d.spec.revision_history_limit.is_none() {
        d.spec.revision_history_limit = Some(10);
    }
    if d.spec.progress_deadline_seconds.is_none() {
        d.spec.progress_deadline_seconds = Some(600);
    }
    pod_spec(&mut d.spec.template.spec);
}

pub(super) fn replicaset(r: &mut ReplicaSet) {
    if r.spec.replicas.is_none() {
        r.spec.replicas = Some(1);
    }
    pod_spec(&mut r.spec.template.spec);
}

pub(super) fn service(s: &mut Service) {
    if s.spec.type_ == ServiceType::Unset {
        s.spec.type_ = ServiceType::ClusterIP;
    }
    if s.spec.session_affinity.is_empty() {
        s.spec.session_affinity = "None".into();
    }
    let external_name = s.spec.type_ == ServiceType::ExternalName;
    for p in &mut s.spec.ports {
        if p.protocol.is_empty() {
            p.protocol = "TCP".into();
        }
        if p.target_port.is_none()
            || p.target_port == Some(IntOrString::Int(0))
            || p.target_port == Some(IntOrString::Str(String::new()))
        {
            p.target_port = Some(IntOrString::Int(p.port));
        }
    }
    if !external_name {
        if s.spec.internal_traffic_policy.is_none() {
            s.spec.internal_traffic_policy = Some("Cluster".into());
        }
        if s.spec.type_.has_node_ports() && s.spec.external_traffic_policy.is_empty() {
            s.spec.external_traffic_policy = "Cluster".into();
        }
        if s.spec.type_ == ServiceType::LoadBalancer && s.spec.allocate_load_balancer_node_ports.is_none() {
            s.spec.allocate_load_balancer_node_ports = Some(true);
        }
    }
}
