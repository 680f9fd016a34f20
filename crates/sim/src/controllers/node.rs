//! The node lifecycle controller: a node whose kubelet stops reporting for the grace period
//! (`--node-monitor-grace-period`, 50 s in 1.33) gets its conditions set to `Unknown` and the
//! `node.kubernetes.io/unreachable` taints; its pods stop being Ready (so Services drop them);
//! pods are evicted once their toleration of the NoExecute taint runs out (300 s by default)
//! and their controllers replace them elsewhere. When the kubelet reports again, the taints go.

use crate::api::meta::Condition;
use crate::api::node::Taint;
use crate::api::pod::PodCondition;
use crate::api::{Key, Kind, Node};
use crate::apiserver::{Control, DeleteOptions};
use crate::ctx::{NodeId, Wake};
use crate::time::Time;

pub const GRACE_MS: u64 = 50_000;
pub const UNREACHABLE: &str = "node.kubernetes.io/unreachable";
/// How long a pod tolerates an unreachable node when its spec does not say (the
/// DefaultTolerationSeconds admission plugin adds 300 s to every pod).
const DEFAULT_TOLERATION_SECS: u64 = 300;

/// Looks at node `name` (machine `id`), whose kubelet has not reported since `down_since`
/// (`None`: it reports).
pub fn monitor(c: &mut Control, id: NodeId, name: &str, down_since: Option<Time>) {
    let now = c.now();
    let Some(node) = c.store().nodes().get(&Key::cluster(name)) else { return };
    let Some(since) = down_since else { return };
    let deadline = since.plus_ms(GRACE_MS);
    if now < deadline {
        c.wake_at(deadline, Wake::NodeMonitor(id));
        return;
    }
    let tainted_at =
        node.spec.taints.iter().find(|t| t.key == UNREACHABLE && t.effect == "NoExecute").and_then(|t| t.time_added);
    let tainted_at = match tainted_at {
        Some(t) => t,
        None => {
            mark_unknown(c, name, now);
            now
        }
    };
    evict(c, id, name, tainted_at);
}

/// Conditions to Unknown, the unreachable taints on, and every pod of the node not Ready.
fn mark_unknown(c: &mut Control, name: &str, now: Time) {
    let Some(mut n) = c.store().nodes().get(&Key::cluster(name)).map(|n| Node::clone(n)) else { return };
    for cond in &mut n.status.conditions {
        cond.status = "Unknown".into();
        cond.reason = "NodeStatusUnknown".into();
        cond.message = "Kubelet stopped posting node status.".into();
        cond.last_transition_time = Some(now);
    }
    for effect in ["NoSchedule", "NoExecute"] {
        n.spec.taints.push(Taint {
            key: UNREACHABLE.into(),
            value: String::new(),
            effect: effect.into(),
            time_added: (effect == "NoExecute").then_some(now),
        });
    }
    c.api.write(crate::api::Object::Node(n));
    let pods: Vec<Key> =
        c.store().pods().iter().filter(|(_, p)| p.spec.node_name == name).map(|(k, _)| k.clone()).collect();
    for k in pods {
        c.api.modify_pod(&k, |p| {
            for cond in p.status.conditions.iter_mut().filter(|c| c.type_ == "Ready" || c.type_ == "ContainersReady") {
                if cond.status != "False" {
                    *cond = PodCondition {
                        status: "False".into(),
                        last_transition_time: Some(now),
                        last_probe_time: None,
                        reason: String::new(),
                        message: String::new(),
                        ..cond.clone()
                    };
                }
            }
        });
    }
}

/// Deletes the pods of the node whose toleration of the NoExecute taint (added at
/// `tainted_at`) has run out; wakes again for the next one.
fn evict(c: &mut Control, id: NodeId, name: &str, tainted_at: Time) {
    let now = c.now();
    let mut next: Option<Time> = None;
    let mut due = Vec::new();
    for (k, p) in c.store().pods().iter().filter(|(_, p)| p.spec.node_name == name) {
        if p.metadata.deletion_timestamp.is_some() {
            continue;
        }
        let secs = p
            .spec
            .tolerations
            .iter()
            .find(|t| (t.key == UNREACHABLE || t.key.is_empty()) && (t.effect == "NoExecute" || t.effect.is_empty()))
            .map(|t| t.toleration_seconds.map(|s| u64::try_from(s).unwrap_or(0)));
        let at = match secs {
            // Tolerated for ever: never evicted.
            Some(None) => continue,
            Some(Some(s)) => tainted_at.plus_secs(s),
            None => tainted_at.plus_secs(DEFAULT_TOLERATION_SECS),
        };
        if now >= at {
            due.push(k.clone());
        } else if next.is_none_or(|n| at < n) {
            next = Some(at);
        }
    }
    for k in due {
        let _ = c.delete(Kind::Pod, &k, DeleteOptions::default());
    }
    if let Some(t) = next {
        c.wake_at(t, Wake::NodeMonitor(id));
    }
}

/// The kubelet of `name` reports again: Ready, and the unreachable taints removed.
pub fn ready(c: &mut Control, name: &str) {
    let Some(mut n) = c.store().nodes().get(&Key::cluster(name)).map(|n| Node::clone(n)) else { return };
    let now = c.now();
    let healthy = [
        ("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
        ("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
        ("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
        ("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
    ];
    for cond in &mut n.status.conditions {
        let Some((_, status, reason, message)) = healthy.iter().find(|h| h.0 == cond.type_) else { continue };
        if cond.status != *status {
            cond.last_transition_time = Some(now);
        }
        *cond = Condition {
            status: (*status).into(),
            reason: (*reason).into(),
            message: (*message).into(),
            last_heartbeat_time: Some(now),
            ..cond.clone()
        };
    }
    n.spec.taints.retain(|t| t.key != UNREACHABLE);
    c.api.write(crate::api::Object::Node(n));
}
