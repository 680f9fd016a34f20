//! The cluster network: addresses, the path of every flow (pod to pod across nodes, Service
//! ClusterIPs through kube-proxy's rules to a ready endpoint, node IPs, the outside world),
//! and the flow log the map draws. Every packet an applet sends goes through here.

pub mod dns;
pub mod world;

pub use crate::addr::{Cidr, Ip};

use crate::api::Key;
use crate::ctx::Config;
use crate::host::Hosts;
use crate::rng::Rng;
use crate::store::Store;
use crate::time::Time;
use std::collections::VecDeque;
use std::fmt;

#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Proto {
    Icmp,
    Tcp,
    Udp,
}

impl fmt::Display for Proto {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Proto::Icmp => "ICMP",
            Proto::Tcp => "TCP",
            Proto::Udp => "UDP",
        })
    }
}

/// What happened to a flow.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Reached something that answered.
    Delivered,
    /// Dropped silently (ICMP to a ClusterIP, a port no rule matches): the sender times out.
    Dropped,
    /// Rejected at once: nothing listens (RST) or the Service has no endpoints.
    Refused,
    /// No such host on the network.
    Unreachable,
}

/// Who is at the far end of a delivered flow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Peer {
    Pod(Key),
    Node(String),
    External(&'static world::Host),
}

/// One recorded flow, for the map and for tests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flow {
    pub at: Time,
    pub src: Ip,
    pub dst: Ip,
    pub proto: Proto,
    pub port: u16,
    /// The Service ClusterIP the flow was addressed to, when kube-proxy translated it.
    pub via: Option<Ip>,
    /// Where it ended up (after translation).
    pub to: Option<Ip>,
    pub verdict: Verdict,
}

/// The most recent flows (bounded).
#[derive(Clone, Debug, Default)]
pub struct FlowLog {
    pub flows: VecDeque<Flow>,
    pub total: u64,
}

const FLOW_LOG_CAP: usize = 256;

impl FlowLog {
    pub fn record(&mut self, f: Flow) {
        if self.flows.len() == FLOW_LOG_CAP {
            self.flows.pop_front();
        }
        self.flows.push_back(f);
        self.total += 1;
    }
}

/// Where a connection got to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Connected {
    pub peer: Peer,
    /// The address and port actually reached (after DNAT).
    pub ip: Ip,
    pub port: u16,
}

/// The network as one flow sees it: the store (Services, Endpoints, pods), the machines
/// (pod sandboxes and node addresses), the cluster's facts, the RNG (round trips, kube-proxy's
/// choice of endpoint) and the flow log, borrowed from the cluster for the flow.
pub struct Net<'a> {
    pub store: &'a Store,
    pub hosts: &'a Hosts,
    pub config: &'a Config,
    pub rng: &'a mut Rng,
    pub flows: &'a mut FlowLog,
    pub now: Time,
}

