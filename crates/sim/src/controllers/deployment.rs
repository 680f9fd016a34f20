//! The Deployment controller: one ReplicaSet per pod template (named `<deployment>-<hash>`,
//! the hash from the template as `pod-template-hash`), rolling updates within maxSurge and
//! maxUnavailable (or Recreate), revision annotations, old ReplicaSets pruned to
//! `revisionHistoryLimit`, and the status and conditions kubectl shows.

use super::controller_ref;
use crate::api::apps::{DeploymentStatus, StrategyType};
use crate::api::meta::{set_condition, Condition};
use crate::api::{Deployment, IntOrString, Key, Kind, Object, ObjectMeta, PodTemplateSpec, ReplicaSet};
use crate::apiserver::Control;
use crate::apiserver::DeleteOptions;
use crate::ctx::Wake;
use crate::labels::LabelSelector;

pub const HASH_LABEL: &str = "pod-template-hash";
const REVISION: &str = "deployment.kubernetes.io/revision";

/// `controller.ComputeHash`: FNV-32a of the template, as decimal digits mapped through
/// `rand.SafeEncodeString` (so the hash uses only `4 5 6 7 8 9 b c d f`).
pub fn template_hash(t: &PodTemplateSpec, collision_count: u32) -> String {
    let h = crate::hash::Fnv32::default().bytes(template_json(t).as_bytes()).bytes(&collision_count.to_le_bytes()).0;
    h.to_string()
        .bytes()
        .map(|d| {
            let i = usize::from(d) % crate::rng::ALPHANUMS.len();
            char::from(crate::rng::ALPHANUMS.get(i).copied().unwrap_or(b'b'))
        })
        .collect()
}

/// The bytes [`template_hash`] hashes: the template as compact JSON, fields in declaration
/// order. They must never change: pod-template-hash values are in every transcript.
pub fn template_json(t: &PodTemplateSpec) -> String {
    crate::api::json::to_text(t)
}

fn without_hash(t: &PodTemplateSpec) -> PodTemplateSpec {
    let mut t = t.clone();
    t.metadata.labels.remove(HASH_LABEL);
    t
}

/// `EqualIgnoreHash`: the templates are the same but for the pod-template-hash label.
fn equal_ignoring_hash(a: &PodTemplateSpec, b: &PodTemplateSpec) -> bool {
    let labels = |t: &PodTemplateSpec| {
        t.metadata
            .labels
            .iter()
            .filter(|(k, _)| *k != HASH_LABEL)
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect::<Vec<_>>()
    };
    a.spec == b.spec
        && a.metadata.annotations == b.metadata.annotations
        && a.metadata.name == b.metadata.name
        && a.metadata.generate_name == b.metadata.generate_name
        && labels(a) == labels(b)
}

/// `maxSurge`/`maxUnavailable` as numbers for `replicas` (surge rounds up, unavailable down).
pub fn resolve_surge(d: &Deployment) -> (i32, i32) {
    let replicas = d.spec.replicas.unwrap_or(1);
    let Some(ru) =
        d.spec.strategy.rolling_update.as_ref().filter(|_| d.spec.strategy.type_ == StrategyType::RollingUpdate)
    else {
        return (0, 0);
    };
    let scaled = |v: &Option<IntOrString>, up: bool| -> i32 {
        match v {
            Some(IntOrString::Int(i)) => *i,
            Some(IntOrString::Str(s)) => {
                let pct = i64::from(crate::api::validation::percent(s).unwrap_or(25) as i32);
                let n = pct * i64::from(replicas);
                (if up { (n + 99) / 100 } else { n / 100 }) as i32
            }
            None => 0,
        }
    };
    let surge = scaled(&ru.max_surge, true);
    let mut unavailable = scaled(&ru.max_unavailable, false);
    if surge == 0 && unavailable == 0 {
        unavailable = 1;
    }
    (surge, unavailable.min(replicas))
}

