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
            // The FitError text: "<count> <reason>" strings sorted as strings (Go's
            // sort.Strings), then what preemption (the PostFilter) found.
            let total = nodes.len();
            let mut counts: Vec<(String, usize)> = Vec::new();
            for r in nodes.iter().filter_map(misfit) {
                match counts.iter_mut().find(|(x, _)| *x == r) {
                    Some(e) => e.1 += 1,
                    None => counts.push((r, 1)),
                }
            }
            let histogram = |counts: &[(String, usize)]| {
                let mut parts: Vec<String> =
                    counts.iter().filter(|(_, n)| *n > 0).map(|(r, n)| format!("{n} {r}")).collect();
                crate::order::sort(&mut parts);
                parts.join(", ")
            };
            // Only a node that is full could take the pod after an eviction; the others fail
            // for reasons an eviction does not change. No pod on a full node ranks lower than
            // the pod (a user's pods all have priority 0, system pods more), so none is a victim.
            let full = counts.iter().find(|(r, _)| r == "Too many pods").map_or(0, |(_, n)| *n);
            let preemption = if pod.spec.preemption_policy.as_deref() == Some("Never") {
                "not eligible due to preemptionPolicy=Never.".to_string()
            } else {
                let why = [
                    ("No preemption victims found for incoming pod".to_string(), full),
                    ("Preemption is not helpful for scheduling".to_string(), total - full),
                ];
                format!("0/{total} nodes are available: {}.", histogram(&why))
            };
            let msg = format!("0/{total} nodes are available: {}. preemption: {preemption}", histogram(&counts));
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

#[cfg(test)]
mod tests {
    use crate::api::{Key, Object};
    use crate::apiserver::DeleteOptions;
    use crate::testing::{self, key};
    use crate::{Cluster, Kind};

    const TAINT: &str = "node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }";

    /// How many pods matching `selector` each node has, in node order.
    fn spread(c: &Cluster, selector: &str) -> Vec<(String, usize)> {
        let pods = testing::pods_of(c, selector);
        c.store()
            .nodes()
            .keys()
            .map(|n| (n.name.clone(), pods.iter().filter(|p| p.spec.node_name == n.name).count()))
            .collect()
    }

    /// The PodScheduled condition of an unscheduled pod: (status, reason, message).
    fn unschedulable(c: &Cluster, pod: &str) -> (String, String, String) {
        let p = c.store().pods().get(&key(pod)).unwrap();
        assert!(!p.is_bound());
        assert_eq!(p.status.phase, "Pending");
        let cond = p.status.conditions.iter().find(|c| c.type_ == "PodScheduled").unwrap();
        (cond.status.clone(), cond.reason.clone(), cond.message.clone())
    }

    fn cordon(c: &mut Cluster, node: &str, on: bool) {
        let Ok(Object::Node(mut n)) = c.get(Kind::Node, &Key::cluster(node)) else { panic!("no node {node}") };
        n.spec.unschedulable = on;
        c.update(Object::Node(n)).unwrap();
        c.settle();
    }

    fn pod_with(name: &str, spec: &str) -> String {
        format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n{spec}  containers:\n  - name: c\n    image: nginx\n")
    }

    #[test]
    fn a_deployments_pods_are_spread_over_the_workers_and_never_on_the_control_plane() {
        let mut c = testing::cluster().seed(21).build();
        testing::create(&mut c, testing::deployment("web", 5, "nginx:1.27")).unwrap();
        // Bound in the same instant they are created.
        let mut on = spread(&c, "app=web");
        on.sort_by_key(|(_, n)| *n);
        assert_eq!(on[0], ("kubeplay-control-plane".to_string(), 0));
        assert_eq!((on[1].1, on[2].1), (2, 3));
        // A second Deployment spreads on its own, filling the emptier worker first.
        testing::create(&mut c, testing::deployment("api", 1, "nginx:1.27")).unwrap();
        let fewer = on[1].0.clone();
        assert_eq!(spread(&c, "app=api").iter().find(|(_, n)| *n == 1).map(|(name, _)| name), Some(&fewer));
    }

    #[test]
    fn the_control_plane_takes_only_pods_that_tolerate_its_taint() {
        let mut c = testing::cluster().seed(22).workers(0).build();
        testing::apply(&mut c, &pod_with("plain", "")).unwrap();
        let tolerates = "  tolerations:\n  - key: node-role.kubernetes.io/control-plane\n    effect: NoSchedule\n";
        testing::apply(&mut c, &pod_with("tolerant", tolerates)).unwrap();
        assert_eq!(testing::node_of(&c, &key("tolerant")), Some("kubeplay-control-plane"));
        assert_eq!(
            unschedulable(&c, "plain"),
            (
                "False".into(),
                "Unschedulable".into(),
                format!("0/1 nodes are available: 1 {TAINT}. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.")
            )
        );
        // A pod that may not preempt says so instead.
        testing::apply(&mut c, &pod_with("meek", "  preemptionPolicy: Never\n")).unwrap();
        assert_eq!(
            unschedulable(&c, "meek").2,
            format!("0/1 nodes are available: 1 {TAINT}. preemption: not eligible due to preemptionPolicy=Never.")
        );
    }

