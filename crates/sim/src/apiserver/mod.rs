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
        self.check_namespace(kind, obj.meta())?;
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
        // What the server allocated is kept when a client resubmits its manifest without it
        // (the Service strategy's patchAllocatedValues, before validation).
        if let (Object::Service(s), Object::Service(o)) = (&mut obj, &old) {
            let external = crate::api::service::ServiceType::ExternalName;
            if s.spec.type_ != external && o.spec.type_ != external {
                if s.spec.cluster_ip.is_empty() {
                    s.spec.cluster_ip.clone_from(&o.spec.cluster_ip);
                }
                if s.spec.cluster_ips.is_empty() {
                    s.spec.cluster_ips.clone_from(&o.spec.cluster_ips);
                }
            }
        }
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

    /// The namespace must exist and, for a create, not be terminating (NamespaceLifecycle
    /// admission, which runs before the name is generated and so names `generateName`).
    fn check_namespace(&self, kind: Kind, m: &crate::api::ObjectMeta) -> Result<(), ApiError> {
        if !kind.namespaced() {
            return Ok(());
        }
        let ns = &m.namespace;
        match self.store.namespaces().get(&Key::cluster(ns)) {
            None => Err(ApiError::not_found(Kind::Namespace, ns)),
            Some(n) if n.metadata.deletion_timestamp.is_some() => Err(ApiError::Forbidden(format!(
                "{} \"{}\" is forbidden: unable to create new content in namespace {ns} because it is being terminated",
                kind.qualified_plural(),
                if m.name.is_empty() { &m.generate_name } else { &m.name }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{IntOrString, Namespace, ObjectMeta};
    use crate::testing;

    /// An API server with the `default` namespace, and its clock and RNG.
    fn server() -> (ApiServer, Ctx) {
        let mut api = ApiServer::new(crate::ctx::Config::kind().service_cidr);
        let mut cx = Ctx::new(31);
        let ns =
            Namespace { metadata: ObjectMeta { name: "default".into(), ..Default::default() }, ..Default::default() };
        api.create(&mut cx, Object::Namespace(ns)).unwrap();
        (api, cx)
    }

    /// `obj` in `default` when it is namespaced and names no namespace.
    fn in_default(mut obj: Object) -> Object {
        if obj.kind().namespaced() && obj.meta().namespace.is_empty() {
            obj.meta_mut().namespace = "default".into();
        }
        obj
    }

    /// The one object of `yaml`, in `default` unless it says otherwise.
    fn object(yaml: &str) -> Object {
        in_default(testing::objects(yaml).unwrap().remove(0))
    }

    fn create(api: &mut ApiServer, cx: &mut Ctx, yaml: &str) -> Result<Object, ApiError> {
        api.create(cx, object(yaml))
    }

    fn error(r: Result<Object, ApiError>) -> (&'static str, String) {
        let e = r.unwrap_err();
        (e.reason(), e.message())
    }

    fn service(name: &str, extra: &str) -> String {
        format!("apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\nspec:\n{extra}  ports:\n  - port: 80\n")
    }

    fn node_port(name: &str, port: i32) -> String {
        format!("apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\nspec:\n  type: NodePort\n  ports:\n  - port: 80\n    nodePort: {port}\n")
    }

    #[test]
    fn defaults_fill_in_what_a_manifest_leaves_out() {
        let (mut api, mut cx) = server();
        let Object::Pod(p) = api.create(&mut cx, object("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: nginx:1.27\n  - name: b\n    image: busybox\n")).unwrap() else { panic!() };
        assert_eq!(p.spec.restart_policy, crate::api::pod::RestartPolicy::Always);
        assert_eq!(p.spec.dns_policy, crate::api::pod::DnsPolicy::ClusterFirst);
        assert_eq!(p.spec.termination_grace_period_seconds, Some(30));
        assert_eq!((&*p.spec.scheduler_name, &*p.spec.service_account_name), ("default-scheduler", "default"));
        let pull: Vec<&str> = p.spec.containers.iter().map(|c| &*c.image_pull_policy).collect();
        assert_eq!(pull, ["IfNotPresent", "Always"]);
        let tolerations: Vec<(&str, &str, Option<i64>)> =
            p.spec.tolerations.iter().map(|t| (&*t.key, &*t.effect, t.toleration_seconds)).collect();
        assert_eq!(
            tolerations,
            [
                ("node.kubernetes.io/not-ready", "NoExecute", Some(300)),
                ("node.kubernetes.io/unreachable", "NoExecute", Some(300))
            ]
        );
        assert!(p.spec.token_volume.starts_with("kube-api-access-"), "{}", p.spec.token_volume);
        assert_eq!((p.metadata.generation, p.metadata.creation_timestamp), (0, Some(cx.now)));

        let Object::Service(s) = create(&mut api, &mut cx, &service("web", "")).unwrap() else { panic!() };
        assert_eq!(s.type_(), "ClusterIP");
        assert_eq!((&*s.spec.session_affinity, s.spec.internal_traffic_policy.as_deref()), ("None", Some("Cluster")));
        let port = &s.spec.ports[0];
        assert_eq!(
            (&*port.protocol, port.target_port.clone(), port.node_port),
            ("TCP", Some(IntOrString::Int(80)), None)
        );
        // A ClusterIP from the upper band of 10.96.0.0/12 (the first 256 are for asking by value).
        let ip = s.cluster_ip().unwrap();
        assert!(Cidr::new(Ip::new(10, 96, 0, 0), 12).contains(ip) && ip >= Ip::new(10, 96, 1, 0), "{ip}");
        assert_eq!(s.spec.cluster_ips, [ip.to_string()]);
        assert_eq!(
            (s.spec.ip_families.clone(), s.spec.ip_family_policy.as_deref()),
            (vec!["IPv4".into()], Some("SingleStack"))
        );

        let Object::Secret(secret) =
            create(&mut api, &mut cx, "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  k: v\n")
                .unwrap()
        else {
            panic!()
        };
        assert_eq!(secret.type_, "Opaque");

        let Object::Deployment(d) =
            api.create(&mut cx, in_default(testing::deployment("web", 2, "nginx:1.27"))).unwrap()
        else {
            panic!()
        };
        assert_eq!(d.metadata.generation, 1);
        assert_eq!(d.spec.strategy.type_, crate::api::apps::StrategyType::RollingUpdate);
        let ru = d.spec.strategy.rolling_update.clone().unwrap();
        assert_eq!(
            (ru.max_surge, ru.max_unavailable),
            (Some(IntOrString::Str("25%".into())), Some(IntOrString::Str("25%".into())))
        );
        assert_eq!((d.spec.revision_history_limit, d.spec.progress_deadline_seconds), (Some(10), Some(600)));

        let Object::Namespace(ns) =
            create(&mut api, &mut cx, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team\n").unwrap()
        else {
            panic!()
        };
        assert_eq!((&*ns.status.phase, ns.spec.finalizers.clone()), ("Active", vec!["kubernetes".to_string()]));
        assert_eq!(ns.metadata.labels.get("kubernetes.io/metadata.name").map(String::as_str), Some("team"));
    }

    #[test]
    fn invalid_objects_are_refused_with_the_api_servers_messages() {
        let (mut api, mut cx) = server();
        let pod =
            |name: &str, spec: &str| format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n{spec}");
        let containers = "  containers:\n  - name: c\n    image: nginx\n";
        assert_eq!(
            error(create(&mut api, &mut cx, &pod("Web_1", containers))),
            ("Invalid", "Pod \"Web_1\" is invalid: metadata.name: Invalid value: \"Web_1\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')".into())
        );
        assert_eq!(
            error(create(&mut api, &mut cx, &pod("p", &format!("  restartPolicy: Sometimes\n{containers}")))).1,
            "Pod \"p\" is invalid: spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\""
        );
        // Several causes are listed in brackets.
        assert_eq!(
            error(create(&mut api, &mut cx, &pod("p", "  restartPolicy: Sometimes\n  containers: []\n"))).1,
            "Pod \"p\" is invalid: [spec.containers: Required value, spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"]"
        );
        let Object::Deployment(mut d) = in_default(testing::deployment("web", 1, "nginx")) else { panic!() };
        d.spec.template.metadata.labels.insert("app".into(), "api".into());
        assert_eq!(
            error(api.create(&mut cx, Object::Deployment(d.clone()))).1,
            "Deployment.apps \"web\" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"api\"}: `selector` does not match template `labels`"
        );
        d.spec.template.metadata.labels.insert("app".into(), "web".into());
        d.spec.template.spec.restart_policy = crate::api::pod::RestartPolicy::Never;
        assert_eq!(
            error(api.create(&mut cx, Object::Deployment(d))).1,
            "Deployment.apps \"web\" is invalid: spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\""
        );
        assert!(api.store().pods().is_empty() && api.store().deployments().is_empty());
    }

    #[test]
    fn names_are_unique_per_kind_and_namespace_and_missing_ones_are_not_found() {
        let (mut api, mut cx) = server();
        api.create(&mut cx, in_default(testing::pod("web", "nginx", &[]))).unwrap();
        assert_eq!(
            error(api.create(&mut cx, in_default(testing::pod("web", "nginx", &[])))),
            ("AlreadyExists", "pods \"web\" already exists".into())
        );
        // Another kind may have the name.
        api.create(&mut cx, in_default(testing::deployment("web", 1, "nginx"))).unwrap();
        assert_eq!(
            error(api.create(&mut cx, in_default(testing::deployment("web", 1, "nginx")))).1,
            "deployments.apps \"web\" already exists"
        );
        assert_eq!(error(api.get(Kind::Pod, &Key::new("default", "db"))), ("NotFound", "pods \"db\" not found".into()));
        assert_eq!(
            error(api.delete(cx.now, Kind::Deployment, &Key::new("default", "db"), DeleteOptions::default())).1,
            "deployments.apps \"db\" not found"
        );
        let mut elsewhere = testing::pod("web", "nginx", &[]);
        elsewhere.meta_mut().namespace = "prod".into();
        assert_eq!(error(api.create(&mut cx, elsewhere)), ("NotFound", "namespaces \"prod\" not found".into()));
        // generateName: the API server picks the name.
        let mut p = in_default(testing::pod("web", "nginx", &[]));
        p.meta_mut().name.clear();
        p.meta_mut().generate_name = "web-".into();
        let name = api.create(&mut cx, p).unwrap().meta().name.clone();
        assert!(name.starts_with("web-") && name.len() == 9, "{name}");
        assert_eq!(
            error(api.delete(cx.now, Kind::Namespace, &Key::cluster("default"), DeleteOptions::default())),
            ("Forbidden", "namespaces \"default\" is forbidden: this namespace may not be deleted".into())
        );
    }

    /// A namespace `team` being deleted (it still holds a pod bound to a node).
    fn terminating_namespace() -> (ApiServer, Ctx) {
        let (mut api, mut cx) = server();
        create(&mut api, &mut cx, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team\n").unwrap();
        let mut p = testing::pod("old", "nginx", &[]);
        p.meta_mut().namespace = "team".into();
        api.create(&mut cx, p).unwrap();
        api.delete(cx.now, Kind::Namespace, &Key::cluster("team"), DeleteOptions::default()).unwrap();
        (api, cx)
    }

    #[test]
    fn a_terminating_namespace_takes_no_new_objects() {
        let (mut api, mut cx) = terminating_namespace();
        let ns = api.store().namespaces().get(&Key::cluster("team")).unwrap();
        assert_eq!((&*ns.status.phase, ns.metadata.deletion_timestamp), ("Terminating", Some(cx.now)));
        let mut p = testing::pod("new", "nginx", &[]);
        p.meta_mut().namespace = "team".into();
        let (reason, message) = error(api.create(&mut cx, p));
        assert_eq!(reason, "Forbidden");
        assert!(message.ends_with("unable to create new content in namespace team because it is being terminated"));
        // Deleting again changes nothing.
        let again = api.delete(cx.now, Kind::Namespace, &Key::cluster("team"), DeleteOptions::default()).unwrap();
        assert_eq!(
            again.meta().resource_version,
            api.store().namespaces().get(&Key::cluster("team")).unwrap().metadata.resource_version
        );
    }

    #[test]
    fn the_terminating_namespace_message_names_what_was_refused() {
        let (mut api, mut cx) = terminating_namespace();
        let mut p = testing::pod("new", "nginx", &[]);
        p.meta_mut().namespace = "team".into();
        assert_eq!(
            error(api.create(&mut cx, p)).1,
            "pods \"new\" is forbidden: unable to create new content in namespace team because it is being terminated"
        );
    }

    #[test]
    fn cluster_ips_asked_for_must_be_in_range_and_free() {
        let (mut api, mut cx) = server();
        let Object::Service(s) = create(&mut api, &mut cx, &service("a", "  clusterIP: 10.96.5.5\n")).unwrap() else {
            panic!()
        };
        assert_eq!(
            (s.spec.cluster_ip.as_str(), s.spec.cluster_ips.clone()),
            ("10.96.5.5", vec!["10.96.5.5".to_string()])
        );
        assert_eq!(
            error(create(&mut api, &mut cx, &service("b", "  clusterIP: 10.96.5.5\n"))),
            ("Invalid", "Service \"b\" is invalid: spec.clusterIPs: Invalid value: []string{\"10.96.5.5\"}: failed to allocate IP 10.96.5.5: provided IP is already allocated".into())
        );
        assert_eq!(
            error(create(&mut api, &mut cx, &service("b", "  clusterIP: 10.200.0.1\n"))).1,
            "Service \"b\" is invalid: spec.clusterIPs: Invalid value: []string{\"10.200.0.1\"}: failed to allocate IP 10.200.0.1: the provided IP (10.200.0.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12"
        );
        // Headless: no address, and nothing to allocate.
        let Object::Service(h) = create(&mut api, &mut cx, &service("h", "  clusterIP: None\n")).unwrap() else {
            panic!()
        };
        assert_eq!((h.spec.cluster_ip.as_str(), h.spec.cluster_ips.clone()), ("None", vec!["None".to_string()]));
        // Deleting a Service frees its address.
        api.delete(cx.now, Kind::Service, &Key::new("default", "a"), DeleteOptions::default()).unwrap();
        create(&mut api, &mut cx, &service("b", "  clusterIP: 10.96.5.5\n")).unwrap();
    }

    #[test]
    fn node_ports_are_allocated_in_range_and_may_not_clash() {
        let (mut api, mut cx) = server();
        let Object::Service(auto) = create(&mut api, &mut cx, &service("auto", "  type: NodePort\n")).unwrap() else {
            panic!()
        };
        let port = auto.spec.ports[0].node_port.unwrap();
        assert!(NODE_PORTS.contains(&port), "{port}");
        assert_eq!(auto.spec.external_traffic_policy, "Cluster");
        create(&mut api, &mut cx, &node_port("a", 30080)).unwrap();
        assert_eq!(
            error(create(&mut api, &mut cx, &node_port("b", 30080))),
            ("Invalid", "Service \"b\" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated".into())
        );
        assert_eq!(
            error(create(&mut api, &mut cx, &node_port("b", port))).1,
            format!("Service \"b\" is invalid: spec.ports[0].nodePort: Invalid value: {port}: provided port is already allocated")
        );
        assert_eq!(
            error(create(&mut api, &mut cx, &node_port("b", 20080))).1,
            "Service \"b\" is invalid: spec.ports[0].nodePort: Invalid value: 20080: provided port is not in the valid range. The range of valid ports is 30000-32767"
        );
        assert_eq!(
            error(create(&mut api, &mut cx, "apiVersion: v1\nkind: Service\nmetadata:\n  name: c\nspec:\n  ports:\n  - port: 81\n    nodePort: 30081\n")).1,
            "Service \"c\" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"
        );
    }

    #[test]
    fn immutable_fields_cannot_be_updated() {
        let (mut api, mut cx) = server();
        let Object::Deployment(mut d) =
            api.create(&mut cx, in_default(testing::deployment("web", 1, "nginx"))).unwrap()
        else {
            panic!()
        };
        let other: crate::labels::Labels = [("app".to_string(), "other".to_string())].into();
        d.spec.selector.as_mut().unwrap().match_labels = other.clone();
        d.spec.template.metadata.labels = other;
        assert_eq!(
            error(api.update(Object::Deployment(d))),
            ("Invalid", "Deployment.apps \"web\" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"other\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable".into())
        );
        let Object::Service(mut s) = create(&mut api, &mut cx, &service("a", "  clusterIP: 10.96.5.5\n")).unwrap()
        else {
            panic!()
        };
        s.spec.cluster_ip = "10.96.5.6".into();
        assert_eq!(
            error(api.update(Object::Service(s.clone()))).1,
            "Service \"a\" is invalid: spec.clusterIPs[0]: Invalid value: []string{\"10.96.5.6\"}: may not change once set"
        );
        // Other fields may change; the address stays.
        s.spec.cluster_ip = "10.96.5.5".into();
        s.spec.ports[0].port = 8080;
        let Object::Service(u) = api.update(Object::Service(s)).unwrap() else { panic!() };
        assert_eq!((u.spec.cluster_ip.as_str(), u.spec.ports[0].port), ("10.96.5.5", 8080));
    }

    #[test]
    fn a_service_resubmitted_without_its_cluster_ip_keeps_it() {
        let (mut api, mut cx) = server();
        create(&mut api, &mut cx, &service("a", "")).unwrap();
        let Object::Service(u) = api.update(object(&service("a", "  type: ClusterIP\n"))).unwrap() else { panic!() };
        let Object::Service(s) = api.get(Kind::Service, &Key::new("default", "a")).unwrap() else { panic!() };
        assert_eq!(u.spec.cluster_ip, s.spec.cluster_ip);
        assert!(!u.spec.cluster_ip.is_empty());
    }

    #[test]
    fn generation_counts_spec_changes_and_updates_keep_the_status() {
        let (mut api, mut cx) = server();
        let Object::Deployment(d) = api.create(&mut cx, in_default(testing::deployment("web", 1, "nginx"))).unwrap()
        else {
            panic!()
        };
        let rv = d.metadata.resource_version.clone();
        // The same object again: nothing is written.
        let same = api.update(Object::Deployment(d.clone())).unwrap();
        assert_eq!((same.meta().generation, same.meta().resource_version.as_str()), (1, rv.as_str()));
        // Metadata is not spec; a status sent with an update is ignored.
        let mut labelled = d.clone();
        labelled.metadata.labels.insert("tier".into(), "front".into());
        labelled.status.replicas = 7;
        let Object::Deployment(u) = api.update(Object::Deployment(labelled)).unwrap() else { panic!() };
        assert_eq!((u.metadata.generation, u.status.replicas), (1, 0));
        assert_ne!(u.metadata.resource_version, rv);
        let mut scaled = u.clone();
        scaled.spec.replicas = Some(3);
        let Object::Deployment(u) = api.update(Object::Deployment(scaled)).unwrap() else { panic!() };
        assert_eq!(u.metadata.generation, 2);
        assert_eq!(
            (u.metadata.uid.as_str(), u.metadata.creation_timestamp),
            (d.metadata.uid.as_str(), d.metadata.creation_timestamp)
        );
        let Object::Service(s) = create(&mut api, &mut cx, &service("a", "")).unwrap() else { panic!() };
        assert_eq!(s.metadata.generation, 0);
    }
}
