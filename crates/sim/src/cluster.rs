//! The cluster: one store, one clock, one RNG, and the loop that runs the control plane.
//! `settle` runs the controllers, scheduler and kubelets at the current instant until nothing
//! changes; `advance_to` moves the clock through timers (pod start-ups, terminations,
//! back-offs) in order. Phases run in a fixed order, so a seed and a list of inputs always
//! give the same cluster.

use crate::api::{Key, Kind};
use crate::kubelet::Kubelet;
use crate::net::{Cidr, FlowLog, Ip};
use crate::rng::Rng;
use crate::store::{Change, Store};
use crate::time::Time;
use std::collections::BTreeSet;

/// Fixed facts about the simulated cluster.
#[derive(Clone, Debug)]
pub struct Config {
    pub name: String,
    pub version: &'static str,
    pub domain: &'static str,
    pub service_cidr: Cidr,
    pub dns_ip: Ip,
    pub api_ip: Ip,
    /// (node name, InternalIP, pod CIDR, control plane?)
    pub nodes: Vec<(String, Ip, Cidr, bool)>,
}

impl Config {
    pub fn new(workers: usize) -> Config {
        let name = "kubeplay".to_string();
        let mut nodes = vec![(
            format!("{name}-control-plane"),
            Ip::new(172, 18, 0, 2),
            Cidr::new(Ip::new(10, 244, 0, 0), 24),
            true,
        )];
        for i in 0..workers {
            let suffix = if i == 0 { String::new() } else { (i + 1).to_string() };
            let n = i as u8 + 1;
            nodes.push((
                format!("{name}-worker{suffix}"),
                Ip::new(172, 18, 0, 2 + n),
                Cidr::new(Ip::new(10, 244, n, 0), 24),
                false,
            ));
        }
        Config {
            name,
            version: "v1.33.1",
            domain: "cluster.local",
            service_cidr: Cidr::new(Ip::new(10, 96, 0, 0), 12),
            dns_ip: Ip::new(10, 96, 0, 10),
            api_ip: Ip::new(10, 96, 0, 1),
            nodes,
        }
    }
}

/// Something due at a time: a pod's next kubelet step, a deployment's progress deadline.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Wake {
    Pod(Key),
    Deployment(Key),
    NodeReady(String),
}

/// Work queues of the controllers (keys to look at in the next `settle`).
#[derive(Clone, Debug, Default)]
pub(crate) struct Queues {
    pub deployments: BTreeSet<Key>,
    pub replicasets: BTreeSet<Key>,
    pub services: BTreeSet<Key>,
    /// Namespaces whose pods changed: their Services' endpoints need a look.
    pub endpoint_namespaces: BTreeSet<String>,
    pub unscheduled: BTreeSet<Key>,
    pub kubelet: BTreeSet<Key>,
    pub namespaces: BTreeSet<Key>,
}

impl Queues {
    fn is_empty(&self) -> bool {
        self.deployments.is_empty()
            && self.replicasets.is_empty()
            && self.services.is_empty()
            && self.endpoint_namespaces.is_empty()
            && self.unscheduled.is_empty()
            && self.kubelet.is_empty()
            && self.namespaces.is_empty()
    }
}

#[derive(Clone, Debug)]
pub struct Cluster {
    pub now: Time,
    pub rng: Rng,
    pub store: Store,
    pub config: Config,
    pub kubelet: Kubelet,
    pub flows: FlowLog,
    pub(crate) queues: Queues,
    pub(crate) timers: BTreeSet<(Time, Wake)>,
    /// Seed the cluster was made with (share links carry it).
    pub seed: u64,
}

/// How long the cluster has run before the user sees it: system pods are up, AGEs look real.
pub const BOOT_SECS: u64 = 300;

impl Cluster {
    /// A cluster of one control-plane node and two workers, booted and settled.
    pub fn new(seed: u64) -> Cluster {
        Cluster::with_workers(seed, 2)
    }

    pub fn with_workers(seed: u64, workers: usize) -> Cluster {
        let mut c = Cluster {
            now: Time::ZERO,
            rng: Rng::new(seed),
            store: Store::default(),
            config: Config::new(workers),
            kubelet: Kubelet::default(),
            flows: FlowLog::default(),
            queues: Queues::default(),
            timers: BTreeSet::new(),
            seed,
        };
        crate::bootstrap::boot(&mut c);
        c.advance_to(Time::from_secs(BOOT_SECS));
        c
    }

    pub fn now(&self) -> Time {
        self.now
    }

    /// The earliest pending timer, if any (hosts fast-forward idle time to it).
    pub fn next_wakeup(&self) -> Option<Time> {
        self.timers.first().map(|(t, _)| *t)
    }

