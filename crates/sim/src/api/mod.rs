//! The API types the simulated API server serves: one `Object` enum over the kinds simulated,
//! the resource table (names, short names, groups) kubectl resolves against, and the typed
//! structs per kind. Objects refer to each other by [`Key`].

pub mod apps;
pub mod config;
pub mod decode;
pub mod defaults;
pub mod json;
pub mod meta;
pub mod node;
pub mod pod;
pub mod service;
pub mod validation;
pub mod yaml;

pub use apps::{Deployment, ReplicaSet};
pub use meta::{Condition, IntOrString, Labels, ObjectMeta, OwnerReference};
pub use node::{Namespace, Node};
pub use pod::{Container, Pod, PodSpec, PodTemplateSpec};
pub use service::{Endpoints, Service};

use serde_json::Value;
use std::fmt;

/// The kinds the simulation serves, once: each line is a variant of [`Kind`], [`Object`] and
/// [`ObjRef`], a map in the store, a row of `kubectl api-resources` and a decoder. A kind is
/// its module (the type, its JSON table, its `impl Kinded` with defaults and validation) plus
/// one line here.
#[macro_export]
macro_rules! registry {
    ($m:path) => {
        $m! {
            Pod: $crate::api::pod::Pod = ("Pod", "pods", "pod", ["po"], "", "v1", true),
            Service: $crate::api::service::Service = ("Service", "services", "service", ["svc"], "", "v1", true),
            Endpoints: $crate::api::service::Endpoints = ("Endpoints", "endpoints", "endpoints", ["ep"], "", "v1", true),
            Node: $crate::api::node::Node = ("Node", "nodes", "node", ["no"], "", "v1", false),
            Namespace: $crate::api::node::Namespace = ("Namespace", "namespaces", "namespace", ["ns"], "", "v1", false),
            Deployment: $crate::api::apps::Deployment = ("Deployment", "deployments", "deployment", ["deploy"], "apps", "v1", true),
            ReplicaSet: $crate::api::apps::ReplicaSet = ("ReplicaSet", "replicasets", "replicaset", ["rs"], "apps", "v1", true),
            ConfigMap: $crate::api::config::ConfigMap = ("ConfigMap", "configmaps", "configmap", ["cm"], "", "v1", true),
            Secret: $crate::api::config::Secret = ("Secret", "secrets", "secret", [], "", "v1", true),
        }
    };
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

/// A type the API serves (implemented for every kind of the [`registry!`]).
pub trait Kinded: Clone + Default + json::FromJson + json::ToJson + KindRules + 'static {
    const KIND: Kind;
    fn meta(&self) -> &ObjectMeta;
    fn meta_mut(&mut self) -> &mut ObjectMeta;
    /// Sets `apiVersion` and `kind` as the API server returns them.
    fn set_type_meta(&mut self);
}

