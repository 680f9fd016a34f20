//! The object store (etcd's role): typed maps per kind keyed by namespace/name, resource
//! versions, an owner index for the garbage collector, and a log of changes that drives the
//! controllers' work queues. Anyone may read it; only the API server writes it (the write
//! methods are `pub(crate)` and the API server owns the only `Store`).

use crate::api::{Deployment, Endpoints, Key, Kind, Namespace, Node, ObjRef, Object, Pod, ReplicaSet, Service};
use std::collections::{BTreeMap, BTreeSet};

/// One write, as a watch event: what changed, and the controller that owns it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub kind: Kind,
    pub key: Key,
    /// Kind and name of the controlling owner (same namespace), if any.
    pub owner: Option<(String, String)>,
    pub deleted: bool,
}

fn controller_of(meta: &crate::api::ObjectMeta) -> Option<(String, String)> {
    meta.owner_references.iter().find(|r| r.controller == Some(true)).map(|r| (r.kind.clone(), r.name.clone()))
}

#[derive(Clone, Debug, Default)]
pub struct Store {
    pods: BTreeMap<Key, Box<Pod>>,
    services: BTreeMap<Key, Box<Service>>,
    endpoints: BTreeMap<Key, Box<Endpoints>>,
    nodes: BTreeMap<Key, Box<Node>>,
    namespaces: BTreeMap<Key, Box<Namespace>>,
    deployments: BTreeMap<Key, Box<Deployment>>,
    replicasets: BTreeMap<Key, Box<ReplicaSet>>,
    resource_version: u64,
    /// Owner uid -> dependents.
    dependents: BTreeMap<String, BTreeSet<(Kind, Key)>>,
    /// Writes since the controllers last looked.
    changes: Vec<Change>,
    deleted_uids: Vec<String>,
}

macro_rules! map_of {
    ($store:expr, $kind:expr, $m:ident => $body:expr) => {
        match $kind {
            Kind::Pod => {
                let $m = &$store.pods;
                $body
            }
            Kind::Service => {
                let $m = &$store.services;
                $body
            }
            Kind::Endpoints => {
                let $m = &$store.endpoints;
                $body
            }
            Kind::Node => {
                let $m = &$store.nodes;
                $body
            }
            Kind::Namespace => {
                let $m = &$store.namespaces;
                $body
            }
            Kind::Deployment => {
                let $m = &$store.deployments;
                $body
            }
            Kind::ReplicaSet => {
                let $m = &$store.replicasets;
                $body
            }
        }
    };
}

impl Store {
    pub fn pods(&self) -> &BTreeMap<Key, Box<Pod>> {
        &self.pods
    }
    pub fn services(&self) -> &BTreeMap<Key, Box<Service>> {
        &self.services
    }
    pub fn endpoints(&self) -> &BTreeMap<Key, Box<Endpoints>> {
        &self.endpoints
    }
    pub fn nodes(&self) -> &BTreeMap<Key, Box<Node>> {
        &self.nodes
    }
    pub fn namespaces(&self) -> &BTreeMap<Key, Box<Namespace>> {
        &self.namespaces
    }
    pub fn deployments(&self) -> &BTreeMap<Key, Box<Deployment>> {
        &self.deployments
    }
    pub fn replicasets(&self) -> &BTreeMap<Key, Box<ReplicaSet>> {
        &self.replicasets
    }

    /// Changes with every write (the page redraws when it moves).
    pub fn revision(&self) -> usize {
        self.resource_version as usize
    }

    pub(crate) fn next_resource_version(&mut self) -> String {
        self.resource_version += 1;
        self.resource_version.to_string()
    }

    /// The Service that holds node port `port`, if one does (allocation and kube-proxy ask).
    pub fn node_port_owner(&self, port: i32) -> Option<(&Key, &Service)> {
        self.services
            .iter()
            .find(|(_, s)| s.spec.ports.iter().any(|p| p.node_port == Some(port)))
            .map(|(k, s)| (k, &**s))
    }

    pub fn contains(&self, kind: Kind, key: &Key) -> bool {
        map_of!(self, kind, m => m.contains_key(key))
    }

    pub fn get(&self, kind: Kind, key: &Key) -> Option<Object> {
        match kind {
            Kind::Pod => self.pods.get(key).map(|o| Object::Pod(o.as_ref().clone())),
            Kind::Service => self.services.get(key).map(|o| Object::Service(o.as_ref().clone())),
            Kind::Endpoints => self.endpoints.get(key).map(|o| Object::Endpoints(o.as_ref().clone())),
            Kind::Node => self.nodes.get(key).map(|o| Object::Node(o.as_ref().clone())),
            Kind::Namespace => self.namespaces.get(key).map(|o| Object::Namespace(o.as_ref().clone())),
            Kind::Deployment => self.deployments.get(key).map(|o| Object::Deployment(o.as_ref().clone())),
            Kind::ReplicaSet => self.replicasets.get(key).map(|o| Object::ReplicaSet(o.as_ref().clone())),
        }
    }

