//! Garbage in, errors out, never a panic: random console lines (kubectl, the shell, the
//! userland behind `kubectl exec`), random edits of manifests fed to `kubectl apply`, and
//! random JSON fed to the API decoder. A panic in WebAssembly kills the page, so every one
//! of these must come back as an error message.

use kubectl::{Console, Workspace};
use serde_json::Value;
use sim::rng::Rng;

fn pick<'a>(r: &mut Rng, v: &[&'a str]) -> &'a str {
    v[r.index(v.len())]
}

const WORDS: &[&str] = &[
    "kubectl",
    "k",
    "get",
    "apply",
    "delete",
    "exec",
    "wait",
    "create",
    "version",
    "describe",
    "logs",
    "pods",
    "pod",
    "po",
    "svc",
    "service",
    "deploy",
    "deployment",
    "rs",
    "ep",
    "endpoints",
    "nodes",
    "ns",
    "all",
    "sleep-1",
    "sleep-2",
    "deploy/sleep-1",
    "pod/x",
    "-o",
    "yaml",
    "json",
    "wide",
    "name",
    "jsonpath={.items[0].status.podIP}",
    "jsonpath={range .items[*]}{.metadata.name}{end}",
    "jsonpath={..}",
    "custom-columns=N:.metadata.name",
    "-l",
    "app=sleep-2",
    "app in (a,b)",
    "!x",
    "-n",
    "kube-system",
    "-A",
    "--",
    "-f",
    "sleep/sleep1.yaml",
    "sleep/",
    "--for=condition=Ready",
    "--for=delete",
    "--timeout=3s",
    "--show-labels",
    "-c",
    "sleep",
    "ping",
    "-c",
    "1",
    "2",
    "nslookup",
    "wget",
    "-qO-",
    "http://sleep-2",
    "curl",
    "-s",
    "sh",
    "-c",
    "'echo hi; exit 4'",
    "cat",
    "/etc/resolv.conf",
    "/etc/hosts",
    "grep",
    "^[^*]",
    "head",
    "tail",
    "wc",
    "-l",
    "sort",
    "echo",
    "$(",
    ")",
    "|",
    "&&",
    "||",
    ";",
    "'",
    "\"",
    "$X",
    "X=1",
    "sleep",
    "0.5",
    "10.244.1.2",
    "10.96.0.10",
    "kubernetes",
    "-W",
    "--grace-period=0",
    "--force",
    "for",
    "i",
    "in",
    "1",
    "2;",
    "do",
    "done",
    "if",
    "then",
    "fi",
    "while",
    ">",
    "/tmp/x",
    "2>&1",
    "<",
    "\\",
    "`",
    "{",
    "}",
    "(",
    "é",
    "\u{0}",
    "\t",
    "ü",
    "--output=json",
    "--selector=",
    "-Ao",
    "-it",
    "hostname",
    "date",
    "ls",
    "seq",
    "5",
    "printf",
    "%s",
    "test",
    "[",
    "]",
    "-z",
];

fn random_line(r: &mut Rng) -> String {
    let n = 1 + r.index(9);
    let mut parts = Vec::new();
    if r.index(3) > 0 {
        parts.push("kubectl".to_string());
    }
    for _ in 0..n {
        if r.index(12) == 0 {
            let len = r.index(8);
            parts.push((0..len).map(|_| char::from_u32(32 + r.index(0x2ff) as u32).unwrap_or('x')).collect());
        } else {
            parts.push(pick(r, WORDS).to_string());
        }
    }
    parts.join(if r.index(8) == 0 { "" } else { " " })
}

