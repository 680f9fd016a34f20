//! API server validation (`pkg/apis/{core,apps}/validation`) for the kinds simulated, with
//! the messages of Kubernetes 1.33: each check returns [`FieldError`]s whose Display is the
//! cause line kubectl prints.

use crate::api::pod::{Container, DnsPolicy, PodSpec, PodTemplateSpec, RestartPolicy};
use crate::api::service::ServiceType;
use crate::api::{Deployment, Endpoints, IntOrString, ObjectMeta, Pod, ReplicaSet, Service};
use crate::field::{quote, FieldError};
use crate::labels::{self, LabelSelector, Labels};
use std::collections::BTreeSet;

/// Go's `%#v` of a `map[string]string` (1.33 renders composite bad values this way).
pub fn go_map(m: &Labels) -> String {
    if m.is_empty() {
        return "map[string]string(nil)".into();
    }
    let body: Vec<String> = m.iter().map(|(k, v)| format!("{}:{}", quote(k), quote(v))).collect();
    format!("map[string]string{{{}}}", body.join(", "))
}

/// Go's `%#v` of a `metav1.LabelSelector`.
fn go_label_selector(s: &LabelSelector) -> String {
    let ml = if s.match_labels.is_empty() { "map[string]string(nil)".to_string() } else { go_map(&s.match_labels) };
    let me = if s.match_expressions.is_empty() {
        "[]v1.LabelSelectorRequirement(nil)".to_string()
    } else {
        let items: Vec<String> = s
            .match_expressions
            .iter()
            .map(|r| {
                let vals: Vec<String> = r.values.iter().map(|v| quote(v)).collect();
                format!(
                    "v1.LabelSelectorRequirement{{Key:{}, Operator:{}, Values:[]string{{{}}}}}",
                    quote(&r.key),
                    quote(&r.operator),
                    vals.join(", ")
                )
            })
            .collect();
        format!("[]v1.LabelSelectorRequirement{{{}}}", items.join(", "))
    };
    format!("v1.LabelSelector{{MatchLabels:{ml}, MatchExpressions:{me}}}")
}

/// `content.IsDNS1035Label`.
pub fn is_dns1035_label(v: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if v.len() > 63 {
        errs.push("must be no more than 63 characters".to_string());
    }
    let b = v.as_bytes();
    let ok = !b.is_empty()
        && b.first().is_some_and(u8::is_ascii_lowercase)
        && b.last().is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && b.iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-');
    if !ok {
        errs.push(labels::regex_error(
            "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
            "[a-z]([-a-z0-9]*[a-z0-9])?",
            &["my-name", "abc-123"],
        ));
    }
    errs
}

/// `validation.IsValidPortName`.
fn is_valid_port_name(port: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if port.len() > 15 {
        errs.push("must be no more than 15 characters".to_string());
    }
    let b = port.as_bytes();
    if !b.iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-') {
        errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)".into());
    }
    if !b.iter().any(u8::is_ascii_lowercase) {
        errs.push("must contain at least one letter (a-z)".into());
    }
    if port.contains("--") {
        errs.push("must not contain consecutive hyphens".into());
    }
    if b.first() == Some(&b'-') || b.last() == Some(&b'-') {
        errs.push("must not begin or end with a hyphen".into());
    }
    errs
}

const PORT_RANGE: &str = "must be between 1 and 65535, inclusive";

/// Metadata, for every kind: name (by the kind's rule), namespace, labels, annotations.
pub(crate) fn meta(m: &ObjectMeta, namespaced: bool, name_fn: fn(&str) -> Vec<String>) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if m.name.is_empty() && m.generate_name.is_empty() {
        errs.push(FieldError::required("metadata.name", "name or generateName is required"));
    } else if !m.name.is_empty() {
        for msg in name_fn(&m.name) {
            errs.push(FieldError::invalid_str("metadata.name", &m.name, msg));
        }
    }
    if namespaced && m.namespace.is_empty() {
        errs.push(FieldError::required("metadata.namespace", ""));
    }
    errs.extend(labels::validate_labels(&m.labels, "metadata.labels"));
    for k in m.annotations.keys() {
        for msg in labels::is_qualified_name(&k.to_ascii_lowercase()) {
            errs.push(FieldError::invalid_str("metadata.annotations", k, msg));
        }
    }
    errs
}

