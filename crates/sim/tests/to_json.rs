//! How API objects become JSON, pinned byte for byte: every kind with every field set
//! (`rich.yaml`), with zero values written out (`zero.yaml`), and every object of a cluster
//! after the chapter exercise plus Services of every type, crashing, failing, finished and
//! terminating pods and a rollout. The goldens under `tests/data/to_json/` were written by
//! `#[derive(Serialize)]` before the table-driven encoder replaced it; the encoder must
//! reproduce them exactly. The pod-template-hash input (`template_json`) is pinned too:
//! its hashes name ReplicaSets and pods in every transcript.
//!
//! `BLESS=1 cargo test -p sim --test to_json` rewrites the goldens after a deliberate change.

use serde_json::Value;
use sim::api::decode::{decode, parse_documents};
use sim::api::{Key, Kind, Object, PodTemplateSpec};
use sim::controllers::deployment::{template_hash, template_json};
use sim::{Cluster, DeleteOptions};
use std::path::PathBuf;

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/to_json").join(name)
}

fn golden(name: &str, got: &str) {
    let path = data(name);
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&path, got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if want != got {
        let line = want.lines().zip(got.lines()).position(|(a, b)| a != b).unwrap_or(0);
        panic!(
            "{name} differs from line {}:\n--- want\n{}\n--- got\n{}",
            line + 1,
            want.lines().skip(line).take(8).collect::<Vec<_>>().join("\n"),
            got.lines().skip(line).take(8).collect::<Vec<_>>().join("\n")
        );
    }
}

fn pretty(values: Vec<Value>) -> String {
    serde_json::to_string_pretty(&Value::Array(values)).unwrap() + "\n"
}

fn objects(yaml: &str) -> Vec<Object> {
    parse_documents(yaml)
        .unwrap()
        .into_iter()
        .map(|d| {
            let kind =
                Kind::from_type(d.value["apiVersion"].as_str().unwrap(), d.value["kind"].as_str().unwrap()).unwrap();
            decode(kind, d.value).unwrap()
        })
        .collect()
}

fn file(name: &str) -> String {
    std::fs::read_to_string(data(name)).unwrap()
}

/// The templates a set of objects carries (Deployments, ReplicaSets; a pod's own metadata and
/// spec as a template, so that every PodSpec field reaches the hash input).
fn templates(objs: &[Object]) -> Vec<PodTemplateSpec> {
    objs.iter()
        .map(|o| match o {
            Object::Deployment(d) => d.spec.template.clone(),
            Object::ReplicaSet(r) => r.spec.template.clone(),
            Object::Pod(p) => PodTemplateSpec { metadata: p.metadata.clone(), spec: p.spec.clone() },
            _ => PodTemplateSpec::default(),
        })
        .collect()
}

fn template_lines(ts: &[PodTemplateSpec]) -> String {
    ts.iter().map(|t| format!("{} {} {}\n", template_hash(t, 0), template_hash(t, 1), template_json(t))).collect()
}

#[test]
fn rich_objects() {
    let objs = objects(&file("rich.yaml"));
    golden("rich.json", &pretty(objs.iter().map(Object::to_value).collect()));
    golden("rich.templates", &template_lines(&templates(&objs)));
}

#[test]
fn zero_values() {
    let objs = objects(&file("zero.yaml"));
    golden("zero.json", &pretty(objs.iter().map(Object::to_value).collect()));
    golden("zero.templates", &template_lines(&templates(&objs)));
}

const SLEEP1: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: sleep-1\nspec:\n  selector:\n    matchLabels:\n      app: sleep-1\n  template:\n    metadata:\n      labels:\n        app: sleep-1\n    spec:\n      containers:\n        - name: sleep\n          image: kiamol/ch03-sleep\n";
const SLEEP2: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: sleep-2\nspec:\n  selector:\n    matchLabels:\n      app: sleep-2\n  template:\n    metadata:\n      labels:\n        app: sleep-2\n    spec:\n      containers:\n        - name: sleep\n          image: kiamol/ch03-sleep\n";
const SLEEP2_SERVICE: &str = "apiVersion: v1\nkind: Service\nmetadata:\n  name: sleep-2\nspec:\n  selector:\n    app: sleep-2\n  ports:\n    - port: 80\n";

const EXTRA: &str = r#"
apiVersion: v1
kind: Namespace
metadata:
  name: team
---
apiVersion: v1
kind: Service
metadata:
  name: web-np
spec:
  type: NodePort
  selector: {app: web}
  ports:
  - name: http
    port: 8080
    targetPort: http
  - name: fixed
    port: 8443
    targetPort: 443
    nodePort: 30443
---
apiVersion: v1
kind: Service
metadata:
  name: web-lb
spec:
  type: LoadBalancer
  selector: {app: web}
  ports:
  - port: 80
    protocol: TCP
---
apiVersion: v1
kind: Service
metadata:
  name: ext
spec:
  type: ExternalName
  externalName: example.com
---
apiVersion: v1
kind: Service
metadata:
  name: sleep-1-headless
spec:
  clusterIP: None
  selector: {app: sleep-1}
  ports:
  - port: 80
---
apiVersion: v1
kind: Service
metadata:
  name: no-selector
