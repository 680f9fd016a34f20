//! The controllers, scheduler and kubelet on small clusters: each test makes a few objects,
//! moves the clock, and checks what the control plane did.

use sim::api::decode::{decode, parse_documents};
use sim::api::{Deployment, Key, Object, Pod};
use sim::{Cluster, DeleteOptions, Kind};

fn apply(c: &mut Cluster, yaml: &str) -> Object {
    let docs = parse_documents(yaml).unwrap();
    let v = docs[0].value.clone();
    let kind = Kind::from_type(v["apiVersion"].as_str().unwrap(), v["kind"].as_str().unwrap()).unwrap();
    let mut obj = decode(kind, v).unwrap();
    obj.meta_mut().namespace = "default".into();
    let o = c.create(obj).unwrap();
    c.settle();
    o
}

fn deployment(name: &str, replicas: i32, image: &str) -> String {
    format!("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  replicas: {replicas}\n  selector:\n    matchLabels:\n      app: {name}\n  template:\n    metadata:\n      labels:\n        app: {name}\n    spec:\n      containers:\n      - name: c\n        image: {image}\n")
}

fn pods_of(c: &Cluster, app: &str) -> Vec<sim::api::Pod> {
    c.store()
        .pods()
        .values()
        .filter(|p| p.metadata.labels.get("app").is_some_and(|a| a == app))
        .map(|p| Pod::clone(p))
        .collect()
}

#[test]
fn deployment_makes_a_replicaset_which_makes_pods_with_real_names() {
    let mut c = Cluster::new(1);
    apply(&mut c, &deployment("web", 3, "nginx"));
    let rs: Vec<_> = c.store().replicasets().values().filter(|r| r.metadata.namespace == "default").collect();
    assert_eq!(rs.len(), 1);
    let hash = rs[0].metadata.labels.get("pod-template-hash").unwrap().clone();
    assert!(hash.bytes().all(|b| b"456789bcdf".contains(&b)), "{hash}");
    assert_eq!(rs[0].metadata.name, format!("web-{hash}"));
    let pods = pods_of(&c, "web");
    assert_eq!(pods.len(), 3);
    for p in &pods {
        let suffix = p.metadata.name.strip_prefix(&format!("web-{hash}-")).unwrap();
        assert_eq!(suffix.len(), 5);
        assert!(suffix.bytes().all(|b| sim::rng::ALPHANUMS.contains(&b)));
        assert_eq!(p.metadata.controller_uid(), Some(rs[0].metadata.uid.as_str()));
    }
}

#[test]
fn pods_go_pending_containercreating_running_over_seconds() {
    let mut c = Cluster::new(2);
    apply(&mut c, &deployment("web", 1, "nginx"));
    let p = &pods_of(&c, "web")[0];
    assert_eq!(p.status.phase, "Pending");
    assert!(p.is_bound(), "the scheduler binds at once");
    assert_eq!(p.status.container_statuses[0].state.waiting.as_ref().unwrap().reason, "ContainerCreating");
    c.advance_ms(200);
    assert!(!pods_of(&c, "web")[0].is_ready());
    c.advance_ms(10_000);
    let p = &pods_of(&c, "web")[0];
    assert_eq!(p.status.phase, "Running");
    assert!(p.is_ready());
    assert!(p.status.pod_ip.starts_with("10.244."));
    let d = c.store().deployments().get(&Key::new("default", "web")).unwrap();
    assert_eq!(d.status.available_replicas, 1);
}

#[test]
fn scheduler_spreads_replicas_over_workers_not_the_control_plane() {
    let mut c = Cluster::new(3);
    apply(&mut c, &deployment("web", 4, "nginx"));
    let pods = pods_of(&c, "web");
    let on = |n: &str| pods.iter().filter(|p| p.spec.node_name == n).count();
    assert_eq!(on("kubeplay-control-plane"), 0);
    assert_eq!(on("kubeplay-worker"), 2);
    assert_eq!(on("kubeplay-worker2"), 2);
    // Pod IPs come from the node's pod CIDR.
    for p in &pods {
        c.advance_ms(0);
        let _ = p;
    }
    c.advance_ms(10_000);
    for p in pods_of(&c, "web") {
        let cidr = if p.spec.node_name == "kubeplay-worker" { "10.244.1." } else { "10.244.2." };
        assert!(p.status.pod_ip.starts_with(cidr), "{} on {}", p.status.pod_ip, p.spec.node_name);
    }
}

