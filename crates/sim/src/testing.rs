//! Helpers for tests of the simulation, so a unit test reads like a sentence:
//!
//! ```
//! use sim::testing;
//! let mut c = testing::cluster().seed(1).workers(2).build();
//! testing::create(&mut c, testing::deployment("web", 3, "nginx:1.27")).unwrap();
//! let ready = |c: &sim::Cluster| testing::pods_of(c, "app=web").iter().filter(|p| p.is_ready()).count();
//! assert!(testing::run_until(&mut c, 30_000, |c| ready(c) == 3));
//! ```
//!
//! A builder for clusters, manifests applied as `kubectl create -f` would send them, a few
//! common objects, and ways to move the clock until something holds. It sits in the top layer
//! (it may use every part of `sim`) and is compiled in normal builds too, so it follows the
//! crate's rules: no panics, errors are values.

use crate::api::decode::{decode, parse_documents};
use crate::api::service::{ServicePort, ServiceSpec};
use crate::api::{Container, Deployment, Key, Kind, Object, ObjectMeta, Pod, PodSpec, PodTemplateSpec, Service};
use crate::apiserver::ApiError;
use crate::labels::{LabelSelector, Labels, Selector};
use crate::Cluster;

/// How [`cluster`] makes a cluster: seed 1 and two workers unless told otherwise.
#[derive(Clone, Copy, Debug)]
pub struct Builder {
    seed: u64,
    workers: usize,
}

/// A cluster as `Cluster::new` makes one (booted, 300 s of cluster time gone).
pub fn cluster() -> Builder {
    Builder { seed: 1, workers: 2 }
}

impl Builder {
    /// The seed of the cluster's RNG (names, IPs, timings).
    pub fn seed(self, seed: u64) -> Builder {
        Builder { seed, ..self }
    }

    /// How many worker nodes besides the control plane.
    pub fn workers(self, workers: usize) -> Builder {
        Builder { workers, ..self }
    }

    pub fn build(self) -> Cluster {
        Cluster::with_workers(self.seed, self.workers)
    }
}

/// The key of `name` in the `default` namespace.
pub fn key(name: &str) -> Key {
    Key::new("default", name)
}

/// The objects of a manifest, as the API server decodes them (strictly): a BadRequest with
/// the YAML parser's or the decoder's text when one does not decode. Namespaces are not
/// filled in.
pub fn objects(yaml: &str) -> Result<Vec<Object>, ApiError> {
    let docs = parse_documents(yaml).map_err(|e| ApiError::BadRequest(e.message))?;
    let mut objects = Vec::with_capacity(docs.len());
    for doc in docs {
        let str_of = |field: &str| doc.value.get(field).and_then(serde_json::Value::as_str).unwrap_or("").to_string();
        let (api_version, kind_name) = (str_of("apiVersion"), str_of("kind"));
        let Some(kind) = Kind::from_type(&api_version, &kind_name) else {
            return Err(ApiError::BadRequest(format!(
                "no matches for kind \"{kind_name}\" in version \"{api_version}\""
            )));
        };
        objects.push(decode(kind, doc.value).map_err(|e| ApiError::BadRequest(e.message(kind)))?);
    }
    Ok(objects)
}

/// Creates every document of `yaml` through the API server (in `default` unless the manifest
/// names a namespace), then lets the control plane react at the current instant. Returns the
/// keys created, or the first error: the API server's, or [`objects`]' (nothing is created
/// when a document does not decode; objects before a failed create stay created).
pub fn apply(c: &mut Cluster, yaml: &str) -> Result<Vec<Key>, ApiError> {
    objects(yaml)?.into_iter().map(|obj| create(c, obj)).collect()
}

/// Creates `obj` (in `default` if it is namespaced and names no namespace) and settles.
pub fn create(c: &mut Cluster, mut obj: Object) -> Result<Key, ApiError> {
    if obj.kind().namespaced() && obj.meta().namespace.is_empty() {
        obj.meta_mut().namespace = "default".into();
    }
    let created = c.create(obj);
    c.settle();
    created.map(|o| o.key())
}

