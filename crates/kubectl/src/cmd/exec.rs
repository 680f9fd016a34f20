//! `kubectl exec [-it] POD|TYPE/NAME [-c CONTAINER] -- COMMAND [ARGS...]`: finding the pod
//! (`deploy/x` picks the most active pod as `AttachablePodForObject` does), the checks and
//! messages of kubectl and the kubelet, streaming the command's output, and
//! `command terminated with exit code N`.

use super::args::{f, Flag, Parsed};
use super::Ctx;
use crate::error::{usage, KError};
use sim::api::{Key, Pod};
use sim::process::Io;
use sim::userland::{self, Container};
use sim::{ApiError, Kind};

pub const FLAGS: &[Flag] = &[
    f("container", Some('c'), true),
    f("stdin", Some('i'), false),
    f("tty", Some('t'), false),
    f("quiet", Some('q'), false),
    f("filename", Some('f'), true),
    f("pod-running-timeout", None, true),
];

/// `podutils.ActivePods` reversed: the most useful pod sorts first.
fn activity(p: &Pod, now_ms: u64) -> (bool, u8, bool, u64, i64, i64) {
    let phase = match p.status.phase.as_str() {
        "Running" => 2,
        "Unknown" => 1,
        _ => 0,
    };
    let ready_for = p
        .status
        .conditions
        .iter()
        .find(|c| c.type_ == "Ready" && c.status == "True")
        .and_then(|c| c.last_transition_time)
        .map_or(0, |t| now_ms.saturating_sub(t.millis()));
    let restarts = p.status.container_statuses.iter().map(|c| c.restart_count).max().unwrap_or(0);
    let created = p.metadata.creation_timestamp.map_or(0, |t| t.millis() as i64);
    (p.is_bound(), phase, p.is_ready(), ready_for, -i64::from(restarts), -created)
}

/// The pod `kubectl exec`/`logs` would use for `name` (`pod`, or `type/name`).
pub async fn find_pod(ctx: &Ctx, ns: &str, target: &str, timeout_ms: u64) -> Result<Pod, KError> {
    let (kind, name) = match target.split_once('/') {
        Some((t, n)) => (
            Kind::lookup(t).ok_or_else(|| KError::msg(format!("the server doesn't have a resource type \"{t}\"")))?,
            n,
        ),
        None => (Kind::Pod, target),
    };
    let key = Key::new(ns, name);
    if kind == Kind::Pod {
        return ctx
            .sys
            .cluster()
            .store()
            .pods()
            .get(&key)
            .map(|p| Pod::clone(p))
            .ok_or_else(|| KError::from(ApiError::not_found(Kind::Pod, name)));
    }
    let selector = {
        let c = ctx.sys.cluster();
        match kind {
            Kind::Deployment => {
                c.store().deployments().get(&key).map(|d| d.spec.selector.clone().unwrap_or_default().match_labels)
            }
            Kind::ReplicaSet => {
                c.store().replicasets().get(&key).map(|r| r.spec.selector.clone().unwrap_or_default().match_labels)
            }
            Kind::Service => c.store().services().get(&key).map(|s| s.spec.selector.clone().unwrap_or_default()),
            _ => return Err(KError::msg(format!("cannot attach to {}: not implemented", kind.qualified_plural()))),
        }
    };
    let Some(selector) = selector else { return Err(KError::from(ApiError::not_found(kind, name))) };
    if selector.is_empty() {
        return Err(KError::msg(format!(
            "cannot attach to {}: selector for {} is empty",
            kind.qualified_plural(),
            name
        )));
    }
    let start = ctx.sys.now();
    loop {
        let best = {
            let c = ctx.sys.cluster();
            let now = c.now().millis();
            c.store()
                .keys(Kind::Pod, Some(ns))
                .into_iter()
                .filter_map(|k| c.store().pods().get(&k))
                .filter(|p| selector.iter().all(|(k, v)| p.metadata.labels.get(k) == Some(v)))
                .max_by_key(|p| activity(p, now))
                .map(|p| Pod::clone(p))
        };
        if let Some(p) = best {
            return Ok(p);
        }
        if ctx.sys.now().since(start) >= timeout_ms || ctx.sys.interrupted() {
            return Err(KError::msg("timed out waiting for the condition"));
        }
        ctx.next_change(start.plus_ms(timeout_ms)).await;
    }
}

