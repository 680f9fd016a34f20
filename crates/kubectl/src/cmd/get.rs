//! `kubectl get`: resource types and names (`pod x`, `pod/x`, `pods,svc`, `all`), label
//! selectors, namespaces, and every output format (tables, wide, name, yaml, json,
//! jsonpath, custom-columns), with kubectl's messages for empty results and bad input.

use super::args::{f, Flag, Parsed};
use super::Ctx;
use crate::error::{usage, KError};
use crate::jsonpath;
use crate::printers::{self, table};
use sim::api::{Key, ObjRef};
use sim::labels::Selector;
use sim::process::Io;
use sim::{ApiError, Kind};

pub const FLAGS: &[Flag] = &[
    f("output", Some('o'), true),
    f("selector", Some('l'), true),
    f("all-namespaces", Some('A'), false),
    f("show-labels", None, false),
    f("label-columns", Some('L'), true),
    f("no-headers", None, false),
    f("watch", Some('w'), false),
    f("field-selector", None, true),
    f("sort-by", None, true),
    f("show-kind", None, false),
    f("ignore-not-found", None, false),
    f("allow-missing-template-keys", None, true),
    f("filename", Some('f'), true),
    f("recursive", Some('R'), false),
    f("chunk-size", None, true),
    f("server-print", None, false),
    f("show-managed-fields", None, false),
];

/// What the user asked for: kinds, and names per kind (empty: list).
pub struct Request {
    pub kinds: Vec<Kind>,
    pub names: Vec<(Kind, String)>,
    /// Several kinds (prefix names with `kind/`).
    pub multi: bool,
    /// One object by name: printed as itself, not as a List.
    pub single: bool,
}

/// `all` expands to these (the kinds of the `all` category this simulation has).
const ALL: &[Kind] = &[Kind::Pod, Kind::Service, Kind::Deployment, Kind::ReplicaSet];

fn resolve(typed: &str) -> Result<Vec<Kind>, KError> {
    if typed == "all" {
        return Ok(ALL.to_vec());
    }
    Kind::lookup(typed)
        .map(|k| vec![k])
        .ok_or_else(|| KError::msg(format!("the server doesn't have a resource type \"{typed}\"")))
}

/// Parses `TYPE[,TYPE] [NAME...]` or `TYPE/NAME...`.
pub fn request(cmd: &str, args: &[String]) -> Result<Request, KError> {
    let Some(first) = args.first() else { return Err(KError::Raw(String::new())) };
    if first.contains('/') {
        let mut names = Vec::new();
        let mut kinds: Vec<Kind> = Vec::new();
        for a in args {
            let Some((t, n)) = a.split_once('/') else {
                return Err(KError::msg(format!(
                    "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl {cmd} resource/<resource_name>' instead of 'kubectl {cmd} resource resource/<resource_name>'"
                )));
            };
            if n.is_empty() {
                return Err(KError::msg("arguments in resource/name form must have a single resource and name"));
            }
            for k in resolve(t)? {
                if !kinds.contains(&k) {
                    kinds.push(k);
                }
                names.push((k, n.to_string()));
            }
        }
        let single = names.len() == 1;
        return Ok(Request { multi: kinds.len() > 1, kinds, names, single });
    }
    let mut kinds: Vec<Kind> = Vec::new();
    let is_all = first.split(',').any(|t| t == "all");
    for t in first.split(',') {
        for k in resolve(t)? {
            if !kinds.contains(&k) {
                kinds.push(k);
            }
        }
    }
    let mut names = Vec::new();
    for n in args.iter().skip(1) {
        for k in &kinds {
            names.push((*k, n.clone()));
        }
    }
    let single = names.len() == 1 && !is_all;
    Ok(Request { multi: kinds.len() > 1 || is_all, kinds, names, single })
}

fn namespace_word(ns: Option<&str>) -> String {
    match ns {
        Some(n) => format!(" in {n} namespace"),
        None => String::new(),
    }
}

