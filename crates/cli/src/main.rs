//! `kubeplay`: the simulated cluster on the command line.
//!
//! - `kubeplay run [--workspace DIR] [--seed N] [--think SECONDS] [FILE]` runs console lines
//!   from FILE (or stdin) and prints each as `$ <line>` followed by its output.
//! - `kubeplay jsonpath TEMPLATE [--allow-missing-keys]` evaluates kubectl's JSONPath on JSON
//!   read from stdin.
//! - `kubeplay` alone on a terminal: an interactive prompt over the example workspace.

use kubectl::{Console, State, Workspace};
use std::io::{BufRead, IsTerminal, Read, Write};
use std::path::Path;
use std::process::ExitCode;

const USAGE: &str = "usage:
  kubeplay run [--workspace DIR] [--seed N] [--think SECONDS] [--workers N] [FILE]
  kubeplay jsonpath TEMPLATE [--allow-missing-keys]
  kubeplay bench      (speed numbers; build with --profile native)
  kubeplay            (interactive, on a terminal)
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("jsonpath") => jsonpath(&args[1..]),
        Some("bench") => bench(),
        Some("-h" | "--help" | "help") => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        None if std::io::stdin().is_terminal() => interactive(),
        None => run(&[]),
        Some(other) => {
            eprint!("kubeplay: unknown command {other:?}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// Loads every file under `dir` into a workspace, keyed by relative path.
fn load_workspace(dir: &Path) -> std::io::Result<Workspace> {
    fn walk(base: &Path, dir: &Path, ws: &mut Workspace) -> std::io::Result<()> {
        let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
        entries.sort_by_key(|e| e.path());
        for e in entries {
            let p = e.path();
            if p.is_dir() {
                walk(base, &p, ws)?;
            } else if let Ok(text) = std::fs::read_to_string(&p) {
                if let Ok(rel) = p.strip_prefix(base) {
                    ws.write(&rel.to_string_lossy().replace('\\', "/"), &text);
                }
            }
        }
        Ok(())
    }
    let mut ws = Workspace::default();
    walk(dir, dir, &mut ws)?;
    Ok(ws)
}

fn run(args: &[String]) -> ExitCode {
    let mut workspace = None;
    let mut seed: u64 = 1;
    let mut think_ms: u64 = 5000;
    let mut workers: usize = 2;
    let mut file = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--workspace" => workspace = it.next().cloned(),
            "--seed" => match it.next().and_then(|s| s.parse().ok()) {
                Some(s) => seed = s,
                None => return usage_error("--seed takes a whole number"),
            },
            "--workers" => match it.next().and_then(|s| s.parse().ok()).filter(|w| (1..=250).contains(w)) {
                Some(w) => workers = w,
                None => return usage_error("--workers takes a number from 1 to 250"),
            },
            "--think" => match it.next().and_then(|s| s.parse::<f64>().ok()).filter(|s| *s >= 0.0) {
                Some(s) => think_ms = (s * 1000.0) as u64,
                None => return usage_error("--think takes a number of seconds"),
            },
            f if !f.starts_with('-') && file.is_none() => file = Some(f.to_string()),
            other => return usage_error(&format!("unknown option {other}")),
        }
    }
    let ws = match &workspace {
        Some(dir) => match load_workspace(Path::new(dir)) {
            Ok(ws) => ws,
            Err(e) => {
                eprintln!("kubeplay: cannot read workspace {dir}: {e}");
                return ExitCode::from(1);
            }
        },
        None => Workspace::example(),
    };
    let script = match &file {
        Some(f) => std::fs::read_to_string(f),
        None => {
            let mut s = String::new();
            std::io::stdin().read_to_string(&mut s).map(|_| s)
        }
    };
    let script = match script {
        Ok(s) => s,
        Err(e) => {
            eprintln!("kubeplay: cannot read {}: {e}", file.as_deref().unwrap_or("stdin"));
            return ExitCode::from(1);
        }
    };
    let mut console = Console::new(sim::Cluster::with_workers(seed, workers), ws);
    let mut out = std::io::stdout().lock();
    kubectl::console::transcript(&mut console, &script, think_ms, &mut |t| {
        let _ = out.write_all(t.as_bytes());
        let _ = out.flush();
    });
    ExitCode::SUCCESS
}

fn usage_error(msg: &str) -> ExitCode {
    eprint!("kubeplay: {msg}\n{USAGE}");
    ExitCode::from(2)
}

fn jsonpath(args: &[String]) -> ExitCode {
    let allow = args.iter().any(|a| a == "--allow-missing-keys");
    let Some(template) = args.iter().find(|a| *a != "--allow-missing-keys") else {
        return usage_error("jsonpath needs a TEMPLATE");
    };
    let mut input = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut input) {
        eprintln!("kubeplay: cannot read stdin: {e}");
        return ExitCode::from(1);
    }
    let value: serde_json::Value = match serde_json::from_str(&input) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("error: invalid JSON on stdin: {e}");
            return ExitCode::from(1);
        }
    };
    match kubectl::jsonpath::kubectl_jsonpath(template, &value, allow) {
        Ok(s) => {
            print!("{s}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprint!("error: {e}");
            if !e.ends_with('\n') {
                eprintln!();
            }
            ExitCode::from(1)
        }
    }
}

