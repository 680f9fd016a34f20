//! The scheduler: binds each pending pod to a node. Filters (ready, schedulable, taints
//! tolerated, nodeSelector, room for another pod), then scores by spreading pods of the same
//! owner and then all pods; ties are broken by the cluster's RNG, like the real `selectHost`.

use crate::api::pod::PodCondition;
use crate::api::{Key, Node, Object};
use crate::apiserver::Control;
use std::collections::{BTreeMap, BTreeSet};

/// What the scheduler needs of a node, read once per scheduling pass.
struct NodeInfo {
    name: String,
    node: Node,
    max_pods: u64,
    pods: u64,
}

pub fn schedule(c: &mut Control, pending: &BTreeSet<Key>) {
    if pending.is_empty() {
        return;
    }
    let mut nodes: Vec<NodeInfo> = c
        .store()
        .nodes()
        .iter()
        .map(|(k, n)| NodeInfo {
            name: k.name.clone(),
            max_pods: n
                .status
                .allocatable
                .as_ref()
                .and_then(|a| a.get("pods"))
                .and_then(|p| p.as_str())
                .and_then(|p| p.parse::<u64>().ok())
                .unwrap_or(110),
            node: Node::clone(n),
            pods: 0,
        })
        .collect();
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    for (i, n) in nodes.iter().enumerate() {
        index.insert(n.name.clone(), i);
    }
    // Pods per node, and per owner uid per node: counted once, kept up to date as pods bind.
    let mut per_owner: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    for p in c.store().pods().values().filter(|p| p.is_bound() && !p.is_finished()) {
        let Some(&i) = index.get(&p.spec.node_name) else { continue };
        if let Some(n) = nodes.get_mut(i) {
            n.pods += 1;
        }
        if let Some(o) = p.metadata.controller_uid() {
            let v = per_owner.entry(o.to_string()).or_insert_with(|| vec![0; nodes.len()]);
            if let Some(x) = v.get_mut(i) {
                *x += 1;
            }
        }
    }
    for key in pending {
        let Some(pod) = c.store().pods().get(key) else { continue };
        if pod.is_bound() || pod.metadata.deletion_timestamp.is_some() {
            continue;
        }
        let owner = pod.metadata.controller_uid().map(str::to_string);
        // Why a node does not fit (None: it fits).
        let misfit = |n: &NodeInfo| -> Option<String> {
            let node = &n.node;
            if node.spec.unschedulable {
                return Some("node(s) were unschedulable".into());
            }
            if let Some(t) = node
                .spec
                .taints
                .iter()
                .filter(|t| t.effect == "NoSchedule" || t.effect == "NoExecute")
                .find(|t| !pod.spec.tolerations.iter().any(|tol| tol.tolerates(t)))
            {
                return Some(format!("node(s) had untolerated taint {{{}: {}}}", t.key, t.value));
            }
            if !node.is_ready() {
                return Some("node(s) were not ready".into());
            }
            if !pod.spec.node_selector.iter().all(|(k, v)| node.metadata.labels.get(k) == Some(v)) {
                return Some("node(s) didn't match Pod's node affinity/selector".into());
            }
            (n.pods >= n.max_pods).then(|| "Too many pods".into())
        };
        let same = owner.as_ref().and_then(|o| per_owner.get(o));
        // Scores (pods of the same owner, all pods) of the nodes that fit, by node index.
        let mut best: Option<(u64, u64)> = None;
        let mut ties: Vec<usize> = Vec::new();
        for (i, n) in nodes.iter().enumerate() {
            if misfit(n).is_some() {
                continue;
            }
            let score = (same.and_then(|v| v.get(i)).copied().unwrap_or(0), n.pods);
            match best {
                Some(b) if score > b => {}
                Some(b) if score == b => ties.push(i),
                _ => {
                    best = Some(score);
                    ties.clear();
                    ties.push(i);
                }
            }
        }
        if ties.is_empty() {
            let total = nodes.len();
            let mut counts: Vec<(String, usize)> = Vec::new();
            for r in nodes.iter().filter_map(misfit) {
                match counts.iter_mut().find(|(x, _)| *x == r) {
                    Some(e) => e.1 += 1,
                    None => counts.push((r, 1)),
                }
            }
            crate::order::sort(&mut counts);
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
                last_transition_time: p
                    .status
                    .conditions
                    .first()
                    .and_then(|c| c.last_transition_time)
                    .or(Some(c.now())),
                reason: "Unschedulable".into(),
                message: msg,
                observed_generation: None,
            };
            if p.status.conditions != vec![cond.clone()] || p.status.phase != "Pending" {
                p.status.phase = "Pending".into();
                p.status.conditions = vec![cond];
                c.api.write(Object::Pod(*p));
            }
            continue;
        }
        let Some(&i) = ties.get(c.rng().below(ties.len() as u64) as usize) else { continue };
        let Some(node_name) = nodes.get(i).map(|n| n.name.clone()) else { continue };
        if let Some(n) = nodes.get_mut(i) {
            n.pods += 1;
        }
        if let Some(o) = owner {
            let len = nodes.len();
            if let Some(x) = per_owner.entry(o).or_insert_with(|| vec![0; len]).get_mut(i) {
                *x += 1;
            }
        }
        let now = c.now();
        c.api.modify_pod(key, |p| {
            p.spec.node_name = node_name;
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
