//! `kubectl wait --for=condition=Ready|--for=delete|--for=jsonpath=... TYPE[/NAME] [-l]`:
//! checks each object as the cluster changes, prints `pod/x condition met`, or times out
//! with kubectl's message.

use super::args::{f, Flag, Parsed};
use super::exec::parse_duration_ms;
use super::get::{list_keys, parse_selector, request};
use super::Ctx;
use crate::error::{usage, KError};
use sim::api::Key;
use sim::process::Io;
use sim::{Kind, Object};

pub const FLAGS: &[Flag] = &[
    f("for", None, true),
    f("timeout", None, true),
    f("selector", Some('l'), true),
    f("all", None, false),
    f("all-namespaces", Some('A'), false),
    f("filename", Some('f'), true),
    f("output", Some('o'), true),
];

enum For {
    Condition(String, String),
    Delete,
    JsonPath(String, Option<String>),
}

fn condition_met(obj: &Object, cond: &str, want: &str) -> bool {
    let v = obj.to_value();
    v.pointer("/status/conditions").and_then(|c| c.as_array()).is_some_and(|list| {
        list.iter().any(|c| {
            c.get("type").and_then(|t| t.as_str()).is_some_and(|t| t.eq_ignore_ascii_case(cond))
                && c.get("status").and_then(|s| s.as_str()).is_some_and(|s| s.eq_ignore_ascii_case(want))
        })
    })
}

pub async fn run(ctx: &Ctx, p: Parsed, io: &Io) -> Result<(), KError> {
    let Some(spec) = p.get("for") else {
        return Err(usage("wait", "--for must be specified"));
    };
    let cond = if spec == "delete" {
        For::Delete
    } else if let Some(c) = spec.strip_prefix("condition=") {
        let (c, v) = c.split_once('=').unwrap_or((c, "true"));
        For::Condition(c.to_string(), v.to_string())
    } else if let Some(j) = spec.strip_prefix("jsonpath=") {
        let (path, value) = match j.rsplit_once('=') {
            Some((p, v)) if !p.is_empty() => (p.to_string(), Some(v.to_string())),
            _ => (j.to_string(), None),
        };
        For::JsonPath(path, value)
    } else {
        return Err(KError::msg(format!("unrecognized condition: \"{spec}\"")));
    };
    let timeout = match p.get("timeout") {
        Some(t) => parse_duration_ms(t).ok_or_else(|| KError::msg(format!("time: invalid duration \"{t}\"")))?,
        None => 30_000,
    };
    let ns = ctx.namespace(&p);
    if p.args.is_empty() {
        return Err(KError::msg("resource(s) were provided, but no name was specified"));
    }
    let req = request("wait", &p.args)?;
    let mut targets: Vec<(Kind, Key)> = Vec::new();
    if req.names.is_empty() {
        for k in &req.kinds {
            let sel = parse_selector(*k, p.get("selector"))?;
            if !p.has("selector") && !p.bool("all") {
                return Err(KError::msg("resource(s) were provided, but no name was specified"));
            }
            for key in list_keys(ctx, *k, Some(&ns), &sel) {
                targets.push((*k, key));
            }
        }
        if targets.is_empty() {
            return Err(KError::msg("no matching resources found"));
        }
    } else {
        for (k, n) in &req.names {
            let key = if k.namespaced() { Key::new(&ns, n) } else { Key::cluster(n) };
            if !matches!(cond, For::Delete) {
                ctx.sys.cluster().get(*k, &key)?;
            }
            targets.push((*k, key));
        }
    }
    let start = ctx.sys.now();
    let deadline = start.plus_ms(timeout);
    let mut pending = targets;
    loop {
        let mut still = Vec::new();
        for (k, key) in pending {
            let obj = ctx.sys.cluster().store().get(k, &key);
            let met = match (&cond, &obj) {
                (For::Delete, None) => true,
                (For::Delete, Some(_)) => false,
                (For::Condition(c, v), Some(o)) => condition_met(o, c, v),
                (For::JsonPath(path, want), Some(o)) => {
                    let tpl = crate::jsonpath::relaxed(path).unwrap_or_else(|_| path.clone());
                    match crate::jsonpath::JsonPath::parse(&tpl)
                        .and_then(|j| j.allow_missing_keys(true).execute(&o.to_value()))
                    {
                        Ok(got) => match want {
                            Some(w) => got == *w,
                            None => !got.is_empty(),
                        },
                        Err(_) => false,
                    }
                }
                (_, None) => {
                    return Err(KError::from(sim::ApiError::not_found(k, &key.name)));
                }
            };
            if met {
                let verb = if matches!(cond, For::Delete) { "deleted" } else { "condition met" };
                io.out.line(&format!("{}/{} {verb}", k.qualified_singular(), key.name));
            } else {
                still.push((k, key));
            }
        }
        pending = still;
        if pending.is_empty() {
            return Ok(());
        }
        let now = ctx.sys.now();
        if now >= deadline || ctx.sys.interrupted() {
            let (k, key) = pending.first().cloned().unwrap_or((Kind::Pod, Key::default()));
            return Err(KError::msg(format!(
                "timed out waiting for the condition on {}/{}",
                k.qualified_plural(),
                key.name
            )));
        }
        ctx.next_change(deadline).await;
    }
}
