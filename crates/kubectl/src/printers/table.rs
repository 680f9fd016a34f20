//! Human-readable tables: the columns the API server's table convertor gives each kind
//! (`pkg/printers/internalversion/printers.go`), their cells (pod STATUS and RESTARTS,
//! Service PORT(S) and EXTERNAL-IP, Endpoints' `+ N more...`), and kubectl's tabwriter
//! alignment. Rows are data first; `render` turns them into text.

use crate::duration;
use sim::api::{Deployment, Endpoints, Namespace, Node, ObjRef, Pod, ReplicaSet, Service};
use sim::labels::{format_label_selector, format_labels, Labels};
use sim::Kind;

/// A table: headers and rows of cells.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// How to print rows.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub wide: bool,
    pub show_labels: bool,
    /// `-L key` columns.
    pub label_columns: Vec<String>,
    /// `-A`: a NAMESPACE column first.
    pub namespace_column: bool,
    /// `kind/name` in NAME (several kinds printed).
    pub with_kind: bool,
    pub no_headers: bool,
}

pub fn headers(kind: Kind, o: &Options) -> Vec<String> {
    let (base, wide): (&[&str], &[&str]) = match kind {
        Kind::Pod => {
            (&["NAME", "READY", "STATUS", "RESTARTS", "AGE"], &["IP", "NODE", "NOMINATED NODE", "READINESS GATES"])
        }
        Kind::Deployment => {
            (&["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"], &["CONTAINERS", "IMAGES", "SELECTOR"])
        }
        Kind::ReplicaSet => (&["NAME", "DESIRED", "CURRENT", "READY", "AGE"], &["CONTAINERS", "IMAGES", "SELECTOR"]),
        Kind::Service => (&["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"], &["SELECTOR"]),
        Kind::Endpoints => (&["NAME", "ENDPOINTS", "AGE"], &[]),
        Kind::Node => (
            &["NAME", "STATUS", "ROLES", "AGE", "VERSION"],
            &["INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"],
        ),
        Kind::Namespace => (&["NAME", "STATUS", "AGE"], &[]),
        Kind::ConfigMap => (&["NAME", "DATA", "AGE"], &[]),
        Kind::Secret => (&["NAME", "TYPE", "DATA", "AGE"], &[]),
    };
    let mut h: Vec<String> = Vec::new();
    if o.namespace_column {
        h.push("NAMESPACE".into());
    }
    h.extend(base.iter().map(|s| s.to_string()));
    if o.wide {
        h.extend(wide.iter().map(|s| s.to_string()));
    }
    for l in &o.label_columns {
        h.push(l.rsplit('/').next().unwrap_or(l).to_ascii_uppercase());
    }
    if o.show_labels {
        h.push("LABELS".into());
    }
    h
}

pub fn row(obj: ObjRef<'_>, now_ms: u64, o: &Options) -> Vec<String> {
    let meta = obj.meta();
    let age = duration::age_of(now_ms, meta.creation_timestamp.map(|t| t.millis()));
    let name =
        if o.with_kind { format!("{}/{}", obj.kind().qualified_singular(), meta.name) } else { meta.name.clone() };
    let mut cells = Vec::new();
    if o.namespace_column {
        cells.push(meta.namespace.clone());
    }
    cells.push(name);
    let (base, wide) = match obj {
        ObjRef::Pod(p) => pod_cells(p, now_ms, age),
        ObjRef::Deployment(d) => deployment_cells(d, age),
        ObjRef::ReplicaSet(r) => replicaset_cells(r, age),
        ObjRef::Service(s) => service_cells(s, age, o.wide),
        ObjRef::Endpoints(e) => (vec![endpoints_cell(e), age], vec![]),
        ObjRef::Node(n) => node_cells(n, age),
        ObjRef::Namespace(n) => namespace_cells(n, age),
        ObjRef::ConfigMap(c) => (vec![(c.data.len() + c.binary_data.len()).to_string(), age], vec![]),
        ObjRef::Secret(s) => (vec![s.type_.clone(), s.data.len().to_string(), age], vec![]),
    };
    cells.extend(base);
    if o.wide {
        cells.extend(wide);
    }
    for l in &o.label_columns {
        cells.push(meta.labels.get(l).cloned().unwrap_or_default());
    }
    if o.show_labels {
        cells.push(format_labels(&meta.labels));
    }
    cells
}

fn or_none(s: &str) -> String {
    if s.is_empty() {
        "<none>".into()
    } else {
        s.to_string()
    }
}

