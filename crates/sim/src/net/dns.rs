//! Cluster DNS: what CoreDNS answers (the Kubernetes DNS specification: Service A records,
//! headless Services, ExternalName CNAMEs, SRV for named ports, PTR, pod A records; names
//! outside the zone forwarded upstream), the pod's resolv.conf, and musl's resolver with its
//! search list and `ndots:5`, which ping, wget and curl use.

use super::Net;
use super::{Ip, Proto};
use crate::api::pod::DnsPolicy;
use crate::api::{Key, Pod};
use crate::ctx::Config;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QType {
    A,
    Aaaa,
    Ptr,
    Srv,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rr {
    A { name: String, ip: Ip },
    Cname { name: String, target: String },
    Ptr { name: String, target: String },
    Srv { name: String, priority: u16, weight: u16, port: u16, target: String },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rcode {
    NoError,
    NxDomain,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    pub rcode: Rcode,
    pub records: Vec<Rr>,
    /// CoreDNS is authoritative for the cluster zone; forwarded answers are not.
    pub authoritative: bool,
}

impl Answer {
    fn nx(authoritative: bool) -> Answer {
        Answer { rcode: Rcode::NxDomain, records: vec![], authoritative }
    }
    fn ok(records: Vec<Rr>) -> Answer {
        Answer { rcode: Rcode::NoError, records, authoritative: true }
    }
    pub fn ips(&self) -> Vec<Ip> {
        self.records.iter().filter_map(|r| if let Rr::A { ip, .. } = r { Some(*ip) } else { None }).collect()
    }
}

/// `10-244-1-3` -> 10.244.1.3
fn dashed_ip(s: &str) -> Option<Ip> {
    s.replace('-', ".").parse().ok()
}

impl Net<'_> {
    /// What the cluster DNS server answers for `name` (case-insensitive, trailing dot optional).
    pub fn dns_query(&self, name: &str, qtype: QType) -> Answer {
        let lower = name.trim_end_matches('.').to_ascii_lowercase();
        let zone = self.config().domain;
        if qtype == QType::Ptr {
            return self.dns_ptr(&lower);
        }
        let Some(inner) =
            lower.strip_suffix(zone).and_then(|s| s.strip_suffix('.').or(if s.is_empty() { Some("") } else { None }))
        else {
            // Outside the zone: forwarded upstream.
            return match super::world::lookup(&lower) {
                Some(h) if qtype == QType::A => Answer {
                    rcode: Rcode::NoError,
                    records: h.ips.iter().map(|ip| Rr::A { name: lower.clone(), ip: *ip }).collect(),
                    authoritative: false,
                },
                Some(_) => Answer { rcode: Rcode::NoError, records: vec![], authoritative: false },
                None => Answer::nx(false),
            };
        };
        let labels: Vec<&str> = if inner.is_empty() { vec![] } else { inner.split('.').collect() };
        match labels.as_slice() {
            [] | ["svc"] | ["pod"] => Answer::ok(vec![]),
            [ns, "svc"] | [ns, "pod"] => {
                if self.store().namespaces().contains_key(&Key::cluster(ns)) {
                    Answer::ok(vec![])
                } else {
                    Answer::nx(true)
                }
            }
            [svc, ns, "svc"] => self.dns_service(&lower, ns, svc, qtype),
            [port, proto, svc, ns, "svc"] if port.starts_with('_') && proto.starts_with('_') => {
                self.dns_srv(&lower, ns, svc, port.trim_start_matches('_'), proto.trim_start_matches('_'), qtype)
            }
            [host, svc, ns, "svc"] => self.dns_endpoint(&lower, ns, svc, host, qtype),
            [ip, _ns, "pod"] => match (dashed_ip(ip), qtype) {
                (Some(ip), QType::A) => Answer::ok(vec![Rr::A { name: lower.clone(), ip }]),
                (Some(_), _) => Answer::ok(vec![]),
                (None, _) => Answer::nx(true),
            },
            _ => Answer::nx(true),
        }
    }

    fn dns_service(&self, fqdn: &str, ns: &str, svc: &str, qtype: QType) -> Answer {
        let Some(s) = self.store().services().get(&Key::new(ns, svc)) else { return Answer::nx(true) };
        if s.spec.type_ == crate::api::service::ServiceType::ExternalName {
            let target = s.spec.external_name.trim_end_matches('.').to_string();
            let mut records = vec![Rr::Cname { name: fqdn.to_string(), target: target.clone() }];
            if qtype == QType::A {
                if let Some(h) = super::world::lookup(&target) {
                    records.extend(h.ips.iter().map(|ip| Rr::A { name: target.clone(), ip: *ip }));
                }
            }
            return Answer::ok(records);
        }
        if qtype != QType::A {
            return Answer::ok(vec![]);
        }
        if s.is_headless() {
            let ips = self.ready_endpoint_ips(ns, svc);
            if ips.is_empty() {
                return Answer::nx(true);
            }
            return Answer::ok(ips.into_iter().map(|(ip, _)| Rr::A { name: fqdn.to_string(), ip }).collect());
        }
        match s.cluster_ip() {
            Some(ip) => Answer::ok(vec![Rr::A { name: fqdn.to_string(), ip }]),
            None => Answer::nx(true),
        }
    }

    fn ready_endpoint_ips(&self, ns: &str, svc: &str) -> Vec<(Ip, String)> {
        self.store()
            .endpoints()
            .get(&Key::new(ns, svc))
            .map(|e| {
                e.subsets
                    .iter()
                    .flat_map(|s| s.addresses.iter())
                    .filter_map(|a| Some((a.ip.parse().ok()?, a.hostname.clone())))
                    .collect()
            })
            .unwrap_or_default()
    }

    fn dns_endpoint(&self, fqdn: &str, ns: &str, svc: &str, host: &str, qtype: QType) -> Answer {
        let Some(s) = self.store().services().get(&Key::new(ns, svc)) else { return Answer::nx(true) };
        if !s.is_headless() {
            return Answer::nx(true);
        }
        let ips: Vec<Ip> = self
            .ready_endpoint_ips(ns, svc)
            .into_iter()
            .filter(|(ip, h)| h == host || (h.is_empty() && ip.to_string().replace('.', "-") == host))
            .map(|(ip, _)| ip)
            .collect();
        match (ips.is_empty(), qtype) {
            (true, _) => Answer::nx(true),
            (false, QType::A) => Answer::ok(ips.into_iter().map(|ip| Rr::A { name: fqdn.to_string(), ip }).collect()),
            (false, _) => Answer::ok(vec![]),
        }
    }

    fn dns_srv(&self, fqdn: &str, ns: &str, svc: &str, port: &str, proto: &str, qtype: QType) -> Answer {
        let Some(s) = self.store().services().get(&Key::new(ns, svc)) else { return Answer::nx(true) };
        let Some(sp) = s.spec.ports.iter().find(|p| p.name == port && p.protocol.eq_ignore_ascii_case(proto)) else {
            return Answer::nx(true);
        };
        if qtype != QType::Srv {
            return Answer::ok(vec![]);
        }
        let zone = self.config().domain;
        let target = format!("{svc}.{ns}.svc.{zone}");
        let records = if s.is_headless() {
            self.ready_endpoint_ips(ns, svc)
                .into_iter()
                .map(|(ip, h)| {
                    let h = if h.is_empty() { ip.to_string().replace('.', "-") } else { h };
                    Rr::Srv {
                        name: fqdn.to_string(),
                        priority: 0,
                        weight: 100,
                        port: sp.port as u16,
                        target: format!("{h}.{target}"),
                    }
                })
                .collect()
        } else {
            vec![Rr::Srv { name: fqdn.to_string(), priority: 0, weight: 100, port: sp.port as u16, target }]
        };
        Answer::ok(records)
    }

    fn dns_ptr(&self, name: &str) -> Answer {
        let Some(rev) = name.strip_suffix(".in-addr.arpa") else { return Answer::nx(true) };
        let parts: Vec<&str> = rev.split('.').rev().collect();
        let Ok(ip) = parts.join(".").parse::<Ip>() else { return Answer::nx(true) };
        let zone = self.config().domain;
        if let Some((k, _)) = self.store().services().iter().find(|(_, s)| s.cluster_ip() == Some(ip)) {
            return Answer::ok(vec![Rr::Ptr {
                name: name.to_string(),
                target: format!("{}.{}.svc.{zone}", k.name, k.namespace),
            }]);
        }
        for (k, e) in self.store().endpoints() {
            for a in e.subsets.iter().flat_map(|s| s.addresses.iter()) {
                if a.ip.parse::<Ip>() == Ok(ip) {
                    let h = if a.hostname.is_empty() { a.ip.replace('.', "-") } else { a.hostname.clone() };
                    return Answer::ok(vec![Rr::Ptr {
                        name: name.to_string(),
                        target: format!("{h}.{}.{}.svc.{zone}", k.name, k.namespace),
                    }]);
                }
            }
        }
        if let Some(h) = super::world::host_by_ip(ip) {
            if let Some(n) = h.names.first() {
                return Answer {
                    rcode: Rcode::NoError,
                    records: vec![Rr::Ptr { name: name.to_string(), target: (*n).to_string() }],
                    authoritative: false,
                };
            }
        }
        Answer::nx(!self.config().service_cidr.contains(ip) && !ip.to_string().starts_with("10."))
    }

    /// One DNS query from a pod to its nameserver, through the network. `None`: no answer
    /// (no DNS pod reachable): the client times out.
    pub fn dns_from_pod(&mut self, pod: &Key, name: &str, qtype: QType) -> Option<Answer> {
        let server = self.config().dns_ip;
        match self.connect(pod, server, 53, Proto::Udp) {
            Ok(_) => Some(self.dns_query(name, qtype)),
            Err(_) => None,
        }
    }
}

/// What the kubelet writes into a pod for DNS: a function of the pod and the cluster's facts.
impl Config {
    /// The pod's `/etc/resolv.conf` (ClusterFirst: cluster DNS, search path, ndots:5).
    pub fn resolv_conf(&self, pod: &Pod) -> String {
        let zone = self.domain;
        let ns = &pod.metadata.namespace;
        match pod.spec.dns_policy {
            DnsPolicy::Default => "nameserver 172.18.0.1\noptions edns0 trust-ad ndots:0\n".to_string(),
            _ => format!("search {ns}.svc.{zone} svc.{zone} {zone}\nnameserver {}\noptions ndots:5\n", self.dns_ip),
        }
    }

    /// The pod's `/etc/hosts`, as the kubelet writes it.
    pub fn etc_hosts(&self, pod: &Pod) -> String {
        let mut s = String::from(
            "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n",
        );
        if !pod.status.pod_ip.is_empty() {
            let host = pod.hostname();
            if pod.spec.subdomain.is_empty() {
                s.push_str(&format!("{}\t{host}\n", pod.status.pod_ip));
            } else {
                s.push_str(&format!(
                    "{}\t{host}.{}.{}.svc.{}\t{host}\n",
                    pod.status.pod_ip, pod.spec.subdomain, pod.metadata.namespace, self.domain
                ));
            }
        }
        s
    }

    /// The search list of a pod (from its resolv.conf).
    pub fn search_list(&self, pod: &Pod) -> Vec<String> {
        let zone = self.domain;
        if pod.spec.dns_policy == DnsPolicy::Default {
            return vec![];
        }
        let ns = &pod.metadata.namespace;
        vec![format!("{ns}.svc.{zone}"), format!("svc.{zone}"), zone.to_string()]
    }
}

/// Why a name did not resolve (musl's getaddrinfo).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LookupError {
    /// NXDOMAIN or no address: `bad address` / `Could not resolve host`.
    NotFound,
    /// No DNS server answered (after musl's 5 s).
    Timeout,
}

