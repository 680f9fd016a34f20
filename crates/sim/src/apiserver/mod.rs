//! The simulated API server: create, update, delete and get with the real server's order of
//! work (namespace check, name generation, defaulting, validation, admission, allocation,
//! storage) and its errors (`ApiError`, whose messages are the real texts). It owns the
//! store: every write to it goes through here. [`Control`] is what controllers, the
//! scheduler and the kubelets get: a read view, this writer, the clock and the timers.

use crate::addr::{Cidr, Ip};
use crate::api::service::NODE_PORTS;
use crate::api::{Deployment, Key, Kind, Object, Pod, ReplicaSet};
use crate::ctx::{Ctx, Wake};
use crate::field::FieldError;
use crate::rng::Rng;
use crate::store::Store;
use crate::time::Time;
use std::fmt;

/// An error status from the API server. `message()` is the Status message; kubectl adds
/// `Error from server (<reason>): ` (or, for `Invalid`, prints the causes).
#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// `pods "x" not found` (resource is the qualified plural).
    NotFound {
        resource: String,
        name: String,
    },
    AlreadyExists {
        resource: String,
        name: String,
    },
    Invalid {
        kind: Kind,
        name: String,
        causes: Vec<FieldError>,
    },
    BadRequest(String),
    Forbidden(String),
    Conflict(String),
}

