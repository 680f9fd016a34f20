//! `kubectl delete`: by type and names, `type/name`, `-l`, `--all`, or `-f`; prints
//! `pod "x" deleted` (kubectl 1.33's wording) and then, like `--wait=true`, waits until the
//! objects are gone (pods terminate gracefully first).

use super::args::{f, Flag, Parsed};
use super::get::{list_keys, parse_selector, request};
use super::Ctx;
use crate::error::{usage, KError};
use sim::api::Key;
use sim::process::Io;
use sim::{DeleteOptions, Kind, Propagation};

pub const FLAGS: &[Flag] = &[
    f("filename", Some('f'), true),
    f("recursive", Some('R'), false),
    f("selector", Some('l'), true),
    f("all", None, false),
    f("all-namespaces", Some('A'), false),
    f("grace-period", None, true),
    f("force", None, false),
    f("now", None, false),
    f("wait", None, false),
    f("cascade", None, true),
    f("output", Some('o'), true),
    f("ignore-not-found", None, false),
    f("timeout", None, true),
    f("dry-run", None, true),
    f("field-selector", None, true),
];

pub async fn run(ctx: &Ctx, p: Parsed, io: &Io) -> Result<(), KError> {
    let ns = ctx.namespace(&p);
    let mut targets: Vec<(Kind, Key)> = Vec::new();
    let mut errs: Vec<KError> = Vec::new();
    let mut missing_ok = p.bool("ignore-not-found");
    if p.has("filename") {
        let (infos, read_errs) = super::apply::read_infos(ctx, &p, "delete")?;
        errs.extend(read_errs);
        for i in infos {
            let key = if i.kind.namespaced() { Key::new(&i.namespace, &i.name) } else { Key::cluster(&i.name) };
            targets.push((i.kind, key));
        }
    } else {
        if p.args.is_empty() {
            return Err(usage(
                "delete",
                "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
            ));
        }
        let req = request("delete", &p.args)?;
        let by_selector = p.has("selector") || p.bool("all");
        if req.names.is_empty() {
            if !by_selector {
                return Err(KError::msg("resource(s) were provided, but no name was specified"));
            }
            missing_ok = true;
            for k in &req.kinds {
                let sel = parse_selector(*k, p.get("selector"))?;
                let scope = if p.bool("all-namespaces") { None } else { Some(ns.as_str()) };
                for key in list_keys(ctx, *k, scope, &sel) {
                    targets.push((*k, key));
                }
            }
        } else {
            for (k, name) in &req.names {
                let key = if k.namespaced() { Key::new(&ns, name) } else { Key::cluster(name) };
                targets.push((*k, key));
            }
        }
    }
    let force = p.bool("force");
    let grace = if p.bool("now") {
        Some(1)
    } else {
        match p.get("grace-period") {
            Some(g) => match g.parse::<i64>() {
                Ok(n) if n >= 0 => Some(n),
                Ok(_) => None,
                Err(_) => return Err(KError::Raw(format!("error: invalid argument \"{g}\" for \"--grace-period\" flag: strconv.ParseInt: parsing \"{g}\": invalid syntax\nSee 'kubectl delete --help' for usage."))),
            },
            None => None,
        }
    };
    if force && grace.is_none() {
        io.err.line("Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.");
    }
    let grace = if force { Some(grace.unwrap_or(0)) } else { grace };
    let propagation = match p.get("cascade") {
        None | Some("background") | Some("true") | Some("") => Propagation::Background,
        Some("foreground") => Propagation::Foreground,
        Some("orphan") | Some("false") => Propagation::Orphan,
        Some(other) => {
            return Err(KError::msg(format!(
                "invalid cascade value ({other}). Must be \"background\", \"foreground\", or \"orphan\""
            )))
        }
    };
    let mut deleted: Vec<(Kind, Key, String)> = Vec::new();
    if targets.is_empty() && errs.is_empty() {
        io.out.line("No resources found");
        return Ok(());
    }
    for (kind, key) in targets {
        let r = ctx.sys.cluster().delete(kind, &key, DeleteOptions { grace_period: grace, propagation });
        match r {
            Ok(obj) => {
                let word = if force && grace == Some(0) { "force deleted" } else { "deleted" };
                if p.get("output") == Some("name") {
                    io.out.line(&format!("{}/{}", kind.qualified_singular(), key.name));
                } else {
                    io.out.line(&format!("{} \"{}\" {word}", kind.qualified_singular(), key.name));
                }
                deleted.push((kind, key, obj.meta().uid.clone()));
            }
            Err(sim::ApiError::NotFound { .. }) if missing_ok => {}
            Err(e) => errs.push(KError::from(e)),
        }
    }
    // --wait (default true): until each deleted object is gone.
    if p.bool_or("wait", true) {
        let timeout_ms = 300_000;
        let start = ctx.sys.now();
        loop {
            let pending = {
                let c = ctx.sys.cluster();
                deleted.iter().any(|(k, key, uid)| c.store().get(*k, key).is_some_and(|o| &o.meta().uid == uid))
            };
            if !pending || ctx.sys.interrupted() || ctx.sys.now().since(start) > timeout_ms {
                break;
            }
            ctx.next_change(start.plus_ms(timeout_ms + 1)).await;
        }
    }
    if errs.is_empty() {
        Ok(())
    } else {
        Err(KError::Many(errs))
    }
}