pub(super) fn pod(p: &Pod) -> Vec<FieldError> {
    pod_spec(&p.spec, "spec")
}

fn pod_spec(spec: &PodSpec, path: &str) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let mut names = BTreeSet::new();
    if spec.containers.is_empty() {
        errs.push(FieldError::required(format!("{path}.containers"), ""));
    }
    for (i, c) in spec.init_containers.iter().enumerate() {
        errs.extend(container(c, &format!("{path}.initContainers[{i}]"), &mut names));
    }
    for (i, c) in spec.containers.iter().enumerate() {
        errs.extend(container(c, &format!("{path}.containers[{i}]"), &mut names));
    }
    match &spec.restart_policy {
        RestartPolicy::Unset => errs.push(FieldError::required(format!("{path}.restartPolicy"), "")),
        RestartPolicy::Other(rp) => {
            errs.push(FieldError::not_supported(format!("{path}.restartPolicy"), quote(rp), RestartPolicy::VALUES))
        }
        _ => {}
    }
    if let DnsPolicy::Other(_) | DnsPolicy::Unset = &spec.dns_policy {
        errs.push(FieldError::not_supported(
            format!("{path}.dnsPolicy"),
            quote(spec.dns_policy.as_str()),
            DnsPolicy::VALUES,
        ));
    }
    if let Some(g) = spec.termination_grace_period_seconds {
        if g < 0 {
            errs.push(FieldError::invalid(
                format!("{path}.terminationGracePeriodSeconds"),
                g.to_string(),
                "must be greater than or equal to 0",
            ));
        }
    }
    errs.extend(labels::validate_labels(&spec.node_selector, &format!("{path}.nodeSelector")));
    if !spec.hostname.is_empty() {
        for msg in labels::is_dns1123_label(&spec.hostname) {
            errs.push(FieldError::invalid_str(format!("{path}.hostname"), &spec.hostname, msg));
        }
    }
    if !spec.subdomain.is_empty() {
        for msg in labels::is_dns1123_label(&spec.subdomain) {
            errs.push(FieldError::invalid_str(format!("{path}.subdomain"), &spec.subdomain, msg));
        }
    }
    errs
}

fn container(c: &Container, path: &str, names: &mut BTreeSet<String>) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if c.name.is_empty() {
        errs.push(FieldError::required(format!("{path}.name"), ""));
    } else {
        for msg in labels::is_dns1123_label(&c.name) {
            errs.push(FieldError::invalid_str(format!("{path}.name"), &c.name, msg));
        }
        if !names.insert(c.name.clone()) {
            errs.push(FieldError::duplicate(format!("{path}.name"), quote(&c.name)));
        }
    }
    if c.image.trim().is_empty() {
        errs.push(FieldError::required(format!("{path}.image"), ""));
    } else if c.image.trim() != c.image {
        errs.push(FieldError::invalid_str(
            format!("{path}.image"),
            &c.image,
            "must not have leading or trailing whitespace",
        ));
    }
    let mut port_names = BTreeSet::new();
    for (i, p) in c.ports.iter().enumerate() {
        let pp = format!("{path}.ports[{i}]");
        if !p.name.is_empty() {
            for msg in is_valid_port_name(&p.name) {
                errs.push(FieldError::invalid_str(format!("{pp}.name"), &p.name, msg));
            }
            if !port_names.insert(p.name.clone()) {
                errs.push(FieldError::duplicate(format!("{pp}.name"), quote(&p.name)));
            }
        }
        if p.container_port == 0 {
            errs.push(FieldError::required(format!("{pp}.containerPort"), ""));
        } else if !(1..=65535).contains(&p.container_port) {
            errs.push(FieldError::invalid(format!("{pp}.containerPort"), p.container_port.to_string(), PORT_RANGE));
        }
        if let Some(hp) = p.host_port {
            if hp != 0 && !(1..=65535).contains(&hp) {
                errs.push(FieldError::invalid(format!("{pp}.hostPort"), hp.to_string(), PORT_RANGE));
            }
        }
        errs.extend(protocol(&p.protocol, &format!("{pp}.protocol")));
    }
    for (i, e) in c.env.iter().enumerate() {
        if e.name.is_empty() {
            errs.push(FieldError::required(format!("{path}.env[{i}].name"), ""));
        }
    }
    let pol = c.image_pull_policy.as_str();
    if !matches!(pol, "Always" | "IfNotPresent" | "Never") {
        errs.push(FieldError::not_supported(
            format!("{path}.imagePullPolicy"),
            quote(pol),
            &["Always", "IfNotPresent", "Never"],
        ));
    }
    errs
}

