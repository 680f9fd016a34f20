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

/// What the main process of `c` does in `image` (a model of the common tutorial commands).
pub fn main_process(image: &Image, c: &Container) -> Main {
    let argv: Vec<&str> = c.command.iter().chain(c.args.iter()).map(String::as_str).collect();
    let Some(first) = argv.first() else {
        return match image.entry {
            Entry::Forever => Main::Forever,
            Entry::Exit(code) => Main::ExitAfter { ms: 50, code },
        };
    };
    if c.command.is_empty() && image.entry == Entry::Forever {
        // Arguments to a server's entrypoint.
        return Main::Forever;
    }
    let bin = first.rsplit('/').next().unwrap_or(first);
    if !image.has_bin(bin) && (!c.command.is_empty() || image.bins.is_empty()) {
        return Main::NotFound((*first).to_string());
    }
    match bin {
        "sleep" => match argv.get(1).copied() {
            Some("infinity") => Main::Forever,
            Some(n) => match n.trim_end_matches('s').parse::<f64>() {
                Ok(s) if s >= 0.0 => Main::ExitAfter { ms: (s * 1000.0) as u64, code: 0 },
                _ => Main::ExitAfter { ms: 5, code: 1 },
            },
            None => Main::ExitAfter { ms: 5, code: 1 },
        },
        "sh" | "ash" | "bash" => {
            let script = argv.iter().skip_while(|a| **a != "-c").nth(1).copied().unwrap_or("");
            script_model(script)
        }
        "true" | "echo" | "printf" | "hostname" | "date" | "env" | "printenv" | "cat" | "ls" | "pwd" | "uname"
        | "id" => Main::ExitAfter { ms: 10, code: 0 },
        "false" => Main::ExitAfter { ms: 10, code: 1 },
        _ => Main::Forever,
    }
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
                    let stop = ct.image.map_or(0, |i| u64::from(i.stop_secs) * 1000);
                    soonest(kill.plus_ms(stop.max(100)).min(grace_end.max(kill)));
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
            let image_id = kubelet
                .image_ids
                .entry(image_name.clone())
                .or_insert_with(|| format!("{}@sha256:{}", reference.repo, crate::hash::digest(&image_name)))
                .clone();
            ContainerRt {
                name: ct.name.clone(),
                image_name,
                image_id,
                main: image.map_or(Main::Forever, |i| main_process(i, ct)),
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
    let Env { now, sandbox_at, restart_policy, killed_at, grace_end, pod_ref } = *env;
    // Termination: running containers stop after their image's stop time (or the grace period).
    if let Some(kill) = killed_at {
        match &ct.state {
            CState::Running { since } => {
                let stop = ct.image.map_or(0, |i| u64::from(i.stop_secs) * 1000).max(100);
                let exit_at = kill.plus_ms(stop).min(grace_end.max(kill));
                if now >= exit_at {
                    let (code, reason) = if stop / 1000 > grace_end.since(kill) / 1000 {
                        (137, ExitReason::Error)
                    } else {
                        (0, ExitReason::Completed)
                    };
                    ct.state = CState::Terminated(Terminated {
                        code,
                        reason,
                        message: String::new(),
                        started: *since,
                        finished: exit_at,
                        id: ct.id.clone(),
                    });
                }
            }
            CState::Waiting { .. } => {}
            CState::Terminated(_) => {}
        }
        return true;
    }
    for _ in 0..8 {
        let changed = match ct.state.clone() {
            CState::Waiting { reason, until, .. } if now >= until => {
                match reason {
                    WaitReason::ContainerCreating => {
                        pull_or_start(rng, ct, now, sandbox_at.max(until), images);
                    }
                    WaitReason::ErrImagePull if ct.pull_failures == 0 => {
                        pull_or_start(rng, ct, now, sandbox_at.max(until), images);
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
                    WaitReason::ImagePullBackOff => pull_or_start(rng, ct, now, until, images),
                    WaitReason::CrashLoopBackOff => start(rng, ct, until),
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
                        start(rng, ct, t.finished.plus_ms(500));
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
    let unready_msg = format!("containers with unready status: [{}]", unready.join(" "));
    let scheduled_at = old.conditions.iter().find(|c| c.type_ == "PodScheduled").and_then(|c| c.last_transition_time);
    let ready_reason = if finished_all && st.phase != "Running" { "PodCompleted" } else { "ContainersNotReady" };
    st.conditions = vec![
        cond("PodReadyToStartContainers", sandbox, "", String::new()),
        cond("Initialized", true, "", String::new()),
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
