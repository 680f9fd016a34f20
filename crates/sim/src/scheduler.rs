//! The scheduler: binds each pending pod to a node. Filters (ready, schedulable, taints
//! tolerated, nodeSelector, nodeName), then scores by spreading pods of the same owner and
//! then all pods; ties are broken by the cluster's RNG, like the real `selectHost`.

use crate::api::pod::PodCondition;
use crate::api::{Key, Object};
use crate::Cluster;
use std::collections::{BTreeMap, BTreeSet};

pub fn schedule(c: &mut Cluster, pending: &BTreeSet<Key>) {
    if pending.is_empty() {
        return;
    }
    // Pods per node, and per (node, owner uid): counted once, kept up to date as pods bind.
    let mut per_node: BTreeMap<String, u64> = BTreeMap::new();
    let mut per_owner: BTreeMap<(String, String), u64> = BTreeMap::new();
    for p in c.store.pods.values().filter(|p| p.is_bound() && !p.is_finished()) {
        *per_node.entry(p.spec.node_name.clone()).or_default() += 1;
        if let Some(o) = p.metadata.controller_uid() {
            *per_owner.entry((p.spec.node_name.clone(), o.to_string())).or_default() += 1;
        }
    }
    for key in pending {
        let Some(pod) = c.store.pods.get(key) else { continue };
        if pod.is_bound() || pod.metadata.deletion_timestamp.is_some() {
            continue;
        }
        let owner = pod.metadata.controller_uid().map(str::to_string);
        let mut fits = Vec::new();
        let mut reasons: Vec<String> = Vec::new();
        for (nkey, node) in &c.store.nodes {
            let name = &nkey.name;
            if !node.is_ready() {
                reasons.push("node(s) were not ready".into());
                continue;
            }
            if node.spec.unschedulable {
                reasons.push("node(s) were unschedulable".into());
                continue;
            }
            if let Some(t) = node
                .spec
                .taints
                .iter()
                .filter(|t| t.effect == "NoSchedule" || t.effect == "NoExecute")
                .find(|t| !pod.spec.tolerations.iter().any(|tol| tol.tolerates(t)))
            {
                reasons.push(format!("node(s) had untolerated taint {{{}: {}}}", t.key, t.value));
                continue;
            }
            if !pod.spec.node_selector.iter().all(|(k, v)| node.metadata.labels.get(k) == Some(v)) {
                reasons.push("node(s) didn't match Pod's node affinity/selector".into());
                continue;
            }
            let all = per_node.get(name).copied().unwrap_or(0);
            let max_pods = node
                .status
                .allocatable
                .as_ref()
                .and_then(|a| a.get("pods"))
                .and_then(|p| p.as_str())
                .and_then(|p| p.parse::<u64>().ok())
                .unwrap_or(110);
            if all >= max_pods {
                reasons.push("Too many pods".into());
                continue;
            }
            let same = owner.as_ref().and_then(|o| per_owner.get(&(name.clone(), o.clone()))).copied().unwrap_or(0);
            fits.push((same, all, name.clone()));
        }
        if fits.is_empty() {
            let total = c.store.nodes.len();
            let mut counts: Vec<(String, usize)> = Vec::new();
            for r in reasons {
                match counts.iter_mut().find(|(x, _)| *x == r) {
                    Some(e) => e.1 += 1,
                    None => counts.push((r, 1)),
                }
            }
            counts.sort();
            let parts: Vec<String> = counts.iter().map(|(r, n)| format!("{n} {r}")).collect();
            let msg = format!(
                "0/{total} nodes are available: {}. preemption: 0/{total} nodes are available: {total} Preemption is not helpful for scheduling.",
                parts.join(", ")
            );
            let mut p = pod.clone();
            let cond = PodCondition {
                type_: "PodScheduled".into(),
                status: "False".into(),
                last_probe_time: None,
                last_transition_time: p.status.conditions.first().and_then(|c| c.last_transition_time).or(Some(c.now)),
                reason: "Unschedulable".into(),
                message: msg,
                observed_generation: None,
            };
            if p.status.conditions != vec![cond.clone()] || p.status.phase != "Pending" {
                p.status.phase = "Pending".into();
                p.status.conditions = vec![cond];
                c.write(Object::Pod(p));
            }
            continue;
        }
        let best = fits.iter().map(|(s, a, _)| (*s, *a)).min().unwrap_or((0, 0));
        let ties: Vec<&String> = fits.iter().filter(|(s, a, _)| (*s, *a) == best).map(|(_, _, n)| n).collect();
        let pick = ties.get(c.rng.below(ties.len() as u64) as usize).map(|s| (*s).clone());
        if let Some(node) = pick {
            *per_node.entry(node.clone()).or_default() += 1;
            if let Some(o) = &owner {
                *per_owner.entry((node.clone(), o.clone())).or_default() += 1;
            }
            let now = c.now;
            c.store.modify_pod(key, |p| {
                p.spec.node_name = node;
                p.status.phase = "Pending".into();
                p.status.conditions = vec![PodCondition {
                    type_: "PodScheduled".into(),
                    status: "True".into(),
                    last_probe_time: None,
                    last_transition_time: Some(now),
                    reason: String::new(),
                    message: String::new(),
                    observed_generation: None,
                }];
            });
        }
    }
}