#[test]
fn a_deleted_pod_is_replaced_with_a_new_name_and_ip() {
    let mut c = Cluster::new(4);
    apply(&mut c, &deployment("web", 1, "kiamol/ch03-sleep"));
    c.advance_ms(10_000);
    let old = pods_of(&c, "web")[0].clone();
    c.delete(Kind::Pod, &Key::of(&old.metadata), DeleteOptions::default()).unwrap();
    c.settle();
    // The old one is terminating while its replacement starts.
    assert!(c.store().pods().get(&Key::of(&old.metadata)).unwrap().is_terminating());
    c.advance_ms(10_000);
    let now = pods_of(&c, "web");
    assert_eq!(now.len(), 1);
    assert_ne!(now[0].metadata.name, old.metadata.name);
    assert_ne!(now[0].status.pod_ip, old.status.pod_ip);
}

#[test]
fn scaling_down_deletes_the_newest_pods_first() {
    let mut c = Cluster::new(5);
    apply(&mut c, &deployment("web", 2, "nginx"));
    c.advance_ms(10_000);
    let mut d = c.store().deployments().get(&Key::new("default", "web")).unwrap().clone();
    d.spec.replicas = Some(5);
    c.update(Object::Deployment(Deployment::clone(&d))).unwrap();
    c.advance_ms(10_000);
    assert_eq!(pods_of(&c, "web").len(), 5);
    let mut oldest: Vec<_> = pods_of(&c, "web");
    oldest.sort_by_key(|p| p.metadata.creation_timestamp);
    let keep: Vec<String> = oldest.iter().take(2).map(|p| p.metadata.name.clone()).collect();
    let mut d = c.store().deployments().get(&Key::new("default", "web")).unwrap().clone();
    d.spec.replicas = Some(2);
    c.update(Object::Deployment(*d)).unwrap();
    c.advance_ms(60_000);
    let left: Vec<String> = pods_of(&c, "web").iter().map(|p| p.metadata.name.clone()).collect();
    assert_eq!(left.len(), 2);
    for k in keep {
        assert!(left.contains(&k));
    }
}

#[test]
fn rolling_update_replaces_every_pod_and_keeps_old_replicaset_at_zero() {
    let mut c = Cluster::new(6);
    apply(&mut c, &deployment("web", 4, "nginx:1.25"));
    c.advance_ms(20_000);
    let mut d = c.store().deployments().get(&Key::new("default", "web")).unwrap().clone();
    d.spec.template.spec.containers[0].image = "nginx:1.27".into();
    c.update(Object::Deployment(*d)).unwrap();
    c.advance_ms(120_000);
    let pods = pods_of(&c, "web");
    assert_eq!(pods.len(), 4);
    assert!(pods.iter().all(|p| p.spec.containers[0].image == "nginx:1.27" && p.is_ready()));
    let rs: Vec<_> = c.store().replicasets().values().filter(|r| r.metadata.namespace == "default").collect();
    assert_eq!(rs.len(), 2);
    assert!(rs
        .iter()
        .any(|r| r.spec.replicas == Some(0) && r.metadata.annotations["deployment.kubernetes.io/revision"] == "1"));
    let d = c.store().deployments().get(&Key::new("default", "web")).unwrap();
    assert_eq!(d.metadata.annotations["deployment.kubernetes.io/revision"], "2");
    assert_eq!((d.status.updated_replicas, d.status.available_replicas), (4, 4));
}