spec:
  ports:
  - port: 9000
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
      annotations: {note: "tab\there \"q\" \u0001 é 🚀"}
    spec:
      containers:
      - name: web
        image: nginx
        ports:
        - name: http
          containerPort: 80
        env:
        - name: A
          value: "1"
        resources:
          limits: {cpu: 500m, memory: 64Mi}
          requests: {cpu: 0.1}
        readinessProbe:
          httpGet: {path: /, port: 80}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: scaled-down
spec:
  replicas: 0
  selector:
    matchLabels: {app: scaled-down}
  template:
    metadata:
      labels: {app: scaled-down}
    spec:
      containers:
      - name: c
        image: nginx
---
apiVersion: v1
kind: Pod
metadata:
  name: crash
  labels: {app: crash}
spec:
  containers:
  - name: c
    image: busybox
    command: ["sh", "-c", "exit 1"]
---
apiVersion: v1
kind: Pod
metadata:
  name: bad-image
spec:
  containers:
  - name: c
    image: kiamol/does-not-exist
---
apiVersion: v1
kind: Pod
metadata:
  name: done
spec:
  restartPolicy: Never
  containers:
  - name: c
    image: busybox
    command: ["sh", "-c", "exit 0"]
  - name: d
    image: busybox
    command: ["sh", "-c", "exit 3"]
---
apiVersion: v1
kind: Pod
metadata:
  name: with-init
spec:
  initContainers:
  - name: init
    image: busybox
    command: ["sh", "-c", "exit 0"]
  containers:
  - name: main
    image: kiamol/ch03-sleep
"#;

const TEAM: &str = r#"
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 2
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
      - name: api
        image: kiamol/ch03-numbers-api
---
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector: {app: api}
  ports:
  - port: 80
"#;

fn apply(c: &mut Cluster, yaml: &str, namespace: &str) {
    for mut obj in objects(yaml) {
        if obj.kind().namespaced() {
            obj.meta_mut().namespace = namespace.into();
        }
        c.create(obj).unwrap();
    }
    c.settle();
}

fn keys(c: &Cluster, kind: Kind, namespace: &str, app: &str) -> Vec<Key> {
    c.store()
        .list(kind, Some(namespace))
        .into_iter()
        .filter(|o| o.meta().labels.get("app").is_some_and(|a| a == app))
        .map(|o| Key::of(o.meta()))
        .collect()
}

/// The chapter exercise (tests/transcripts/01-seed-exercise.md, as the sim sees it) and more.
fn exercised_cluster() -> Cluster {
    let mut c = Cluster::new(1);
    apply(&mut c, SLEEP1, "default");
    apply(&mut c, SLEEP2, "default");
    c.advance_ms(20_000);
    for k in keys(&c, Kind::Pod, "default", "sleep-2") {
        c.delete(Kind::Pod, &k, DeleteOptions::default()).unwrap();
    }
    c.advance_ms(5_000);
    apply(&mut c, SLEEP2_SERVICE, "default");
    c.advance_ms(5_000);
    apply(&mut c, EXTRA, "default");
    apply(&mut c, TEAM, "team");
    c.advance_ms(30_000);
    // A rollout: a new ReplicaSet, the old one scaled to 0 and kept.
    if let Ok(Object::Deployment(mut d)) = c.get(Kind::Deployment, &Key::new("default", "web")) {
        if let Some(ct) = d.spec.template.spec.containers.first_mut() {
            ct.image = "nginx:1.27".into();
        }
        c.update(Object::Deployment(d)).unwrap();
    }
    c.advance_ms(60_000);
    // Terminating, as the API server has just written it (before the kubelet and the
    // namespace controller act): a pod within its grace period, a namespace.
    if let Some(k) = keys(&c, Kind::Pod, "default", "sleep-1").first() {
        c.delete(Kind::Pod, k, DeleteOptions { grace_period: Some(30), ..Default::default() }).unwrap();
    }
    c.delete(Kind::Namespace, &Key::cluster("team"), DeleteOptions::default()).unwrap();
    c
}

const ALL_KINDS: [Kind; 7] =
    [Kind::Namespace, Kind::Node, Kind::Pod, Kind::Service, Kind::Endpoints, Kind::Deployment, Kind::ReplicaSet];

#[test]
fn every_object_of_an_exercised_cluster() {
    let c = exercised_cluster();
    let mut values = Vec::new();
    let mut objs = Vec::new();
    for kind in ALL_KINDS {
        for o in c.store().list(kind, None) {
            values.push(o.to_value());
            objs.push(o.to_owned());
        }
    }
    golden("cluster.json", &pretty(values));
    golden("cluster.templates", &template_lines(&templates(&objs)));
}

/// What the API server prints, it reads back: no field is written under a name the decoder
/// does not know, and reading it back changes nothing.
#[test]
fn printed_objects_decode_back() {
    for name in ["rich.yaml", "zero.yaml"] {
        for o in objects(&file(name)) {
            let v = o.to_value();
            let back = decode(o.kind(), v.clone()).unwrap_or_else(|e| panic!("{name}: {e:?}"));
            assert_eq!(back.to_value(), v);
        }
    }
    let c = exercised_cluster();
    for kind in ALL_KINDS {
        for o in c.store().list(kind, None) {
            if let Err(e) = decode(kind, o.to_value()) {
                panic!("{kind} {}: {e:?}", Key::of(o.meta()));
            }
        }
    }
}