fn protocol(p: &str, path: &str) -> Vec<FieldError> {
    match p {
        "TCP" | "UDP" | "SCTP" => vec![],
        "" => vec![FieldError::required(path, "")],
        other => vec![FieldError::not_supported(path, quote(other), &["SCTP", "TCP", "UDP"])],
    }
}

/// The checks Deployments and ReplicaSets share: selector, template labels, restart policy.
fn selector_and_template(
    selector: Option<&LabelSelector>,
    template: &PodTemplateSpec,
    replicas: Option<i32>,
    kind_word: &str,
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if let Some(r) = replicas {
        if r < 0 {
            errs.push(FieldError::invalid("spec.replicas", r.to_string(), "must be greater than or equal to 0"));
        }
    }
    match selector {
        None => errs.push(FieldError::required("spec.selector", "")),
        Some(s) => {
            errs.extend(labels::validate_label_selector(Some(s), "spec.selector"));
            if s.match_labels.is_empty() && s.match_expressions.is_empty() {
                errs.push(FieldError::invalid(
                    "spec.selector",
                    go_label_selector(s),
                    format!("empty selector is invalid for {kind_word}"),
                ));
            }
        }
    }
    errs.extend(labels::validate_labels(&template.metadata.labels, "spec.template.metadata.labels"));
    // A missing selector converts to "nothing", which matches no labels.
    let sel = match selector {
        Some(s) => s.to_selector().ok(),
        None => Some(labels::Selector::nothing()),
    };
    if let Some(sel) = sel {
        {
            if !sel.is_empty() && !sel.matches(&template.metadata.labels) {
                errs.push(FieldError::invalid(
                    "spec.template.metadata.labels",
                    go_map(&template.metadata.labels),
                    "`selector` does not match template `labels`",
                ));
            }
        }
    }
    errs.extend(pod_spec(&template.spec, "spec.template.spec"));
    if !matches!(template.spec.restart_policy, RestartPolicy::Unset | RestartPolicy::Always) {
        errs.push(FieldError::not_supported(
            "spec.template.spec.restartPolicy",
            quote(template.spec.restart_policy.as_str()),
            &["Always"],
        ));
    }
    errs
}

pub(super) fn deployment(d: &Deployment) -> Vec<FieldError> {
    let mut errs = selector_and_template(d.spec.selector.as_ref(), &d.spec.template, d.spec.replicas, "deployment");
    let st = d.spec.strategy.type_.as_str();
    match st {
        "RollingUpdate" => {
            if let Some(ru) = &d.spec.strategy.rolling_update {
                let check = |v: &Option<IntOrString>, name: &str, errs: &mut Vec<FieldError>| {
                    match v {
                    Some(IntOrString::Int(i)) if *i < 0 => errs.push(FieldError::invalid(
                        format!("spec.strategy.rollingUpdate.{name}"),
                        i.to_string(),
                        "must be greater than or equal to 0",
                    )),
                    Some(IntOrString::Str(s)) if percent(s).is_none() => errs.push(FieldError::invalid(
                        format!("spec.strategy.rollingUpdate.{name}"),
                        quote(s),
                        "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
                    )),
                    _ => {}
                }
                };
                check(&ru.max_unavailable, "maxUnavailable", &mut errs);
                check(&ru.max_surge, "maxSurge", &mut errs);
                let zero = |v: &Option<IntOrString>| {
                    matches!(v, Some(IntOrString::Int(0)))
                        || matches!(v, Some(IntOrString::Str(s)) if percent(s) == Some(0))
                };
                if zero(&ru.max_unavailable) && zero(&ru.max_surge) {
                    errs.push(FieldError::invalid(
                        "spec.strategy.rollingUpdate.maxUnavailable",
                        "0",
                        "may not be 0 when `maxSurge` is 0",
                    ));
                }
            }
        }
        "Recreate" => {
            if d.spec.strategy.rolling_update.is_some() {
                errs.push(FieldError::forbidden(
                    "spec.strategy.rollingUpdate",
                    "may not be specified when strategy `type` is 'Recreate'",
                ));
            }
        }
        other => {
            errs.push(FieldError::not_supported("spec.strategy.type", quote(other), &["Recreate", "RollingUpdate"]))
        }
    }
    if let Some(r) = d.spec.revision_history_limit {
        if r < 0 {
            errs.push(FieldError::invalid(
                "spec.revisionHistoryLimit",
                r.to_string(),
                "must be greater than or equal to 0",
            ));
        }
    }
    if let Some(p) = d.spec.progress_deadline_seconds {
        if p <= d.spec.min_ready_seconds {
            errs.push(FieldError::invalid(
                "spec.progressDeadlineSeconds",
                p.to_string(),
                "must be greater than minReadySeconds",
            ));
        }
    }
    errs
}

