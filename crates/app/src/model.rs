//! What the page shows of the cluster, computed from the simulation outside Yew: rows for
//! nodes, pods and Services. Plain data with `PartialEq`, so components re-render only when
//! it changes.

use sim::Cluster;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeRow {
    pub name: String,
    pub status: String,
    pub ip: String,
    pub cidr: String,
    pub pods: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodRow {
    pub namespace: String,
    pub name: String,
    pub ready: String,
    pub status: String,
    pub ip: String,
    pub node: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceRow {
    pub namespace: String,
    pub name: String,
    pub type_: String,
    pub cluster_ip: String,
    pub ports: String,
    pub endpoints: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClusterView {
    pub nodes: Vec<NodeRow>,
    pub pods: Vec<PodRow>,
    pub services: Vec<ServiceRow>,
    /// Pods not listed (the view shows at most [`MAX_PODS`]).
    pub more_pods: usize,
}

pub const MAX_PODS: usize = 200;

/// The view of `c`. System namespaces are left out unless `system` is set.
pub fn cluster_view(c: &Cluster, system: bool) -> ClusterView {
    let now = c.now().millis();
    let show = |ns: &str| system || ns != "kube-system";
    let mut v = ClusterView::default();
    for (k, n) in c.store().nodes() {
        let ready = n.is_ready();
        v.nodes.push(NodeRow {
            name: k.name.clone(),
            status: if ready { "Ready".into() } else { "NotReady".into() },
            ip: n.internal_ip().map(|i| i.to_string()).unwrap_or_default(),
            cidr: n.spec.pod_cidr.clone(),
            pods: 0,
        });
    }
    let mut shown = 0;
    for (k, p) in c.store().pods() {
        if let Some(n) = v.nodes.iter_mut().find(|n| n.name == p.spec.node_name) {
            n.pods += 1;
        }
        if !show(&k.namespace) {
            continue;
        }
        if shown >= MAX_PODS {
            v.more_pods += 1;
            continue;
        }
        shown += 1;
        let (ready, status, _) = kubectl::printers::table::pod_status(p, now);
        v.pods.push(PodRow {
            namespace: k.namespace.clone(),
            name: k.name.clone(),
            ready,
            status,
            ip: if p.status.pod_ip.is_empty() { "<none>".into() } else { p.status.pod_ip.clone() },
            node: if p.spec.node_name.is_empty() { "<none>".into() } else { p.spec.node_name.clone() },
        });
    }
    for (k, s) in c.store().services() {
        if !show(&k.namespace) {
            continue;
        }
        let endpoints = c
            .store()
            .endpoints()
            .get(k)
            .map(|e| kubectl::printers::table::endpoints_cell(e))
            .unwrap_or_else(|| "<none>".into());
        v.services.push(ServiceRow {
            namespace: k.namespace.clone(),
            name: k.name.clone(),
            type_: s.type_().to_string(),
            cluster_ip: if s.spec.cluster_ip.is_empty() { "<none>".into() } else { s.spec.cluster_ip.clone() },
            ports: kubectl::printers::table::ports(s),
            endpoints,
        });
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn view_of_a_fresh_cluster() {
        let c = Cluster::new(1);
        let v = cluster_view(&c, false);
        assert_eq!(v.nodes.len(), 3);
        assert!(v.pods.is_empty());
        assert_eq!(v.services.len(), 1);
        let all = cluster_view(&c, true);
        assert!(all.pods.iter().any(|p| p.name.starts_with("coredns-")));
    }
}