/// A prompt: lines run in real time, output streams as the cluster clock follows the wall
/// clock (a ping prints one line a second).
fn interactive() -> ExitCode {
    let seed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(1);
    let mut console = Console::new(sim::Cluster::new(seed), Workspace::example());
    println!("kubeplay: a simulated cluster (1 control plane, 2 workers). Try: kubectl apply -f sleep/sleep1.yaml -f sleep/sleep2.yaml");
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    loop {
        print!("$ ");
        let _ = std::io::stdout().flush();
        let Some(Ok(line)) = lines.next() else { break };
        if line.trim() == "exit" {
            break;
        }
        console.submit(&line);
        let mut last = std::time::Instant::now();
        loop {
            let chunk = kubectl::console::text(&console.drain());
            print!("{chunk}");
            let _ = std::io::stdout().flush();
            if !console.busy() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
            let now = std::time::Instant::now();
            console.tick(now.duration_since(last).as_millis() as u64);
            last = now;
        }
        let rest = kubectl::console::text(&console.drain());
        print!("{rest}");
        if console.take_clear() {
            print!("\x1b[H\x1b[2J");
        }
        let _ = matches!(console.step(), State::Idle);
    }
    ExitCode::SUCCESS
}

/// `deployments` Deployments of `replicas` pods each, as one multi-document manifest.
fn many_deployments(deployments: usize, replicas: usize) -> String {
    (0..deployments)
        .map(|i| {
            format!(
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-{i}\nspec:\n  replicas: {replicas}\n  selector:\n    matchLabels:\n      app: app-{i}\n  template:\n    metadata:\n      labels:\n        app: app-{i}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n"
            )
        })
        .collect::<Vec<_>>()
        .join("---\n")
}

/// Applies the manifest and moves the clock until every pod in `default` is Running.
/// Returns (wall time of apply + reconcile, virtual seconds it took, pods).
fn apply_and_settle(deployments: usize, replicas: usize) -> (std::time::Duration, u64, usize, Console) {
    let mut ws = Workspace::default();
    ws.write("many.yaml", &many_deployments(deployments, replicas));
    // Nodes run at most 110 pods each (the kubelet's default), so big runs get more workers.
    let workers = (deployments * replicas).div_ceil(100).max(2);
    let mut console = Console::new(sim::Cluster::with_workers(1, workers), ws);
    let start = std::time::Instant::now();
    let t0 = console.cluster().now();
    console.run("kubectl apply -f many.yaml");
    let _ = console.drain();
    let want = deployments * replicas;
    for _ in 0..600 {
        let running = console
            .cluster()
            .store
            .pods
            .values()
            .filter(|p| p.metadata.namespace == "default" && p.status.phase == "Running")
            .count();
        if running >= want {
            break;
        }
        console.think(1000);
    }
    let took = start.elapsed();
    let virt = console.cluster().now().since(t0) / 1000;
    let pods = console.cluster().store.pods.values().filter(|p| p.metadata.namespace == "default").count();
    (took, virt, pods, console)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

fn bench() -> ExitCode {
    println!("kubeplay native benchmarks (median of runs; wall-clock time on this machine)");
    let mut rows = Vec::new();
    for (d, r, runs) in [(100usize, 10usize, 5usize), (1000, 10, 3)] {
        let mut times = Vec::new();
        let mut virt = 0;
        let mut pods = 0;
        for _ in 0..runs {
            let (t, v, p, _) = apply_and_settle(d, r);
            times.push(t.as_secs_f64() * 1000.0);
            virt = v;
            pods = p;
        }
        let ms = median(times);
        let workers = (d * r).div_ceil(100).max(2);
        println!("apply {d} Deployments x {r} replicas on {workers} workers, until all {pods} pods Running: {ms:.1} ms ({virt} s of cluster time)");
        rows.push((pods, ms));
    }
    if let [(p1, t1), (p2, t2)] = rows.as_slice() {
        let per1 = t1 / *p1 as f64;
        let per2 = t2 / *p2 as f64;
        println!(
            "cost per pod: {:.3} ms at {p1} pods, {:.3} ms at {p2} pods (ratio {:.2}; 1.00 = linear)",
            per1,
            per2,
            per2 / per1
        );
    }
    let (_, _, _, mut console) = apply_and_settle(100, 10);
    console.run("kubectl apply -f sleep/ 2>/dev/null");
    println!("console commands on a 1,000-pod cluster (one frame at 60 Hz = 16.7 ms):");
    for line in [
        "kubectl get pods",
        "kubectl get pods -o wide",
        "kubectl get pods -l app=app-7",
        "kubectl get all",
        "kubectl get pods -o json",
        "kubectl get pods -o yaml",
        "kubectl get pods -o jsonpath='{.items[*].status.podIP}'",
        "kubectl get deploy",
        "kubectl get endpoints",
        "kubectl delete pod -l app=app-3 --wait=false",
    ] {
        let mut times = Vec::new();
        for _ in 0..5 {
            let start = std::time::Instant::now();
            console.run(line);
            times.push(start.elapsed().as_secs_f64() * 1000.0);
            let _ = console.drain();
        }
        println!("  {:>8.2} ms  {line}", median(times));
    }
    ExitCode::SUCCESS
}
