//! kubectl: the verbs, their flags, and the dispatch from a command line to them.

pub mod apply;
pub mod args;
pub mod delete;
pub mod exec;
pub mod get;
pub mod misc;
pub mod node;
pub mod wait;

use crate::error::KError;
use crate::workspace::Workspace;
use args::Parsed;
use sim::process::{Io, Sys};
use std::cell::RefCell;
use std::rc::Rc;

/// What a kubectl invocation runs against.
#[derive(Clone)]
pub struct Ctx {
    pub sys: Sys,
    pub workspace: Rc<RefCell<Workspace>>,
}

impl Ctx {
    /// `-n`, else the context's namespace (`default`).
    pub fn namespace(&self, p: &Parsed) -> String {
        p.namespace().unwrap_or("default").to_string()
    }

    /// Waits until the cluster's next change, or `deadline`: what a watch does for the
    /// verbs that wait (`delete`, `wait`, `exec`, `drain`). The cluster settles first, so
    /// what the command itself just asked for (a deletion) has its timers set.
    pub async fn next_change(&self, deadline: sim::Time) {
        let now = self.sys.now();
        let next = {
            let mut c = self.sys.cluster();
            c.settle();
            c.next_wakeup()
        };
        let at = next.unwrap_or(deadline).min(deadline).max(now.plus_ms(1));
        self.sys.sleep_until(at).await;
    }
}

const COMMANDS: &[&str] = &[
    "annotate",
    "api-resources",
    "api-versions",
    "apply",
    "attach",
    "auth",
    "autoscale",
    "certificate",
    "cluster-info",
    "completion",
    "config",
    "cordon",
    "cp",
    "create",
    "debug",
    "delete",
    "describe",
    "diff",
    "drain",
    "edit",
    "events",
    "exec",
    "explain",
    "expose",
    "get",
    "kustomize",
    "label",
    "logs",
    "options",
    "patch",
    "plugin",
    "port-forward",
    "proxy",
    "replace",
    "rollout",
    "run",
    "scale",
    "set",
    "taint",
    "top",
    "uncordon",
    "version",
    "wait",
];

/// Levenshtein distance, for "Did you mean this?".
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev.get(j).copied().unwrap_or(0) + usize::from(ca != *cb);
            let del = prev.get(j + 1).copied().unwrap_or(0) + 1;
            let ins = cur.get(j).copied().unwrap_or(0) + 1;
            cur.push(sub.min(del).min(ins));
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

/// Runs `kubectl ARGS...`; returns the exit status (errors already printed on stderr).
pub async fn kubectl(ctx: &Ctx, args: Vec<String>, io: &Io) -> i32 {
    match dispatch(ctx, args, io).await {
        Ok(()) => 0,
        Err(e) => {
            let (text, code) = e.render();
            io.err.write(&text);
            code
        }
    }
}

async fn dispatch(ctx: &Ctx, args: Vec<String>, io: &Io) -> Result<(), KError> {
    // Global flags may come before the verb: `kubectl -n kube-system get pods`.
    let mut pre: Vec<String> = Vec::new();
    let mut rest = args.into_iter().peekable();
    while let Some(a) = rest.peek() {
        if !a.starts_with('-') {
            break;
        }
        let a = rest.next().unwrap_or_default();
        let takes_value =
            matches!(a.as_str(), "-n" | "--namespace" | "--context" | "--kubeconfig" | "--cluster" | "--user" | "-v");
        pre.push(a);
        if takes_value {
            if let Some(v) = rest.next() {
                pre.push(v);
            }
        }
    }
    let Some(verb) = rest.next() else {
        if pre.iter().any(|a| a == "-h" || a == "--help") || pre.is_empty() {
            io.out.write(misc::HELP);
            return Ok(());
        }
        return Err(KError::Raw(format!(
            "error: unknown flag: {}\nSee 'kubectl --help' for usage.",
            pre.first().map(String::as_str).unwrap_or("")
        )));
    };
    let mut argv: Vec<String> = pre;
    argv.extend(rest);
    match verb.as_str() {
        "get" => get::run(ctx, args::parse("get", &argv, get::FLAGS)?, io),
        "apply" => apply::run(ctx, args::parse("apply", &argv, apply::FLAGS)?, io),
        "create" => apply::create(ctx, args::parse("create", &argv, apply::CREATE_FLAGS)?, io),
        "delete" => delete::run(ctx, args::parse("delete", &argv, delete::FLAGS)?, io).await,
        "exec" => exec::run(ctx, args::parse("exec", &argv, exec::FLAGS)?, io).await,
        "wait" => wait::run(ctx, args::parse("wait", &argv, wait::FLAGS)?, io).await,
        "version" => misc::version(ctx, args::parse("version", &argv, misc::VERSION_FLAGS)?, io),
        "cluster-info" => misc::cluster_info(ctx, args::parse("cluster-info", &argv, &[])?, io),
        "api-resources" => misc::api_resources(args::parse("api-resources", &argv, misc::API_RESOURCES_FLAGS)?, io),
        "cordon" => node::cordon(ctx, args::parse("cordon", &argv, node::CORDON_FLAGS)?, true, io),
        "uncordon" => node::cordon(ctx, args::parse("uncordon", &argv, node::CORDON_FLAGS)?, false, io),
        "drain" => node::drain(ctx, args::parse("drain", &argv, node::DRAIN_FLAGS)?, io).await,
        "help" | "-h" | "--help" => {
            io.out.write(misc::HELP);
            Ok(())
        }
        other if COMMANDS.contains(&other) => {
            Err(KError::msg(format!("kubectl {other} is not simulated in kubeplay yet")))
        }
        other => {
            let mut msg = format!("error: unknown command \"{other}\" for \"kubectl\"");
            let close: Vec<&&str> =
                COMMANDS.iter().filter(|c| distance(other, c) <= 2 || c.starts_with(other)).collect();
            if !close.is_empty() {
                msg.push_str("\n\nDid you mean this?\n");
                for c in close {
                    msg.push_str(&format!("\t{c}\n"));
                }
            }
            Err(KError::Raw(msg))
        }
    }
}
