//! BusyBox `nslookup` (networking/nslookup.c at 1_34_1, FEATURE_NSLOOKUP_BIG): its own
//! resolver, not musl's. The search list applies only to names without a dot (and then the
//! bare name is not asked), `ndots` is ignored, A and AAAA go out together and replies print
//! in arrival order. Exit status 1 when any query failed (upstream 1.34.1; Alpine's older
//! nslookup.patch, which returned 0 on any answer, is not modelled).

use super::Container;
use crate::net::dns::{Answer, QType, Rcode, Rr};
use crate::net::Ip;
use crate::process::{BoxFuture, Io};
use std::rc::Rc;

pub const USAGE: &str = "BusyBox v1.34.1 (2022-04-04 10:19:27 UTC) multi-call binary.

Usage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]

Query DNS about HOST

QUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any
";

pub fn main<'a>(ct: &'a Rc<Container>, args: &'a [String], io: &'a Io) -> BoxFuture<'a, i32> {
    Box::pin(nslookup(ct, args, io))
}

async fn nslookup(ct: &Container, args: &[String], io: &Io) -> i32 {
    let mut types: Vec<QType> = Vec::new();
    let mut pos = Vec::new();
    for a in args {
        if let Some(opt) = a.strip_prefix('-') {
            let (k, v) = opt.split_once('=').unwrap_or((opt, ""));
            match k {
                "type" | "query" | "q" | "t" => match v.to_ascii_lowercase().as_str() {
                    "a" => types.push(QType::A),
                    "aaaa" => types.push(QType::Aaaa),
                    "ptr" => types.push(QType::Ptr),
                    "srv" => types.push(QType::Srv),
                    "any" => types.extend([QType::A, QType::Aaaa]),
                    "soa" | "ns" | "cname" | "mx" | "txt" => types.push(QType::Srv),
                    _ => {
                        io.err.line(&format!("nslookup: invalid query type \"{v}\""));
                        return 1;
                    }
                },
                "debug" | "d" | "port" | "retry" | "timeout" => {}
                _ => {
                    io.err.write(USAGE);
                    return 1;
                }
            }
        } else {
            pos.push(a.clone());
        }
    }
    let (name, server) = match pos.as_slice() {
        [n] => (n.clone(), None),
        [n, s] => (n.clone(), Some(s.clone())),
        _ => {
            io.err.write(USAGE);
            return 1;
        }
    };
    let (search, nameserver) = {
        let c = ct.sys.cluster();
        let Some(pod) = c.store().pods().get(&ct.pod) else { return 1 };
        let conf = c.config().resolv_conf(pod);
        let search: Vec<String> = conf
            .lines()
            .find_map(|l| l.strip_prefix("search "))
            .map(|s| s.split_whitespace().map(str::to_string).collect())
            .unwrap_or_default();
        let ns = conf.lines().find_map(|l| l.strip_prefix("nameserver ")).unwrap_or("127.0.0.1").trim().to_string();
        (search, server.unwrap_or(ns))
    };
    // The query plan.
    let mut queries: Vec<(String, QType)> = Vec::new();
    let add = |q: &mut Vec<(String, QType)>, t: QType| {
        if t == QType::Ptr || search.is_empty() || name.contains('.') {
            q.push((name.clone(), t));
        } else {
            for d in &search {
                q.push((format!("{name}.{d}"), t));
            }
        }
    };
    if types.is_empty() {
        if let Ok(ip) = name.parse::<Ip>() {
            queries.push((ip.reverse_name(), QType::Ptr));
        } else {
            add(&mut queries, QType::A);
            add(&mut queries, QType::Aaaa);
        }
    } else {
        for t in types {
            add(&mut queries, t);
        }
    }
    // Send them all; the server is reached through the network like any UDP flow.
    let server_ip: Option<Ip> = nameserver.parse().ok();
    let mut replies: Vec<(usize, Answer)> = Vec::new();
    {
        let mut c = ct.sys.cluster();
        for (i, (q, t)) in queries.iter().enumerate() {
            let answer = match server_ip {
                Some(ip) if ip == c.config().dns_ip => c.net().dns_from_pod(&ct.pod, q, *t),
                Some(ip) => {
                    c.net().connect(&ct.pod, ip, 53, crate::net::Proto::Udp).ok().and_then(|conn| match conn.peer {
                        crate::net::Peer::Pod(p)
                            if c.store()
                                .pods()
                                .get(&p)
                                .is_some_and(|p| p.metadata.labels.get("k8s-app").is_some_and(|v| v == "kube-dns")) =>
                        {
                            Some(c.net().dns_query(q, *t))
                        }
                        _ => None,
                    })
                }
                None => None,
            };
            if let Some(a) = answer {
                replies.push((i, a));
            }
        }
        // Replies arrive in an order the network decides.
        for i in (1..replies.len()).rev() {
            let j = c.rng_mut().below(i as u64 + 1) as usize;
            replies.swap(i, j);
        }
    }
    if replies.is_empty() {
        ct.sys.sleep(10_000).await;
        io.out.write(";; connection timed out; no servers could be reached\n\n");
        return 1;
    }
    ct.sys.sleep(1).await;
    let mut out = format!("Server:\t\t{nameserver}\nAddress:\t{nameserver}:53\n\n");
    let mut failed = false;
    for (i, a) in &replies {
        let qname = queries.get(*i).map(|q| q.0.as_str()).unwrap_or("");
        if a.rcode == Rcode::NxDomain {
            out.push_str(&format!("** server can't find {qname}: NXDOMAIN\n"));
            failed = true;
        } else {
            if !a.authoritative {
                out.push_str("Non-authoritative answer:\n");
            }
            for r in &a.records {
                match r {
                    Rr::A { name, ip } => out.push_str(&format!("Name:\t{name}\nAddress: {ip}\n")),
                    Rr::Cname { name, target } => out.push_str(&format!("{name}\tcanonical name = {target}\n")),
                    Rr::Ptr { name, target } => out.push_str(&format!("{name}\tname = {target}\n")),
                    Rr::Srv { name, priority, weight, port, target } => {
                        out.push_str(&format!("{name}\tservice = {priority} {weight} {port} {target}\n"));
                    }
                }
            }
        }
        out.push('\n');
    }
    io.out.write(&out);
    i32::from(failed)
}

#[cfg(test)]
mod tests {
    use crate::userland::sandbox::{container, run};

    #[test]
    fn search_list_for_a_short_name() {
        let ct = container();
        let (code, out, err) = run(&ct, &["nslookup", "kubernetes"], "");
        assert_eq!((code, err.as_str()), (1, ""));
        assert!(out.starts_with("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n"), "{out}");
        assert!(out.contains("\nName:\tkubernetes.default.svc.cluster.local\nAddress: 10.96.0.1\n"), "{out}");
        assert_eq!(out.matches("** server can't find kubernetes.svc.cluster.local: NXDOMAIN\n").count(), 2);
    }

    #[test]
    fn a_dotted_name_is_asked_as_is_and_usage() {
        let ct = container();
        assert_eq!(
            run(&ct, &["nslookup", "nope.default"], ""),
            (1, "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n** server can't find nope.default: NXDOMAIN\n\n** server can't find nope.default: NXDOMAIN\n\n".into(), "".into())
        );
        assert_eq!(run(&ct, &["nslookup"], ""), (1, "".into(), super::USAGE.into()));
    }
}
