//! `kubectl apply -f` (client-side apply: the last-applied-configuration annotation and a
//! three-way merge into the live object, `created` / `configured` / `unchanged`) and
//! `kubectl create -f`. Reading files: several `-f`, directories, multi-document YAML,
//! `List`s, and the errors kubectl gives for each step.

use super::args::{f, Flag, Parsed};
use super::Ctx;
use crate::error::{usage, KError};
use serde_json::{Map, Value};
use sim::api::decode::{self, Doc};
use sim::api::Key;
use sim::process::Io;
use sim::{ApiError, Kind, Object};

pub const FLAGS: &[Flag] = &[
    f("filename", Some('f'), true),
    f("recursive", Some('R'), false),
    f("output", Some('o'), true),
    f("dry-run", None, true),
    f("validate", None, true),
    f("force", None, false),
    f("prune", None, false),
    f("selector", Some('l'), true),
    f("server-side", None, false),
    f("field-manager", None, true),
    f("overwrite", None, false),
    f("wait", None, false),
];

pub const CREATE_FLAGS: &[Flag] = &[
    f("filename", Some('f'), true),
    f("recursive", Some('R'), false),
    f("output", Some('o'), true),
    f("dry-run", None, true),
    f("validate", None, true),
    f("save-config", None, false),
];

pub const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

/// One manifest read from a file.
pub struct Info {
    pub source: String,
    pub value: Value,
    pub kind: Kind,
    pub namespace: String,
    pub name: String,
}

/// Reads every `-f`: files, directories (`.json`, `.yaml`, `.yml`), documents, Lists.
/// Returns what could be read and the errors met (kubectl carries on past them).
pub fn read_infos(ctx: &Ctx, p: &Parsed, cmd: &str) -> Result<(Vec<Info>, Vec<KError>), KError> {
    let paths = p.all("filename");
    if paths.is_empty() {
        return Err(usage(cmd, "must specify one of -f and -k"));
    }
    let ns_flag = p.namespace().map(str::to_string);
    let default_ns = ns_flag.clone().unwrap_or_else(|| "default".into());
    let mut infos = Vec::new();
    let mut errs = Vec::new();
    for path in paths {
        let files: Vec<String> = {
            let ws = ctx.workspace.borrow();
            if ws.read(&path).is_some() {
                vec![path.clone()]
            } else if let Some(list) = ws.dir(&path, p.bool("recursive")) {
                list.into_iter()
                    .filter(|f| f.ends_with(".yaml") || f.ends_with(".yml") || f.ends_with(".json"))
                    .collect()
            } else {
                return Err(KError::msg(format!("the path \"{path}\" does not exist")));
            }
        };
        for file in files {
            let text = ctx.workspace.borrow().read(&file).cloned().unwrap_or_default();
            // The source is named as the user wrote it for a file, or dir/file for a directory.
            let source = if file == sim_norm(&path) { path.clone() } else { file.clone() };
            let docs = match decode::parse_documents(&text) {
                Ok(d) => d,
                Err(e) => {
                    errs.push(KError::msg(format!(
                        "error parsing {source}: error converting YAML to JSON: {}",
                        e.message
                    )));
                    continue;
                }
            };
            for Doc { value, .. } in decode::expand_lists(docs) {
                let (api_version, kind_name) = match decode::type_meta(&value) {
                    Ok(tm) => tm,
                    Err(list) => {
                        let what = if list.len() == 1 { list.join("") } else { format!("[{}]", list.join(", ")) };
                        errs.push(KError::msg(format!(
                            "error validating \"{source}\": error validating data: {what}; if you choose to ignore these errors, turn validation off with --validate=false"
                        )));
                        continue;
                    }
                };
                let name = value.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("").to_string();
                let obj_ns = value.pointer("/metadata/namespace").and_then(Value::as_str).map(str::to_string);
                let Some(kind) = Kind::from_type(&api_version, &kind_name) else {
                    let (group, version) = api_version.split_once('/').unwrap_or(("", &api_version));
                    let _ = group;
                    errs.push(KError::msg(format!(
                        "resource mapping not found for name: \"{name}\" namespace: \"{}\" from \"{source}\": no matches for kind \"{kind_name}\" in version \"{api_version}\"\nensure CRDs are installed first",
                        obj_ns.clone().unwrap_or_default()
                    )));
                    let _ = version;
                    continue;
                };
                let namespace = if kind.namespaced() {
                    match (&obj_ns, &ns_flag) {
                        (Some(o), Some(f)) if o != f => {
                            return Err(KError::msg(format!(
                                "the namespace from the provided object \"{o}\" does not match the namespace \"{f}\". You must pass '--namespace={o}' to perform this operation."
                            )));
                        }
                        (Some(o), _) if !o.is_empty() => o.clone(),
                        _ => default_ns.clone(),
                    }
                } else {
                    String::new()
                };
                infos.push(Info { source: source.clone(), value, kind, namespace, name });
            }
        }
    }
    Ok((infos, errs))
}