/// The steady state: one ReplicaSet with the Deployment's template, at the desired size, the
/// rest at zero, revisions in place. Then only the status can change, and nothing is copied.
fn steady(c: &Control, key: &Key) -> Option<(DeploymentStatus, Option<crate::time::Time>)> {
    let d = c.store().deployments().get(key)?;
    if d.metadata.deletion_timestamp.is_some() || d.spec.paused {
        return None;
    }
    let replicas = d.spec.replicas.unwrap_or(1).max(0);
    let mut new_rs = None;
    let mut old = Vec::new();
    let mut max_rev = 0;
    for (kind, k) in c.store().dependents_iter(&d.metadata.uid) {
        if *kind != Kind::ReplicaSet {
            continue;
        }
        let r: &ReplicaSet = c.store().replicasets().get(k)?;
        if r.metadata.controller_uid() != Some(d.metadata.uid.as_str()) {
            continue;
        }
        max_rev = max_rev.max(r.metadata.annotations.get(REVISION).and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
        if new_rs.is_none() && equal_ignoring_hash(&r.spec.template, &d.spec.template) {
            new_rs = Some(r);
        } else {
            if r.spec.replicas.unwrap_or(0) != 0 {
                return None;
            }
            old.push(r);
        }
    }
    let new_rs = new_rs?;
    let rev = new_rs.metadata.annotations.get(REVISION)?;
    let limit = d.spec.revision_history_limit.unwrap_or(10).max(0) as usize;
    let steady = new_rs.spec.replicas == Some(replicas)
        && rev.parse::<i64>().ok() == Some(max_rev)
        && d.metadata.annotations.get(REVISION) == Some(rev)
        && old.len() <= limit;
    if !steady {
        return None;
    }
    // Nothing moved since the last status, which already says the rollout is complete: the
    // status would come out the same.
    let sum = |f: fn(&ReplicaSet) -> i32| old.iter().map(|r| f(r)).sum::<i32>() + f(new_rs);
    let st = &d.status;
    let complete = st.conditions.iter().any(|c| c.type_ == "Progressing" && c.reason == "NewReplicaSetAvailable");
    if complete
        && st.observed_generation == d.metadata.generation
        && st.replicas == sum(|r| r.status.replicas)
        && st.updated_replicas == new_rs.status.replicas
        && st.ready_replicas == sum(|r| r.status.ready_replicas)
        && st.available_replicas == sum(|r| r.status.available_replicas)
    {
        return Some((st.clone(), None));
    }
    crate::order::sort_by_key(&mut old, |r| (r.metadata.creation_timestamp, r.metadata.name.clone()));
    Some(status(d, &old, new_rs, None, c.now()))
}

pub fn sync(c: &mut Control, key: &Key) {
    if let Some((st, wake)) = steady(c, key) {
        if let Some(t) = wake {
            c.wake_at(t, Wake::Deployment(key.clone()));
        }
        if c.store().deployments().get(key).is_some_and(|d| d.status != st) {
            c.api.modify_deployment(key, |d| d.status = st);
        }
        return;
    }
    let Some(d) = c.store().deployments().get(key).cloned() else { return };
    if d.metadata.deletion_timestamp.is_some() {
        return;
    }
    let replicas = d.spec.replicas.unwrap_or(1).max(0);
    let mut owned: Vec<ReplicaSet> = c
        .store()
        .dependents_of(&d.metadata.uid)
        .into_iter()
        .filter(|(k, _)| *k == Kind::ReplicaSet)
        .filter_map(|(_, k)| c.store().replicasets().get(&k).map(|r| ReplicaSet::clone(r)))
        .filter(|r| r.metadata.controller_uid() == Some(d.metadata.uid.as_str()))
        .collect();
    crate::order::sort_by_key(&mut owned, |r| (r.metadata.creation_timestamp, r.metadata.name.clone()));
    let new_idx = owned.iter().position(|r| equal_ignoring_hash(&r.spec.template, &d.spec.template));
    let max_revision = owned
        .iter()
        .filter_map(|r| r.metadata.annotations.get(REVISION).and_then(|v| v.parse::<i64>().ok()))
        .max()
        .unwrap_or(0);
    let (surge, max_unavailable) = resolve_surge(&d);
    let mut progressing: Option<(&str, String)> = None;

    let new_rs = match new_idx {
        Some(i) => {
            let mut r = owned.remove(i);
            // An old template rolled back to: it becomes the newest revision.
            let rev = r.metadata.annotations.get(REVISION).and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
            if rev < max_revision || (rev == 0 && max_revision == 0) {
                r.metadata.annotations.insert(REVISION.into(), (max_revision + 1).to_string());
                if let Ok(Object::ReplicaSet(u)) = c.update(Object::ReplicaSet(r.clone())) {
                    r = u;
                }
            }
            r
        }
        None => {
            if d.spec.paused {
                return;
            }
            let template = without_hash(&d.spec.template);
            let hash = template_hash(&template, 0);
            let mut t = template.clone();
            t.metadata.labels.insert(HASH_LABEL.into(), hash.clone());
            let mut selector = d.spec.selector.clone().unwrap_or_default();
            selector.match_labels.insert(HASH_LABEL.into(), hash.clone());
            let old_total: i32 = owned.iter().map(|r| r.spec.replicas.unwrap_or(0)).sum();
            let initial = if d.spec.strategy.type_ == StrategyType::Recreate {
                if old_total > 0 {
                    0
                } else {
                    replicas
                }
            } else if old_total == 0 {
                replicas
            } else {
                (replicas + surge - old_total).clamp(0, replicas)
            };
            let mut labels = template.metadata.labels.clone();
            labels.insert(HASH_LABEL.into(), hash.clone());
            let mut annotations = std::collections::BTreeMap::new();
            annotations.insert("deployment.kubernetes.io/desired-replicas".to_string(), replicas.to_string());
            annotations.insert("deployment.kubernetes.io/max-replicas".to_string(), (replicas + surge).to_string());
            annotations.insert(REVISION.to_string(), (max_revision + 1).to_string());
            let rs = ReplicaSet {
                metadata: ObjectMeta {
                    name: format!("{}-{hash}", d.metadata.name),
                    namespace: d.metadata.namespace.clone(),
                    labels,
                    annotations,
                    owner_references: vec![controller_ref("Deployment", &d.metadata.name, &d.metadata.uid)],
                    ..Default::default()
                },
                spec: crate::api::apps::ReplicaSetSpec {
                    replicas: Some(initial),
                    min_ready_seconds: d.spec.min_ready_seconds,
                    selector: Some(LabelSelector { ..selector }),
                    template: t,
                },
                ..Default::default()
            };
            match c.create(Object::ReplicaSet(rs)) {
                Ok(Object::ReplicaSet(r)) => {
                    progressing =
                        Some(("NewReplicaSetCreated", format!("Created new replica set \"{}\"", r.metadata.name)));
                    r
                }
                _ => return,
            }
        }
    };

    // Scale.
    let scale = |c: &mut Control, rs: &ReplicaSet, n: i32| -> ReplicaSet {
        if rs.spec.replicas == Some(n) {
            return rs.clone();
        }
        let mut r = rs.clone();
        r.spec.replicas = Some(n);
        r.metadata.annotations.insert("deployment.kubernetes.io/desired-replicas".into(), replicas.to_string());
        r.metadata.annotations.insert("deployment.kubernetes.io/max-replicas".into(), (replicas + surge).to_string());
        match c.update(Object::ReplicaSet(r)) {
            Ok(Object::ReplicaSet(u)) => u,
            _ => rs.clone(),
        }
    };
    let mut new_rs = new_rs;
    if !d.spec.paused {
        if d.spec.strategy.type_ == StrategyType::Recreate {
            for r in owned.iter_mut() {
                if r.spec.replicas.unwrap_or(0) > 0 {
                    *r = scale(c, r, 0);
                }
            }
            let old_pods: usize = owned.iter().map(|r| super::replicaset::active_pods(c, r).len()).sum();
            if old_pods == 0 {
                new_rs = scale(c, &new_rs, replicas);
            }
        } else {
            let total: i32 =
                owned.iter().map(|r| r.spec.replicas.unwrap_or(0)).sum::<i32>() + new_rs.spec.replicas.unwrap_or(0);
            let cur = new_rs.spec.replicas.unwrap_or(0);
            if cur > replicas {
                new_rs = scale(c, &new_rs, replicas);
            } else if cur < replicas {
                let room = (replicas + surge - total).max(0);
                let n = (cur + room).min(replicas);
                if n != cur {
                    new_rs = scale(c, &new_rs, n);
                }
            }
            // Scale old ReplicaSets down while keeping replicas - maxUnavailable available.
            let min_available = replicas - max_unavailable;
            let available: i32 =
                owned.iter().map(|r| r.status.available_replicas).sum::<i32>() + new_rs.status.available_replicas;
            let new_unavailable = new_rs.spec.replicas.unwrap_or(0) - new_rs.status.available_replicas;
            let all: i32 =
                owned.iter().map(|r| r.spec.replicas.unwrap_or(0)).sum::<i32>() + new_rs.spec.replicas.unwrap_or(0);
            // First old pods that are not available anyway, then available ones.
            let mut budget = (all - min_available - new_unavailable).max(0);
            for r in owned.iter_mut() {
                let unhealthy = r.spec.replicas.unwrap_or(0) - r.status.available_replicas;
                let cut = unhealthy.min(budget).max(0);
                if cut > 0 {
                    let n = r.spec.replicas.unwrap_or(0) - cut;
                    *r = scale(c, r, n);
                    budget -= cut;
                }
            }
            let mut budget = (available - min_available).max(0);
            for r in owned.iter_mut() {
                let cut = r.spec.replicas.unwrap_or(0).min(budget);
                if cut > 0 {
                    let n = r.spec.replicas.unwrap_or(0) - cut;
                    *r = scale(c, r, n);
                    budget -= cut;
                }
            }
        }
    }

    // Clean up old revisions beyond the history limit.
    let limit = d.spec.revision_history_limit.unwrap_or(10).max(0) as usize;
    let idle: Vec<&ReplicaSet> =
        owned.iter().filter(|r| r.spec.replicas.unwrap_or(0) == 0 && r.status.replicas == 0).collect();
    if idle.len() > limit {
        for r in idle.iter().take(idle.len() - limit) {
            let _ = c.delete(Kind::ReplicaSet, &Key::of(&r.metadata), DeleteOptions::default());
        }
    }

    // Status.
    let now = c.now();
    let old: Vec<&ReplicaSet> = owned.iter().collect();
    let (st, wake) = status(&d, &old, &new_rs, progressing, now);
    if let Some(t) = wake {
        c.wake_at(t, Wake::Deployment(key.clone()));
    }
    let revision = new_rs.metadata.annotations.get(REVISION).cloned();
    let rev_changed = revision.is_some() && d.metadata.annotations.get(REVISION) != revision.as_ref();
    if st != d.status || rev_changed {
        let mut dd = d;
        dd.status = st;
        if let Some(rev) = revision {
            dd.metadata.annotations.insert(REVISION.into(), rev);
        }
        c.api.write(Object::Deployment(*dd));
    }
}

/// The Deployment's status from its ReplicaSets (`old` and `new_rs`), and when its progress
/// deadline would pass (to look again then).
fn status(
    d: &Deployment,
    old: &[&ReplicaSet],
    new_rs: &ReplicaSet,
    progressing: Option<(&str, String)>,
    now: crate::time::Time,
) -> (DeploymentStatus, Option<crate::time::Time>) {
    let replicas = d.spec.replicas.unwrap_or(1).max(0);
    let (_, max_unavailable) = resolve_surge(d);
    let all_rs: Vec<&ReplicaSet> = old.iter().copied().chain(std::iter::once(new_rs)).collect();
    let mut st = DeploymentStatus {
        observed_generation: d.metadata.generation,
        replicas: all_rs.iter().map(|r| r.status.replicas).sum(),
        updated_replicas: new_rs.status.replicas,
        ready_replicas: all_rs.iter().map(|r| r.status.ready_replicas).sum(),
        available_replicas: all_rs.iter().map(|r| r.status.available_replicas).sum(),
        unavailable_replicas: 0,
        conditions: d.status.conditions.clone(),
        ..Default::default()
    };
    st.unavailable_replicas = (st.replicas.max(replicas) - st.available_replicas).max(0);
    let cond = |type_: &str, ok: bool, reason: &str, message: String| Condition {
        type_: type_.into(),
        status: if ok { "True" } else { "False" }.into(),
        last_update_time: Some(now),
        last_transition_time: Some(now),
        reason: reason.into(),
        message,
        ..Default::default()
    };
    let has_min = st.available_replicas >= replicas - max_unavailable;
    let available_cond = if has_min {
        cond("Available", true, "MinimumReplicasAvailable", "Deployment has minimum availability.".into())
    } else {
        cond("Available", false, "MinimumReplicasUnavailable", "Deployment does not have minimum availability.".into())
    };
    // Keep Available first, as the real controller's conditions read.
    if !st.conditions.iter().any(|c| c.type_ == "Available") {
        st.conditions.insert(0, available_cond);
    } else {
        set_condition(&mut st.conditions, available_cond, now);
    }
    let rs_name = new_rs.metadata.name.clone();
    let complete = st.updated_replicas == replicas
        && st.replicas == replicas
        && st.available_replicas == replicas
        && new_rs.spec.replicas == Some(replicas);
    let old_prog = d.status.conditions.iter().find(|c| c.type_ == "Progressing").cloned();
    let deadline = d.spec.progress_deadline_seconds.unwrap_or(600).max(0) as u64;
    let progress = if complete {
        Some(cond(
            "Progressing",
            true,
            "NewReplicaSetAvailable",
            format!("ReplicaSet \"{rs_name}\" has successfully progressed."),
        ))
    } else if let Some((reason, msg)) = progressing {
        Some(cond("Progressing", true, reason, msg))
    } else {
        let changed = d.status.replicas != st.replicas
            || d.status.updated_replicas != st.updated_replicas
            || d.status.available_replicas != st.available_replicas
            || d.status.ready_replicas != st.ready_replicas;
        match &old_prog {
            Some(p) if p.reason == "ProgressDeadlineExceeded" && !changed => None,
            Some(p) if !changed && p.last_update_time.is_some_and(|t| now.since(t) >= deadline * 1000) => Some(cond(
                "Progressing",
                false,
                "ProgressDeadlineExceeded",
                format!("ReplicaSet \"{rs_name}\" has timed out progressing."),
            )),
            Some(p) if !changed && p.reason != "NewReplicaSetAvailable" => None,
            _ => Some(cond(
                "Progressing",
                true,
                "ReplicaSetUpdated",
                format!("ReplicaSet \"{rs_name}\" is progressing."),
            )),
        }
    };
    if let Some(p) = progress {
        set_condition(&mut st.conditions, p, now);
    }
    let mut wake = None;
    if !complete {
        if let Some(t) = st.conditions.iter().find(|c| c.type_ == "Progressing").and_then(|c| c.last_update_time) {
            if t.plus_secs(deadline) > now {
                wake = Some(t.plus_secs(deadline));
            }
        }
    }
    (st, wake)
}