/// READY, STATUS, RESTARTS as `printPod` computes them.
pub fn pod_status(p: &Pod, now_ms: u64) -> (String, String, String) {
    let total = p.spec.containers.len();
    let mut ready = 0;
    let mut restarts = 0;
    let mut last_restart: Option<u64> = None;
    let mut reason = if p.status.reason.is_empty() { p.status.phase.clone() } else { p.status.reason.clone() };
    if reason.is_empty() {
        reason = "Pending".into();
    }
    if p.status.conditions.iter().any(|c| c.type_ == "PodScheduled" && c.reason == "SchedulingGated") {
        reason = "SchedulingGated".into();
    }
    let mut has_running = false;
    for cs in p.status.container_statuses.iter().rev() {
        restarts += cs.restart_count;
        if let Some(t) = cs.last_state.get("terminated").and_then(|t| t.get("finishedAt")).and_then(|f| f.as_str()) {
            if let Some(ms) = sim::Time::parse_rfc3339(t) {
                last_restart = Some(last_restart.map_or(ms.millis(), |l| l.max(ms.millis())));
            }
        }
        if let Some(w) = cs.state.waiting.as_ref().filter(|w| !w.reason.is_empty()) {
            reason = w.reason.clone();
        } else if let Some(t) = cs.state.terminated.as_ref() {
            reason = if t.reason.is_empty() { format!("ExitCode:{}", t.exit_code) } else { t.reason.clone() };
        } else if cs.ready && cs.state.running.is_some() {
            has_running = true;
            ready += 1;
        }
    }
    if reason == "Completed" && has_running {
        reason = if p.status.conditions.iter().any(|c| c.type_ == "Ready" && c.status == "True") {
            "Running".into()
        } else {
            "NotReady".into()
        };
    }
    if p.metadata.deletion_timestamp.is_some() && !p.is_finished() {
        reason = "Terminating".into();
    }
    let restarts_str = match (restarts, last_restart) {
        (0, _) | (_, None) => restarts.to_string(),
        (n, Some(t)) => format!("{n} ({} ago)", duration::age(now_ms, t)),
    };
    (format!("{ready}/{total}"), reason, restarts_str)
}

fn pod_cells(p: &Pod, now_ms: u64, age: String) -> (Vec<String>, Vec<String>) {
    let (ready, status, restarts) = pod_status(p, now_ms);
    let gates = match p.spec.readiness_gates.as_ref().and_then(|g| g.as_array()) {
        Some(g) if !g.is_empty() => format!("0/{}", g.len()),
        _ => "<none>".into(),
    };
    (
        vec![ready, status, restarts, age],
        vec![or_none(&p.status.pod_ip), or_none(&p.spec.node_name), "<none>".into(), gates],
    )
}

fn containers_and_images(spec: &sim::api::PodSpec) -> (String, String) {
    let names: Vec<&str> = spec.containers.iter().map(|c| c.name.as_str()).collect();
    let images: Vec<&str> = spec.containers.iter().map(|c| c.image.as_str()).collect();
    (names.join(","), images.join(","))
}

fn deployment_cells(d: &Deployment, age: String) -> (Vec<String>, Vec<String>) {
    let want = d.spec.replicas.unwrap_or(1);
    let (c, i) = containers_and_images(&d.spec.template.spec);
    (
        vec![
            format!("{}/{}", d.status.ready_replicas, want),
            d.status.updated_replicas.to_string(),
            d.status.available_replicas.to_string(),
            age,
        ],
        vec![c, i, format_label_selector(d.spec.selector.as_ref())],
    )
}

fn replicaset_cells(r: &ReplicaSet, age: String) -> (Vec<String>, Vec<String>) {
    let (c, i) = containers_and_images(&r.spec.template.spec);
    (
        vec![
            r.spec.replicas.unwrap_or(1).to_string(),
            r.status.replicas.to_string(),
            r.status.ready_replicas.to_string(),
            age,
        ],
        vec![c, i, format_label_selector(r.spec.selector.as_ref())],
    )
}