fn labels(pairs: &[(&str, &str)]) -> Labels {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// The container name `kubectl create deployment` gives an image: its last path segment
/// without tag or digest (`docker.io/library/nginx:1.27` -> `nginx`).
fn container_name(image: &str) -> String {
    let last = image.rsplit('/').next().unwrap_or(image);
    let name = last.split(['@', ':']).next().unwrap_or(last);
    if name.is_empty() {
        "main".to_string()
    } else {
        name.to_string()
    }
}

/// A Deployment `name` of `replicas` pods labelled `app=<name>`, one container running `image`
/// (named as `kubectl create deployment` names it).
pub fn deployment(name: &str, replicas: i32, image: &str) -> Object {
    let l = labels(&[("app", name)]);
    Object::Deployment(Deployment {
        metadata: ObjectMeta { name: name.into(), labels: l.clone(), ..Default::default() },
        spec: crate::api::apps::DeploymentSpec {
            replicas: Some(replicas),
            selector: Some(LabelSelector { match_labels: l.clone(), ..Default::default() }),
            template: PodTemplateSpec {
                metadata: ObjectMeta { labels: l, ..Default::default() },
                spec: PodSpec {
                    containers: vec![Container {
                        name: container_name(image),
                        image: image.into(),
                        ..Default::default()
                    }],
                    ..Default::default()
                },
            },
            ..Default::default()
        },
        ..Default::default()
    })
}

/// A bare pod `name` labelled `run=<name>` (as `kubectl run` labels it), its one container
/// `name` running `command` in `image` (an empty command runs the image's own).
pub fn pod(name: &str, image: &str, command: &[&str]) -> Object {
    Object::Pod(Pod {
        metadata: ObjectMeta { name: name.into(), labels: labels(&[("run", name)]), ..Default::default() },
        spec: PodSpec {
            containers: vec![Container {
                name: name.into(),
                image: image.into(),
                command: command.iter().map(|s| s.to_string()).collect(),
                ..Default::default()
            }],
            ..Default::default()
        },
        ..Default::default()
    })
}

/// A ClusterIP Service `name` over the pods matching `selector`, TCP `port` to the same port
/// on the pods.
pub fn service(name: &str, selector: &[(&str, &str)], port: i32) -> Object {
    Object::Service(Service {
        metadata: ObjectMeta { name: name.into(), ..Default::default() },
        spec: ServiceSpec {
            selector: Some(labels(selector)),
            ports: vec![ServicePort { port, ..Default::default() }],
            ..Default::default()
        },
        ..Default::default()
    })
}

/// Moves the clock from one timer to the next (nothing changes between timers) until `done`
/// holds, for at most `max_ms` of cluster time. Whether `done` held in the end.
pub fn run_until(c: &mut Cluster, max_ms: u64, mut done: impl FnMut(&Cluster) -> bool) -> bool {
    let deadline = c.now().plus_ms(max_ms);
    c.settle();
    loop {
        if done(c) {
            return true;
        }
        let now = c.now();
        if now >= deadline {
            return false;
        }
        // A timer due now (left by a loop guard) must not stall the loop: step 1 ms at least.
        let next = c.next_wakeup().map_or(deadline, |t| t.max(now.plus_ms(1))).min(deadline);
        c.advance_to(next);
    }
}

/// The pods of every namespace whose labels match `selector` (`app=web`, `tier in (a,b)`),
/// by namespace and name. A selector that does not parse matches nothing.
pub fn pods_of<'a>(c: &'a Cluster, selector: &str) -> Vec<&'a Pod> {
    let Ok(sel) = Selector::parse(selector) else { return Vec::new() };
    c.store().pods().values().map(|p| &**p).filter(|p| sel.matches(&p.metadata.labels)).collect()
}

/// The node `pod` is bound to (`None`: no such pod, or not scheduled yet).
pub fn node_of<'a>(c: &'a Cluster, pod: &Key) -> Option<&'a str> {
    c.store().pods().get(pod).map(|p| p.spec.node_name.as_str()).filter(|n| !n.is_empty())
}
