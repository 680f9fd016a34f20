//! The cluster: one store, one clock, one RNG, and the loop that runs the control plane.
//! `settle` runs the controllers, scheduler and kubelets at the current instant until nothing
//! changes; `advance_to` moves the clock through timers (pod start-ups, terminations,
//! back-offs) in order. Phases run in a fixed order, so a seed and a list of inputs always
//! give the same cluster.

use crate::api::{Key, Kind, Object};
use crate::apiserver::{ApiError, ApiServer, Control, DeleteOptions};
use crate::ctx::{Config, Ctx, Wake};
use crate::host::Hosts;
use crate::kubelet::PodRuntime;
use crate::net::FlowLog;
use crate::store::{Change, Store};
use crate::time::Time;
use std::collections::BTreeSet;

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

/// The cluster: the API server and its store, the machines with their kubelets, the clock,
/// the RNG and the timers, the flow log. Everything else reads it through the methods below
/// and changes it through the API server's verbs, the network's and the machines'.
#[derive(Clone, Debug)]
pub struct Cluster {
    cx: Ctx,
    api: ApiServer,
    hosts: Hosts,
    config: Config,
    flows: FlowLog,
    queues: Queues,
    /// Seed the cluster was made with (share links carry it).
    seed: u64,
}

/// Why a machine operation failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostError {
    NoSuch(String),
}

/// How long the cluster has run before the user sees it: system pods are up, AGEs look real.
pub const BOOT_SECS: u64 = 300;

impl Cluster {
    /// A cluster of one control-plane node and two workers, booted and settled.
    pub fn new(seed: u64) -> Cluster {
        Cluster::with_workers(seed, 2)
    }

    pub fn with_workers(seed: u64, workers: usize) -> Cluster {
        let config = Config::kind();
        let mut c = Cluster {
            cx: Ctx::new(seed),
            api: ApiServer::new(config.service_cidr),
            hosts: Hosts::kind(&config.name, workers),
            config,
            flows: FlowLog::default(),
            queues: Queues::default(),
            seed,
        };
        crate::bootstrap::boot(&mut c);
        c.advance_to(Time::from_secs(BOOT_SECS));
        c
    }

    pub fn now(&self) -> Time {
        self.cx.now
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Everything the API server stores, read-only.
    pub fn store(&self) -> &Store {
        self.api.store()
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The machines.
    pub fn hosts(&self) -> &Hosts {
        &self.hosts
    }

    /// The kubelet's view of `pod`: its IP, node and containers as they run.
    pub fn runtime(&self, pod: &Key) -> Option<&PodRuntime> {
        self.hosts.runtime_in(self.api.store(), pod).map(|(_, rt)| rt)
    }

    /// Whether container `name` of `pod` is running now (as the kubelet sees it).
    pub fn container_running(&self, pod: &Key, name: &str) -> bool {
        self.runtime(pod).and_then(|rt| rt.containers.iter().find(|ct| ct.name == name)).is_some_and(|ct| ct.running())
    }

    /// The most recent flows.
    pub fn flows(&self) -> &FlowLog {
        &self.flows
    }

    /// `n` random lower-case hex digits from the cluster's RNG (container and exec IDs).
    pub fn random_hex(&mut self, n: usize) -> String {
        self.cx.rng.hex(n)
    }

    /// The cluster's RNG, for the userland (round-trip times, resolver order).
    pub(crate) fn rng_mut(&mut self) -> &mut crate::rng::Rng {
        &mut self.cx.rng
    }

    /// The network, for one flow: what it needs of the cluster, borrowed.
    pub fn net(&mut self) -> crate::net::Net<'_> {
        crate::net::Net {
            store: self.api.store(),
            hosts: &self.hosts,
            config: &self.config,
            rng: &mut self.cx.rng,
            flows: &mut self.flows,
            now: self.cx.now,
        }
    }

    /// The earliest pending timer, if any (hosts fast-forward idle time to it).
    pub fn next_wakeup(&self) -> Option<Time> {
        self.cx.next_wakeup()
    }

    /// Runs everything due up to and including `t`, in time order, and sets the clock to `t`.
    pub fn advance_to(&mut self, t: Time) {
        self.settle();
        let mut same_instant = 0u32;
        while let Some(at) = self.cx.next_wakeup() {
            if at > t {
                break;
            }
            // Work that keeps rescheduling itself at the same instant must not hang the host.
            same_instant = if at <= self.cx.now { same_instant + 1 } else { 0 };
            if same_instant > 10_000 {
                self.cx.fault("timers kept firing at the same instant 10,000 times; the rest waits for the next step");
                break;
            }
            let at = at.max(self.cx.now);
            self.cx.now = at;
            for w in self.cx.take_due(at) {
                match w {
                    Wake::Pod(k) => {
                        self.queues.kubelet.insert(k);
                    }
                    Wake::Deployment(k) => {
                        self.queues.deployments.insert(k);
                    }
                    Wake::NodeUp(id) => self.node_up(id),
                    Wake::NodeMonitor(id) => self.node_monitor(id),
                }
            }
            self.settle();
        }
        if t > self.cx.now {
            self.cx.now = t;
        }
    }

    pub fn advance_ms(&mut self, ms: u64) {
        let t = self.cx.now.plus_ms(ms);
        self.advance_to(t);
    }

    pub(crate) fn wake_at(&mut self, at: Time, w: Wake) {
        self.cx.wake_at(at, w);
    }

    /// The control plane's handle for a controller, the scheduler or a kubelet.
    fn control(&mut self) -> Control<'_> {
        Control { api: &mut self.api, cx: &mut self.cx }
    }