    #[test]
    fn a_node_selector_picks_the_node_and_says_which_nodes_did_not_match() {
        let mut c = testing::cluster().seed(23).workers(1).build();
        testing::apply(&mut c, &pod_with("picky", "  nodeSelector:\n    kubernetes.io/hostname: kubeplay-worker\n"))
            .unwrap();
        assert_eq!(testing::node_of(&c, &key("picky")), Some("kubeplay-worker"));
        testing::apply(&mut c, &pod_with("ssd", "  nodeSelector:\n    disk: ssd\n")).unwrap();
        let at = c.now();
        assert_eq!(
            unschedulable(&c, "ssd").2,
            format!("0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 {TAINT}. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.")
        );
        // Labelling a node wakes the scheduler: the pod goes there; the condition keeps the
        // time it was first found unschedulable until it is bound.
        c.advance_ms(5_000);
        let Ok(Object::Node(mut n)) = c.get(Kind::Node, &Key::cluster("kubeplay-worker")) else { panic!() };
        let cond = c.store().pods().get(&key("ssd")).unwrap().status.conditions[0].clone();
        assert_eq!(cond.last_transition_time, Some(at));
        n.metadata.labels.insert("disk".into(), "ssd".into());
        c.update(Object::Node(n)).unwrap();
        c.settle();
        assert_eq!(testing::node_of(&c, &key("ssd")), Some("kubeplay-worker"));
    }

    #[test]
    fn unschedulable_reasons_are_sorted_as_count_and_reason() {
        let mut c = testing::cluster().seed(23).build();
        testing::apply(&mut c, &pod_with("ssd", "  nodeSelector:\n    disk: ssd\n")).unwrap();
        assert_eq!(
            unschedulable(&c, "ssd").2,
            format!("0/3 nodes are available: 1 {TAINT}, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.")
        );
    }

    #[test]
    fn a_cordoned_node_is_skipped() {
        let mut c = testing::cluster().seed(24).build();
        cordon(&mut c, "kubeplay-worker", true);
        testing::create(&mut c, testing::deployment("web", 3, "nginx:1.27")).unwrap();
        assert_eq!(
            spread(&c, "app=web"),
            [("kubeplay-control-plane".into(), 0), ("kubeplay-worker".into(), 0), ("kubeplay-worker2".into(), 3)]
        );
        cordon(&mut c, "kubeplay-worker2", true);
        testing::apply(&mut c, &pod_with("late", "")).unwrap();
        assert_eq!(
            unschedulable(&c, "late").2,
            format!("0/3 nodes are available: 1 {TAINT}, 2 node(s) were unschedulable. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.")
        );
        // Uncordoning is a node change: the pending pod is scheduled at once.
        cordon(&mut c, "kubeplay-worker", false);
        assert_eq!(testing::node_of(&c, &key("late")), Some("kubeplay-worker"));
    }

    /// One worker full of pods, and one pod more.
    fn full_worker() -> Cluster {
        let mut c = testing::cluster().seed(25).workers(1).build();
        for i in 0..111 {
            testing::create(&mut c, testing::pod(&format!("p{i:03}"), "nginx:1.27", &[])).unwrap();
        }
        c
    }

    #[test]
    fn a_node_takes_110_pods_then_too_many_pods() {
        let c = full_worker();
        assert_eq!(spread(&c, "run"), [("kubeplay-control-plane".into(), 0), ("kubeplay-worker".into(), 110)]);
        let (status, reason, message) = unschedulable(&c, "p110");
        assert_eq!((status.as_str(), reason.as_str()), ("False", "Unschedulable"));
        assert!(
            message.starts_with(&format!("0/2 nodes are available: 1 Too many pods, 1 {TAINT}. preemption: ")),
            "{message}"
        );
    }

    #[test]
    fn a_full_node_has_no_preemption_victims() {
        let c = full_worker();
        assert_eq!(
            unschedulable(&c, "p110").2,
            format!("0/2 nodes are available: 1 Too many pods, 1 {TAINT}. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.")
        );
    }

    #[test]
    fn a_pending_pod_is_scheduled_when_room_is_made() {
        let mut c = full_worker();
        c.delete(Kind::Pod, &key("p000"), DeleteOptions { grace_period: Some(0), ..Default::default() }).unwrap();
        testing::run_until(&mut c, 60_000, |c| testing::node_of(c, &key("p110")).is_some());
        assert_eq!(testing::node_of(&c, &key("p110")), Some("kubeplay-worker"));
    }
}
