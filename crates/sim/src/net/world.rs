//! A small simulated outside world: a few well-known hosts that pods can resolve, ping and
//! fetch from, so ExternalName Services and egress exercises work with no real network.

use super::Ip;

#[derive(Debug, PartialEq, Eq)]
pub struct Host {
    pub names: &'static [&'static str],
    pub ips: &'static [Ip],
    pub tcp: &'static [u16],
    pub rtt_ms: u64,
    pub ttl: u8,
    /// (path, content type, body) served over HTTP(S); other paths are 404.
    pub pages: &'static [(&'static str, &'static str, &'static str)],
    /// `Server:` header.
    pub server: &'static str,
}

pub const HOSTS: &[Host] = &[
    Host {
        names: &["raw.githubusercontent.com"],
        ips: &[Ip::new(185, 199, 108, 133), Ip::new(185, 199, 109, 133), Ip::new(185, 199, 110, 133), Ip::new(185, 199, 111, 133)],
        tcp: &[80, 443],
        rtt_ms: 12,
        ttl: 57,
        pages: &[("/sixeyed/kiamol/master/ch03/numbers/rng", "text/plain; charset=utf-8", "42")],
        server: "",
    },
    Host {
        names: &["example.com", "www.example.com"],
        ips: &[Ip::new(93, 184, 215, 14)],
        tcp: &[80, 443],
        rtt_ms: 85,
        ttl: 52,
        pages: &[("/", "text/html", EXAMPLE_PAGE)],
        server: "ECAcc (nyd/D184)",
    },
    Host {
        names: &["kubernetes.io", "www.kubernetes.io"],
        ips: &[Ip::new(147, 75, 40, 148)],
        tcp: &[80, 443],
        rtt_ms: 24,
        ttl: 55,
        pages: &[("/", "text/html; charset=UTF-8", "<!doctype html><html lang=\"en\"><head><title>Kubernetes</title></head><body><h1>Production-Grade Container Orchestration</h1></body></html>\n")],
        server: "Netlify",
    },
];

const EXAMPLE_PAGE: &str = "<!doctype html>\n<html>\n<head>\n    <title>Example Domain</title>\n</head>\n\n<body>\n<div>\n    <h1>Example Domain</h1>\n    <p>This domain is for use in illustrative examples in documents. You may use this\n    domain in literature without prior coordination or asking for permission.</p>\n    <p><a href=\"https://www.iana.org/domains/example\">More information...</a></p>\n</div>\n</body>\n</html>\n";

pub fn host_by_ip(ip: Ip) -> Option<&'static Host> {
    HOSTS.iter().find(|h| h.ips.contains(&ip))
}

/// The upstream resolver's answer for a name outside the cluster domain.
pub fn lookup(name: &str) -> Option<&'static Host> {
    let n = name.trim_end_matches('.').to_ascii_lowercase();
    HOSTS.iter().find(|h| h.names.contains(&n.as_str()))
}
