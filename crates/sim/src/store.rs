//! The object store (etcd's role): one typed map per kind of the [`crate::registry!`], keyed
//! by namespace/name, resource versions, an owner index for the garbage collector, and a log
//! of changes that drives the controllers' work queues. Anyone may read it; only the API
//! server writes it (the write methods are `pub(crate)` and the API server owns the only
//! `Store`).

use crate::api::{Deployment, Endpoints, Key, Kind, Kinded, Namespace, Node, ObjRef, Object, Pod, ReplicaSet, Service};
use std::collections::{BTreeMap, BTreeSet};

/// One write, as a watch event: what changed, and the controller that owns it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub kind: Kind,
    pub key: Key,
    /// Kind and name of the controlling owner (same namespace), if any.
    pub owner: Option<(String, String)>,
    pub deleted: bool,
    /// A deleted pod was bound to a node: it made room there.
    pub was_bound: bool,
}

fn controller_of(meta: &crate::api::ObjectMeta) -> Option<(String, String)> {
    meta.owner_references.iter().find(|r| r.controller == Some(true)).map(|r| (r.kind.clone(), r.name.clone()))
}

#[derive(Clone, Debug, Default)]
pub struct Store {
    maps: Maps,
    resource_version: u64,
    /// Owner uid -> dependents.
    dependents: BTreeMap<String, BTreeSet<(Kind, Key)>>,
    /// Writes since the controllers last looked.
    changes: Vec<Change>,
    deleted_uids: Vec<String>,
}

/// A kind the store keeps: where its map is.
pub trait Stored: Kinded {
    fn map(s: &Store) -> &BTreeMap<Key, Box<Self>>;
    fn map_mut(s: &mut Store) -> &mut BTreeMap<Key, Box<Self>>;
}

/// Borrowed objects of one map in key order, all or those of one namespace.
fn range<'a, T>(m: &'a BTreeMap<Key, Box<T>>, ns: Option<&str>, wrap: fn(&'a T) -> ObjRef<'a>) -> Vec<ObjRef<'a>> {
    match ns {
        None => m.values().map(|v| wrap(v)).collect(),
        Some(ns) => m.range(Key::new(ns, "")..).take_while(|(k, _)| k.namespace == ns).map(|(_, v)| wrap(v)).collect(),
    }
}

fn keys_of<T>(m: &BTreeMap<Key, Box<T>>, ns: Option<&str>) -> Vec<Key> {
    match ns {
        None => m.keys().cloned().collect(),
        Some(ns) => {
            m.range(Key::new(ns, "")..).take_while(|(k, _)| k.namespace == ns).map(|(k, _)| k.clone()).collect()
        }
    }
}

// The map operations are out of line: one instantiation per kind, all alike (the values are
// boxes), so wasm-opt keeps one copy of the B-tree code instead of one per kind inlined.

#[inline(never)]
fn insert_boxed<T>(m: &mut BTreeMap<Key, Box<T>>, key: Key, value: Box<T>) {
    m.insert(key, value);
}

#[inline(never)]
fn remove_boxed<T>(m: &mut BTreeMap<Key, Box<T>>, key: &Key) -> Option<Box<T>> {
    m.remove(key)
}

#[inline(never)]
fn get_boxed<'a, T>(m: &'a BTreeMap<Key, Box<T>>, key: &Key) -> Option<&'a T> {
    m.get(key).map(|b| &**b)
}

fn owner_uids<T: Kinded>(m: &BTreeMap<Key, Box<T>>, key: &Key) -> Option<Vec<String>> {
    get_boxed(m, key).map(|o| o.meta().owner_references.iter().map(|r| r.uid.clone()).collect())
}