impl ApiError {
    pub fn not_found(kind: Kind, name: &str) -> ApiError {
        ApiError::NotFound { resource: kind.qualified_plural(), name: name.to_string() }
    }
    pub fn reason(&self) -> &'static str {
        match self {
            ApiError::NotFound { .. } => "NotFound",
            ApiError::AlreadyExists { .. } => "AlreadyExists",
            ApiError::Invalid { .. } => "Invalid",
            ApiError::BadRequest(_) => "BadRequest",
            ApiError::Forbidden(_) => "Forbidden",
            ApiError::Conflict(_) => "Conflict",
        }
    }
    /// The Status message, e.g. `deployments.apps "x" already exists`.
    pub fn message(&self) -> String {
        match self {
            ApiError::NotFound { resource, name } => format!("{resource} \"{name}\" not found"),
            ApiError::AlreadyExists { resource, name } => format!("{resource} \"{name}\" already exists"),
            ApiError::Invalid { kind, name, causes } => {
                let qualified = match kind.resource().group {
                    "" => kind.name().to_string(),
                    g => format!("{}.{g}", kind.name()),
                };
                match crate::field::aggregate(causes.iter().map(ToString::to_string)) {
                    Some(agg) => format!("{qualified} \"{name}\" is invalid: {agg}"),
                    None => format!("{qualified} \"{name}\" is invalid"),
                }
            }
            ApiError::BadRequest(m) | ApiError::Forbidden(m) | ApiError::Conflict(m) => m.clone(),
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

/// How `delete` cascades to dependents (`--cascade`).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Default)]
pub enum Propagation {
    #[default]
    Background,
    Foreground,
    Orphan,
}

#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct DeleteOptions {
    /// `--grace-period`; `None` uses the object's own.
    pub grace_period: Option<i64>,
    pub propagation: Propagation,
}

/// The API server: the store, and what allocating addresses needs to know.
#[derive(Clone, Debug)]
pub struct ApiServer {
    store: Store,
    service_cidr: Cidr,
}

impl ApiServer {
    pub fn new(service_cidr: Cidr) -> ApiServer {
        ApiServer { store: Store::default(), service_cidr }
    }

    /// Everything stored, read-only.
    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn get(&self, kind: Kind, key: &Key) -> Result<Object, ApiError> {
        self.store.get(kind, key).ok_or_else(|| ApiError::not_found(kind, &key.name))
    }

    /// Creates `obj` (namespace already set for namespaced kinds). Returns the stored object.
    pub fn create(&mut self, cx: &mut Ctx, obj: Object) -> Result<Object, ApiError> {
        let kind = obj.kind();
        let key = self.create_key(cx, obj)?;
        self.get(kind, &key)
    }

    /// Like [`ApiServer::create`], returning only the key (controllers need no copy).
    pub fn create_key(&mut self, cx: &mut Ctx, mut obj: Object) -> Result<Key, ApiError> {
        let kind = obj.kind();
        self.check_namespace(kind, &obj.meta().namespace, true)?;
        {
            let m = obj.meta_mut();
            if m.name.is_empty() && !m.generate_name.is_empty() {
                m.name = format!("{}{}", m.generate_name, cx.rng.string(5));
            }
            if !kind.namespaced() {
                m.namespace.clear();
            }
        }
        obj.apply_defaults();
        if let Object::Pod(p) = &mut obj {
            admit_pod(&mut cx.rng, p);
        }
        let errs = obj.validate(None);
        if !errs.is_empty() {
            return Err(ApiError::Invalid { kind, name: obj.meta().name.clone(), causes: errs });
        }
        let key = obj.key();
        if self.store.contains(kind, &key) {
            return Err(ApiError::AlreadyExists { resource: kind.qualified_plural(), name: key.name });
        }
        if let Object::Service(s) = &mut obj {
            self.allocate_service(&mut cx.rng, s)?;
        }
        let now = cx.now;
        let uid = cx.rng.uuid();
        let rv = self.store.next_resource_version();
        let m = obj.meta_mut();
        m.uid = uid;
        m.resource_version = rv;
        m.creation_timestamp = Some(now);
        m.deletion_timestamp = None;
        m.generation = if matches!(kind, Kind::Deployment | Kind::ReplicaSet) { 1 } else { 0 };
        obj.set_type_meta();
        let key = obj.key();
        self.store.put(obj);
        Ok(key)
    }

    /// Replaces the stored object with `obj` (spec and metadata; status is kept unless
    /// `status` is set). Bumps `generation` when the spec changed.
    pub fn update(&mut self, mut obj: Object) -> Result<Object, ApiError> {
        let kind = obj.kind();
        let key = obj.key();
        let old = self.get(kind, &key)?;
        if let (Object::Pod(p), Object::Pod(o)) = (&mut obj, &old) {
            if !o.spec.token_volume.is_empty() {
                crate::api::pod::strip_token_volume(&mut p.spec, &o.spec.token_volume);
                p.spec.token_volume.clone_from(&o.spec.token_volume);
            }
        }
        obj.apply_defaults();
        let errs = obj.validate(Some(&old));
        if !errs.is_empty() {
            return Err(ApiError::Invalid { kind, name: key.name, causes: errs });
        }
        // Server-owned metadata.
        {
            let (om, m) = (old.meta().clone(), obj.meta_mut());
            m.uid = om.uid;
            m.creation_timestamp = om.creation_timestamp;
            m.deletion_timestamp = om.deletion_timestamp;
            m.deletion_grace_period_seconds = om.deletion_grace_period_seconds;
            m.generation = om.generation;
            m.resource_version = om.resource_version;
            if m.owner_references.is_empty() {
                m.owner_references = om.owner_references;
            }
        }
        obj.keep_server_fields(&old);
        if let (Object::Service(s), Object::Service(o)) = (&mut obj, &old) {
            s.spec.cluster_ip.clone_from(&o.spec.cluster_ip);
            s.spec.cluster_ips.clone_from(&o.spec.cluster_ips);
            s.spec.ip_families.clone_from(&o.spec.ip_families);
            s.spec.ip_family_policy.clone_from(&o.spec.ip_family_policy);
            for p in &mut s.spec.ports {
                if p.node_port.is_none() {
                    p.node_port = o
                        .spec
                        .ports
                        .iter()
                        .find(|q| q.port == p.port && q.protocol == p.protocol)
                        .and_then(|q| q.node_port);
                }
            }
        }
        if obj == old {
            return Ok(old);
        }
        if obj.spec_changed(&old) {
            obj.meta_mut().generation += 1;
        }
        obj.meta_mut().resource_version = self.store.next_resource_version();
        obj.set_type_meta();
        self.store.put(obj.clone());
        Ok(obj)
    }

    /// Writes a controller's or kubelet's change (status or spec) without validation.
    pub(crate) fn write(&mut self, mut obj: Object) {
        obj.meta_mut().resource_version = self.store.next_resource_version();
        self.store.put(obj);
    }

    /// Deletes an object. Pods bound to a node terminate gracefully (the kubelet removes
    /// them); other objects go at once and the garbage collector removes dependents.
    pub fn delete(&mut self, now: Time, kind: Kind, key: &Key, opts: DeleteOptions) -> Result<Object, ApiError> {
        let mut obj = self.get(kind, key)?;
        if kind == Kind::Namespace && matches!(key.name.as_str(), "default" | "kube-system" | "kube-public") {
            return Err(ApiError::Forbidden(format!(
                "namespaces \"{}\" is forbidden: this namespace may not be deleted",
                key.name
            )));
        }
        if obj.meta().deletion_timestamp.is_some() && opts.grace_period != Some(0) {
            return Ok(obj);
        }
        if opts.propagation == Propagation::Orphan {
            let uid = obj.meta().uid.clone();
            for (dk, dkey) in self.store.dependents_of(&uid) {
                if let Some(mut d) = self.store.get(dk, &dkey) {
                    d.meta_mut().owner_references.retain(|r| r.uid != uid);
                    self.write(d);
                }
            }
        }
        match &mut obj {
            Object::Pod(p) if p.is_bound() => {
                let grace = opts.grace_period.or(p.spec.termination_grace_period_seconds).unwrap_or(30).max(0);
                if grace == 0 && opts.grace_period == Some(0) {
                    // The kubelet sees the pod go and forgets it.
                    self.store.remove(kind, key);
                    return Ok(obj);
                }
                p.metadata.deletion_timestamp = Some(now.plus_secs(grace as u64));
                p.metadata.deletion_grace_period_seconds = Some(grace);
                self.write(obj.clone());
                Ok(obj)
            }
            Object::Namespace(n) => {
                n.metadata.deletion_timestamp = Some(now);
                n.metadata.deletion_grace_period_seconds = Some(0);
                n.status.phase = "Terminating".into();
                self.write(obj.clone());
                Ok(obj)
            }
            _ => {
                self.store.remove(kind, key);
                Ok(obj)
            }
        }
    }

    fn check_namespace(&self, kind: Kind, ns: &str, creating: bool) -> Result<(), ApiError> {
        if !kind.namespaced() {
            return Ok(());
        }
        match self.store.namespaces().get(&Key::cluster(ns)) {
            None => Err(ApiError::not_found(Kind::Namespace, ns)),
            Some(n) if creating && n.metadata.deletion_timestamp.is_some() => Err(ApiError::Forbidden(format!(
                "unable to create new content in namespace {ns} because it is being terminated"
            ))),
            Some(_) => Ok(()),
        }
    }

    /// ClusterIP and node port allocation, with the allocators' errors.
    fn allocate_service(&mut self, rng: &mut Rng, s: &mut crate::api::Service) -> Result<(), ApiError> {
        let name = s.metadata.name.clone();
        let invalid = |field: &str, value: String, detail: String| ApiError::Invalid {
            kind: Kind::Service,
            name: name.clone(),
            causes: vec![FieldError::invalid(field, value, detail)],
        };
        if s.spec.type_ == crate::api::service::ServiceType::ExternalName {
            s.spec.cluster_ip.clear();
            s.spec.cluster_ips.clear();
            return Ok(());
        }
        if s.spec.cluster_ip != "None" {
            let requested = s.spec.cluster_ip.parse::<Ip>().ok();
            let ip = match requested {
                Some(ip) => {
                    let list = format!("[]string{{\"{ip}\"}}");
                    if !self.service_cidr.contains(ip) {
                        return Err(invalid(
                            "spec.clusterIPs",
                            list,
                            format!(
                                "failed to allocate IP {ip}: the provided IP ({ip}) is not in the valid range. The range of valid IPs is {}",
                                self.service_cidr
                            ),
                        ));
                    }
                    if self.service_ip_in_use(ip) {
                        return Err(invalid(
                            "spec.clusterIPs",
                            list,
                            format!("failed to allocate IP {ip}: provided IP is already allocated"),
                        ));
                    }
                    ip
                }
                None => self.random_service_ip(rng),
            };
            s.spec.cluster_ip = ip.to_string();
            s.spec.cluster_ips = vec![ip.to_string()];
        } else {
            s.spec.cluster_ips = vec!["None".into()];
        }
        s.spec.ip_families = vec!["IPv4".into()];
        s.spec.ip_family_policy = Some("SingleStack".into());
        if s.spec.type_.has_node_ports() {
            for i in 0..s.spec.ports.len() {
                let want = s.spec.ports.get(i).and_then(|p| p.node_port).filter(|n| *n != 0);
                let port = match want {
                    Some(n) => {
                        if self.node_port_in_use(n) {
                            return Err(invalid(
                                &format!("spec.ports[{i}].nodePort"),
                                n.to_string(),
                                "provided port is already allocated".into(),
                            ));
                        }
                        n
                    }
                    None => self.random_node_port(rng),
                };
                if let Some(p) = s.spec.ports.get_mut(i) {
                    p.node_port = Some(port);
                }
            }
        }
        Ok(())
    }

    fn service_ip_in_use(&self, ip: Ip) -> bool {
        self.store.services().values().any(|s| s.cluster_ip() == Some(ip))
    }

    fn node_port_in_use(&self, port: i32) -> bool {
        self.store.node_port_owner(port).is_some()
    }

    /// A free address from the upper band of the service CIDR (the lower band is for
    /// addresses asked for by value, like 10.96.0.10), as the real allocator prefers.
    fn random_service_ip(&self, rng: &mut Rng) -> Ip {
        let cidr = self.service_cidr;
        let size = cidr.size();
        let reserved = (size / 16).clamp(16, 256);
        for _ in 0..64 {
            let ip = cidr.nth(reserved + rng.below(size - reserved - 1));
            if !self.service_ip_in_use(ip) {
                return ip;
            }
        }
        (1..size - 1).map(|i| cidr.nth(i)).find(|ip| !self.service_ip_in_use(*ip)).unwrap_or(cidr.nth(size - 2))
    }

    fn random_node_port(&self, rng: &mut Rng) -> i32 {
        for _ in 0..64 {
            let (lo, hi) = (*NODE_PORTS.start(), *NODE_PORTS.end());
            let p = lo + rng.below((hi - lo + 1) as u64) as i32;
            if !self.node_port_in_use(p) {
                return p;
            }
        }
        NODE_PORTS.clone().find(|p| !self.node_port_in_use(*p)).unwrap_or(*NODE_PORTS.end())
    }
}

impl ApiServer {
    /// A status write (the kubelet's pod status, a binding), in place: no validation.
    pub fn modify_pod(&mut self, key: &Key, f: impl FnOnce(&mut Pod)) -> bool {
        self.store.modify::<Pod>(key, f)
    }

    /// [`ApiServer::modify_pod`] for a Deployment (its status, the controller's annotations).
    pub fn modify_deployment(&mut self, key: &Key, f: impl FnOnce(&mut Deployment)) -> bool {
        self.store.modify::<Deployment>(key, f)
    }

    /// [`ApiServer::modify_pod`] for a ReplicaSet.
    pub fn modify_replicaset(&mut self, key: &Key, f: impl FnOnce(&mut ReplicaSet)) -> bool {
        self.store.modify::<ReplicaSet>(key, f)
    }

    /// The end of a graceful deletion (the kubelet has stopped the pod; a namespace is empty).
    pub fn remove(&mut self, kind: Kind, key: &Key) -> Option<Object> {
        self.store.remove(kind, key)
    }

    /// Writes since the last call: the watch events that drive the controllers.
    pub fn take_changes(&mut self) -> Vec<crate::store::Change> {
        self.store.take_changes()
    }

    /// Uids of owners removed since the garbage collector last looked.
    pub fn take_deleted_uids(&mut self) -> Vec<String> {
        self.store.take_deleted_uids()
    }
}

/// What a controller, the scheduler or a kubelet works with: the store to read, the API
/// server to write through, the clock, the RNG and the timers.
pub struct Control<'a> {
    pub api: &'a mut ApiServer,
    pub cx: &'a mut Ctx,
}

