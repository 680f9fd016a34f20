//! What every part of the control plane and the nodes is handed when it runs: the clock, the
//! cluster's one RNG, and the timers (work due at a later instant). The cluster owns one
//! `Ctx`; nothing else has a clock or randomness of its own.

use crate::addr::{Cidr, Ip};
use crate::api::Key;
use crate::rng::Rng;
use crate::time::Time;
use std::collections::BTreeSet;
use std::fmt;

/// Fixed facts about the simulated cluster.
#[derive(Clone, Debug)]
pub struct Config {
    pub name: String,
    pub version: &'static str,
    pub domain: &'static str,
    pub service_cidr: Cidr,
    pub dns_ip: Ip,
    pub api_ip: Ip,
}

impl Config {
    pub fn kind() -> Config {
        Config {
            name: "kubeplay".to_string(),
            version: "v1.33.1",
            domain: "cluster.local",
            service_cidr: Cidr::new(Ip::new(10, 96, 0, 0), 12),
            dns_ip: Ip::new(10, 96, 0, 10),
            api_ip: Ip::new(10, 96, 0, 1),
        }
    }
}

/// A machine of the cluster (a kind node: a container on the host), by its place in the
/// cluster: 0 is the control plane, then the workers in the order they joined.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct NodeId(pub u16);

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "node#{}", self.0)
    }
}

/// Something due at a time: a pod's next kubelet step, a Deployment's progress deadline, a
/// node's kubelet reporting in, the node controller's look at a node.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Wake {
    Pod(Key),
    Deployment(Key),
    /// The node's kubelet posts its status (it has started, or its network is back).
    NodeUp(NodeId),
    /// The node controller checks whether a node has stopped reporting.
    NodeMonitor(NodeId),
}

#[derive(Clone, Debug)]
pub struct Ctx {
    pub now: Time,
    pub rng: Rng,
    timers: BTreeSet<(Time, Wake)>,
    /// What a loop guard stopped (a bug in the simulation, said out loud rather than hidden).
    faults: Vec<String>,
}

/// Faults kept until someone looks.
const MAX_FAULTS: usize = 16;

impl Ctx {
    pub fn new(seed: u64) -> Ctx {
        Ctx { now: Time::ZERO, rng: Rng::new(seed), timers: BTreeSet::new(), faults: Vec::new() }
    }

    /// Records that a loop guard stopped work that should have ended on its own.
    pub fn fault(&mut self, what: impl Into<String>) {
        if self.faults.len() < MAX_FAULTS {
            self.faults.push(format!("{} (at {})", what.into(), self.now.rfc3339()));
        }
    }

    pub fn take_faults(&mut self) -> Vec<String> {
        std::mem::take(&mut self.faults)
    }

    /// Asks for `w` at `at` (or now, if that has passed).
    pub fn wake_at(&mut self, at: Time, w: Wake) {
        self.timers.insert((at.max(self.now), w));
    }

    /// The earliest pending timer.
    pub fn next_wakeup(&self) -> Option<Time> {
        self.timers.first().map(|(t, _)| *t)
    }

    /// Every timer due at `at` or before, earliest first, removed.
    pub fn take_due(&mut self, at: Time) -> Vec<Wake> {
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
    }
}
