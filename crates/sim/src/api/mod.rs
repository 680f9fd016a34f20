//! The API types the simulated API server serves: one `Object` enum over the kinds simulated,
//! the resource table (names, short names, groups) kubectl resolves against, and the typed
//! structs per kind. Objects refer to each other by [`Key`].

pub mod apps;
pub mod decode;
pub mod json;
pub mod meta;
pub mod node;
pub mod pod;
pub mod service;

pub use apps::{Deployment, ReplicaSet};
pub use meta::{Condition, IntOrString, Labels, ObjectMeta, OwnerReference};
pub use node::{Namespace, Node};
pub use pod::{Container, Pod, PodSpec, PodTemplateSpec};
pub use service::{Endpoints, Service};

use serde_json::Value;
use std::fmt;

/// The kinds this simulation serves.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Pod,
    Service,
    Endpoints,
    Node,
    Namespace,
    Deployment,
    ReplicaSet,
}

/// What the discovery API says about a resource.
pub struct Resource {
    pub kind: Kind,
    pub name: &'static str,
    pub plural: &'static str,
    pub singular: &'static str,
    pub short: &'static [&'static str],
    pub group: &'static str,
    pub version: &'static str,
    pub namespaced: bool,
}

const POD: Resource = Resource {
    kind: Kind::Pod,
    name: "Pod",
    plural: "pods",
    singular: "pod",
    short: &["po"],
    group: "",
    version: "v1",
    namespaced: true,
};

pub const RESOURCES: &[Resource] = &[
    Resource {
        kind: Kind::Pod,
        name: "Pod",
        plural: "pods",
        singular: "pod",
        short: &["po"],
        group: "",
        version: "v1",
        namespaced: true,
    },
    Resource {
        kind: Kind::Service,
        name: "Service",
        plural: "services",
        singular: "service",
        short: &["svc"],
        group: "",
        version: "v1",
        namespaced: true,
    },
    Resource {
        kind: Kind::Endpoints,
        name: "Endpoints",
        plural: "endpoints",
        singular: "endpoints",
        short: &["ep"],
        group: "",
        version: "v1",
        namespaced: true,
    },
    Resource {
        kind: Kind::Node,
        name: "Node",
        plural: "nodes",
        singular: "node",
        short: &["no"],
        group: "",
        version: "v1",
        namespaced: false,
    },
    Resource {
        kind: Kind::Namespace,
        name: "Namespace",
        plural: "namespaces",
        singular: "namespace",
        short: &["ns"],
        group: "",
        version: "v1",
        namespaced: false,
    },
    Resource {
        kind: Kind::Deployment,
        name: "Deployment",
        plural: "deployments",
        singular: "deployment",
        short: &["deploy"],
        group: "apps",
        version: "v1",
        namespaced: true,
    },
    Resource {
        kind: Kind::ReplicaSet,
        name: "ReplicaSet",
        plural: "replicasets",
        singular: "replicaset",
        short: &["rs"],
        group: "apps",
        version: "v1",
        namespaced: true,
    },
];

