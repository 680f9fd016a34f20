//! The ReplicaSet controller: keeps `spec.replicas` active pods carrying the ReplicaSet's
//! controller reference, creating from the template and deleting the least valuable pods
//! first, and reports counts in status.

use super::controller_ref;
use crate::api::{Key, Kind, Object, ObjectMeta, Pod, ReplicaSet};

use crate::apiserver::Control;
use crate::apiserver::DeleteOptions;

/// Active pods (not terminating, not finished) controlled by `rs`.
pub fn active_pods<'a>(c: &'a Control, rs: &ReplicaSet) -> Vec<&'a Pod> {
    c.store()
        .dependents_iter(&rs.metadata.uid)
        .filter(|(k, _)| *k == Kind::Pod)
        .filter_map(|(_, key)| c.store().pods().get(key).map(|p| &**p))
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

/// (active pods, fully labeled, ready, available) of `rs`.
fn counts(c: &Control, rs: &ReplicaSet, now: crate::time::Time) -> (i32, i32, i32, i32) {
    let min_ready = u64::try_from(rs.spec.min_ready_seconds).unwrap_or(0) * 1000;
    let template_labels = &rs.spec.template.metadata.labels;
    let (mut count, mut labeled, mut ready, mut available) = (0, 0, 0, 0);
    for p in active_pods(c, rs) {
        count += 1;
        labeled += i32::from(template_labels.iter().all(|(k, v)| p.metadata.labels.get(k) == Some(v)));
        ready += i32::from(p.is_ready());
        available += i32::from(self::available(p, now, min_ready));
    }
    (count, labeled, ready, available)
}

pub fn sync(c: &mut Control, key: &Key) {
    let now = c.now();
    let Some(rs) = c.store().replicasets().get(key) else { return };
    let want = rs.spec.replicas.unwrap_or(1).max(0);
    let deleting = rs.metadata.deletion_timestamp.is_some();
    let mut counted = counts(c, rs, now);
    let have = counted.0;
    if !deleting && have < want {
        let t = rs.spec.template.clone();
        let (name, ns, uid) = (rs.metadata.name.clone(), rs.metadata.namespace.clone(), rs.metadata.uid.clone());
        for _ in 0..(want - have).min(500) {
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
            let _ = c.create_key(Object::Pod(pod));
        }
    } else if !deleting && have > want {
        let mut ranked: Vec<((u8, u8, u8, u64), Key)> =
            active_pods(c, rs).iter().map(|p| (deletion_rank(p), Key::of(&p.metadata))).collect();
        crate::order::sort_by_key(&mut ranked, |a| a.0);
        let extra: Vec<Key> = ranked.into_iter().take((have - want) as usize).map(|(_, k)| k).collect();
        for k in &extra {
            let _ = c.delete(Kind::Pod, k, DeleteOptions::default());
        }
    }
    let Some(rs) = c.store().replicasets().get(key) else { return };
    if !deleting && have != want {
        counted = counts(c, rs, now);
    }
    let (count, labeled, ready, available) = counted;
    let st = &rs.status;
    let generation = rs.metadata.generation;
    let changed = st.replicas != count
        || st.fully_labeled_replicas != labeled
        || st.ready_replicas != ready
        || st.available_replicas != available
        || st.observed_generation != generation;
    if changed {
        c.api.modify_replicaset(key, |r| {
            r.status.replicas = count;
            r.status.fully_labeled_replicas = labeled;
            r.status.ready_replicas = ready;
            r.status.available_replicas = available;
            r.status.observed_generation = generation;
        });
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