#[test]
fn endpoints_follow_ready_pods_and_services_get_cluster_ips() {
    let mut c = Cluster::new(7);
    apply(&mut c, &deployment("web", 2, "nginx"));
    let svc = apply(&mut c, "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 8080\n    targetPort: 80\n");
    let Object::Service(svc) = svc else { panic!() };
    let ip: sim::net::Ip = svc.spec.cluster_ip.parse().unwrap();
    assert!(c.config().service_cidr.contains(ip));
    assert_eq!(svc.spec.ports[0].protocol, "TCP");
    let eps = |c: &Cluster| {
        c.store()
            .endpoints()
            .get(&Key::new("default", "web"))
            .unwrap()
            .subsets
            .iter()
            .map(|s| s.addresses.len())
            .sum::<usize>()
    };
    assert_eq!(eps(&c), 0, "no pod is ready yet");
    c.advance_ms(10_000);
    assert_eq!(eps(&c), 2);
    let e = c.store().endpoints().get(&Key::new("default", "web")).unwrap();
    assert_eq!(e.subsets[0].ports[0].port, 80);
    // Deleting the deployment empties the endpoints; the Service stays.
    c.delete(Kind::Deployment, &Key::new("default", "web"), DeleteOptions::default()).unwrap();
    c.advance_ms(60_000);
    assert_eq!(eps(&c), 0);
    assert!(c.store().replicasets().values().all(|r| r.metadata.namespace != "default"));
    // Deleting the Service deletes its Endpoints.
    c.delete(Kind::Service, &Key::new("default", "web"), DeleteOptions::default()).unwrap();
    c.settle();
    assert!(!c.store().endpoints().contains_key(&Key::new("default", "web")));
}

#[test]
fn unknown_image_fails_to_pull_then_backs_off() {
    let mut c = Cluster::new(8);
    apply(&mut c, &deployment("bad", 1, "kiamol/does-not-exist"));
    let reason =
        |c: &Cluster| pods_of(c, "bad")[0].status.container_statuses[0].state.waiting.as_ref().unwrap().reason.clone();
    let mut seen: Vec<String> = Vec::new();
    for _ in 0..400 {
        c.advance_ms(100);
        let r = reason(&c);
        if seen.last() != Some(&r) {
            seen.push(r);
        }
    }
    // ContainerCreating, then failures alternating with back-off (10 s, 20 s, ...).
    assert_eq!(&seen[..4], &["ContainerCreating", "ErrImagePull", "ImagePullBackOff", "ErrImagePull"]);
    assert_eq!(seen.last().map(String::as_str), Some("ImagePullBackOff"));
}

#[test]
fn crashing_container_restarts_with_back_off() {
    let mut c = Cluster::new(9);
    apply(&mut c, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: crash\n  labels:\n    app: crash\nspec:\n  containers:\n  - name: c\n    image: busybox\n    command: [\"sh\", \"-c\", \"exit 1\"]\n");
    c.advance_ms(30_000);
    let p = c.store().pods().get(&Key::new("default", "crash")).unwrap();
    let cs = &p.status.container_statuses[0];
    assert!(cs.restart_count >= 2, "{}", cs.restart_count);
    assert!(cs.state.waiting.as_ref().is_some_and(|w| w.reason == "CrashLoopBackOff") || cs.state.terminated.is_some());
}

#[test]
fn namespaces_must_exist_and_names_must_be_unique() {
    let mut c = Cluster::new(10);
    apply(&mut c, &deployment("web", 1, "nginx"));
    let docs = parse_documents(&deployment("web", 1, "nginx")).unwrap();
    let mut o = decode(Kind::Deployment, docs[0].value.clone()).unwrap();
    o.meta_mut().namespace = "default".into();
    assert_eq!(c.create(o.clone()).unwrap_err().message(), "deployments.apps \"web\" already exists");
    o.meta_mut().namespace = "nope".into();
    assert_eq!(c.create(o).unwrap_err().message(), "namespaces \"nope\" not found");
}

#[test]
fn cluster_is_deterministic() {
    let run = |seed| {
        let mut c = Cluster::new(seed);
        apply(&mut c, &deployment("web", 5, "nginx"));
        c.advance_ms(30_000);
        let mut v: Vec<(String, String, String)> = pods_of(&c, "web")
            .iter()
            .map(|p| (p.metadata.name.clone(), p.status.pod_ip.clone(), p.spec.node_name.clone()))
            .collect();
        v.sort();
        v
    };
    assert_eq!(run(11), run(11));
    assert_ne!(run(11), run(12));
}