impl Net<'_> {
    pub fn store(&self) -> &Store {
        self.store
    }

    pub fn config(&self) -> &Config {
        self.config
    }

    fn rng_mut(&mut self) -> &mut Rng {
        self.rng
    }

    /// The IP a pod's packets come from.
    pub fn pod_ip(&self, pod: &Key) -> Option<Ip> {
        self.hosts.runtime_in(self.store, pod).and_then(|(_, rt)| rt.ip)
    }

    fn node_of(&self, pod: &Key) -> Option<String> {
        self.hosts.runtime_in(self.store, pod).map(|(h, _)| h.name().to_string())
    }

    /// Whether a packet from pod `from` can reach `peer`: both machines up and on the network
    /// (a machine cut off still talks to itself).
    fn reachable(&self, from: &Key, peer: &Peer) -> bool {
        let mine = self.hosts.runtime_in(self.store, from).map(|(h, _)| h);
        let theirs = match peer {
            Peer::Pod(k) => self.hosts.runtime_in(self.store, k).map(|(h, _)| h),
            Peer::Node(n) => self.hosts.by_name(n),
            Peer::External(_) => None,
        };
        let same = matches!((mine, theirs), (Some(a), Some(b)) if a.id == b.id);
        let up = |h: Option<&crate::host::Host>| h.is_none_or(|h| h.reachable());
        same && mine.is_some_and(|h| h.running) || up(mine) && up(theirs)
    }

    /// Who has `ip` on the pod or node network (no Service translation).
    fn host_at(&self, ip: Ip) -> Option<Peer> {
        if let Some(k) = self.hosts.pod_by_ip(ip) {
            return Some(Peer::Pod(k.clone()));
        }
        if let Some(h) = self.hosts.by_ip(ip) {
            return Some(Peer::Node(h.name().to_string()));
        }
        world::host_by_ip(ip).map(Peer::External)
    }

    /// An ICMP echo from `from` to `dst`: the reply's round-trip time in microseconds and
    /// TTL, or `None` when nothing answers.
    pub fn ping(&mut self, from: &Key, dst: Ip) -> Option<(u32, u8)> {
        let src = self.pod_ip(from).unwrap_or(Ip::new(127, 0, 0, 1));
        let my_node = self.node_of(from);
        let reply = if dst.is_loopback() || dst == src {
            Some((self.rng_mut().range(20, 60) as u32, 64))
        } else {
            match self.host_at(dst).filter(|p| self.reachable(from, p)) {
                Some(Peer::Pod(k)) => {
                    let running = self.store().pods().get(&k).is_some_and(|p| !p.is_finished());
                    let same_node = self.node_of(&k) == my_node;
                    running.then(|| {
                        if same_node {
                            (self.rng_mut().range(40, 120) as u32, 64)
                        } else {
                            (self.rng_mut().range(90, 320) as u32, 62)
                        }
                    })
                }
                Some(Peer::Node(n)) => {
                    let ttl = if Some(&n) == my_node.as_ref() { 64 } else { 63 };
                    Some((self.rng_mut().range(50, 200) as u32, ttl))
                }
                Some(Peer::External(h)) => {
                    Some(((h.rtt_ms * 1000) as u32 + self.rng_mut().range(0, 3000) as u32, h.ttl))
                }
                None => None,
            }
        };
        self.flows.record(Flow {
            at: self.now,
            src,
            dst,
            proto: Proto::Icmp,
            port: 0,
            via: None,
            to: reply.map(|_| dst),
            verdict: if reply.is_some() { Verdict::Delivered } else { Verdict::Dropped },
        });
        reply
    }

    /// Opens a TCP connection (or sends a UDP datagram) from pod `from` to `dst:port`,
    /// through kube-proxy's Service translation.
    pub fn connect(&mut self, from: &Key, dst: Ip, port: u16, proto: Proto) -> Result<Connected, Verdict> {
        let src = self.pod_ip(from).unwrap_or(Ip::new(127, 0, 0, 1));
        let (target, via) = match self.translate(dst, port, proto) {
            Ok(Some((ip, p))) => ((ip, p), Some(dst)),
            Ok(None) => ((dst, port), None),
            Err(v) => {
                self.record(src, dst, proto, port, Some(dst), None, v);
                return Err(v);
            }
        };
        let (ip, p) = target;
        let result = if ip.is_loopback() || ip == src {
            if self.listens(from, p, proto) {
                Ok(Connected { peer: Peer::Pod(from.clone()), ip, port: p })
            } else {
                Err(Verdict::Refused)
            }
        } else {
            match self.host_at(ip) {
                Some(peer) if !self.reachable(from, &peer) => Err(Verdict::Dropped),
                Some(Peer::Pod(k)) => {
                    if self.listens(&k, p, proto) {
                        Ok(Connected { peer: Peer::Pod(k), ip, port: p })
                    } else {
                        Err(Verdict::Refused)
                    }
                }
                Some(Peer::Node(n)) => {
                    let node_ports = self.store().node_port_owner(i32::from(p)).is_some();
                    let api_server = self.hosts.control_plane().is_some_and(|c| c.name() == n);
                    if node_ports || (p == 6443 && api_server) || p == 10250 {
                        Ok(Connected { peer: Peer::Node(n), ip, port: p })
                    } else {
                        Err(Verdict::Refused)
                    }
                }
                Some(Peer::External(h)) => {
                    if h.tcp.contains(&p) {
                        Ok(Connected { peer: Peer::External(h), ip, port: p })
                    } else {
                        Err(Verdict::Dropped)
                    }
                }
                None => Err(Verdict::Unreachable),
            }
        };
        let verdict = match &result {
            Ok(_) => Verdict::Delivered,
            Err(v) => *v,
        };
        self.record(src, dst, proto, port, via, Some(ip), verdict);
        result
    }

    #[allow(clippy::too_many_arguments)]
    fn record(&mut self, src: Ip, dst: Ip, proto: Proto, port: u16, via: Option<Ip>, to: Option<Ip>, verdict: Verdict) {
        let at = self.now;
        self.flows.record(Flow { at, src, dst, proto, port, via, to, verdict });
    }

    /// kube-proxy: a Service IP and port to one ready endpoint. `Ok(None)`: not a Service IP.
    fn translate(&mut self, dst: Ip, port: u16, proto: Proto) -> Result<Option<(Ip, u16)>, Verdict> {
        let Some((key, svc)) = self.store().services().iter().find(|(_, s)| s.cluster_ip() == Some(dst)) else {
            return Ok(None);
        };
        let proto_name = proto.to_string();
        let Some(sp) = svc.spec.ports.iter().find(|p| p.port == i32::from(port) && p.protocol == proto_name) else {
            return Err(Verdict::Dropped);
        };
        let backends: Vec<(Ip, u16)> = self
            .store()
            .endpoints()
            .get(key)
            .map(|e| {
                e.subsets
                    .iter()
                    .flat_map(|s| {
                        let ep = s
                            .ports
                            .iter()
                            .find(|p| (p.name == sp.name || s.ports.len() == 1) && p.protocol == proto_name);
                        s.addresses
                            .iter()
                            .filter_map(move |a| Some((a.ip.parse::<Ip>().ok()?, u16::try_from(ep?.port).ok()?)))
                    })
                    .collect()
            })
            .unwrap_or_default();
        if backends.is_empty() {
            return Err(Verdict::Refused);
        }
        let i = self.rng_mut().below(backends.len() as u64) as usize;
        Ok(backends.get(i).copied())
    }

    /// Whether a container of `pod` listens on `port`.
    pub fn listens(&self, pod: &Key, port: u16, proto: Proto) -> bool {
        let Some((_, rt)) = self.hosts.runtime_in(self.store, pod) else { return false };
        rt.containers.iter().any(|ct| {
            matches!(ct.state, crate::kubelet::CState::Running { .. })
                && ct.image.is_some_and(|i| match proto {
                    Proto::Tcp => i.tcp.contains(&port),
                    Proto::Udp => i.udp.contains(&port),
                    Proto::Icmp => true,
                })
        })
    }
}