/// `25%` -> 25.
pub fn percent(s: &str) -> Option<i64> {
    let n = s.strip_suffix('%')?;
    if n.is_empty() || !n.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    n.parse().ok()
}

pub(super) fn replicaset(r: &ReplicaSet) -> Vec<FieldError> {
    selector_and_template(r.spec.selector.as_ref(), &r.spec.template, r.spec.replicas, "replicaset")
}

pub(super) fn service(s: &Service) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let t = s.spec.type_.as_str();
    if !matches!(t, "ClusterIP" | "NodePort" | "LoadBalancer" | "ExternalName") {
        errs.push(FieldError::not_supported(
            "spec.type",
            quote(t),
            &["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"],
        ));
    }
    let headless = s.spec.cluster_ip == "None";
    if t == "ExternalName" {
        if s.spec.external_name.is_empty() {
            errs.push(FieldError::required("spec.externalName", ""));
        } else {
            let name = s.spec.external_name.trim_end_matches('.');
            for msg in labels::is_dns1123_subdomain(name) {
                errs.push(FieldError::invalid_str("spec.externalName", &s.spec.external_name, msg));
            }
        }
    } else if s.spec.ports.is_empty() && !headless {
        errs.push(FieldError::required("spec.ports", ""));
    }
    let mut names = BTreeSet::new();
    let mut seen = BTreeSet::new();
    let many = s.spec.ports.len() > 1;
    for (i, p) in s.spec.ports.iter().enumerate() {
        let pp = format!("spec.ports[{i}]");
        if many && p.name.is_empty() {
            errs.push(FieldError::required(format!("{pp}.name"), ""));
        } else if !p.name.is_empty() {
            for msg in labels::is_dns1123_label(&p.name) {
                errs.push(FieldError::invalid_str(format!("{pp}.name"), &p.name, msg));
            }
            if !names.insert(p.name.clone()) {
                errs.push(FieldError::duplicate(format!("{pp}.name"), quote(&p.name)));
            }
        }
        if !(1..=65535).contains(&p.port) {
            errs.push(FieldError::invalid(format!("{pp}.port"), p.port.to_string(), PORT_RANGE));
        }
        errs.extend(protocol(&p.protocol, &format!("{pp}.protocol")));
        match &p.target_port {
            Some(IntOrString::Int(tp)) if !(1..=65535).contains(tp) => {
                errs.push(FieldError::invalid(format!("{pp}.targetPort"), tp.to_string(), PORT_RANGE));
            }
            Some(IntOrString::Str(name)) => {
                for msg in is_valid_port_name(name) {
                    errs.push(FieldError::invalid_str(format!("{pp}.targetPort"), name, msg));
                }
            }
            _ => {}
        }
        if !seen.insert((p.port, p.protocol.clone())) {
            errs.push(FieldError::duplicate(pp.clone(), format!("core.ServicePort{{Name:{}, Protocol:{}, AppProtocol:(*string)(nil), Port:{}, TargetPort:{}, NodePort:{}}}", quote(&p.name), quote(&p.protocol), p.port, match &p.target_port { Some(IntOrString::Str(s)) => format!("intstr.IntOrString{{Type:1, IntVal:0, StrVal:{}}}", quote(s)), Some(IntOrString::Int(n)) => format!("intstr.IntOrString{{Type:0, IntVal:{n}, StrVal:\"\"}}"), None => "intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}".into() }, p.node_port.unwrap_or(0))));
        }
        if let Some(np) = p.node_port {
            if np != 0 {
                if t == "ClusterIP" || t == "ExternalName" {
                    errs.push(FieldError::forbidden(
                        format!("{pp}.nodePort"),
                        format!("may not be used when `type` is '{t}'"),
                    ));
                } else if !crate::api::service::NODE_PORTS.contains(&np) {
                    errs.push(FieldError::invalid(
                        format!("{pp}.nodePort"),
                        np.to_string(),
                        "provided port is not in the valid range. The range of valid ports is 30000-32767",
                    ));
                }
            }
        }
    }
    if let Some(sel) = &s.spec.selector {
        errs.extend(labels::validate_labels(sel, "spec.selector"));
    }
    if !s.spec.cluster_ip.is_empty() && !headless && s.spec.cluster_ip.parse::<crate::addr::Ip>().is_err() {
        errs.push(FieldError::invalid_str(
            "spec.clusterIPs[0]",
            &s.spec.cluster_ip,
            "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
        ));
    }
    if headless && t != "ClusterIP" {
        errs.push(FieldError::invalid_str(
            "spec.clusterIPs[0]",
            "None",
            format!("may not be set to 'None' for {t} services"),
        ));
    }
    let sa = s.spec.session_affinity.as_str();
    if !matches!(sa, "None" | "ClientIP") {
        errs.push(FieldError::not_supported("spec.sessionAffinity", quote(sa), &["ClientIP", "None"]));
    }
    errs
}