fn sim_norm(p: &str) -> String {
    crate::workspace::normalize(p).unwrap_or_default()
}

/// The manifest with the namespace kubectl's builder sets.
fn with_namespace(info: &Info) -> Value {
    let mut v = info.value.clone();
    if info.kind.namespaced() {
        if let Some(m) = v.get_mut("metadata").and_then(Value::as_object_mut) {
            m.insert("namespace".into(), Value::String(info.namespace.clone()));
        } else if let Some(o) = v.as_object_mut() {
            o.insert("metadata".into(), serde_json::json!({"namespace": info.namespace}));
        }
    }
    v
}

fn decode_for_server(info: &Info, v: Value) -> Result<Object, KError> {
    decode::decode(info.kind, v).map_err(|e| KError::from(ApiError::BadRequest(e.message(info.kind))))
}

/// The annotation value: the configuration as applied, compact JSON with sorted keys.
fn last_applied(config: &Value) -> String {
    let mut c = config.clone();
    if let Some(a) = c.pointer_mut("/metadata/annotations").and_then(Value::as_object_mut) {
        a.remove(LAST_APPLIED);
        if a.is_empty() {
            if let Some(m) = c.pointer_mut("/metadata").and_then(Value::as_object_mut) {
                m.remove("annotations");
            }
        }
    }
    format!("{}\n", crate::jsonpath::go_json(&c))
}

fn set_annotation(v: &mut Value, key: &str, value: &str) {
    if let Some(m) = v.as_object_mut() {
        let meta = m.entry("metadata").or_insert_with(|| Value::Object(Map::new()));
        if let Some(meta) = meta.as_object_mut() {
            let ann = meta.entry("annotations").or_insert_with(|| Value::Object(Map::new()));
            if let Some(ann) = ann.as_object_mut() {
                ann.insert(key.into(), Value::String(value.into()));
            }
        }
    }
}

/// Three-way merge: fields in `modified` win, fields that were in `original` (the last
/// applied configuration) but are gone from `modified` are removed from `live`. Lists are
/// replaced whole.
fn merge(live: &mut Value, original: Option<&Value>, modified: &Value) {
    match (live, modified) {
        (Value::Object(l), Value::Object(m)) => {
            if let Some(Value::Object(o)) = original {
                for k in o.keys() {
                    if !m.contains_key(k) {
                        l.remove(k);
                    }
                }
            }
            for (k, mv) in m {
                let ov = original.and_then(|o| o.get(k));
                match l.get_mut(k) {
                    Some(lv) if lv.is_object() && mv.is_object() => merge(lv, ov, mv),
                    _ => {
                        l.insert(k.clone(), mv.clone());
                    }
                }
            }
        }
        (l, m) => *l = m.clone(),
    }
}

fn verb_suffix(dry: bool) -> &'static str {
    if dry {
        " (dry run)"
    } else {
        ""
    }
}

pub fn run(ctx: &Ctx, p: Parsed, io: &Io) -> Result<(), KError> {
    let (infos, mut errs) = read_infos(ctx, &p, "apply")?;
    let dry = p.get("dry-run").is_some_and(|d| d != "none" && d != "false");
    let output_name = p.get("output") == Some("name");
    for info in &infos {
        match apply_one(ctx, info, dry) {
            Ok((obj, op)) => {
                let what = format!("{}/{}", info.kind.qualified_singular(), obj.meta().name);
                if output_name {
                    io.out.line(&what);
                } else {
                    io.out.line(&format!("{what} {op}{}", verb_suffix(dry)));
                }
                if info.kind == Kind::Endpoints {
                    io.err.line("Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice");
                }
            }
            Err(e) => errs.push(e),
        }
    }
    if infos.is_empty() && errs.is_empty() {
        return Err(KError::msg("no objects passed to apply"));
    }
    match errs.len() {
        0 => Ok(()),
        _ => Err(KError::Many(errs)),
    }
}