impl Kind {
    pub fn resource(self) -> &'static Resource {
        // RESOURCES lists every Kind once; the fallback is never taken.
        RESOURCES.iter().find(|r| r.kind == self).unwrap_or(&POD)
    }
    pub fn name(self) -> &'static str {
        self.resource().name
    }
    pub fn namespaced(self) -> bool {
        self.resource().namespaced
    }
    /// `apps/v1` or `v1`.
    pub fn api_version(self) -> &'static str {
        match self.resource().group {
            "" => "v1",
            _ => "apps/v1",
        }
    }
    /// `deployments.apps`, `pods`: how API errors name the resource.
    pub fn qualified_plural(self) -> String {
        let r = self.resource();
        if r.group.is_empty() {
            r.plural.to_string()
        } else {
            format!("{}.{}", r.plural, r.group)
        }
    }
    /// `deployment.apps`, `pod`: how kubectl's name printer and delete messages name it.
    pub fn qualified_singular(self) -> String {
        let r = self.resource();
        let lower = r.name.to_ascii_lowercase();
        if r.group.is_empty() {
            lower
        } else {
            format!("{lower}.{}", r.group)
        }
    }

    /// Resolves what a user typed as a resource type, as kubectl's RESTMapper does:
    /// plural, singular, short name or kind, optionally `.group` or `.version.group`.
    pub fn lookup(typed: &str) -> Option<Kind> {
        let lower = typed.to_ascii_lowercase();
        let (name, group) = match lower.split_once('.') {
            Some((n, g)) => (n.to_string(), Some(g.to_string())),
            None => (lower.clone(), None),
        };
        RESOURCES
            .iter()
            .find(|r| {
                let name_ok = r.plural == name
                    || r.singular == name
                    || r.short.contains(&name.as_str())
                    || r.name.eq_ignore_ascii_case(&name);
                let group_ok = match &group {
                    None => true,
                    Some(g) => {
                        let (ver, grp) = match g.split_once('.') {
                            Some((v, gr)) => (Some(v), gr),
                            None => (None, g.as_str()),
                        };
                        (grp == r.group || (r.group.is_empty() && grp == r.version && ver.is_none()))
                            && ver.is_none_or(|v| v == r.version)
                    }
                };
                name_ok && group_ok
            })
            .map(|r| r.kind)
    }

    /// The kind for an `apiVersion`/`kind` pair in a manifest.
    pub fn from_type(api_version: &str, kind: &str) -> Option<Kind> {
        RESOURCES
            .iter()
            .find(|r| {
                r.name == kind
                    && match r.group {
                        "" => api_version == r.version,
                        g => api_version == format!("{g}/{}", r.version),
                    }
            })
            .map(|r| r.kind)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An object's identity within its kind: namespace (empty for cluster-scoped) and name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Key {
    pub namespace: String,
    pub name: String,
}

impl Key {
    pub fn new(namespace: &str, name: &str) -> Key {
        Key { namespace: namespace.to_string(), name: name.to_string() }
    }
    pub fn cluster(name: &str) -> Key {
        Key { namespace: String::new(), name: name.to_string() }
    }
    pub fn of(meta: &ObjectMeta) -> Key {
        Key::new(&meta.namespace, &meta.name)
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.namespace.is_empty() {
            f.write_str(&self.name)
        } else {
            write!(f, "{}/{}", self.namespace, self.name)
        }
    }
}

/// Any object of a simulated kind.
#[derive(Clone, Debug, PartialEq)]
pub enum Object {
    Pod(Pod),
    Service(Service),
    Endpoints(Endpoints),
    Node(Node),
    Namespace(Namespace),
    Deployment(Deployment),
    ReplicaSet(ReplicaSet),
}

macro_rules! each_kind {
    ($obj:expr, $o:ident => $body:expr) => {
        match $obj {
            Object::Pod($o) => $body,
            Object::Service($o) => $body,
            Object::Endpoints($o) => $body,
            Object::Node($o) => $body,
            Object::Namespace($o) => $body,
            Object::Deployment($o) => $body,
            Object::ReplicaSet($o) => $body,
        }
    };
}

impl Object {
    pub fn kind(&self) -> Kind {
        match self {
            Object::Pod(_) => Kind::Pod,
            Object::Service(_) => Kind::Service,
            Object::Endpoints(_) => Kind::Endpoints,
            Object::Node(_) => Kind::Node,
            Object::Namespace(_) => Kind::Namespace,
            Object::Deployment(_) => Kind::Deployment,
            Object::ReplicaSet(_) => Kind::ReplicaSet,
        }
    }
    pub fn meta(&self) -> &ObjectMeta {
        each_kind!(self, o => &o.metadata)
    }
    pub fn meta_mut(&mut self) -> &mut ObjectMeta {
        each_kind!(self, o => &mut o.metadata)
    }
    pub fn key(&self) -> Key {
        Key::of(self.meta())
    }
    /// Sets `apiVersion` and `kind` as the API server returns them.
    pub fn set_type_meta(&mut self) {
        let (v, k) = (self.kind().api_version().to_string(), self.kind().name().to_string());
        each_kind!(self, o => { o.api_version = v; o.kind = k; })
    }
    /// The object as JSON (keys sorted, as kubectl prints unstructured objects).
    pub fn to_value(&self) -> Value {
        self.as_ref().to_value()
    }
}