    pub fn get(&self, kind: Kind, key: &Key) -> Result<Object, ApiError> {
        self.api.get(kind, key)
    }

    /// Creates `obj` through the API server. Returns the stored object.
    pub fn create(&mut self, obj: Object) -> Result<Object, ApiError> {
        self.api.create(&mut self.cx, obj)
    }

    /// Replaces the stored object with `obj` through the API server.
    pub fn update(&mut self, obj: Object) -> Result<Object, ApiError> {
        self.api.update(obj)
    }

    /// Deletes through the API server (pods terminate gracefully on their node).
    pub fn delete(&mut self, kind: Kind, key: &Key, opts: DeleteOptions) -> Result<Object, ApiError> {
        self.api.delete(self.cx.now, kind, key, opts)
    }

    /// `docker stop NAME`: the machine goes off with its containers; its kubelet stops
    /// reporting, and the node controller notices after the grace period.
    pub fn stop_host(&mut self, name: &str) -> Result<(), HostError> {
        let now = self.cx.now;
        let host = self.host_mut(name)?;
        if host.running {
            host.running = false;
            host.since = now;
            host.kubelet.power_off(now);
            self.went_down(name);
        }
        Ok(())
    }

    /// `docker start NAME`: the machine boots; its kubelet reports Ready some seconds later
    /// and starts the pods bound to it again.
    pub fn start_host(&mut self, name: &str) -> Result<(), HostError> {
        let now = self.cx.now;
        let host = self.host_mut(name)?;
        if !host.running {
            host.running = true;
            host.since = now;
            let (id, connected) = (host.id, host.connected);
            let up = now.plus_ms(self.cx.rng.range(8_000, 12_000));
            if let Some(host) = self.hosts.get_mut(id) {
                host.kubelet.power_on(up);
            }
            if connected {
                self.cx.wake_at(up, Wake::NodeUp(id));
            }
        }
        Ok(())
    }

    /// `docker network disconnect kind NAME`: the machine is cut off from the others and from
    /// the API server; its pods run on, unreachable.
    pub fn disconnect_host(&mut self, name: &str) -> Result<(), HostError> {
        let host = self.host_mut(name)?;
        if host.connected {
            host.connected = false;
            self.went_down(name);
        }
        Ok(())
    }

    /// `docker network connect kind NAME`: back on the network; the kubelet reports at once.
    pub fn connect_host(&mut self, name: &str) -> Result<(), HostError> {
        let host = self.host_mut(name)?;
        if !host.connected {
            host.connected = true;
            let (id, running) = (host.id, host.running);
            if running {
                let at = self.cx.now.plus_ms(self.cx.rng.range(500, 1_500));
                self.cx.wake_at(at, Wake::NodeUp(id));
            }
        }
        Ok(())
    }

    fn host_mut(&mut self, name: &str) -> Result<&mut crate::host::Host, HostError> {
        let id = self.hosts.id_of(name).ok_or_else(|| HostError::NoSuch(name.to_string()))?;
        self.hosts.get_mut(id).ok_or_else(|| HostError::NoSuch(name.to_string()))
    }

    /// A machine's kubelet stopped reaching the API server (from now, unless it already had).
    fn went_down(&mut self, name: &str) {
        let now = self.cx.now;
        let Ok(host) = self.host_mut(name) else { return };
        if host.down_since.is_none() {
            host.down_since = Some(now);
            let id = host.id;
            self.cx.wake_at(now.plus_ms(crate::controllers::node::GRACE_MS), Wake::NodeMonitor(id));
        }
    }

    /// A machine's kubelet reports (at boot, after a restart or a reconnect).
    fn node_up(&mut self, id: crate::ctx::NodeId) {
        let Some(host) = self.hosts.get_mut(id) else { return };
        if !host.reachable() {
            return;
        }
        host.down_since = None;
        host.kubelet.resync();
        let name = host.name().to_string();
        let mut resync: BTreeSet<Key> = host.kubelet.pods().map(|(k, _)| k.clone()).collect();
        let bound = self.api.store().pods().iter().filter(|(_, p)| p.spec.node_name == name);
        resync.extend(bound.map(|(k, _)| k.clone()));
        crate::controllers::node::ready(&mut self.control(), &name);
        self.queues.kubelet.append(&mut resync);
    }