/// musl's `getaddrinfo` for an IPv4 address: /etc/hosts, then DNS with the search list
/// unless the name has `ndots` (5) dots or ends with `.`. Returns the address and the
/// milliseconds the lookup took.
pub fn musl_lookup(c: &mut Net, pod_key: &Key, name: &str) -> (Result<Ip, LookupError>, u64) {
    if let Ok(ip) = name.parse::<Ip>() {
        return (Ok(ip), 0);
    }
    let Some(pod) = c.store().pods().get(pod_key).cloned() else { return (Err(LookupError::NotFound), 0) };
    let lower = name.to_ascii_lowercase();
    if name.is_empty() || name.len() > 253 || name.contains("..") || name.starts_with('.') {
        return (Err(LookupError::NotFound), 0);
    }
    if lower == "localhost" || lower == "localhost." {
        return (Ok(Ip::new(127, 0, 0, 1)), 0);
    }
    if lower == pod.hostname().to_ascii_lowercase() {
        if let Ok(ip) = pod.status.pod_ip.parse() {
            return (Ok(ip), 0);
        }
    }
    let mut candidates = Vec::new();
    let absolute = name.ends_with('.');
    let dots = name.trim_end_matches('.').matches('.').count();
    if !absolute && dots < 5 {
        for d in c.config().search_list(&pod) {
            candidates.push(format!("{}.{d}", name.trim_end_matches('.')));
        }
    }
    candidates.push(name.trim_end_matches('.').to_string());
    let mut elapsed = 0;
    for cand in candidates {
        match c.dns_from_pod(pod_key, &cand, QType::A) {
            None => return (Err(LookupError::Timeout), elapsed + 5000),
            Some(a) => {
                elapsed += c.rng_mut().range(1, 3);
                if let Some(ip) = a.ips().first() {
                    return (Ok(*ip), elapsed);
                }
            }
        }
    }
    (Err(LookupError::NotFound), elapsed)
}
