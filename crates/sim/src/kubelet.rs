//! The kubelets: what happens to a pod once it is bound to a node. Sandbox and pod IP, image
//! pulls (cached per node; unknown images fail with ErrImagePull / ImagePullBackOff), the
//! main process of each container (runs, exits, restarts with CrashLoopBackOff back-off),
//! readiness, graceful termination, and the pod status the API shows for all of it.

use crate::addr::Ip;
use crate::api::pod::RestartPolicy;
use crate::api::pod::{
    ContainerState, ContainerStatus, IpEntry, PodCondition, PodStatus, StateRunning, StateTerminated, StateWaiting,
};
use crate::api::{Container, Key, Pod};
use crate::apiserver::Control;
use crate::ctx::Wake;
use crate::images::{Entry, Image, Reference};
use crate::time::Time;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

/// One node's kubelet: its node's name, address and pod CIDR, the pods it runs, the images it
/// has pulled, and the pod IPs it has handed out.
#[derive(Clone, Debug)]
pub struct Kubelet {
    pub node: String,
    pub ip: Ip,
    pub cidr: crate::addr::Cidr,
    pods: BTreeMap<Key, Box<PodRuntime>>,
    /// Images present on the node.
    images: BTreeSet<String>,
    /// Next host index to try in the node's pod CIDR (host-local IPAM goes round-robin).
    next_ip: u64,
    used_ips: BTreeSet<Ip>,
    /// Image IDs by image name (a digest is worked out once per image).
    image_ids: BTreeMap<String, String>,
    /// When the kubelet came up after the machine last booted: nothing starts before.
    booted: Time,
}

impl Kubelet {
    pub fn new(node: &str, ip: Ip, cidr: crate::addr::Cidr) -> Kubelet {
        Kubelet {
            node: node.to_string(),
            ip,
            cidr,
            pods: BTreeMap::new(),
            images: BTreeSet::new(),
            next_ip: 2,
            used_ips: BTreeSet::new(),
            image_ids: BTreeMap::new(),
            booted: Time::ZERO,
        }
    }
}

/// The node's view of one pod.
#[derive(Clone, Debug)]
pub struct PodRuntime {
    pub node: String,
    pub uid: String,
    pub ip: Option<Ip>,
    /// `ip` and the node's IP as text (the status repeats them on every update).
    pub ip_text: String,
    pub host_ip_text: String,
    pub host_network: bool,
    pub started: Time,
    pub sandbox_at: Time,
    pub containers: Vec<ContainerRt>,
    /// When SIGTERM was sent.
    pub killed_at: Option<Time>,
    /// What the last reported status was made from (see `signature`).
    pub last_signature: Option<u64>,
}

#[derive(Clone, Debug)]
pub struct ContainerRt {
    pub name: String,
    pub reference: Reference,
    /// `reference.full()`, and the image ID the runtime reports (`repo@sha256:...`).
    pub image_name: String,
    pub image_id: String,
    pub image: Option<&'static Image>,
    pub state: CState,
    pub restarts: i32,
    pub last: Option<Terminated>,
    pub id: String,
    pub pull_failures: u32,
    /// When the readiness probe first succeeds, relative to the start (None: never).
    pub ready_after_ms: Option<u64>,
    /// What the main process does once started.
    pub main: Main,
    /// Whether it stops on SIGTERM (see [`main_process`]).
    pub handles_term: bool,
    /// When the image pull under way completes.
    pub pull_done: Option<Time>,
    /// Files written in the container since it started.
    pub files: Rc<RefCell<BTreeMap<String, String>>>,
}

impl ContainerRt {
    pub fn running(&self) -> bool {
        matches!(self.state, CState::Running { .. })
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Terminated {
    pub code: i32,
    pub reason: ExitReason,
    pub message: String,
    pub started: Time,
    pub finished: Time,
    pub id: String,
}

/// Why a container waits (the `reason` of its `waiting` state).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum WaitReason {
    ContainerCreating,
    ErrImagePull,
    ImagePullBackOff,
    CrashLoopBackOff,
}

impl WaitReason {
    pub fn as_str(self) -> &'static str {
        match self {
            WaitReason::ContainerCreating => "ContainerCreating",
            WaitReason::ErrImagePull => "ErrImagePull",
            WaitReason::ImagePullBackOff => "ImagePullBackOff",
            WaitReason::CrashLoopBackOff => "CrashLoopBackOff",
        }
    }
}

/// Why a container stopped (the `reason` of its `terminated` state).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum ExitReason {
    Completed,
    Error,
    /// The machine went down under it (exit code 255, as after a node reboot).
    Unknown,
    /// The runtime could not start it (its command is not in the image).
    StartError,
}