#[test]
fn random_console_lines_never_panic() {
    let mut r = Rng::new(std::env::var("FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x9E37_79B9_7F4A_7C15));
    let mut c = Console::new(sim::Cluster::new(11), Workspace::example());
    c.run("kubectl apply -f sleep/");
    c.think(10_000);
    let mut errors = 0;
    for i in 0..4000 {
        let line = random_line(&mut r);
        let code = c.run_with_limit(&line, 20_000);
        let _ = c.drain();
        if code != 0 {
            errors += 1;
        }
        if i % 300 == 299 {
            // A fresh cluster now and then, so deletes do not leave it empty.
            c = Console::new(sim::Cluster::new(i), Workspace::example());
            c.run("kubectl apply -f sleep/");
            c.think(10_000);
        }
    }
    assert!(errors > 100, "random lines should mostly fail, got {errors} errors");
}

const MANIFEST: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels:\n    app: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n          ports:\n            - containerPort: 80\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n      targetPort: 80\n";

const YAML_BITS: &[&str] = &[
    ":",
    " ",
    "\n",
    "-",
    "  ",
    "'",
    "\"",
    "{",
    "}",
    "[",
    "]",
    "#",
    "&a",
    "*a",
    "!!str",
    "|",
    ">",
    "~",
    "null",
    "0x1F",
    "1e3",
    "-1",
    "99999999999",
    "true",
    "kind: Pod",
    "apiVersion: v1",
    "---",
    "\t",
    "é",
    "name: x",
    "replicas: two",
];

#[test]
fn mutated_manifests_never_panic() {
    let mut r = Rng::new(42);
    let mut c = Console::new(sim::Cluster::new(12), Workspace::example());
    let mut applied = 0;
    for i in 0..600 {
        let mut text = MANIFEST.to_string();
        for _ in 0..1 + r.index(6) {
            let mut at = r.index(text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            match r.index(3) {
                0 => text.insert_str(at, pick(&mut r, YAML_BITS)),
                1 => {
                    let mut end = (at + 1 + r.index(12)).min(text.len());
                    while !text.is_char_boundary(end) {
                        end -= 1;
                    }
                    text.replace_range(at..end, "");
                }
                _ => {
                    let mut end = (at + r.index(4)).min(text.len());
                    while !text.is_char_boundary(end) {
                        end -= 1;
                    }
                    text.replace_range(at..end, pick(&mut r, YAML_BITS));
                }
            }
        }
        c.workspace_mut().write("fuzz.yaml", &text);
        let verb = ["apply", "create", "delete", "get"][i % 4];
        if c.run_with_limit(&format!("kubectl {verb} -f fuzz.yaml"), 5_000) == 0 {
            applied += 1;
        }
        let _ = c.drain();
        c.think(2_000);
    }
    assert!(applied > 0, "some mutations should still be valid manifests");
}

fn random_value(r: &mut Rng, depth: usize) -> Value {
    let keys = [
        "apiVersion",
        "kind",
        "metadata",
        "name",
        "spec",
        "replicas",
        "selector",
        "matchLabels",
        "template",
        "containers",
        "image",
        "ports",
        "port",
        "targetPort",
        "labels",
        "status",
        "x",
        "type",
        "clusterIP",
        "subsets",
        "addresses",
        "ip",
        "env",
        "command",
        "strategy",
        "rollingUpdate",
        "maxSurge",
        "creationTimestamp",
    ];
    match if depth > 5 { r.index(4) } else { r.index(7) } {
        0 => Value::Null,
        1 => Value::Bool(r.index(2) == 0),
        2 => Value::from(r.next_u64() as i64 >> r.index(64)),
        3 => Value::String(pick(r, &keys).to_string()),
        4 => Value::from(r.index(1000) as f64 / 7.0),
        5 => Value::Array((0..r.index(4)).map(|_| random_value(r, depth + 1)).collect()),
        _ => Value::Object((0..r.index(6)).map(|_| (pick(r, &keys).to_string(), random_value(r, depth + 1))).collect()),
    }
}

#[test]
fn random_json_decodes_or_errors() {
    let mut r = Rng::new(7);
    let kinds = [
        sim::Kind::Pod,
        sim::Kind::Service,
        sim::Kind::Endpoints,
        sim::Kind::Node,
        sim::Kind::Namespace,
        sim::Kind::Deployment,
        sim::Kind::ReplicaSet,
    ];
    let mut cluster = sim::Cluster::new(3);
    for _ in 0..3000 {
        let v = random_value(&mut r, 0);
        let kind = kinds[r.index(kinds.len())];
        if let Ok(mut obj) = sim::api::decode::decode(kind, v) {
            if obj.meta().name.is_empty() {
                obj.meta_mut().name = "x".into();
            }
            obj.meta_mut().namespace = "default".into();
            let _ = cluster.create(obj);
            cluster.advance_ms(500);
        }
    }
}