macro_rules! define_kinds {
    ($($kind:ident: $ty:path = ($name:literal, $plural:literal, $singular:literal, [$($short:literal),*], $group:literal, $version:literal, $ns:literal)),* $(,)?) => {
        /// The kinds this simulation serves.
        #[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Kind {
            $($kind),*
        }

        pub const RESOURCES: &[Resource] = &[
            $(Resource {
                kind: Kind::$kind,
                name: $name,
                plural: $plural,
                singular: $singular,
                short: &[$($short),*],
                group: $group,
                version: $version,
                namespaced: $ns,
            }),*
        ];

        /// Any object of a simulated kind.
        #[derive(Clone, Debug, PartialEq)]
        pub enum Object {
            $($kind($ty)),*
        }

        /// A borrowed object of any kind: what printers and listings use, so that reading
        /// the cluster never copies it.
        #[derive(Clone, Copy, Debug)]
        pub enum ObjRef<'a> {
            $($kind(&'a $ty)),*
        }

        $(impl Kinded for $ty {
            const KIND: Kind = Kind::$kind;
            fn meta(&self) -> &ObjectMeta {
                &self.metadata
            }
            fn meta_mut(&mut self) -> &mut ObjectMeta {
                &mut self.metadata
            }
            fn set_type_meta(&mut self) {
                self.api_version = Kind::$kind.api_version().to_string();
                self.kind = $name.to_string();
            }
        })*

        impl Object {
            pub fn kind(&self) -> Kind {
                match self {
                    $(Object::$kind(_) => Kind::$kind),*
                }
            }
            pub fn meta(&self) -> &ObjectMeta {
                match self {
                    $(Object::$kind(o) => &o.metadata),*
                }
            }
            pub fn meta_mut(&mut self) -> &mut ObjectMeta {
                match self {
                    $(Object::$kind(o) => &mut o.metadata),*
                }
            }
            /// Sets `apiVersion` and `kind` as the API server returns them.
            pub fn set_type_meta(&mut self) {
                match self {
                    $(Object::$kind(o) => o.set_type_meta()),*
                }
            }
            pub fn as_ref(&self) -> ObjRef<'_> {
                match self {
                    $(Object::$kind(o) => ObjRef::$kind(o)),*
                }
            }
            /// The API server's defaulting for the object's kind.
            pub fn apply_defaults(&mut self) {
                match self {
                    $(Object::$kind(o) => KindRules::defaults(o)),*
                }
            }
            /// The API server's validation: metadata, the kind's rules, and (on update,
            /// against the stored object) what may not change.
            pub fn validate(&self, old: Option<&Object>) -> Vec<crate::field::FieldError> {
                match (self, old) {
                    $((Object::$kind(o), old) => {
                        let mut errs = validation::meta(&o.metadata, $ns, <$ty as KindRules>::name_rule);
                        errs.extend(KindRules::validate(o));
                        if let Some(Object::$kind(old)) = old {
                            errs.extend(KindRules::validate_update(o, old));
                        }
                        errs
                    })*
                }
            }
            /// On update: keeps what the client does not change from the stored object `old`.
            pub fn keep_server_fields(&mut self, old: &Object) {
                match (self, old) {
                    $((Object::$kind(n), Object::$kind(o)) => KindRules::keep_server_fields(n, o),)*
                    #[allow(unreachable_patterns)]
                    _ => {}
                }
            }
            /// Whether the spec differs from `old`'s.
            pub fn spec_changed(&self, old: &Object) -> bool {
                match (self, old) {
                    $((Object::$kind(n), Object::$kind(o)) => KindRules::spec_changed(n, o),)*
                    #[allow(unreachable_patterns)]
                    _ => false,
                }
            }
        }

        impl<'a> ObjRef<'a> {
            pub fn kind(self) -> Kind {
                match self {
                    $(ObjRef::$kind(_) => Kind::$kind),*
                }
            }
            pub fn meta(self) -> &'a ObjectMeta {
                match self {
                    $(ObjRef::$kind(o) => &o.metadata),*
                }
            }
            fn encode(self) -> Value {
                match self {
                    $(ObjRef::$kind(o) => json::to_value(o)),*
                }
            }
            pub fn to_owned(self) -> Object {
                match self {
                    $(ObjRef::$kind(o) => Object::$kind(o.clone())),*
                }
            }
        }

        /// Decodes `v` strictly as an object of `kind`.
        pub(crate) fn decode_kind(kind: Kind, v: Value) -> Result<Object, decode::DecodeError> {
            Ok(match kind {
                $(Kind::$kind => Object::$kind(decode::strict::<$ty>(v)?)),*
            })
        }
    };
}

/// The API server's per-kind rules, written in the kind's module (each optional; a kind with
/// none writes `impl KindRules for X {}`). [`Object`]'s methods dispatch to them.
pub trait KindRules {
    /// What metadata.name must look like (a DNS-1123 subdomain unless the kind says otherwise).
    fn name_rule(name: &str) -> Vec<String> {
        crate::labels::is_dns1123_subdomain(name)
    }
    /// Defaulting, beyond metadata (`SetDefaults_<Kind>`).
    fn defaults(&mut self) {}
    /// Validation of the kind's own fields (metadata is checked for every kind).
    fn validate(&self) -> Vec<crate::field::FieldError> {
        Vec::new()
    }
    /// Validation of an update against the stored object (immutable fields).
    fn validate_update(&self, _old: &Self) -> Vec<crate::field::FieldError> {
        Vec::new()
    }
    /// On update, what the client does not get to change (the status subresource).
    fn keep_server_fields(&mut self, _old: &Self) {}
    /// Whether an update changed the spec (`metadata.generation` counts those).
    fn spec_changed(&self, _old: &Self) -> bool {
        false
    }
}

registry!(define_kinds);

/// What [`Kind::resource`] falls back to (never: every Kind has its entry).
const FIRST: Resource = Resource {
    kind: Kind::Pod,
    name: "Pod",
    plural: "pods",
    singular: "pod",
    short: &["po"],
    group: "",
    version: "v1",
    namespaced: true,
};

impl Kind {
    pub fn resource(self) -> &'static Resource {
        // RESOURCES has one entry per Kind, in the same order.
        RESOURCES.get(self as usize).unwrap_or(&FIRST)
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

impl Object {
    pub fn key(&self) -> Key {
        Key::of(self.meta())
    }
    /// The object as JSON (keys sorted, as kubectl prints unstructured objects).
    pub fn to_value(&self) -> Value {
        self.as_ref().to_value()
    }
}

impl ObjRef<'_> {
    /// The object as JSON (keys sorted, as kubectl prints unstructured objects).
    pub fn to_value(self) -> Value {
        let mut v = self.encode();
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
}