/// PORT(S): `80/TCP`, `8080:30080/TCP`, comma-joined.
pub fn ports(s: &Service) -> String {
    if s.spec.ports.is_empty() {
        return "<none>".into();
    }
    s.spec
        .ports
        .iter()
        .map(|p| match p.node_port {
            Some(np) if np > 0 => format!("{}:{np}/{}", p.port, p.protocol),
            _ => format!("{}/{}", p.port, p.protocol),
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// EXTERNAL-IP as `getServiceExternalIP` computes it.
pub fn external_ip(s: &Service, wide: bool) -> String {
    let external = s.spec.external_ips.join(",");
    match s.type_() {
        "ClusterIP" | "NodePort" => or_none(&external),
        "LoadBalancer" => {
            let mut ing: Vec<String> = s
                .status
                .load_balancer
                .ingress
                .iter()
                .map(|i| if i.ip.is_empty() { i.hostname.clone() } else { i.ip.clone() })
                .collect();
            sim::order::sort(&mut ing);
            ing.dedup();
            let mut all = ing;
            all.extend(s.spec.external_ips.iter().cloned());
            if all.is_empty() {
                return "<pending>".into();
            }
            let joined = all.join(",");
            if !wide && joined.len() > 16 {
                format!("{}...", joined.get(..13).unwrap_or(&joined))
            } else {
                joined
            }
        }
        "ExternalName" => s.spec.external_name.clone(),
        _ => "<unknown>".into(),
    }
}

fn service_cells(s: &Service, age: String, wide: bool) -> (Vec<String>, Vec<String>) {
    let cluster_ip = if s.spec.cluster_ips.is_empty() {
        or_none(&s.spec.cluster_ip)
    } else {
        s.spec.cluster_ips.first().cloned().unwrap_or_default()
    };
    let selector = s.spec.selector.as_ref().map(format_labels).unwrap_or_else(|| "<none>".into());
    (vec![s.type_().to_string(), cluster_ip, external_ip(s, wide), ports(s), age], vec![selector])
}

/// ENDPOINTS: `ip:port` for each address and port, at most three, then ` + N more...`.
pub fn endpoints_cell(e: &Endpoints) -> String {
    let mut list = Vec::new();
    let mut count = 0;
    for s in &e.subsets {
        if s.ports.is_empty() {
            for a in &s.addresses {
                count += 1;
                if list.len() < 3 {
                    list.push(a.ip.clone());
                }
            }
        } else {
            for p in &s.ports {
                for a in &s.addresses {
                    count += 1;
                    if list.len() < 3 {
                        list.push(format!("{}:{}", a.ip, p.port));
                    }
                }
            }
        }
    }
    if list.is_empty() {
        return "<none>".into();
    }
    let mut out = list.join(",");
    if count > list.len() {
        out.push_str(&format!(" + {} more...", count - list.len()));
    }
    out
}

fn node_cells(n: &Node, age: String) -> (Vec<String>, Vec<String>) {
    // printNode: the Ready condition True is "Ready", False or Unknown "NotReady"; none "Unknown".
    let mut status = match n.status.conditions.iter().find(|c| c.type_ == "Ready") {
        Some(c) if c.status == "True" => "Ready".to_string(),
        Some(_) => "NotReady".to_string(),
        None => "Unknown".to_string(),
    };
    if n.spec.unschedulable {
        status.push_str(",SchedulingDisabled");
    }
    let roles: Vec<&str> =
        n.metadata.labels.keys().filter_map(|k| k.strip_prefix("node-role.kubernetes.io/")).collect();
    let roles = if roles.is_empty() { "<none>".to_string() } else { roles.join(",") };
    let addr = |t: &str| {
        n.status.addresses.iter().find(|a| a.type_ == t).map(|a| a.address.clone()).unwrap_or_else(|| "<none>".into())
    };
    let info = &n.status.node_info;
    let unknown = |s: &str| if s.is_empty() { "<unknown>".to_string() } else { s.to_string() };
    (
        vec![status, roles, age, info.kubelet_version.clone()],
        vec![
            addr("InternalIP"),
            addr("ExternalIP"),
            unknown(&info.os_image),
            unknown(&info.kernel_version),
            unknown(&info.container_runtime_version),
        ],
    )
}

fn namespace_cells(n: &Namespace, age: String) -> (Vec<String>, Vec<String>) {
    (vec![n.status.phase.clone(), age], vec![])
}

/// kubectl's tabwriter (minwidth 6, tabwidth 4, padding 3, padchar ' '): every column but
/// the last is padded to its widest cell plus three spaces.
pub fn render(t: &Table, no_headers: bool) -> String {
    let mut lines: Vec<&Vec<String>> = Vec::new();
    if !no_headers {
        lines.push(&t.headers);
    }
    lines.extend(t.rows.iter());
    let cols = lines.iter().map(|l| l.len()).max().unwrap_or(0);
    let mut widths = vec![0usize; cols];
    for l in &lines {
        for (i, c) in l.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(c.chars().count());
            }
        }
    }
    let mut out = String::new();
    for l in lines {
        let n = l.len();
        for (i, c) in l.iter().enumerate() {
            out.push_str(c);
            if i + 1 < n {
                let w = (widths.get(i).copied().unwrap_or(0) + 3).max(6);
                out.push_str(&" ".repeat(w - c.chars().count()));
            }
        }
        out.push('\n');
    }
    out
}

/// Labels rendered for LABELS (re-exported for describe).
pub fn labels(l: &Labels) -> String {
    format_labels(l)
}