pub(super) fn endpoints(e: &Endpoints) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for (i, s) in e.subsets.iter().enumerate() {
        for (j, a) in s.addresses.iter().enumerate() {
            if a.ip.parse::<crate::addr::Ip>().is_err() {
                errs.push(FieldError::invalid_str(
                    format!("subsets[{i}].addresses[{j}].ip"),
                    &a.ip,
                    "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
                ));
            }
        }
        for (j, p) in s.ports.iter().enumerate() {
            if !(1..=65535).contains(&p.port) {
                errs.push(FieldError::invalid(format!("subsets[{i}].ports[{j}].port"), p.port.to_string(), PORT_RANGE));
            }
            errs.extend(protocol(&p.protocol, &format!("subsets[{i}].ports[{j}].protocol")));
        }
    }
    errs
}

/// A selector may not change once set.
pub(super) fn selector_update(new: Option<&LabelSelector>, old: Option<&LabelSelector>) -> Vec<FieldError> {
    match new {
        Some(s) if new != old => vec![FieldError::invalid("spec.selector", go_label_selector(s), "field is immutable")],
        _ => Vec::new(),
    }
}

/// Only images, activeDeadlineSeconds and tolerations (additions) of a pod may change.
pub(super) fn pod_update(n: &Pod, o: &Pod) -> Vec<FieldError> {
    let mut a = n.spec.clone();
    let b = &o.spec;
    for (c, oc) in a.containers.iter_mut().zip(&b.containers) {
        c.image.clone_from(&oc.image);
    }
    a.active_deadline_seconds = b.active_deadline_seconds;
    a.tolerations.clone_from(&b.tolerations);
    if &a == b {
        return Vec::new();
    }
    vec![FieldError::forbidden(
        "spec",
        "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
    )]
}

/// A Service's ClusterIP may not change once set.
pub(super) fn service_update(n: &Service, o: &Service) -> Vec<FieldError> {
    if !o.spec.cluster_ip.is_empty()
        && n.spec.cluster_ip != o.spec.cluster_ip
        && n.spec.type_ != ServiceType::ExternalName
        && o.spec.type_ != ServiceType::ExternalName
    {
        return vec![FieldError::invalid(
            "spec.clusterIPs[0]",
            format!("[]string{{{}}}", quote(&n.spec.cluster_ip)),
            "may not change once set",
        )];
    }
    Vec::new()
}
