//! The ReplicaSet controller: keeps `spec.replicas` active pods carrying the ReplicaSet's
//! controller reference, creating from the template and deleting the least valuable pods
//! first, and reports counts in status.

use super::controller_ref;
use crate::api::{Key, Kind, Object, ObjectMeta, Pod, ReplicaSet};

use crate::apiserver::DeleteOptions;
use crate::Cluster;

/// Active pods (not terminating, not finished) controlled by `rs`.
pub fn active_pods<'a>(c: &'a Cluster, rs: &ReplicaSet) -> Vec<&'a Pod> {
    c.store
        .dependents_of(&rs.metadata.uid)
        .into_iter()
        .filter(|(k, _)| *k == Kind::Pod)
        .filter_map(|(_, key)| c.store.pods.get(&key))
        .filter(|p| p.metadata.controller_uid() == Some(rs.metadata.uid.as_str()))
        .filter(|p| !p.is_terminating() && !p.is_finished())
        .collect()
}

/// Ranks pods for deletion (`controller.ActivePods` order): the first is deleted first.
fn deletion_rank(p: &Pod) -> (u8, u8, u8, u64) {
    let bound = u8::from(p.is_bound());
    let phase = match p.status.phase.as_str() {
        "Pending" => 0,
        "Running" => 2,
        _ => 1,
    };
    let ready = u8::from(p.is_ready());
    // Newer pods go first: invert the creation time.
    let created = u64::MAX - p.metadata.creation_timestamp.map_or(0, |t| t.millis());
    (bound, phase, ready, created)
}

/// What the controller needs to know about one of its pods.
struct Summary {
    key: Key,
    rank: (u8, u8, u8, u64),
    ready: bool,
    available: bool,
    labeled: bool,
}

pub fn sync(c: &mut Cluster, key: &Key) {
    let now = c.now;
    let Some(rs) = c.store.replicasets.get(key) else { return };
    let want = rs.spec.replicas.unwrap_or(1).max(0) as usize;
    let min_ready = u64::try_from(rs.spec.min_ready_seconds).unwrap_or(0) * 1000;
    let template_labels = &rs.spec.template.metadata.labels;
    let mut pods: Vec<Summary> = active_pods(c, rs)
        .into_iter()
        .map(|p| Summary {
            key: Key::of(&p.metadata),
            rank: deletion_rank(p),
            ready: p.is_ready(),
            available: available(p, now, min_ready),
            labeled: template_labels.iter().all(|(k, v)| p.metadata.labels.get(k) == Some(v)),
        })
        .collect();
    let deleting = rs.metadata.deletion_timestamp.is_some();
    if !deleting && pods.len() < want {
        let t = rs.spec.template.clone();
        let (name, ns, uid) = (rs.metadata.name.clone(), rs.metadata.namespace.clone(), rs.metadata.uid.clone());
        for _ in 0..(want - pods.len()).min(500) {
            let pod = Pod {
                metadata: ObjectMeta {
                    generate_name: format!("{name}-"),
                    namespace: ns.clone(),
                    labels: t.metadata.labels.clone(),
                    annotations: t.metadata.annotations.clone(),
                    owner_references: vec![controller_ref("ReplicaSet", &name, &uid)],
                    ..Default::default()
                },
                spec: t.spec.clone(),
                ..Default::default()
            };
            if let Ok(key) = c.create_key(Object::Pod(pod)) {
                pods.push(Summary { key, rank: (0, 0, 0, 0), ready: false, available: false, labeled: true });
            }
        }
    } else if !deleting && pods.len() > want {
        pods.sort_by_key(|p| p.rank);
        let extra: Vec<Key> = pods.iter().take(pods.len() - want).map(|p| p.key.clone()).collect();
        for k in &extra {
            let _ = c.delete(Kind::Pod, k, DeleteOptions::default());
        }
        pods.retain(|p| !extra.contains(&p.key));
    }
    let Some(rs) = c.store.replicasets.get(key) else { return };
    let mut st = rs.status.clone();
    st.replicas = pods.len() as i32;
    st.fully_labeled_replicas = pods.iter().filter(|p| p.labeled).count() as i32;
    st.ready_replicas = pods.iter().filter(|p| p.ready).count() as i32;
    st.available_replicas = pods.iter().filter(|p| p.available).count() as i32;
    st.observed_generation = rs.metadata.generation;
    if st != rs.status {
        let mut r = rs.clone();
        r.status = st;
        c.write(Object::ReplicaSet(r));
    }
}

/// Ready for at least `min_ready_ms`.
pub fn available(p: &Pod, now: crate::time::Time, min_ready_ms: u64) -> bool {
    p.status
        .conditions
        .iter()
        .find(|c| c.type_ == "Ready" && c.status == "True")
        .and_then(|c| c.last_transition_time)
        .is_some_and(|t| now.since(t) >= min_ready_ms)
}
