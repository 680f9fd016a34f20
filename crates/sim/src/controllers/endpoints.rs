//! The Endpoints controller: for each Service with a selector, the ready (and not-ready)
//! addresses of matching pods and the target ports they resolve to. Deleting a Service
//! deletes its Endpoints. Services without a selector keep hand-written Endpoints.

use crate::api::meta::ObjectReference;
use crate::api::service::{EndpointAddress, EndpointPort, EndpointSubset};
use crate::api::{Endpoints, IntOrString, Key, Kind, Object, ObjectMeta, Pod};
use crate::apiserver::Control;
use crate::apiserver::DeleteOptions;
use std::collections::BTreeSet;

pub fn sync(c: &mut Control, services: &BTreeSet<Key>, namespaces: &BTreeSet<String>) {
    let mut keys: BTreeSet<Key> = services.clone();
    for ns in namespaces {
        keys.extend(c.store().keys(Kind::Service, Some(ns)));
    }
    for key in keys {
        sync_one(c, &key);
    }
}

fn sync_one(c: &mut Control, key: &Key) {
    let Some(svc) = c.store().services().get(key) else {
        if c.store().endpoints().contains_key(key) {
            let _ = c.delete(Kind::Endpoints, key, DeleteOptions::default());
        }
        return;
    };
    let Some(selector) = svc.spec.selector.clone() else { return };
    if svc.spec.type_ == crate::api::service::ServiceType::ExternalName {
        return;
    }
    let publish_not_ready = svc.spec.publish_not_ready_addresses == Some(true);
    let pods: Vec<&Pod> = c
        .store()
        .pods()
        .range(Key::new(&key.namespace, "")..)
        .take_while(|(k, _)| k.namespace == key.namespace)
        .map(|(_, p)| &**p)
        .filter(|p| selector.iter().all(|(k, v)| p.metadata.labels.get(k) == Some(v)))
        .filter(|p| !p.status.pod_ip.is_empty() && !p.is_finished())
        .filter(|p| !p.is_terminating() || publish_not_ready)
        .collect();
    let mut subsets: Vec<EndpointSubset> = Vec::new();
    for p in pods {
        let mut ports = Vec::new();
        for sp in &svc.spec.ports {
            let port = match &sp.target_port {
                Some(IntOrString::Int(n)) => Some(*n),
                Some(IntOrString::Str(name)) => p
                    .spec
                    .containers
                    .iter()
                    .flat_map(|ct| ct.ports.iter())
                    .find(|cp| &cp.name == name && cp.protocol == sp.protocol)
                    .map(|cp| cp.container_port),
                None => Some(sp.port),
            };
            if let Some(port) = port {
                ports.push(EndpointPort {
                    name: sp.name.clone(),
                    port,
                    protocol: sp.protocol.clone(),
                    app_protocol: sp.app_protocol.clone(),
                });
            }
        }
        if ports.is_empty() && !svc.spec.ports.is_empty() {
            continue;
        }
        let addr = EndpointAddress {
            ip: p.status.pod_ip.clone(),
            hostname: if !p.spec.subdomain.is_empty() && p.spec.subdomain == svc.metadata.name {
                p.spec.hostname.clone()
            } else {
                String::new()
            },
            node_name: Some(p.spec.node_name.clone()).filter(|n| !n.is_empty()),
            target_ref: Some(ObjectReference {
                kind: "Pod".into(),
                name: p.metadata.name.clone(),
                namespace: p.metadata.namespace.clone(),
                uid: p.metadata.uid.clone(),
                ..Default::default()
            }),
        };
        let ready = p.is_ready() || publish_not_ready;
        let subset = match subsets.iter_mut().find(|s| s.ports == ports) {
            Some(s) => s,
            None => {
                subsets.push(EndpointSubset { ports: ports.clone(), ..Default::default() });
                match subsets.last_mut() {
                    Some(s) => s,
                    None => continue,
                }
            }
        };
        if ready {
            subset.addresses.push(addr);
        } else {
            subset.not_ready_addresses.push(addr);
        }
    }
    for s in &mut subsets {
        crate::order::sort_by(&mut s.addresses, |a, b| a.ip.cmp(&b.ip));
        crate::order::sort_by(&mut s.not_ready_addresses, |a, b| a.ip.cmp(&b.ip));
    }
    let mut labels = svc.metadata.labels.clone();
    if svc.is_headless() {
        labels.insert("service.kubernetes.io/headless".into(), String::new());
    }
    let existing = c.store().endpoints().get(key).cloned();
    match existing {
        Some(e) if e.subsets == subsets && e.metadata.labels == labels => {}
        Some(mut e) => {
            e.subsets = subsets;
            e.metadata.labels = labels;
            e.metadata.annotations.insert("endpoints.kubernetes.io/last-change-trigger-time".into(), c.now().rfc3339());
            let _ = c.update(Object::Endpoints(*e));
        }
        None => {
            let e = Endpoints {
                metadata: ObjectMeta {
                    name: key.name.clone(),
                    namespace: key.namespace.clone(),
                    labels,
                    annotations: [("endpoints.kubernetes.io/last-change-trigger-time".to_string(), c.now().rfc3339())]
                        .into(),
                    ..Default::default()
                },
                subsets,
                ..Default::default()
            };
            let _ = c.create(Object::Endpoints(e));
        }
    }
}