/// A borrowed object of any kind: what printers and listings use, so that reading the
/// cluster never copies it.
#[derive(Clone, Copy, Debug)]
pub enum ObjRef<'a> {
    Pod(&'a Pod),
    Service(&'a Service),
    Endpoints(&'a Endpoints),
    Node(&'a Node),
    Namespace(&'a Namespace),
    Deployment(&'a Deployment),
    ReplicaSet(&'a ReplicaSet),
}

macro_rules! each_ref {
    ($obj:expr, $o:ident => $body:expr) => {
        match $obj {
            ObjRef::Pod($o) => $body,
            ObjRef::Service($o) => $body,
            ObjRef::Endpoints($o) => $body,
            ObjRef::Node($o) => $body,
            ObjRef::Namespace($o) => $body,
            ObjRef::Deployment($o) => $body,
            ObjRef::ReplicaSet($o) => $body,
        }
    };
}

impl<'a> ObjRef<'a> {
    pub fn kind(self) -> Kind {
        match self {
            ObjRef::Pod(_) => Kind::Pod,
            ObjRef::Service(_) => Kind::Service,
            ObjRef::Endpoints(_) => Kind::Endpoints,
            ObjRef::Node(_) => Kind::Node,
            ObjRef::Namespace(_) => Kind::Namespace,
            ObjRef::Deployment(_) => Kind::Deployment,
            ObjRef::ReplicaSet(_) => Kind::ReplicaSet,
        }
    }
    pub fn meta(self) -> &'a ObjectMeta {
        each_ref!(self, o => &o.metadata)
    }
    /// The object as JSON (keys sorted, as kubectl prints unstructured objects).
    pub fn to_value(self) -> Value {
        let mut v = each_ref!(self, o => json::to_value(o));
        if let (ObjRef::Pod(p), Some(spec)) = (self, v.get_mut("spec")) {
            if !p.spec.token_volume.is_empty() {
                pod::token_volume_json(spec, &p.spec.token_volume);
            }
        }
        if let Value::Object(m) = &mut v {
            m.insert("apiVersion".into(), Value::String(self.kind().api_version().into()));
            m.insert("kind".into(), Value::String(self.kind().name().into()));
        }
        v
    }
    pub fn to_owned(self) -> Object {
        match self {
            ObjRef::Pod(o) => Object::Pod(o.clone()),
            ObjRef::Service(o) => Object::Service(o.clone()),
            ObjRef::Endpoints(o) => Object::Endpoints(o.clone()),
            ObjRef::Node(o) => Object::Node(o.clone()),
            ObjRef::Namespace(o) => Object::Namespace(o.clone()),
            ObjRef::Deployment(o) => Object::Deployment(o.clone()),
            ObjRef::ReplicaSet(o) => Object::ReplicaSet(o.clone()),
        }
    }
}

impl Object {
    pub fn as_ref(&self) -> ObjRef<'_> {
        match self {
            Object::Pod(o) => ObjRef::Pod(o),
            Object::Service(o) => ObjRef::Service(o),
            Object::Endpoints(o) => ObjRef::Endpoints(o),
            Object::Node(o) => ObjRef::Node(o),
            Object::Namespace(o) => ObjRef::Namespace(o),
            Object::Deployment(o) => ObjRef::Deployment(o),
            Object::ReplicaSet(o) => ObjRef::ReplicaSet(o),
        }
    }
}
