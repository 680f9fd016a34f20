//! The machines of the cluster. A kind node is a container on the learner's machine: it has
//! an address on the node network (172.18.0.0/24), a pod CIDR, a power state (`docker stop`
//! / `docker start`), a place on the network (`docker network disconnect`), and a kubelet
//! with its own pods, image cache and pod IP allocation. Machines are found by [`NodeId`] or
//! by node name.

use crate::addr::{Cidr, Ip};
use crate::api::Key;
use crate::ctx::NodeId;
use crate::kubelet::{Kubelet, PodRuntime};

/// A machine; its name, address and pod CIDR are its kubelet's.
#[derive(Clone, Debug)]
pub struct Host {
    pub id: NodeId,
    pub control_plane: bool,
    /// Powered on (`docker stop` turns it off).
    pub running: bool,
    /// On the node network (`docker network disconnect kind NAME` takes it off).
    pub connected: bool,
    /// Since when its kubelet has not reached the API server (stopped or cut off).
    pub down_since: Option<crate::time::Time>,
    /// When it was last started or stopped (`docker ps` says "Up 5 minutes").
    pub since: crate::time::Time,
    pub kubelet: Kubelet,
}

impl Host {
    pub fn name(&self) -> &str {
        &self.kubelet.node
    }
    pub fn ip(&self) -> Ip {
        self.kubelet.ip
    }
    pub fn cidr(&self) -> Cidr {
        self.kubelet.cidr
    }

    /// Whether its kubelet can reach the API server (and pods can reach it).
    pub fn reachable(&self) -> bool {
        self.running && self.connected
    }
}

/// Every machine, in [`NodeId`] order.
#[derive(Clone, Debug, Default)]
pub struct Hosts {
    hosts: Vec<Host>,
    /// Node name -> its machine (machines are made once, with the cluster).
    names: std::collections::BTreeMap<String, NodeId>,
}

impl Hosts {
    /// The machines of a kind cluster named `cluster`: one control plane, then `workers`.
    pub fn kind(cluster: &str, workers: usize) -> Hosts {
        let mut hosts = Vec::with_capacity(workers + 1);
        for i in 0..=workers {
            let n = i as u8;
            let name = match i {
                0 => format!("{cluster}-control-plane"),
                1 => format!("{cluster}-worker"),
                _ => format!("{cluster}-worker{i}"),
            };
            hosts.push(Host {
                id: NodeId(i as u16),
                control_plane: i == 0,
                running: true,
                connected: true,
                down_since: None,
                since: crate::time::Time::ZERO,
                kubelet: Kubelet::new(&name, Ip::new(172, 18, 0, 2 + n), Cidr::new(Ip::new(10, 244, n, 0), 24)),
            });
        }
        let names = hosts.iter().map(|h| (h.name().to_string(), h.id)).collect();
        Hosts { hosts, names }
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Host> {
        self.hosts.iter()
    }

    pub fn get(&self, id: NodeId) -> Option<&Host> {
        self.hosts.get(usize::from(id.0))
    }

    pub fn get_mut(&mut self, id: NodeId) -> Option<&mut Host> {
        self.hosts.get_mut(usize::from(id.0))
    }

    pub fn by_name(&self, name: &str) -> Option<&Host> {
        self.id_of(name).and_then(|id| self.get(id))
    }

    pub fn id_of(&self, name: &str) -> Option<NodeId> {
        self.names.get(name).copied()
    }

    /// The control-plane machine (where the API server listens).
    pub fn control_plane(&self) -> Option<&Host> {
        self.hosts.iter().find(|h| h.control_plane)
    }

    /// The machine whose kubelet runs `pod`, and the pod's runtime there.
    pub fn runtime(&self, pod: &Key) -> Option<(&Host, &PodRuntime)> {
        self.hosts.iter().find_map(|h| h.kubelet.pod(pod).map(|rt| (h, rt)))
    }

    /// The machine whose kubelet runs `pod` and the pod's runtime there, found through the
    /// node the pod is bound to (a bound pod runs nowhere else); a pod no longer in the store
    /// is looked for on every machine.
    pub fn runtime_in(&self, store: &crate::store::Store, pod: &Key) -> Option<(&Host, &PodRuntime)> {
        match store.pods().get(pod) {
            Some(p) => self.by_name(&p.spec.node_name).and_then(|h| h.kubelet.pod(pod).map(|rt| (h, rt))),
            None => self.runtime(pod),
        }
    }

    /// The machine whose kubelet runs `pod`.
    pub fn host_of(&self, pod: &Key) -> Option<NodeId> {
        self.runtime(pod).map(|(h, _)| h.id)
    }

    /// The pod whose sandbox has `ip` now.
    pub fn pod_by_ip(&self, ip: Ip) -> Option<&Key> {
        // Pod IPs come from their node's CIDR: only that kubelet can have it.
        self.hosts.iter().filter(|h| h.cidr().contains(ip)).find_map(|h| h.kubelet.pod_by_ip(ip))
    }

    /// The machine with node address `ip`.
    pub fn by_ip(&self, ip: Ip) -> Option<&Host> {
        self.hosts.iter().find(|h| h.ip() == ip)
    }
}