    fn node_monitor(&mut self, id: crate::ctx::NodeId) {
        let Some(host) = self.hosts.get(id) else { return };
        let down = if host.reachable() { None } else { host.down_since };
        let name = host.name().to_string();
        crate::controllers::node::monitor(&mut self.control(), id, &name, down);
    }

    /// The kubelet of the node `key` is bound to syncs it.
    fn sync_kubelet(&mut self, key: &Key) {
        let node = self.api.store().pods().get(key).map(|p| p.spec.node_name.clone());
        let id = match node {
            Some(n) if !n.is_empty() => self.hosts.id_of(&n),
            Some(_) => None,
            None => self.hosts.host_of(key),
        };
        let Some(host) = id.and_then(|id| self.hosts.get_mut(id)) else { return };
        // A machine that is off, or cut off from the API server, does nothing for now: its
        // pods are looked at again when it is back.
        if !host.reachable() {
            return;
        }
        let mut c = Control { api: &mut self.api, cx: &mut self.cx };
        crate::kubelet::sync_pod(&mut c, &mut host.kubelet, key);
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
                crate::controllers::namespace::sync(&mut self.control(), k);
            }
            for k in &q.deployments {
                crate::controllers::deployment::sync(&mut self.control(), k);
            }
            self.route_changes();
            for k in q.replicasets.iter().chain(std::mem::take(&mut self.queues.replicasets).iter()) {
                crate::controllers::replicaset::sync(&mut self.control(), k);
            }
            self.route_changes();
            crate::controllers::gc::sync(&mut self.control());
            self.route_changes();
            // `append` merges without sorting (a collected set would sort: more code in the page).
            let mut unscheduled = q.unscheduled;
            unscheduled.append(&mut self.queues.unscheduled);
            crate::scheduler::schedule(&mut self.control(), &unscheduled);
            self.route_changes();
            let mut kubelet = q.kubelet;
            kubelet.append(&mut self.queues.kubelet);
            for k in &kubelet {
                self.sync_kubelet(k);
            }
            self.route_changes();
            let mut services = q.services;
            services.append(&mut self.queues.services);
            let mut namespaces = q.endpoint_namespaces;
            namespaces.append(&mut self.queues.endpoint_namespaces);
            crate::controllers::endpoints::sync(&mut self.control(), &services, &namespaces);
        }
        if !self.queues.is_empty() || self.api.store().has_changes() {
            self.cx.fault("the controllers did not settle in 64 rounds; the rest waits for the next step");
        }
    }

    /// What loop guards stopped since the last call (each a bug in the simulation).
    pub fn take_faults(&mut self) -> Vec<String> {
        self.cx.take_faults()
    }

    /// Records a fault found outside the control plane (a process that would not end).
    pub fn fault(&mut self, what: impl Into<String>) {
        self.cx.fault(what);
    }

    /// Every pod waiting for a node is tried again.
    fn requeue_unscheduled(&mut self) {
        let pending = self.api.store().pods().iter().filter(|(_, p)| !p.is_bound()).map(|(k, _)| k.clone());
        self.queues.unscheduled.extend(pending);
    }

    /// Turns store writes into controller work, as watches do.
    fn route_changes(&mut self) {
        for ch in self.api.take_changes() {
            let Change { kind, key, owner, was_bound, .. } = ch;
            let store = self.api.store();
            // The namespace controller only cares about namespaces being deleted.
            let ns_terminating = store
                .namespaces()
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
                    match store.pods().get(&key) {
                        Some(p) if !p.is_bound() && p.metadata.deletion_timestamp.is_none() => {
                            self.queues.unscheduled.insert(key);
                        }
                        // The kubelet reacts to a new pod and to deletion; status changes are
                        // its own writes.
                        Some(p)
                            if p.metadata.deletion_timestamp.is_some()
                                || self.hosts.runtime_in(store, &key).is_none() =>
                        {
                            self.queues.kubelet.insert(key);
                        }
                        Some(_) => {}
                        None => {
                            if let Some(h) = self.hosts.host_of(&key).and_then(|id| self.hosts.get_mut(id)) {
                                h.kubelet.forget(&key);
                            }
                            // A bound pod gone may make room for a pending one (the scheduler's
                            // queueing hint for an assigned pod's deletion).
                            if was_bound {
                                self.requeue_unscheduled();
                            }
                        }
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
                Kind::Node => self.requeue_unscheduled(),
                Kind::Namespace => {
                    self.queues.namespaces.insert(key);
                }
                // Kinds no controller here watches.
                _ => {}
            }
        }
        let store = self.api.store();
        self.queues
            .namespaces
            .retain(|k| store.namespaces().get(k).is_some_and(|n| n.metadata.deletion_timestamp.is_some()));
    }
}