impl Control<'_> {
    pub fn store(&self) -> &Store {
        self.api.store()
    }
    pub fn now(&self) -> Time {
        self.cx.now
    }
    pub fn rng(&mut self) -> &mut Rng {
        &mut self.cx.rng
    }
    pub fn wake_at(&mut self, at: Time, w: Wake) {
        self.cx.wake_at(at, w);
    }
    pub fn create(&mut self, obj: Object) -> Result<Object, ApiError> {
        self.api.create(self.cx, obj)
    }
    pub fn create_key(&mut self, obj: Object) -> Result<Key, ApiError> {
        self.api.create_key(self.cx, obj)
    }
    pub fn update(&mut self, obj: Object) -> Result<Object, ApiError> {
        self.api.update(obj)
    }
    pub fn delete(&mut self, kind: Kind, key: &Key, opts: DeleteOptions) -> Result<Object, ApiError> {
        self.api.delete(self.cx.now, kind, key, opts)
    }
}

/// Admission for pods: the service account token volume. Only its name is kept; the volume
/// and its mounts appear when the pod is read (see [`crate::api::pod::token_volume_json`]).
fn admit_pod(rng: &mut Rng, p: &mut Pod) {
    if p.spec.automount_service_account_token == Some(false) || p.spec.host_network {
        return;
    }
    p.spec.token_volume = format!("kube-api-access-{}", rng.string(5));
}