    /// Borrowed objects of `kind` in `namespace` (all when `None`), in key order.
    pub fn list(&self, kind: Kind, namespace: Option<&str>) -> Vec<ObjRef<'_>> {
        fn range<'a, T>(
            m: &'a BTreeMap<Key, Box<T>>,
            ns: Option<&str>,
            wrap: fn(&'a T) -> ObjRef<'a>,
        ) -> Vec<ObjRef<'a>> {
            match ns {
                None => m.values().map(|v| wrap(v)).collect(),
                Some(ns) => {
                    m.range(Key::new(ns, "")..).take_while(|(k, _)| k.namespace == ns).map(|(_, v)| wrap(v)).collect()
                }
            }
        }
        match kind {
            Kind::Pod => range(&self.pods, namespace, ObjRef::Pod),
            Kind::Service => range(&self.services, namespace, ObjRef::Service),
            Kind::Endpoints => range(&self.endpoints, namespace, ObjRef::Endpoints),
            Kind::Node => range(&self.nodes, namespace, ObjRef::Node),
            Kind::Namespace => range(&self.namespaces, namespace, ObjRef::Namespace),
            Kind::Deployment => range(&self.deployments, namespace, ObjRef::Deployment),
            Kind::ReplicaSet => range(&self.replicasets, namespace, ObjRef::ReplicaSet),
        }
    }

    /// One borrowed object.
    pub fn get_ref(&self, kind: Kind, key: &Key) -> Option<ObjRef<'_>> {
        match kind {
            Kind::Pod => self.pods.get(key).map(|o| ObjRef::Pod(o)),
            Kind::Service => self.services.get(key).map(|o| ObjRef::Service(o)),
            Kind::Endpoints => self.endpoints.get(key).map(|o| ObjRef::Endpoints(o)),
            Kind::Node => self.nodes.get(key).map(|o| ObjRef::Node(o)),
            Kind::Namespace => self.namespaces.get(key).map(|o| ObjRef::Namespace(o)),
            Kind::Deployment => self.deployments.get(key).map(|o| ObjRef::Deployment(o)),
            Kind::ReplicaSet => self.replicasets.get(key).map(|o| ObjRef::ReplicaSet(o)),
        }
    }

    /// Keys of `kind` in `namespace` (all namespaces when `None`), in key order.
    pub fn keys(&self, kind: Kind, namespace: Option<&str>) -> Vec<Key> {
        map_of!(self, kind, m => match namespace {
            None => m.keys().cloned().collect(),
            Some(ns) => m
                .range(Key::new(ns, "")..)
                .take_while(|(k, _)| k.namespace == ns)
                .map(|(k, _)| k.clone())
                .collect(),
        })
    }

    pub fn count(&self, kind: Kind) -> usize {
        map_of!(self, kind, m => m.len())
    }

    /// Inserts or replaces; keeps the owner index and the change log up to date.
    pub(crate) fn put(&mut self, obj: Object) {
        let kind = obj.kind();
        let key = obj.key();
        if let Some(old) = self.get_meta_owners(kind, &key) {
            for uid in old {
                if let Some(set) = self.dependents.get_mut(&uid) {
                    set.remove(&(kind, key.clone()));
                }
            }
        }
        for r in &obj.meta().owner_references {
            self.dependents.entry(r.uid.clone()).or_default().insert((kind, key.clone()));
        }
        self.changes.push(Change { kind, key: key.clone(), owner: controller_of(obj.meta()), deleted: false });
        match obj {
            Object::Pod(o) => {
                self.pods.insert(key.clone(), Box::new(o));
            }
            Object::Service(o) => {
                self.services.insert(key.clone(), Box::new(o));
            }
            Object::Endpoints(o) => {
                self.endpoints.insert(key.clone(), Box::new(o));
            }
            Object::Node(o) => {
                self.nodes.insert(key.clone(), Box::new(o));
            }
            Object::Namespace(o) => {
                self.namespaces.insert(key.clone(), Box::new(o));
            }
            Object::Deployment(o) => {
                self.deployments.insert(key.clone(), Box::new(o));
            }
            Object::ReplicaSet(o) => {
                self.replicasets.insert(key, Box::new(o));
            }
        }
    }

    /// Changes a pod in place (status updates, binding): a new resource version and a
    /// change record, without copying the object. Owner references must not change.
    pub(crate) fn modify_pod(&mut self, key: &Key, f: impl FnOnce(&mut Pod)) -> bool {
        let (rv, changes) = (&mut self.resource_version, &mut self.changes);
        modify(self.pods.get_mut(key).map(|b| &mut **b), Kind::Pod, key, rv, changes, |p| &mut p.metadata, f)
    }

    /// [`Store::modify_pod`] for a Deployment.
    pub(crate) fn modify_deployment(&mut self, key: &Key, f: impl FnOnce(&mut Deployment)) -> bool {
        let (rv, changes) = (&mut self.resource_version, &mut self.changes);
        modify(
            self.deployments.get_mut(key).map(|b| &mut **b),
            Kind::Deployment,
            key,
            rv,
            changes,
            |d| &mut d.metadata,
            f,
        )
    }

    /// [`Store::modify_pod`] for a ReplicaSet.
    pub(crate) fn modify_replicaset(&mut self, key: &Key, f: impl FnOnce(&mut ReplicaSet)) -> bool {
        let (rv, changes) = (&mut self.resource_version, &mut self.changes);
        modify(
            self.replicasets.get_mut(key).map(|b| &mut **b),
            Kind::ReplicaSet,
            key,
            rv,
            changes,
            |r| &mut r.metadata,
            f,
        )
    }

    pub(crate) fn remove(&mut self, kind: Kind, key: &Key) -> Option<Object> {
        let obj = match kind {
            Kind::Pod => self.pods.remove(key).map(|o| Object::Pod(*o)),
            Kind::Service => self.services.remove(key).map(|o| Object::Service(*o)),
            Kind::Endpoints => self.endpoints.remove(key).map(|o| Object::Endpoints(*o)),
            Kind::Node => self.nodes.remove(key).map(|o| Object::Node(*o)),
            Kind::Namespace => self.namespaces.remove(key).map(|o| Object::Namespace(*o)),
            Kind::Deployment => self.deployments.remove(key).map(|o| Object::Deployment(*o)),
            Kind::ReplicaSet => self.replicasets.remove(key).map(|o| Object::ReplicaSet(*o)),
        }?;
        for r in &obj.meta().owner_references {
            if let Some(set) = self.dependents.get_mut(&r.uid) {
                set.remove(&(kind, key.clone()));
                if set.is_empty() {
                    self.dependents.remove(&r.uid);
                }
            }
        }
        if self.dependents.contains_key(&obj.meta().uid) {
            self.deleted_uids.push(obj.meta().uid.clone());
        }
        self.changes.push(Change { kind, key: key.clone(), owner: controller_of(obj.meta()), deleted: true });
        Some(obj)
    }

    fn get_meta_owners(&self, kind: Kind, key: &Key) -> Option<Vec<String>> {
        let uids = |m: &crate::api::ObjectMeta| m.owner_references.iter().map(|r| r.uid.clone()).collect();
        match kind {
            Kind::Pod => self.pods.get(key).map(|o| uids(&o.metadata)),
            Kind::Service => self.services.get(key).map(|o| uids(&o.metadata)),
            Kind::Endpoints => self.endpoints.get(key).map(|o| uids(&o.metadata)),
            Kind::Node => self.nodes.get(key).map(|o| uids(&o.metadata)),
            Kind::Namespace => self.namespaces.get(key).map(|o| uids(&o.metadata)),
            Kind::Deployment => self.deployments.get(key).map(|o| uids(&o.metadata)),
            Kind::ReplicaSet => self.replicasets.get(key).map(|o| uids(&o.metadata)),
        }
    }

    /// Objects whose ownerReferences name `uid`, borrowed.
    pub fn dependents_iter<'a>(&'a self, uid: &str) -> impl Iterator<Item = &'a (Kind, Key)> + 'a {
        self.dependents.get(uid).into_iter().flat_map(|s| s.iter())
    }

    /// Objects whose ownerReferences name `uid`.
    pub fn dependents_of(&self, uid: &str) -> Vec<(Kind, Key)> {
        self.dependents.get(uid).map(|s| s.iter().cloned().collect()).unwrap_or_default()
    }

    /// Uids of objects removed since the garbage collector last looked.
    pub(crate) fn take_deleted_uids(&mut self) -> Vec<String> {
        std::mem::take(&mut self.deleted_uids)
    }

    pub(crate) fn take_changes(&mut self) -> Vec<Change> {
        std::mem::take(&mut self.changes)
    }
    pub fn has_changes(&self) -> bool {
        !self.changes.is_empty()
    }
}

/// The body of the `modify_*` methods: one object changed in place, stamped and recorded.
fn modify<T>(
    obj: Option<&mut T>,
    kind: Kind,
    key: &Key,
    resource_version: &mut u64,
    changes: &mut Vec<Change>,
    meta: impl Fn(&mut T) -> &mut crate::api::ObjectMeta,
    f: impl FnOnce(&mut T),
) -> bool {
    let Some(o) = obj else { return false };
    *resource_version += 1;
    f(o);
    let m = meta(o);
    m.resource_version = resource_version.to_string();
    let owner = controller_of(m);
    changes.push(Change { kind, key: key.clone(), owner, deleted: false });
    true
}