impl ExitReason {
    pub fn as_str(self) -> &'static str {
        match self {
            ExitReason::Completed => "Completed",
            ExitReason::Error => "Error",
            ExitReason::Unknown => "Unknown",
            ExitReason::StartError => "StartError",
        }
    }

    /// How a process that exited with `code` ended.
    pub fn of(code: i32) -> ExitReason {
        if code == 0 {
            ExitReason::Completed
        } else {
            ExitReason::Error
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CState {
    /// Waiting; `until` is when the kubelet looks again.
    Waiting {
        reason: WaitReason,
        message: String,
        until: Time,
    },
    Running {
        since: Time,
    },
    Terminated(Terminated),
}

/// The container's main process, as far as the simulation models it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Main {
    Forever,
    /// Exits with `code` after `ms`.
    ExitAfter {
        ms: u64,
        code: i32,
    },
    /// The command does not exist in the image: the runtime cannot start it.
    NotFound(String),
}

impl PodRuntime {
    /// The written files of container `name` (shared with the shells running in it).
    pub fn files(&self, name: &str) -> Rc<RefCell<BTreeMap<String, String>>> {
        self.containers.iter().find(|c| c.name == name).map(|c| c.files.clone()).unwrap_or_default()
    }
}

impl Kubelet {
    /// The machine is switched off: every running container dies with it.
    pub fn power_off(&mut self, now: Time) {
        for rt in self.pods.values_mut() {
            rt.last_signature = None;
            for ct in &mut rt.containers {
                if let CState::Running { since } = ct.state {
                    ct.state = CState::Terminated(Terminated {
                        code: 255,
                        reason: ExitReason::Unknown,
                        message: String::new(),
                        started: since,
                        finished: now,
                        id: ct.id.clone(),
                    });
                }
            }
        }
    }

    /// The machine is switched on; its kubelet runs from `at`.
    pub fn power_on(&mut self, at: Time) {
        self.booted = at;
    }

    /// Back in touch with the API server: every pod's status is written again (the node
    /// controller may have changed it meanwhile).
    pub fn resync(&mut self) {
        for rt in self.pods.values_mut() {
            rt.last_signature = None;
        }
    }

    /// The runtime state of `pod`, if this kubelet runs it.
    pub fn pod(&self, pod: &Key) -> Option<&PodRuntime> {
        self.pods.get(pod).map(|b| &**b)
    }

    pub fn pods(&self) -> impl Iterator<Item = (&Key, &PodRuntime)> {
        self.pods.iter().map(|(k, v)| (k, &**v))
    }

    /// Drops the runtime state of a pod that is gone from the store.
    pub fn forget(&mut self, key: &Key) {
        if let Some(rt) = self.pods.remove(key) {
            self.release(&rt);
        }
    }

    fn release(&mut self, rt: &PodRuntime) {
        if let (Some(ip), false) = (rt.ip, rt.host_network) {
            self.used_ips.remove(&ip);
        }
    }

    /// The pod whose sandbox has `ip` now.
    pub fn pod_by_ip(&self, ip: Ip) -> Option<&Key> {
        self.pods.iter().find(|(_, rt)| rt.ip == Some(ip) && !rt.host_network).map(|(k, _)| k)
    }

    fn allocate_ip(&mut self, cidr: crate::addr::Cidr) -> Option<Ip> {
        let size = cidr.size();
        let next = &mut self.next_ip;
        for _ in 0..size {
            if *next >= size - 1 {
                *next = 2;
            }
            let ip = cidr.nth(*next);
            *next += 1;
            if self.used_ips.insert(ip) {
                return Some(ip);
            }
        }
        None
    }
}

/// What the main process of `c` does in `image` (a model of the common tutorial commands),
/// and whether it stops on SIGTERM. As PID 1 a process has no default signal actions: one
/// that sets no handler (busybox `sleep` and `tail`, `sh -c` without `trap ... TERM`) ignores
/// SIGTERM and is killed when the grace period ends. The images' own servers handle it.
pub fn main_process(image: &Image, c: &Container) -> (Main, bool) {
    let argv: Vec<&str> = c.command.iter().chain(c.args.iter()).map(String::as_str).collect();
    let Some(first) = argv.first() else {
        return match image.entry {
            Entry::Forever => (Main::Forever, true),
            Entry::Exit(code) => (Main::ExitAfter { ms: 50, code }, true),
        };
    };
    if c.command.is_empty() && image.entry == Entry::Forever {
        // Arguments to a server's entrypoint.
        return (Main::Forever, true);
    }
    let bin = first.rsplit('/').next().unwrap_or(first);
    if !image.has_bin(bin) && (!c.command.is_empty() || image.bins.is_empty()) {
        return (Main::NotFound((*first).to_string()), true);
    }
    let script = argv.iter().skip_while(|a| **a != "-c").nth(1).copied().unwrap_or("");
    let handles_term = match bin {
        "sleep" | "tail" => false,
        "sh" | "ash" | "bash" => script.contains("trap") && script.contains("TERM"),
        _ => true,
    };
    let main = match bin {
        "sleep" => match argv.get(1).copied() {
            Some("infinity") => Main::Forever,
            Some(n) => match n.trim_end_matches('s').parse::<f64>() {
                Ok(s) if s >= 0.0 => Main::ExitAfter { ms: (s * 1000.0) as u64, code: 0 },
                _ => Main::ExitAfter { ms: 5, code: 1 },
            },
            None => Main::ExitAfter { ms: 5, code: 1 },
        },
        "sh" | "ash" | "bash" => script_model(script),
        "true" | "echo" | "printf" | "hostname" | "date" | "env" | "printenv" | "cat" | "ls" | "pwd" | "uname"
        | "id" => Main::ExitAfter { ms: 10, code: 0 },
        "false" => Main::ExitAfter { ms: 10, code: 1 },
        _ => Main::Forever,
    };
    (main, handles_term)
}

/// A rough model of a `sh -c` script as a main process: loops and `sleep infinity` run
/// forever; otherwise the sleeps add up and `exit N` sets the code.
fn script_model(script: &str) -> Main {
    if script.is_empty() {
        return Main::ExitAfter { ms: 5, code: 0 };
    }
    let forever = ["while true", "while :", "sleep infinity", "tail -f", "nginx", "until false"];
    if forever.iter().any(|f| script.contains(f)) {
        return Main::Forever;
    }
    let words: Vec<&str> =
        script.split(|c: char| c.is_whitespace() || c == ';' || c == '&').filter(|w| !w.is_empty()).collect();
    let mut ms = 10;
    let mut code = 0;
    let mut it = words.iter().peekable();
    while let Some(w) = it.next() {
        match *w {
            "sleep" => {
                if let Some(n) = it.peek().and_then(|n| n.parse::<f64>().ok()) {
                    ms += (n * 1000.0) as u64;
                }
            }
            "exit" => {
                code = it.peek().and_then(|n| n.parse().ok()).unwrap_or(0);
                break;
            }
            "false" => code = 1,
            _ => {}
        }
    }
    Main::ExitAfter { ms, code }
}

/// The kubelet's sync loop for one pod on its node: drive its containers, then write its status.
pub fn sync_pod(c: &mut Control, kubelet: &mut Kubelet, key: &Key) {
    let Some(pod) = c.api.store().pods().get(key) else {
        kubelet.forget(key);
        return;
    };
    if !pod.is_bound() {
        return;
    }
    // What the loop needs of the pod (the pod itself is not copied).
    let deletion = pod.metadata.deletion_timestamp;
    let restart_policy = pod.spec.restart_policy.clone();
    // `name_namespace(uid)`, as back-off messages name the pod (made only when needed).
    let pod_ref = (pod.metadata.name.clone(), pod.metadata.namespace.clone(), pod.metadata.uid.clone());
    let node_ip = Some(kubelet.ip);
    let now = c.now();
    if now < kubelet.booted {
        // The machine is still booting.
        c.wake_at(kubelet.booted, Wake::Pod(key.clone()));
        return;
    }
    if !kubelet.pods.contains_key(key) {
        if deletion.is_some() {
            // Never started here: nothing to stop.
            c.api.remove(crate::api::Kind::Pod, key);
            return;
        }
        admit(c, kubelet, key);
    }
    let Some(mut rt) = kubelet.pods.remove(key) else { return };

    // Sandbox: the pod IP appears.
    if rt.ip.is_none() && now >= rt.sandbox_at {
        rt.ip = if rt.host_network { node_ip } else { kubelet.allocate_ip(kubelet.cidr) };
        rt.ip_text = rt.ip.map(|i| i.to_string()).unwrap_or_default();
    }
    let terminating = deletion.is_some();
    if terminating && rt.killed_at.is_none() {
        rt.killed_at = Some(now);
    }
    let grace_end = deletion.unwrap_or(now);
    let mut next: Option<Time> = None;
    let mut soonest = |t: Time| {
        if next.is_none_or(|n| t < n) {
            next = Some(t);
        }
    };
    for ct in &mut rt.containers {
        let env = Env {
            now,
            booted: kubelet.booted,
            sandbox_at: rt.sandbox_at,
            restart_policy: &restart_policy,
            killed_at: rt.killed_at,
            grace_end,
            pod_ref: (&pod_ref.0, &pod_ref.1, &pod_ref.2),
        };
        if !step_container(&mut c.cx.rng, ct, &env, &mut kubelet.images) {
            c.cx.fault(format!("container {} of pod {key} changed state 8 times in one step", ct.name));
        }
        match &ct.state {
            CState::Waiting { until, .. } if !terminating => soonest(*until),
            CState::Running { since } => {
                if let Some(kill) = rt.killed_at {
                    soonest(stop_at(ct, *since, kill, grace_end).0);
                } else {
                    if let Main::ExitAfter { ms, .. } = ct.main {
                        soonest(since.plus_ms(ms));
                    }
                    if let Some(r) = ct.ready_after_ms {
                        let at = since.plus_ms(r);
                        if at > now {
                            soonest(at);
                        }
                    }
                }
            }
            CState::Terminated(t) if !terminating && restart_policy.restarts(t.code) => {
                soonest(t.finished.plus_ms(500));
            }
            _ => {}
        }
    }
    if rt.ip.is_none() {
        // No address left in the node's pod CIDR: the sandbox is retried, as the kubelet
        // does after FailedCreatePodSandBox.
        soonest(if rt.sandbox_at > now { rt.sandbox_at } else { now.plus_secs(5) });
    }
    let all_stopped = rt.containers.iter().all(|ct| !matches!(ct.state, CState::Running { .. }));
    if terminating && all_stopped {
        kubelet.release(&rt);
        c.api.remove(crate::api::Kind::Pod, key);
        return;
    }
    // The status is a function of this signature (and of old transition times): when it has
    // not moved, neither has the status.
    let sig = signature(&rt, now);
    let changed = if rt.last_signature == Some(sig) {
        None
    } else {
        rt.last_signature = Some(sig);
        c.api.store().pods().get(key).map(|pod| {
            let status = pod_status(pod, &rt, now);
            (status != pod.status).then_some(status)
        })
    };
    kubelet.pods.insert(key.clone(), rt);
    if let Some(t) = next {
        c.wake_at(t, Wake::Pod(key.clone()));
    }
    if let Some(Some(status)) = changed {
        c.api.modify_pod(key, |p| p.status = status);
    }
}

/// First sight of a pod on its node: create the runtime state.
fn admit(c: &mut Control, kubelet: &mut Kubelet, key: &Key) {
    let now = c.now();
    let sandbox_at = now.plus_ms(c.cx.rng.range(300, 800));
    let Some(pod) = c.api.store().pods().get(key) else { return };
    let containers = pod
        .spec
        .containers
        .iter()
        .map(|ct| {
            let reference = Reference::parse(&ct.image);
            let image = reference.resolve();
            let ready_after_ms = readiness(ct, image);
            let image_name = reference.full();
            let (main, handles_term) = image.map_or((Main::Forever, true), |i| main_process(i, ct));
            let image_id = kubelet
                .image_ids
                .entry(image_name.clone())
                .or_insert_with(|| format!("{}@sha256:{}", reference.repo, crate::hash::digest(&image_name)))
                .clone();
            ContainerRt {
                name: ct.name.clone(),
                image_name,
                image_id,
                main,
                handles_term,
                reference,
                image,
                state: CState::Waiting {
                    reason: WaitReason::ContainerCreating,
                    message: String::new(),
                    until: sandbox_at,
                },
                restarts: 0,
                last: None,
                id: String::new(),
                pull_failures: 0,
                pull_done: None,
                files: Rc::default(),
                ready_after_ms,
            }
        })
        .collect();
    kubelet.pods.insert(
        key.clone(),
        Box::new(PodRuntime {
            node: pod.spec.node_name.clone(),
            uid: pod.metadata.uid.clone(),
            ip: None,
            ip_text: String::new(),
            host_ip_text: kubelet.ip.to_string(),
            host_network: pod.spec.host_network,
            started: now,
            sandbox_at,
            containers,
            killed_at: None,
            last_signature: None,
        }),
    );
}

/// A digest of everything the pod status is made from: IP, termination, and each
/// container's state, restarts and readiness.
fn signature(rt: &PodRuntime, now: Time) -> u64 {
    let mut h = crate::hash::Fnv64::default();
    let mut mix = |x: u64| {
        h.word(x);
    };
    mix(rt.ip.map_or(0, |i| u64::from(i.0) + 1));
    mix(rt.killed_at.map_or(0, |t| t.millis() + 1));
    for ct in &rt.containers {
        match &ct.state {
            CState::Waiting { reason, message, .. } => {
                mix(1);
                mix(*reason as u64);
                mix(message.len() as u64);
            }
            CState::Running { since } => {
                mix(2);
                mix(since.millis());
                mix(u64::from(ct.ready_after_ms.is_some_and(|r| now >= since.plus_ms(r))));
            }
            CState::Terminated(t) => {
                mix(3);
                mix(t.finished.millis());
                mix(t.code as u64);
            }
        }
        mix(ct.restarts as u64);
        mix(ct.id.len() as u64);
    }
    h.0
}

/// When the readiness probe first passes, from container start (None: never).
fn readiness(ct: &Container, image: Option<&Image>) -> Option<u64> {
    let Some(probe) = &ct.readiness_probe else { return Some(0) };
    let delay = probe.get("initialDelaySeconds").and_then(serde_json::Value::as_u64).unwrap_or(0) * 1000;
    let port_ok = |p: Option<&serde_json::Value>| -> bool {
        let Some(image) = image else { return false };
        match p {
            Some(serde_json::Value::Number(n)) => n.as_u64().is_some_and(|n| image.listens_tcp(n as u16)),
            Some(serde_json::Value::String(name)) => ct
                .ports
                .iter()
                .find(|cp| &cp.name == name)
                .is_some_and(|cp| image.listens_tcp(cp.container_port as u16)),
            _ => false,
        }
    };
    let passes = if let Some(h) = probe.get("httpGet") {
        port_ok(h.get("port"))
    } else if let Some(t) = probe.get("tcpSocket") {
        port_ok(t.get("port"))
    } else {
        true
    };
    passes.then_some(delay + 1000)
}

/// What a container step needs to know about its pod.
struct Env<'a> {
    now: Time,
    /// When the kubelet came up: what was due while the machine was off starts then.
    booted: Time,
    sandbox_at: Time,
    restart_policy: &'a RestartPolicy,
    killed_at: Option<Time>,
    grace_end: Time,
    /// `name_namespace(uid)`, as back-off messages name the pod.
    pod_ref: (&'a str, &'a str, &'a str),
}

/// Moves one container on as far as it goes at this instant. `false`: it was still changing
/// after eight steps (a fault: no container changes that often at once).
fn step_container(
    rng: &mut crate::rng::Rng,
    ct: &mut ContainerRt,
    env: &Env<'_>,
    images: &mut BTreeSet<String>,
) -> bool {
    let Env { now, booted, sandbox_at, restart_policy, killed_at, grace_end, pod_ref } = *env;
    // Termination: running containers stop (see `stop_at`); nothing restarts.
    if let Some(kill) = killed_at {
        if let CState::Running { since } = ct.state {
            let (exit_at, code) = stop_at(ct, since, kill, grace_end);
            if now >= exit_at {
                ct.state = CState::Terminated(Terminated {
                    code,
                    reason: ExitReason::of(code),
                    message: String::new(),
                    started: since,
                    finished: exit_at,
                    id: ct.id.clone(),
                });
            }
        }
        return true;
    }
    for _ in 0..8 {
        let changed = match ct.state.clone() {
            CState::Waiting { reason, until, .. } if now >= until => {
                match reason {
                    WaitReason::ContainerCreating => {
                        pull_or_start(rng, ct, now, sandbox_at.max(until).max(booted), images);
                    }
                    WaitReason::ErrImagePull if ct.pull_failures == 0 => {
                        pull_or_start(rng, ct, now, sandbox_at.max(until).max(booted), images);
                    }
                    WaitReason::ErrImagePull => {
                        let backoff = backoff_ms(ct.pull_failures.saturating_sub(1));
                        let name = ct.reference.full();
                        ct.state = CState::Waiting {
                            reason: WaitReason::ImagePullBackOff,
                            message: format!("Back-off pulling image \"{}\"", short_ref(&name)),
                            until: until.plus_ms(backoff),
                        };
                    }
                    WaitReason::ImagePullBackOff => pull_or_start(rng, ct, now, until.max(booted), images),
                    WaitReason::CrashLoopBackOff => start(rng, ct, until.max(booted)),
                }
                true
            }
            CState::Running { since } => match ct.main {
                Main::ExitAfter { ms, code } if now >= since.plus_ms(ms) => {
                    ct.state = CState::Terminated(Terminated {
                        code,
                        reason: ExitReason::of(code),
                        message: String::new(),
                        started: since,
                        finished: since.plus_ms(ms),
                        id: ct.id.clone(),
                    });
                    true
                }
                _ => false,
            },
            CState::Terminated(t) => {
                let restart = restart_policy.restarts(t.code);
                if restart && now >= t.finished.plus_ms(500) {
                    ct.last = Some(t.clone());
                    if ct.restarts == 0 {
                        ct.restarts += 1;
                        start(rng, ct, t.finished.plus_ms(500).max(booted));
                    } else {
                        let backoff = backoff_ms(u32::try_from(ct.restarts - 1).unwrap_or(0));
                        let name = ct.name.clone();
                        ct.state = CState::Waiting {
                            reason: WaitReason::CrashLoopBackOff,
                            message: format!(
                                "back-off {} restarting failed container={name} pod={}_{}({})",
                                crate::time::go_duration_secs(backoff / 1000),
                                pod_ref.0,
                                pod_ref.1,
                                pod_ref.2
                            ),
                            until: t.finished.plus_ms(backoff),
                        };
                        ct.restarts += 1;
                    }
                    true
                } else {
                    false
                }
            }
            _ => false,
        };
        if !changed {
            return true;
        }
    }
    false
}

/// When a container running since `since` stops after SIGTERM at `kill`, and its exit code:
/// the image's stop time (at least the 100 ms the kubelet takes to see it) if it handles
/// SIGTERM, else SIGKILL (137) when the grace period ends; sooner if it exits by itself.
fn stop_at(ct: &ContainerRt, since: Time, kill: Time, grace_end: Time) -> (Time, i32) {
    let sigkill = grace_end.max(kill);
    let stop = ct.image.map_or(0, |i| u64::from(i.stop_secs) * 1000).max(100);
    let mut end = match ct.handles_term && stop / 1000 <= sigkill.since(kill) / 1000 {
        true => (kill.plus_ms(stop).min(sigkill), 0),
        false => (sigkill, 137),
    };
    if let Main::ExitAfter { ms, code } = ct.main {
        if since.plus_ms(ms) < end.0 {
            end = (since.plus_ms(ms), code);
        }
    }
    end
}

/// The kubelet's back-off after `n` failures in a row (image pulls, crashing containers):
/// 10 s, doubling, at most 5 minutes.
fn backoff_ms(n: u32) -> u64 {
    (10_000u64 << n.min(5)).min(300_000)
}

fn short_ref(full: &str) -> String {
    full.strip_prefix("docker.io/library/").or_else(|| full.strip_prefix("docker.io/")).unwrap_or(full).to_string()
}

/// The image is looked up (pulled unless present), then the container starts. A pull in
/// progress finishes at `pull_done`.
fn pull_or_start(
    rng: &mut crate::rng::Rng,
    ct: &mut ContainerRt,
    now: Time,
    from: Time,
    images: &mut BTreeSet<String>,
) {
    let full = ct.image_name.clone();
    let done = match ct.pull_done {
        Some(d) => d,
        None => {
            let cached = images.contains(&full);
            let took = match ct.image {
                Some(_) if cached => rng.range(80, 250),
                Some(img) => 400 + u64::from(img.size_mb) * rng.range(25, 45),
                None => rng.range(800, 1600),
            };
            let d = from.plus_ms(took);
            ct.pull_done = Some(d);
            d
        }
    };
    if now < done {
        let (reason, message) = match &ct.state {
            CState::Waiting { reason, message, .. } if ct.pull_failures > 0 => (*reason, message.clone()),
            _ => (WaitReason::ContainerCreating, String::new()),
        };
        ct.state = CState::Waiting { reason, message, until: done };
        return;
    }
    ct.pull_done = None;
    match ct.image {
        Some(_) => {
            images.insert(full);
            start(rng, ct, done);
        }
        None => {
            ct.pull_failures += 1;
            ct.state = CState::Waiting {
                reason: WaitReason::ErrImagePull,
                message: pull_error(&full),
                until: done.plus_ms(rng.range(800, 1500)),
            };
        }
    }
}

/// containerd's message for an image that does not exist.
fn pull_error(full: &str) -> String {
    format!(
        "failed to pull and unpack image \"{full}\": failed to resolve reference \"{full}\": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed"
    )
}

fn start(rng: &mut crate::rng::Rng, ct: &mut ContainerRt, at: Time) {
    ct.id = format!("containerd://{}", rng.hex(64));
    ct.files = Rc::default();
    if let Main::NotFound(cmd) = &ct.main {
        ct.state = CState::Terminated(Terminated {
            code: 128,
            reason: ExitReason::StartError,
            message: format!("failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: \"{cmd}\": executable file not found in $PATH: unknown"),
            started: Time::ZERO,
            finished: at,
            id: ct.id.clone(),
        });
        return;
    }
    ct.state = CState::Running { since: at };
}

/// The pod status the kubelet reports for `rt`.
fn pod_status(pod: &Pod, rt: &PodRuntime, now: Time) -> PodStatus {
    let host_ip = rt.host_ip_text.as_str();
    let old = &pod.status;
    let mut st = PodStatus { qos_class: "BestEffort".into(), ..Default::default() };
    if !host_ip.is_empty() {
        st.host_ip = host_ip.to_string();
        st.host_ips = vec![IpEntry { ip: host_ip.to_string() }];
    }
    if rt.ip.is_some() {
        st.pod_ip.clone_from(&rt.ip_text);
        st.pod_ips = vec![IpEntry { ip: rt.ip_text.clone() }];
    }
    st.start_time = Some(rt.started);
    let terminating = rt.killed_at.is_some();
    let mut all_ready = true;
    let mut unready = Vec::new();
    let mut any_running = false;
    let mut all_started_once = true;
    for ct in &rt.containers {
        let image_id = match ct.image {
            Some(_) if !ct.id.is_empty() => ct.image_id.clone(),
            _ => String::new(),
        };
        let (state, ready, started) = match &ct.state {
            CState::Waiting { reason, message, .. } => {
                if ct.last.is_none() {
                    all_started_once = false;
                }
                (
                    ContainerState {
                        waiting: Some(StateWaiting { reason: reason.as_str().into(), message: message.clone() }),
                        ..Default::default()
                    },
                    false,
                    false,
                )
            }
            CState::Running { since } => {
                any_running = true;
                let ready = !terminating && ct.ready_after_ms.is_some_and(|r| now >= since.plus_ms(r));
                (
                    ContainerState { running: Some(StateRunning { started_at: Some(*since) }), ..Default::default() },
                    ready,
                    true,
                )
            }
            CState::Terminated(t) => {
                (ContainerState { terminated: Some(terminated(t)), ..Default::default() }, false, false)
            }
        };
        if !ready {
            all_ready = false;
            unready.push(ct.name.clone());
        }
        let last_state = match &ct.last {
            Some(t) => {
                crate::api::json::to_value(&ContainerState { terminated: Some(terminated(t)), ..Default::default() })
            }
            None => crate::api::pod::empty_object(),
        };
        st.container_statuses.push(ContainerStatus {
            name: ct.name.clone(),
            state,
            last_state,
            ready,
            restart_count: ct.restarts,
            image: ct.image_name.clone(),
            image_id,
            container_id: ct.id.clone(),
            started: Some(started),
            ..Default::default()
        });
    }
    let finished_all = rt.containers.iter().all(|ct| matches!(ct.state, CState::Terminated(_)));
    st.phase = if finished_all && pod.spec.restart_policy == RestartPolicy::Never {
        if rt.containers.iter().all(|ct| matches!(&ct.state, CState::Terminated(t) if t.code == 0)) {
            "Succeeded"
        } else {
            "Failed"
        }
    } else if finished_all
        && pod.spec.restart_policy == RestartPolicy::OnFailure
        && rt.containers.iter().all(|ct| matches!(&ct.state, CState::Terminated(t) if t.code == 0))
    {
        "Succeeded"
    } else if any_running || (all_started_once && !rt.containers.is_empty()) {
        "Running"
    } else {
        "Pending"
    }
    .into();
    let cond = |type_: &str, ok: bool, reason: &str, message: String| -> PodCondition {
        let status = if ok { "True" } else { "False" };
        let since = old
            .conditions
            .iter()
            .find(|c| c.type_ == type_ && c.status == status)
            .and_then(|c| c.last_transition_time)
            .unwrap_or(now);
        PodCondition {
            type_: type_.into(),
            status: status.into(),
            last_probe_time: None,
            last_transition_time: Some(since),
            reason: if ok { String::new() } else { reason.into() },
            message: if ok { String::new() } else { message },
            observed_generation: None,
        }
    };
    let sandbox = rt.ip.is_some() && (!terminating || any_running);
    let scheduled_at = old.conditions.iter().find(|c| c.type_ == "PodScheduled").and_then(|c| c.last_transition_time);
    // A terminal pod's readiness says only how it ended (pkg/kubelet/status/generate.go).
    let (ready_reason, unready_msg) = match &*st.phase {
        "Succeeded" => ("PodCompleted", String::new()),
        "Failed" => ("PodFailed", String::new()),
        _ => ("ContainersNotReady", format!("containers with unready status: [{}]", unready.join(" "))),
    };
    let mut initialized = cond("Initialized", true, "", String::new());
    if st.phase == "Succeeded" {
        initialized.reason = "PodCompleted".into();
    }
    st.conditions = vec![
        cond("PodReadyToStartContainers", sandbox, "", String::new()),
        initialized,
        cond("Ready", all_ready, ready_reason, unready_msg.clone()),
        cond("ContainersReady", all_ready, ready_reason, unready_msg),
        PodCondition {
            last_transition_time: scheduled_at.or(Some(now)),
            ..cond("PodScheduled", true, "", String::new())
        },
    ];
    st
}

fn terminated(t: &Terminated) -> StateTerminated {
    StateTerminated {
        exit_code: t.code,
        signal: None,
        reason: t.reason.as_str().into(),
        message: t.message.clone(),
        started_at: if t.started == Time::ZERO { None } else { Some(t.started) },
        finished_at: Some(t.finished),
        container_id: t.id.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{Namespace, Object, ObjectMeta};
    use crate::apiserver::{ApiServer, DeleteOptions};
    use crate::ctx::Ctx;
    use crate::testing::{self, key};
    use crate::{Cluster, Kind};

    fn pod<'a>(c: &'a Cluster, name: &str) -> &'a Pod {
        c.store().pods().get(&key(name)).unwrap()
    }

    fn container<'a>(c: &'a Cluster, name: &str) -> &'a ContainerStatus {
        &pod(c, name).status.container_statuses[0]
    }

    /// The first container's state as `kubectl get pods` would name it.
    fn state(c: &Cluster, name: &str) -> String {
        let st = &container(c, name).state;
        match (&st.waiting, &st.running, &st.terminated) {
            (Some(w), _, _) => w.reason.clone(),
            (_, Some(_), _) => "Running".into(),
            (_, _, Some(t)) => format!("Terminated:{}", t.reason),
            _ => String::new(),
        }
    }

    /// The kubelet's own view of the first container of `name`.
    fn runtime<'a>(c: &'a Cluster, name: &str) -> &'a ContainerRt {
        &c.runtime(&key(name)).unwrap().containers[0]
    }

    /// Each change of the first container's state over `ms`: (ms since the call, state,
    /// restart count, until when the kubelet waits, in ms since the call, if it waits).
    fn timeline(c: &mut Cluster, name: &str, ms: u64) -> Vec<(u64, String, i32, Option<u64>)> {
        let t0 = c.now();
        let mut seen: Vec<(u64, String, i32, Option<u64>)> = Vec::new();
        testing::run_until(c, ms, |c| {
            let now = (state(c, name), container(c, name).restart_count);
            if seen.last().is_none_or(|(_, s, r, _)| (s, r) != (&now.0, &now.1)) {
                let until = match &runtime(c, name).state {
                    CState::Waiting { until, .. } => Some(until.since(t0)),
                    _ => None,
                };
                seen.push((c.now().since(t0), now.0, now.1, until));
            }
            false
        });
        seen
    }

    fn waiting_message(c: &Cluster, name: &str) -> String {
        container(c, name).state.waiting.as_ref().map(|w| w.message.clone()).unwrap_or_default()
    }

    #[test]
    fn a_pod_goes_pending_then_container_creating_then_running_with_an_ip_of_its_node() {
        let mut c = testing::cluster().seed(11).build();
        let t0 = c.now();
        let k = testing::create(&mut c, testing::pod("p", "nginx:1.27", &[])).unwrap();
        let node = testing::node_of(&c, &k).unwrap().to_string();
        assert!(node.starts_with("kubeplay-worker"), "{node}");
        let p = pod(&c, "p");
        assert_eq!(p.status.phase, "Pending");
        assert_eq!(p.status.pod_ip, "");
        assert_eq!(state(&c, "p"), "ContainerCreating");
        let conds: Vec<(&str, &str)> = p.status.conditions.iter().map(|c| (&*c.type_, &*c.status)).collect();
        assert_eq!(
            conds,
            [
                ("PodReadyToStartContainers", "False"),
                ("Initialized", "True"),
                ("Ready", "False"),
                ("ContainersReady", "False"),
                ("PodScheduled", "True")
            ]
        );

        // The sandbox comes up 300-800 ms after admission, with the first free address of
        // the node's pod CIDR (.0 is the network, .1 the bridge).
        assert!(testing::run_until(&mut c, 1_000, |c| !pod(c, "p").status.pod_ip.is_empty()));
        let sandbox = c.now().since(t0);
        assert!((300..800).contains(&sandbox), "{sandbox} ms");
        let host = c.hosts().by_name(&node).unwrap();
        assert_eq!(pod(&c, "p").status.pod_ip, host.cidr().nth(2).to_string());
        assert_eq!(pod(&c, "p").status.host_ip, host.ip().to_string());
        assert_eq!(pod(&c, "p").status.phase, "Pending");
        assert_eq!(state(&c, "p"), "ContainerCreating");

        // nginx (68 MB) is pulled in 400 ms + 25-45 ms per MB, then starts.
        assert!(testing::run_until(&mut c, 10_000, |c| state(c, "p") == "Running"));
        let pull = c.now().since(t0) - sandbox;
        assert!((400 + 68 * 25..=400 + 68 * 45).contains(&pull), "{pull} ms");
        let p = pod(&c, "p");
        assert_eq!(p.status.phase, "Running");
        assert!(p.is_ready());
        let cs = container(&c, "p");
        assert_eq!((cs.ready, cs.restart_count, cs.started), (true, 0, Some(true)));
        assert_eq!(cs.state.running.as_ref().unwrap().started_at, Some(c.now()));
        assert_eq!(cs.image, "docker.io/library/nginx:1.27");
        assert!(cs.image_id.starts_with("docker.io/library/nginx@sha256:"), "{}", cs.image_id);
        assert_eq!(cs.container_id.len(), "containerd://".len() + 64);
        assert!(p.status.conditions.iter().all(|c| c.status == "True"));
    }

    #[test]
    fn an_unknown_image_fails_to_pull_then_backs_off_10_20_40_seconds() {
        let mut c = testing::cluster().seed(12).build();
        testing::create(&mut c, testing::pod("p", "kiamol/no-such-image", &[])).unwrap();
        let seen = timeline(&mut c, "p", 120_000);
        let reasons: Vec<&str> = seen.iter().map(|(_, s, _, _)| s.as_str()).collect();
        assert_eq!(
            reasons,
            [
                "ContainerCreating",
                "ErrImagePull",
                "ImagePullBackOff",
                "ErrImagePull",
                "ImagePullBackOff",
                "ErrImagePull",
                "ImagePullBackOff",
                "ErrImagePull",
                "ImagePullBackOff"
            ]
        );
        // The back-off starts when ImagePullBackOff shows and doubles; the pull is tried again
        // when it ends.
        let backoffs: Vec<u64> = seen
            .iter()
            .filter(|(_, s, _, _)| s == "ImagePullBackOff")
            .filter_map(|(at, _, _, until)| Some(until.as_ref()? - at))
            .collect();
        assert_eq!(backoffs, [10_000, 20_000, 40_000, 80_000]);
        assert!(seen.iter().all(|(_, _, restarts, _)| *restarts == 0));
        assert_eq!(pod(&c, "p").status.phase, "Pending");
        assert_eq!(waiting_message(&c, "p"), "Back-off pulling image \"kiamol/no-such-image:latest\"");
        testing::run_until(&mut c, 90_000, |c| state(c, "p") == "ErrImagePull");
        assert_eq!(
            waiting_message(&c, "p"),
            "failed to pull and unpack image \"docker.io/kiamol/no-such-image:latest\": failed to resolve reference \"docker.io/kiamol/no-such-image:latest\": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed"
        );
        let cs = container(&c, "p");
        assert_eq!((cs.image_id.as_str(), cs.container_id.as_str(), cs.started), ("", "", Some(false)));
    }

    #[test]
    fn a_crashing_container_restarts_with_crashloopbackoff_doubling_to_five_minutes() {
        let mut c = testing::cluster().seed(13).build();
        testing::create(&mut c, testing::pod("p", "busybox", &["sh", "-c", "exit 1"])).unwrap();
        let uid = pod(&c, "p").metadata.uid.clone();
        let seen = timeline(&mut c, "p", 20 * 60_000);
        let states: Vec<(&str, i32)> = seen.iter().map(|(_, s, r, _)| (s.as_str(), *r)).collect();
        // The first exit restarts at once; later ones wait out a back-off.
        assert_eq!(
            states[..8],
            [
                ("ContainerCreating", 0),
                ("Running", 0),
                ("Terminated:Error", 0),
                ("Running", 1),
                ("Terminated:Error", 1),
                ("CrashLoopBackOff", 2),
                ("Running", 2),
                ("Terminated:Error", 2),
            ]
        );
        // Each back-off counts from the exit before it (shown half a second after the exit).
        let backoffs: Vec<u64> = seen
            .windows(2)
            .filter(|w| w[1].1 == "CrashLoopBackOff")
            .map(|w| {
                assert_eq!((w[0].1.as_str(), w[1].0 - w[0].0), ("Terminated:Error", 500));
                w[1].3.unwrap() - w[0].0
            })
            .collect();
        assert_eq!(backoffs, [10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000]);
        // The restart count grows on every exit after the first restart.
        let restarts: Vec<i32> =
            seen.iter().filter(|(_, s, _, _)| s == "CrashLoopBackOff").map(|(_, _, r, _)| *r).collect();
        assert_eq!(restarts, [2, 3, 4, 5, 6, 7, 8, 9]);
        testing::run_until(&mut c, 600_000, |c| state(c, "p") == "CrashLoopBackOff");
        assert_eq!(
            waiting_message(&c, "p"),
            format!("back-off 5m0s restarting failed container=p pod=p_default({uid})")
        );
        let cs = container(&c, "p");
        assert_eq!(cs.last_state["terminated"]["exitCode"], 1);
        assert_eq!(cs.last_state["terminated"]["reason"], "Error");
        assert_eq!(pod(&c, "p").status.phase, "Running");
        assert!(!pod(&c, "p").is_ready());
    }

    #[test]
    fn restart_policies_never_and_on_failure_end_in_succeeded_or_failed() {
        let mut c = testing::cluster().seed(14).build();
        let job = |name: &str, policy: &str, script: &str| {
            format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n  restartPolicy: {policy}\n  containers:\n  - name: c\n    image: busybox\n    command: [sh, -c, '{script}']\n")
        };
        for (name, policy, script) in [
            ("never-ok", "Never", "sleep 2"),
            ("never-fails", "Never", "sleep 2; exit 3"),
            ("onfailure-ok", "OnFailure", "sleep 2"),
            ("onfailure-fails", "OnFailure", "exit 2"),
        ] {
            testing::apply(&mut c, &job(name, policy, script)).unwrap();
        }
        testing::run_until(&mut c, 60_000, |_| false);
        let summary = |name: &str| {
            let p = pod(&c, name);
            let cs = &p.status.container_statuses[0];
            let code = cs.state.terminated.as_ref().map(|t| (t.exit_code, t.reason.clone()));
            (p.status.phase.clone(), code, cs.restart_count)
        };
        assert_eq!(summary("never-ok"), ("Succeeded".into(), Some((0, "Completed".into())), 0));
        assert_eq!(summary("never-fails"), ("Failed".into(), Some((3, "Error".into())), 0));
        assert_eq!(summary("onfailure-ok"), ("Succeeded".into(), Some((0, "Completed".into())), 0));
        // A failing container under OnFailure is restarted: the pod stays Running.
        let (phase, _, restarts) = summary("onfailure-fails");
        assert_eq!(phase, "Running");
        assert_eq!(restarts, 4);
        // Finished pods keep their IP and are not ready.
        for name in ["never-ok", "never-fails", "onfailure-ok"] {
            let p = pod(&c, name);
            assert!(!p.status.pod_ip.is_empty() && !p.is_ready(), "{name}");
        }
    }

    #[test]
    fn finished_pods_are_not_ready_because_they_completed_or_failed() {
        let mut c = testing::cluster().seed(14).build();
        for (name, script) in [("ok", "exit 0"), ("fails", "exit 3")] {
            testing::apply(&mut c, &format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n  restartPolicy: Never\n  containers:\n  - name: c\n    image: busybox\n    command: [sh, -c, '{script}']\n")).unwrap();
        }
        testing::run_until(&mut c, 30_000, |_| false);
        for (name, reason) in [("ok", "PodCompleted"), ("fails", "PodFailed")] {
            for type_ in ["Ready", "ContainersReady"] {
                let cond = pod(&c, name).status.conditions.iter().find(|c| c.type_ == type_).unwrap();
                assert_eq!((&*cond.status, &*cond.reason, &*cond.message), ("False", reason, ""), "{name} {type_}");
            }
        }
        // Initialized stays True; a Succeeded pod's says PodCompleted too.
        for (name, reason) in [("ok", "PodCompleted"), ("fails", "")] {
            let cond = pod(&c, name).status.conditions.iter().find(|c| c.type_ == "Initialized").unwrap();
            assert_eq!((&*cond.status, &*cond.reason), ("True", reason), "{name}");
        }
    }

    #[test]
    fn a_readiness_probe_holds_ready_back_for_its_initial_delay() {
        let mut c = testing::cluster().seed(15).build();
        let probed = |name: &str, port: u16| {
            format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    readinessProbe:\n      httpGet:\n        port: {port}\n      initialDelaySeconds: 5\n")
        };
        testing::apply(&mut c, &probed("p", 80)).unwrap();
        testing::apply(&mut c, &probed("deaf", 8080)).unwrap();
        assert!(testing::run_until(&mut c, 10_000, |c| state(c, "p") == "Running"));
        let started = c.now();
        let p = pod(&c, "p");
        assert_eq!(p.status.phase, "Running");
        let ready = p.status.conditions.iter().find(|c| c.type_ == "Ready").unwrap();
        assert_eq!(
            (&*ready.status, &*ready.reason, &*ready.message),
            ("False", "ContainersNotReady", "containers with unready status: [web]")
        );
        // The first probe runs after the delay and passes a second later.
        assert!(testing::run_until(&mut c, 30_000, |c| pod(c, "p").is_ready()));
        assert_eq!(c.now().since(started), 6_000);
        assert!(container(&c, "p").ready);
        // Nothing listens on 8080: running, never ready.
        testing::run_until(&mut c, 60_000, |_| false);
        assert_eq!(state(&c, "deaf"), "Running");
        assert!(!pod(&c, "deaf").is_ready());
        assert_eq!(container(&c, "deaf").restart_count, 0);
    }

    #[test]
    fn a_deleted_pod_is_removed_once_its_container_has_stopped() {
        let mut c = testing::cluster().seed(16).build();
        testing::create(&mut c, testing::pod("p", "nginx:1.27", &[])).unwrap();
        testing::create(&mut c, testing::pod("q", "nginx:1.27", &[])).unwrap();
        testing::run_until(&mut c, 30_000, |c| pod(c, "p").is_ready() && pod(c, "q").is_ready());
        let t0 = c.now();
        c.delete(Kind::Pod, &key("p"), DeleteOptions::default()).unwrap();
        c.settle();
        let p = pod(&c, "p");
        assert_eq!(p.metadata.deletion_timestamp, Some(t0.plus_secs(30)));
        assert_eq!(p.metadata.deletion_grace_period_seconds, Some(30));
        assert!(c.runtime(&key("p")).unwrap().killed_at == Some(t0));
        // nginx stops on SIGTERM at once (the kubelet sees it 100 ms later); then the pod goes.
        assert!(testing::run_until(&mut c, 30_000, |c| !c.store().pods().contains_key(&key("p"))));
        assert_eq!(c.now().since(t0), 100);
        assert!(c.runtime(&key("p")).is_none());
        // --grace-period=0: gone at once.
        c.delete(Kind::Pod, &key("q"), DeleteOptions { grace_period: Some(0), ..Default::default() }).unwrap();
        c.settle();
        assert!(!c.store().pods().contains_key(&key("q")));
        assert!(c.runtime(&key("q")).is_none());
    }

    #[test]
    fn a_sleeping_busybox_is_killed_at_the_end_of_the_grace_period() {
        let mut c = testing::cluster().seed(16).build();
        testing::create(&mut c, testing::pod("p", "busybox", &["sleep", "3600"])).unwrap();
        testing::create(&mut c, testing::pod("q", "busybox", &["sleep", "20"])).unwrap();
        testing::run_until(&mut c, 30_000, |c| pod(c, "p").is_ready() && pod(c, "q").is_ready());
        let t0 = c.now();
        c.delete(Kind::Pod, &key("p"), DeleteOptions::default()).unwrap();
        c.delete(Kind::Pod, &key("q"), DeleteOptions::default()).unwrap();
        // `sleep 20` ignores SIGTERM too, but its sleep ends first.
        let q_ends = container(&c, "q").state.running.as_ref().unwrap().started_at.unwrap().plus_secs(20);
        assert!(testing::run_until(&mut c, 60_000, |c| !c.store().pods().contains_key(&key("q"))));
        assert_eq!(c.now(), q_ends);
        assert!(testing::run_until(&mut c, 60_000, |c| !c.store().pods().contains_key(&key("p"))));
        assert_eq!(c.now().since(t0), 30_000);
    }

    #[test]
    fn only_processes_with_a_sigterm_handler_stop_on_sigterm() {
        let busybox = Reference::parse("busybox").resolve().unwrap();
        let handles = |argv: &[&str]| {
            let Object::Pod(p) = testing::pod("p", "busybox", argv) else { unreachable!() };
            main_process(busybox, &p.spec.containers[0]).1
        };
        assert!(!handles(&["sleep", "infinity"]));
        assert!(!handles(&["sh", "-c", "while true; do date; sleep 5; done"]));
        assert!(handles(&["sh", "-c", "trap : TERM INT; (while true; do sleep 1000; done) & wait"]));
        let sleep_image = Reference::parse("kiamol/ch03-sleep").resolve().unwrap();
        let Object::Pod(p) = testing::pod("p", "kiamol/ch03-sleep", &[]) else { unreachable!() };
        assert_eq!(main_process(sleep_image, &p.spec.containers[0]), (Main::Forever, true));
    }

    /// A kubelet on its own, with a tiny API server: runs its timers up to `until`.
    fn drive(api: &mut ApiServer, cx: &mut Ctx, kubelet: &mut Kubelet, pod: &Key, until: Time) {
        loop {
            sync_pod(&mut Control { api: &mut *api, cx: &mut *cx }, kubelet, pod);
            match cx.next_wakeup() {
                Some(t) if t <= until => {
                    cx.now = t.max(cx.now);
                    cx.take_due(t);
                }
                _ => break,
            }
        }
        cx.now = until;
        sync_pod(&mut Control { api, cx }, kubelet, pod);
    }

    #[test]
    fn power_off_kills_running_containers_and_they_restart_when_the_kubelet_syncs() {
        let mut api = ApiServer::new(crate::ctx::Config::kind().service_cidr);
        let mut cx = Ctx::new(17);
        let ns =
            Namespace { metadata: ObjectMeta { name: "default".into(), ..Default::default() }, ..Default::default() };
        api.create(&mut cx, Object::Namespace(ns)).unwrap();
        let Object::Pod(mut p) = testing::pod("p", "nginx:1.27", &[]) else { unreachable!() };
        p.metadata.namespace = "default".into();
        p.spec.node_name = "n1".into();
        api.create(&mut cx, Object::Pod(p)).unwrap();
        let cidr = crate::addr::Cidr::new(Ip::new(10, 244, 9, 0), 24);
        let mut kubelet = Kubelet::new("n1", Ip::new(172, 18, 0, 9), cidr);
        let k = key("p");
        drive(&mut api, &mut cx, &mut kubelet, &k, Time::from_secs(10));
        let rt = kubelet.pod(&k).unwrap();
        assert_eq!(rt.ip, Some(Ip::new(10, 244, 9, 2)));
        let CState::Running { since } = rt.containers[0].state else { panic!("{:?}", rt.containers[0].state) };

        let off = Time::from_secs(10);
        kubelet.power_off(off);
        let ct = &kubelet.pod(&k).unwrap().containers[0];
        let dead = Terminated {
            code: 255,
            reason: ExitReason::Unknown,
            message: String::new(),
            started: since,
            finished: off,
            id: ct.id.clone(),
        };
        assert_eq!(ct.state, CState::Terminated(dead.clone()));
        // Nothing is written while the machine is off.
        assert_eq!(api.store().pods().get(&k).unwrap().status.container_statuses[0].restart_count, 0);

        // Back on: the kubelet starts the container again half a second after it died.
        drive(&mut api, &mut cx, &mut kubelet, &k, Time::from_secs(11));
        let ct = &kubelet.pod(&k).unwrap().containers[0];
        assert_eq!(ct.state, CState::Running { since: off.plus_ms(500) });
        assert_eq!((ct.restarts, ct.last.as_ref()), (1, Some(&dead)));
        let cs = &api.store().pods().get(&k).unwrap().status.container_statuses[0];
        assert_eq!(cs.restart_count, 1);
        assert_eq!(cs.last_state["terminated"]["exitCode"], 255);
        assert_eq!(cs.last_state["terminated"]["reason"], "Unknown");
    }

    #[test]
    fn a_machine_restart_restarts_its_containers_with_exit_255() {
        let mut c = testing::cluster().seed(18).build();
        let k = testing::create(&mut c, testing::pod("p", "nginx:1.27", &[])).unwrap();
        testing::run_until(&mut c, 30_000, |c| pod(c, "p").is_ready());
        let node = testing::node_of(&c, &k).unwrap().to_string();
        let first_id = container(&c, "p").container_id.clone();
        let off = c.now();
        c.stop_host(&node).unwrap();
        c.advance_ms(20_000);
        // The API still shows what the kubelet last reported (the node controller has 50 s).
        assert_eq!(state(&c, "p"), "Running");
        c.start_host(&node).unwrap();
        assert!(testing::run_until(&mut c, 30_000, |c| container(c, "p").restart_count == 1));
        let cs = container(&c, "p");
        assert_eq!(state(&c, "p"), "Running");
        assert_eq!(cs.last_state["terminated"]["exitCode"], 255);
        assert_eq!(cs.last_state["terminated"]["reason"], "Unknown");
        assert_eq!(cs.last_state["terminated"]["finishedAt"], off.rfc3339());
        assert_eq!(cs.last_state["terminated"]["containerID"], first_id.as_str());
        assert_ne!(cs.container_id, first_id);
        assert_eq!(pod(&c, "p").status.pod_ip, c.hosts().by_name(&node).unwrap().cidr().nth(2).to_string());
        assert!(pod(&c, "p").is_ready());
    }

    #[test]
    fn a_container_restarted_after_a_machine_restart_started_after_the_boot() {
        let mut c = testing::cluster().seed(18).build();
        let k = testing::create(&mut c, testing::pod("p", "nginx:1.27", &[])).unwrap();
        testing::run_until(&mut c, 30_000, |c| pod(c, "p").is_ready());
        let node = testing::node_of(&c, &k).unwrap().to_string();
        c.stop_host(&node).unwrap();
        c.advance_ms(60_000);
        let on = c.now();
        c.start_host(&node).unwrap();
        assert!(testing::run_until(&mut c, 30_000, |c| container(c, "p").restart_count == 1));
        let started = container(&c, "p").state.running.as_ref().unwrap().started_at.unwrap();
        assert!(started >= on, "started at {started}, the machine was started at {on}");
    }
}