pub async fn run(ctx: &Ctx, p: Parsed, io: &Io) -> Result<(), KError> {
    let dash = p.dash;
    let (target, command): (Option<String>, Vec<String>) = match dash {
        Some(0) => (None, p.args.clone()),
        Some(1) => (p.args.first().cloned(), p.args.iter().skip(1).cloned().collect()),
        Some(_) => {
            return Err(usage(
                "exec",
                "exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead",
            ))
        }
        None if p.args.len() > 1 => {
            return Err(usage(
                "exec",
                "exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead",
            ));
        }
        None => (p.args.first().cloned(), vec![]),
    };
    let Some(target) = target else { return Err(KError::msg("pod, type/name or --filename must be specified")) };
    if command.is_empty() {
        return Err(KError::msg("you must specify at least one command for the container"));
    }
    let ns = ctx.namespace(&p);
    let timeout_ms = p.get("pod-running-timeout").and_then(parse_duration_ms).unwrap_or(60_000);
    let pod = find_pod(ctx, &ns, &target, timeout_ms).await?;
    if pod.is_finished() {
        return Err(KError::msg(format!(
            "cannot exec into a container in a completed pod; current phase is {}",
            pod.status.phase
        )));
    }
    let container = match p.get("container") {
        Some(c) => {
            if !pod.spec.containers.iter().any(|x| x.name == c) {
                let all: Vec<&str> = pod.spec.containers.iter().map(|x| x.name.as_str()).collect();
                return Err(KError::msg(format!(
                    "container {c} is not valid for pod {} out of: {}",
                    pod.metadata.name,
                    all.join(", ")
                )));
            }
            c.to_string()
        }
        None => {
            let default = pod.metadata.annotations.get("kubectl.kubernetes.io/default-container").cloned();
            let first = pod.spec.containers.first().map(|c| c.name.clone()).unwrap_or_default();
            let name = default.unwrap_or(first);
            if pod.spec.containers.len() > 1 && !p.bool("quiet") {
                let all: Vec<&str> = pod.spec.containers.iter().map(|x| x.name.as_str()).collect();
                io.err.line(&format!("Defaulted container \"{name}\" out of: {}", all.join(", ")));
            }
            name
        }
    };
    if p.bool("stdin") && p.bool("tty") && !p.bool("quiet") {
        io.err.line("Unable to use a TTY - input is not a terminal or the right kind of file");
    }
    let key = Key::of(&pod.metadata);
    // The API server reaches the container through the kubelet of its node.
    if let Some(host) = ctx.sys.cluster().hosts().by_name(&pod.spec.node_name) {
        if !host.reachable() {
            return Err(KError::Raw(format!(
                "Error from server: error dialing backend: dial tcp {}:10250: connect: no route to host\n",
                host.ip()
            )));
        }
    }
    let running = { ctx.sys.cluster().container_running(&key, &container) };
    if !running {
        return Err(KError::msg(format!(
            "Internal error occurred: unable to upgrade connection: container not found (\"{container}\")"
        )));
    }
    let Some(ct) = Container::open(&ctx.sys, &key, &container) else {
        return Err(KError::msg(format!(
            "Internal error occurred: unable to upgrade connection: container not found (\"{container}\")"
        )));
    };
    let argv0 = command.first().cloned().unwrap_or_default();
    ct.check(&argv0).map_err(|e| KError::msg(e.message()))?;
    let cio = if p.bool("stdin") { io.clone() } else { io.with_stdin("") };
    let code = userland::exec(ct, command, cio).await;
    if code == 0 {
        Ok(())
    } else {
        Err(KError::Exit(code))
    }
}

/// `30s`, `1m`, `2m30s`, `100ms`, or plain seconds: a Go duration in milliseconds.
pub fn parse_duration_ms(s: &str) -> Option<u64> {
    if let Ok(n) = s.parse::<u64>() {
        return Some(n * 1000);
    }
    let mut total = 0f64;
    let mut num = String::new();
    let mut chars = s.chars().peekable();
    let mut any = false;
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() || c == '.' {
            num.push(c);
            continue;
        }
        let mut unit = c.to_string();
        if c == 'm' && chars.peek() == Some(&'s') {
            unit.push('s');
            chars.next();
        }
        let n: f64 = num.parse().ok()?;
        num.clear();
        total += n * match unit.as_str() {
            "ms" => 1.0,
            "s" => 1000.0,
            "m" => 60_000.0,
            "h" => 3_600_000.0,
            _ => return None,
        };
        any = true;
    }
    if !num.is_empty() || !any {
        return None;
    }
    Some(total as u64)
}