    /// Runs everything due up to and including `t`, in time order, and sets the clock to `t`.
    pub fn advance_to(&mut self, t: Time) {
        self.settle();
        let mut same_instant = 0u32;
        while let Some((at, _)) = self.timers.first() {
            if *at > t {
                break;
            }
            // Work that keeps rescheduling itself at the same instant must not hang the host.
            same_instant = if *at <= self.now { same_instant + 1 } else { 0 };
            if same_instant > 10_000 {
                break;
            }
            let at = (*at).max(self.now);
            self.now = at;
            let due: Vec<Wake> = {
                let mut v = Vec::new();
                while let Some((when, _)) = self.timers.first() {
                    if *when > at {
                        break;
                    }
                    if let Some((_, w)) = self.timers.pop_first() {
                        v.push(w);
                    }
                }
                v
            };
            for w in due {
                match w {
                    Wake::Pod(k) => {
                        self.queues.kubelet.insert(k);
                    }
                    Wake::Deployment(k) => {
                        self.queues.deployments.insert(k);
                    }
                    Wake::NodeReady(name) => crate::bootstrap::node_ready(self, &name),
                }
            }
            self.settle();
        }
        if t > self.now {
            self.now = t;
        }
    }

    pub fn advance_ms(&mut self, ms: u64) {
        let t = self.now.plus_ms(ms);
        self.advance_to(t);
    }

    pub(crate) fn wake_at(&mut self, at: Time, w: Wake) {
        self.timers.insert((at.max(self.now), w));
    }

    /// Runs controllers, scheduler and kubelets at the current instant until quiet.
    pub fn settle(&mut self) {
        for _ in 0..64 {
            self.route_changes();
            if self.queues.is_empty() {
                return;
            }
            let q = std::mem::take(&mut self.queues);
            for k in &q.namespaces {
                crate::controllers::namespace::sync(self, k);
            }
            for k in &q.deployments {
                crate::controllers::deployment::sync(self, k);
            }
            self.route_changes();
            for k in q.replicasets.iter().chain(std::mem::take(&mut self.queues.replicasets).iter()) {
                crate::controllers::replicaset::sync(self, k);
            }
            self.route_changes();
            crate::controllers::gc::sync(self);
            self.route_changes();
            // `append` merges without sorting (a collected set would sort: more code in the page).
            let mut unscheduled = q.unscheduled;
            unscheduled.append(&mut self.queues.unscheduled);
            crate::scheduler::schedule(self, &unscheduled);
            self.route_changes();
            let mut kubelet = q.kubelet;
            kubelet.append(&mut self.queues.kubelet);
            for k in &kubelet {
                crate::kubelet::sync_pod(self, k);
            }
            self.route_changes();
            let mut services = q.services;
            services.append(&mut self.queues.services);
            let mut namespaces = q.endpoint_namespaces;
            namespaces.append(&mut self.queues.endpoint_namespaces);
            crate::controllers::endpoints::sync(self, &services, &namespaces);
        }
    }

    /// Turns store writes into controller work, as watches do.
    fn route_changes(&mut self) {
        for ch in self.store.take_changes() {
            let Change { kind, key, owner, .. } = ch;
            // The namespace controller only cares about namespaces being deleted.
            let ns_terminating = self
                .store
                .namespaces
                .get(&Key::cluster(&key.namespace))
                .is_some_and(|n| n.metadata.deletion_timestamp.is_some());
            if ns_terminating {
                self.queues.namespaces.insert(Key::cluster(&key.namespace));
            }
            let owned_by =
                |k: &str| owner.as_ref().filter(|(ok, _)| ok == k).map(|(_, name)| Key::new(&key.namespace, name));
            match kind {
                Kind::Pod => {
                    if let Some(rs) = owned_by("ReplicaSet") {
                        self.queues.replicasets.insert(rs);
                    }
                    if !self.queues.endpoint_namespaces.contains(&key.namespace) {
                        self.queues.endpoint_namespaces.insert(key.namespace.clone());
                    }
                    match self.store.pods.get(&key) {
                        Some(p) if !p.is_bound() && p.metadata.deletion_timestamp.is_none() => {
                            self.queues.unscheduled.insert(key);
                        }
                        // The kubelet reacts to a new pod and to deletion; status changes are
                        // its own writes.
                        Some(p) if p.metadata.deletion_timestamp.is_some() || !self.kubelet.pods.contains_key(&key) => {
                            self.queues.kubelet.insert(key);
                        }
                        Some(_) => {}
                        None => self.kubelet_forget(&key),
                    }
                }
                Kind::ReplicaSet => {
                    if let Some(d) = owned_by("Deployment") {
                        self.queues.deployments.insert(d);
                    }
                    self.queues.replicasets.insert(key);
                }
                Kind::Deployment => {
                    self.queues.deployments.insert(key);
                }
                Kind::Service => {
                    self.queues.services.insert(key);
                }
                Kind::Endpoints => {}
                Kind::Node => {
                    let pending: Vec<Key> =
                        self.store.pods.iter().filter(|(_, p)| !p.is_bound()).map(|(k, _)| k.clone()).collect();
                    self.queues.unscheduled.extend(pending);
                }
                Kind::Namespace => {
                    self.queues.namespaces.insert(key);
                }
            }
        }
        self.queues
            .namespaces
            .retain(|k| self.store.namespaces.get(k).is_some_and(|n| n.metadata.deletion_timestamp.is_some()));
    }

    /// Drops the kubelet's runtime state of a pod that is gone from the store.
    pub(crate) fn kubelet_forget(&mut self, key: &Key) {
        if let Some(rt) = self.kubelet.pods.remove(key) {
            self.kubelet.release(&rt);
        }
    }
}