/// Objects of `kind` in `ns` (None: all namespaces) matching `sel`, borrowed from `store`.
pub fn list<'s>(store: &'s sim::store::Store, kind: Kind, ns: Option<&str>, sel: &Selector) -> Vec<ObjRef<'s>> {
    let ns = if kind.namespaced() { ns } else { None };
    let mut v = store.list(kind, ns);
    if !sel.is_empty() {
        v.retain(|o| sel.matches(&o.meta().labels));
    }
    v
}

/// Keys of the objects [`list`] finds.
pub fn list_keys(ctx: &Ctx, kind: Kind, ns: Option<&str>, sel: &Selector) -> Vec<Key> {
    let c = ctx.sys.shared_ref();
    list(c.store(), kind, ns, sel).into_iter().map(|o| Key::of(o.meta())).collect()
}

pub fn parse_selector(kind: Kind, s: Option<&str>) -> Result<Selector, KError> {
    let Some(s) = s else { return Ok(Selector::everything()) };
    Selector::parse(s.trim()).map_err(|e| {
        let r = kind.resource();
        KError::Raw(format!(
            "Error from server (BadRequest): {}",
            sim::labels::kubectl_list_selector_error(r.group, r.version, r.plural, s.trim(), "", &e)
                .trim_start_matches("Error from server (BadRequest): ")
        ))
    })
}