macro_rules! define_store {
    ($($kind:ident: $ty:path = $info:tt),* $(,)?) => {
        /// One map per kind.
        #[allow(non_snake_case)]
        #[derive(Clone, Debug, Default)]
        struct Maps {
            $($kind: BTreeMap<Key, Box<$ty>>),*
        }

        $(impl Stored for $ty {
            fn map(s: &Store) -> &BTreeMap<Key, Box<Self>> {
                &s.maps.$kind
            }
            fn map_mut(s: &mut Store) -> &mut BTreeMap<Key, Box<Self>> {
                &mut s.maps.$kind
            }
        })*

        impl Store {
            pub fn contains(&self, kind: Kind, key: &Key) -> bool {
                match kind {
                    $(Kind::$kind => self.maps.$kind.contains_key(key)),*
                }
            }

            /// A copy of one object.
            pub fn get(&self, kind: Kind, key: &Key) -> Option<Object> {
                match kind {
                    $(Kind::$kind => get_boxed(&self.maps.$kind, key).map(|o| Object::$kind(o.clone()))),*
                }
            }

            /// Borrowed objects of `kind` in `namespace` (all when `None`), in key order.
            pub fn list(&self, kind: Kind, namespace: Option<&str>) -> Vec<ObjRef<'_>> {
                match kind {
                    $(Kind::$kind => range(&self.maps.$kind, namespace, ObjRef::$kind)),*
                }
            }

            /// One borrowed object.
            pub fn get_ref(&self, kind: Kind, key: &Key) -> Option<ObjRef<'_>> {
                match kind {
                    $(Kind::$kind => get_boxed(&self.maps.$kind, key).map(ObjRef::$kind)),*
                }
            }

            /// Keys of `kind` in `namespace` (all namespaces when `None`), in key order.
            pub fn keys(&self, kind: Kind, namespace: Option<&str>) -> Vec<Key> {
                match kind {
                    $(Kind::$kind => keys_of(&self.maps.$kind, namespace)),*
                }
            }

            pub fn count(&self, kind: Kind) -> usize {
                match kind {
                    $(Kind::$kind => self.maps.$kind.len()),*
                }
            }

            fn insert(&mut self, key: Key, obj: Object) {
                match obj {
                    $(Object::$kind(o) => insert_boxed(&mut self.maps.$kind, key, Box::new(o)),)*
                }
            }

            fn take(&mut self, kind: Kind, key: &Key) -> Option<Object> {
                match kind {
                    $(Kind::$kind => remove_boxed(&mut self.maps.$kind, key).map(|o| Object::$kind(*o))),*
                }
            }

            fn owners(&self, kind: Kind, key: &Key) -> Option<Vec<String>> {
                match kind {
                    $(Kind::$kind => owner_uids(&self.maps.$kind, key)),*
                }
            }
        }
    };
}

crate::registry!(define_store);

impl Store {
    /// The map of one kind, typed.
    pub fn of<T: Stored>(&self) -> &BTreeMap<Key, Box<T>> {
        T::map(self)
    }

    pub fn pods(&self) -> &BTreeMap<Key, Box<Pod>> {
        self.of()
    }
    pub fn services(&self) -> &BTreeMap<Key, Box<Service>> {
        self.of()
    }
    pub fn endpoints(&self) -> &BTreeMap<Key, Box<Endpoints>> {
        self.of()
    }
    pub fn nodes(&self) -> &BTreeMap<Key, Box<Node>> {
        self.of()
    }
    pub fn namespaces(&self) -> &BTreeMap<Key, Box<Namespace>> {
        self.of()
    }
    pub fn deployments(&self) -> &BTreeMap<Key, Box<Deployment>> {
        self.of()
    }
    pub fn replicasets(&self) -> &BTreeMap<Key, Box<ReplicaSet>> {
        self.of()
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
        self.services()
            .iter()
            .find(|(_, s)| s.spec.ports.iter().any(|p| p.node_port == Some(port)))
            .map(|(k, s)| (k, &**s))
    }

    /// Inserts or replaces; keeps the owner index and the change log up to date.
    pub(crate) fn put(&mut self, obj: Object) {
        let kind = obj.kind();
        let key = obj.key();
        if let Some(old) = self.owners(kind, &key) {
            for uid in old {
                if let Some(set) = self.dependents.get_mut(&uid) {
                    set.remove(&(kind, key.clone()));
                }
            }
        }
        for r in &obj.meta().owner_references {
            self.dependents.entry(r.uid.clone()).or_default().insert((kind, key.clone()));
        }
        self.changes.push(Change {
            kind,
            key: key.clone(),
            owner: controller_of(obj.meta()),
            deleted: false,
            was_bound: false,
        });
        self.insert(key, obj);
    }

    /// Changes an object in place (status updates, binding): a new resource version and a
    /// change record, without copying the object. Owner references must not change.
    pub(crate) fn modify<T: Stored>(&mut self, key: &Key, f: impl FnOnce(&mut T)) -> bool {
        self.resource_version += 1;
        let rv = self.resource_version;
        let Some(o) = T::map_mut(self).get_mut(key) else {
            self.resource_version -= 1;
            return false;
        };
        f(o);
        let m = o.meta_mut();
        m.resource_version = rv.to_string();
        let owner = controller_of(m);
        self.changes.push(Change { kind: T::KIND, key: key.clone(), owner, deleted: false, was_bound: false });
        true
    }

    pub(crate) fn remove(&mut self, kind: Kind, key: &Key) -> Option<Object> {
        let obj = self.take(kind, key)?;
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
        let was_bound = matches!(&obj, Object::Pod(p) if p.is_bound());
        self.changes.push(Change {
            kind,
            key: key.clone(),
            owner: controller_of(obj.meta()),
            deleted: true,
            was_bound,
        });
        Some(obj)
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