fn apply_one(ctx: &Ctx, info: &Info, dry: bool) -> Result<(Object, &'static str), KError> {
    let config = with_namespace(info);
    let key = if info.kind.namespaced() { Key::new(&info.namespace, &info.name) } else { Key::cluster(&info.name) };
    if info.name.is_empty() {
        let gen = info.value.pointer("/metadata/generateName").is_some();
        if !gen {
            return Err(KError::msg(format!("error when retrieving current configuration of:\nResource: \"{}\", GroupVersionKind: \"{}\"\nName: \"\", Namespace: \"{}\"\nfrom server for: \"{}\": resource name may not be empty", resource_gvr(info.kind), gvk(info.kind), info.namespace, info.source)));
        }
    }
    let existing = ctx.sys.cluster().store().get(info.kind, &key);
    let annotation = last_applied(&config);
    match existing {
        None => {
            let mut v = config.clone();
            set_annotation(&mut v, LAST_APPLIED, &annotation);
            let obj = decode_for_server(info, v).map_err(|e| e.in_context("creating", &info.source))?;
            if dry {
                return Ok((obj, "created"));
            }
            let created =
                ctx.sys.cluster().create(obj).map_err(|e| KError::from(e).in_context("creating", &info.source))?;
            Ok((created, "created"))
        }
        Some(live) => {
            let original: Option<Value> =
                live.meta().annotations.get(LAST_APPLIED).and_then(|s| serde_json::from_str(s.trim_end()).ok());
            let mut merged = live.to_value();
            merge(&mut merged, original.as_ref(), &config);
            set_annotation(&mut merged, LAST_APPLIED, &annotation);
            // The server decodes the patched object strictly.
            decode::decode(info.kind, config.clone()).map_err(|e| {
                KError::from(ApiError::BadRequest(e.message(info.kind))).in_context("patching", &info.source)
            })?;
            let obj = decode_for_server(info, merged).map_err(|e| e.in_context("patching", &info.source))?;
            if dry {
                return Ok((obj, "configured"));
            }
            let before_rv = live.meta().resource_version.clone();
            let updated =
                ctx.sys.cluster().update(obj).map_err(|e| KError::from(e).in_context("patching", &info.source))?;
            let op = if updated.meta().resource_version == before_rv { "unchanged" } else { "configured" };
            Ok((updated, op))
        }
    }
}

fn gvk(kind: Kind) -> String {
    let r = kind.resource();
    format!("{}/{}, Kind={}", r.group, r.version, r.name)
}

fn resource_gvr(kind: Kind) -> String {
    let r = kind.resource();
    format!("{}/{}, Resource={}", r.group, r.version, r.plural).trim_start_matches('/').to_string()
}

/// `kubectl create -f`.
pub fn create(ctx: &Ctx, p: Parsed, io: &Io) -> Result<(), KError> {
    if !p.has("filename") {
        let what = p.args.first().cloned().unwrap_or_default();
        if what.is_empty() {
            return Err(usage("create", "must specify one of -f and -k"));
        }
        return Err(KError::msg(format!(
            "kubectl create {what} is not simulated in kubeplay yet; write a manifest and use kubectl apply -f"
        )));
    }
    let (infos, mut errs) = read_infos(ctx, &p, "create")?;
    let dry = p.get("dry-run").is_some_and(|d| d != "none" && d != "false");
    for info in &infos {
        let mut v = with_namespace(info);
        if p.bool("save-config") {
            let a = last_applied(&v);
            set_annotation(&mut v, LAST_APPLIED, &a);
        }
        let r = decode_for_server(info, v).and_then(|obj| {
            if dry {
                Ok(obj)
            } else {
                ctx.sys.cluster().create(obj).map_err(KError::from)
            }
        });
        match r {
            Ok(obj) => io.out.line(&format!(
                "{}/{} created{}",
                info.kind.qualified_singular(),
                obj.meta().name,
                verb_suffix(dry)
            )),
            Err(e) => errs.push(e.in_context("creating", &info.source)),
        }
    }
    if errs.is_empty() {
        Ok(())
    } else {
        Err(KError::Many(errs))
    }
}