pub fn run(ctx: &Ctx, p: Parsed, io: &Io) -> Result<(), KError> {
    if p.args.is_empty() {
        return Err(KError::Raw(
            "You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples".into(),
        ));
    }
    let req = request("get", &p.args)?;
    if req.kinds.contains(&Kind::Endpoints) {
        io.err.line("Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice");
    }
    let all_ns = p.bool("all-namespaces");
    let ns_owned = ctx.namespace(&p);
    let ns: Option<&str> = if all_ns { None } else { Some(ns_owned.as_str()) };
    let output = p.get("output").unwrap_or("").to_string();
    if p.bool("watch") {
        return Err(usage(
            "get",
            "--watch is not supported in kubeplay yet; use `kubectl wait` or run `kubectl get` again",
        ));
    }
    let mut errors: Vec<KError> = Vec::new();
    let now = ctx.sys.now().millis();
    let cluster = ctx.sys.shared_ref();
    let store = cluster.store();
    // Collect objects, per kind in request order.
    let mut groups: Vec<(Kind, Vec<ObjRef<'_>>)> = Vec::new();
    if req.names.is_empty() {
        for k in &req.kinds {
            let sel = parse_selector(*k, p.get("selector"))?;
            groups.push((*k, list(store, *k, ns, &sel)));
        }
    } else {
        if p.has("selector") {
            return Err(KError::msg("selectors and the all flag cannot be used when passing resource/name arguments"));
        }
        for (k, name) in &req.names {
            let key = if k.namespaced() { Key::new(&ns_owned, name) } else { Key::cluster(name) };
            match store.get_ref(*k, &key) {
                Some(o) => match groups.iter_mut().find(|(gk, _)| gk == k) {
                    Some((_, v)) => v.push(o),
                    None => groups.push((*k, vec![o])),
                },
                None => {
                    if !p.bool("ignore-not-found") {
                        errors.push(KError::from(ApiError::not_found(*k, name)));
                    }
                }
            }
        }
    }
    let total: usize = groups.iter().map(|(_, v)| v.len()).sum();
    let mut out = String::new();
    match output.as_str() {
        "" | "wide" => {
            let opts = table::Options {
                wide: output == "wide",
                show_labels: p.bool("show-labels"),
                label_columns: p.all("label-columns").iter().flat_map(|l| l.split(',').map(str::to_string)).collect(),
                namespace_column: all_ns,
                with_kind: req.multi,
                no_headers: p.bool("no-headers"),
            };
            let mut first = true;
            for (k, objs) in &groups {
                if objs.is_empty() {
                    continue;
                }
                if !first {
                    out.push('\n');
                }
                first = false;
                let t = table::Table {
                    headers: table::headers(*k, &opts),
                    rows: objs.iter().map(|o| table::row(*o, now, &opts)).collect(),
                };
                out.push_str(&table::render(&t, opts.no_headers));
            }
        }
        "name" => {
            for (_, objs) in &groups {
                for o in objs {
                    out.push_str(&format!("{}/{}\n", o.kind().qualified_singular(), o.meta().name));
                }
            }
        }
        "yaml" | "json" => {
            if total > 0 || req.names.is_empty() {
                let v = value_for(&groups, req.single);
                out = if output == "yaml" { printers::yaml::to_yaml(&v) } else { printers::json::to_json(&v) };
            }
        }
        o if o.starts_with("jsonpath=") || o.starts_with("jsonpath-as-json=") || o.starts_with("custom-columns=") => {
            let v = value_for(&groups, req.single);
            let allow = p.get("allow-missing-template-keys").is_none_or(|v| v != "false");
            if let Some(tpl) = o.strip_prefix("jsonpath=") {
                match jsonpath::kubectl_jsonpath(tpl, &v, allow) {
                    Ok(s) => out = s,
                    Err(e) => {
                        io.out.write(&out);
                        return Err(KError::Msg(e));
                    }
                }
            } else if let Some(spec) = o.strip_prefix("custom-columns=") {
                out = custom_columns(spec, &groups, p.bool("no-headers"))?;
            } else {
                return Err(KError::msg("jsonpath-as-json is not supported in kubeplay"));
            }
        }
        other => {
            return Err(KError::msg(format!(
                "unable to match a printer suitable for the output format \"{other}\", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml"
            )));
        }
    }
    io.out.write(&out);
    if total == 0 && errors.is_empty() && (output.is_empty() || output == "wide" || output == "name") {
        let scoped = req.kinds.iter().any(|k| k.namespaced());
        io.err.line(&format!("No resources found{}.", if scoped { namespace_word(ns) } else { String::new() }));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(KError::Many(errors))
    }
}

/// One object, or a `List` of them, as kubectl hands it to yaml/json/jsonpath printers.
fn value_for(groups: &[(Kind, Vec<ObjRef<'_>>)], single: bool) -> serde_json::Value {
    use serde_json::{Map, Value};
    let mut items: Vec<Value> = groups.iter().flat_map(|(_, v)| v.iter().map(|o| o.to_value())).collect();
    if single && !items.is_empty() {
        return items.swap_remove(0);
    }
    // Built by hand: `json!` would copy every item through serde's Serialize.
    let mut metadata = Map::new();
    metadata.insert("resourceVersion".into(), Value::from(""));
    let mut list = Map::new();
    list.insert("apiVersion".into(), Value::from("v1"));
    list.insert("items".into(), Value::Array(items));
    list.insert("kind".into(), Value::from("List"));
    list.insert("metadata".into(), Value::Object(metadata));
    Value::Object(list)
}

/// `-o custom-columns=NAME:.metadata.name,IP:.status.podIP`.
fn custom_columns(spec: &str, groups: &[(Kind, Vec<ObjRef<'_>>)], no_headers: bool) -> Result<String, KError> {
    let mut cols = Vec::new();
    for part in spec.split(',') {
        let Some((h, e)) = part.split_once(':') else {
            return Err(KError::msg(format!(
                "unexpected custom-columns spec: {part}, expected <header>:<json-path-expr>"
            )));
        };
        let tpl = jsonpath::relaxed(e).map_err(KError::Msg)?;
        let jp = jsonpath::JsonPath::parse(&tpl).map_err(KError::Msg)?.allow_missing_keys(true);
        cols.push((h.to_string(), jp));
    }
    let mut t = table::Table { headers: cols.iter().map(|(h, _)| h.clone()).collect(), rows: vec![] };
    for (_, objs) in groups {
        for o in objs {
            let v = o.to_value();
            let row = cols
                .iter()
                .map(|(_, jp)| match jp.find_results(&v) {
                    Ok(r) => {
                        let vals: Vec<String> = r.into_iter().flatten().collect();
                        if vals.is_empty() {
                            "<none>".to_string()
                        } else {
                            vals.join(",")
                        }
                    }
                    Err(_) => "<none>".to_string(),
                })
                .collect();
            t.rows.push(row);
        }
    }
    Ok(table::render(&t, no_headers))
}

/// Rejects what `get` would reject for a missing object (shared with other verbs).
pub fn not_found(kind: Kind, name: &str) -> KError {
    KError::from(ApiError::not_found(kind, name))
}
