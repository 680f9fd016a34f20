//! `kubectl cordon`, `uncordon` and `drain`: a node taken out of scheduling, and its pods
//! evicted (kubectl's drain filters: mirror pods are skipped, DaemonSet pods need
//! `--ignore-daemonsets`, pods no controller owns need `--force`), with kubectl's messages.

use super::args::{f, Flag, Parsed};
use super::Ctx;
use crate::error::{usage, KError};
use sim::api::{Key, Object};
use sim::process::Io;
use sim::{DeleteOptions, Kind};

pub const CORDON_FLAGS: &[Flag] = &[f("dry-run", None, true), f("selector", Some('l'), true)];

pub const DRAIN_FLAGS: &[Flag] = &[
    f("ignore-daemonsets", None, false),
    f("force", None, false),
    f("delete-emptydir-data", None, false),
    f("grace-period", None, true),
    f("timeout", None, true),
    f("disable-eviction", None, false),
    f("pod-selector", None, true),
    f("selector", Some('l'), true),
    f("dry-run", None, true),
    f("skip-wait-for-delete-timeout", None, true),
];

/// Sets `spec.unschedulable` of `name`; prints what kubectl prints.
fn set_unschedulable(ctx: &Ctx, name: &str, on: bool, io: &Io) -> Result<(), KError> {
    let mut c = ctx.sys.cluster();
    let Object::Node(mut n) = c.get(Kind::Node, &Key::cluster(name))? else {
        return Ok(());
    };
    let word = if on { "cordoned" } else { "uncordoned" };
    if n.spec.unschedulable == on {
        io.out.line(&format!("node/{name} already {word}"));
        return Ok(());
    }
    n.spec.unschedulable = on;
    c.update(Object::Node(n))?;
    io.out.line(&format!("node/{name} {word}"));
    Ok(())
}

pub fn cordon(ctx: &Ctx, p: Parsed, on: bool, io: &Io) -> Result<(), KError> {
    let verb = if on { "cordon" } else { "uncordon" };
    let [name] = p.args.as_slice() else {
        return Err(usage(verb, "USAGE: cordon NODE [flags]"));
    };
    set_unschedulable(ctx, name, on, io)
}

pub async fn drain(ctx: &Ctx, p: Parsed, io: &Io) -> Result<(), KError> {
    let [name] = p.args.as_slice() else {
        return Err(usage("drain", "USAGE: drain NODE [flags]"));
    };
    set_unschedulable(ctx, name, true, io)?;
    // What is on the node, as drain's filters see it.
    let (mut evict, mut unmanaged, mut daemons) = (Vec::new(), Vec::new(), Vec::new());
    {
        let c = ctx.sys.cluster();
        for (k, pod) in c.store().pods().iter().filter(|(_, pod)| pod.spec.node_name == *name) {
            let m = &pod.metadata;
            if m.annotations.contains_key("kubernetes.io/config.mirror") || m.deletion_timestamp.is_some() {
                continue;
            }
            let controller = m.owner_references.iter().find(|r| r.controller == Some(true));
            match controller.map(|r| r.kind.as_str()) {
                Some("DaemonSet") => daemons.push(k.clone()),
                None if !pod.is_finished() => unmanaged.push(k.clone()),
                _ => evict.push(k.clone()),
            }
        }
    }
    let names = |v: &[Key]| v.iter().map(|k| format!("{}/{}", k.namespace, k.name)).collect::<Vec<_>>().join(", ");
    let mut problems = Vec::new();
    if !daemons.is_empty() && !p.bool("ignore-daemonsets") {
        problems.push(format!(
            "cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): {}",
            names(&daemons)
        ));
    }
    if !unmanaged.is_empty() && !p.bool("force") {
        problems.push(format!(
            "cannot delete Pods that declare no controller (use --force to override): {}",
            names(&unmanaged)
        ));
    }
    if !problems.is_empty() {
        let all = problems.join(", ");
        return Err(KError::Raw(format!(
            "error: unable to drain node \"{name}\" due to error: {all}, continuing command...\nThere are pending nodes to be drained:\n {name}\n{}\n",
            problems.join("\n")
        )));
    }
    if !daemons.is_empty() {
        io.err.line(&format!("Warning: ignoring DaemonSet-managed Pods: {}", names(&daemons)));
    }
    if !unmanaged.is_empty() {
        io.err.line(&format!("Warning: deleting Pods that declare no controller: {}", names(&unmanaged)));
        evict.extend(unmanaged);
    }
    sim::order::sort(&mut evict);
    let grace = p.get("grace-period").and_then(|g| g.parse::<i64>().ok()).filter(|g| *g >= 0);
    let mut uids = Vec::new();
    for k in &evict {
        io.out.line(&format!("evicting pod {}/{}", k.namespace, k.name));
        let r = ctx.sys.cluster().delete(Kind::Pod, k, DeleteOptions { grace_period: grace, ..Default::default() });
        if let Ok(o) = r {
            uids.push((k.clone(), o.meta().uid.clone()));
        }
    }
    // Each eviction is reported when its pod is gone.
    let timeout_ms = p.get("timeout").and_then(super::exec::parse_duration_ms).filter(|t| *t > 0).unwrap_or(u64::MAX);
    let start = ctx.sys.now();
    while !uids.is_empty() {
        let gone: Vec<Key> = {
            let c = ctx.sys.cluster();
            uids.iter()
                .filter(|(k, uid)| c.store().pods().get(k).is_none_or(|pod| &pod.metadata.uid != uid))
                .map(|(k, _)| k.clone())
                .collect()
        };
        for k in &gone {
            io.out.line(&format!("pod/{} evicted", k.name));
        }
        uids.retain(|(k, _)| !gone.contains(k));
        if uids.is_empty() {
            break;
        }
        if ctx.sys.interrupted() || ctx.sys.now().since(start) >= timeout_ms {
            return Err(KError::msg(format!(
                "unable to drain node \"{name}\" due to error: [error when waiting for pod \"{}\" in namespace \"{}\" to terminate: global timeout reached: {}], continuing command...",
                uids.first().map_or("", |(k, _)| k.name.as_str()),
                uids.first().map_or("", |(k, _)| k.namespace.as_str()),
                p.get("timeout").unwrap_or("")
            )));
        }
        ctx.next_change(start.plus_ms(timeout_ms.min(u64::MAX / 2))).await;
    }
    io.out.line(&format!("node/{name} drained"));
    Ok(())
}
