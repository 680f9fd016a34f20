//! `kubeplay`: the simulated cluster on the command line.
//!
//! - `kubeplay run [--workspace DIR] [--seed N] [--think SECONDS] [--workers N] [--record FILE]
//!   [SCRIPT]` runs console lines from SCRIPT (or stdin) and prints each as `$ <line>`
//!   followed by its output; `--record` writes the session (JSON) to FILE.
//! - `kubeplay replay FILE` replays a recorded session and prints its transcript.
//! - `kubeplay share FILE [--base URL]` prints the share link of a recorded session.
//! - `kubeplay open URL|FRAGMENT [--record FILE]` restores a share link and prints its
//!   transcript.
//! - `kubeplay jsonpath TEMPLATE [--allow-missing-keys]` evaluates kubectl's JSONPath on JSON
//!   read from stdin.
//! - `kubeplay` alone on a terminal: an interactive prompt over the example workspace.

use kubectl::session::{link, Player, Session, DEFAULT_WORKERS};
use kubectl::{Console, State, Workspace};
use std::io::{BufRead, IsTerminal, Read, Write};
use std::path::Path;
use std::process::ExitCode;

const USAGE: &str = "usage:
  kubeplay run [--workspace DIR] [--seed N] [--think SECONDS] [--workers N] [--record FILE] [SCRIPT]
  kubeplay replay FILE                 (a session --record wrote: print its transcript)
  kubeplay share FILE [--base URL]     (print the share link of a recorded session)
  kubeplay open URL|FRAGMENT [--record FILE]   (restore a share link, print its transcript)
  kubeplay jsonpath TEMPLATE [--allow-missing-keys]
  kubeplay bench      (speed numbers; build with --profile native)
  kubeplay            (interactive, on a terminal)
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("replay") => replay(&args[1..]),
        Some("share") => share(&args[1..]),
        Some("open") => open(&args[1..]),
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
    let mut workers: usize = DEFAULT_WORKERS;
    let mut record = None;
    let mut file = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--workspace" => workspace = it.next().cloned(),
            "--record" => match it.next() {
                Some(f) => record = Some(f.clone()),
                None => return usage_error("--record takes a file name"),
            },
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
    let mut player = Player::new(&Session::new(seed, workers, ws.files));
    let mut out = std::io::stdout().lock();
    player.run_script(&script, think_ms, &mut |t| {
        let _ = out.write_all(t.as_bytes());
        let _ = out.flush();
    });
    match record {
        Some(f) => write_session(&f, &player.record()),
        None => ExitCode::SUCCESS,
    }
}

fn write_session(path: &str, s: &Session) -> ExitCode {
    match std::fs::write(path, kubectl::session::json::to_json(s) + "\n") {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kubeplay: cannot write {path}: {e}");
            ExitCode::from(1)
        }
    }
}

/// A recorded session: the JSON `--record` writes, or a share link.
fn read_session(path: &str) -> Result<Session, ExitCode> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        eprintln!("kubeplay: cannot read {path}: {e}");
        ExitCode::from(1)
    })?;
    let parsed =
        if text.trim_start().starts_with('{') { kubectl::session::json::from_json(&text) } else { link::decode(&text) };
    parsed.map_err(|e| {
        eprintln!("kubeplay: {path}: {e}");
        ExitCode::from(1)
    })
}

/// Replays `s` and prints its transcript.
fn print_replay(s: &Session, record: Option<&str>) -> ExitCode {
    if let Err(e) = s.check() {
        eprintln!("kubeplay: cannot replay this session: {e}");
        return ExitCode::from(1);
    }
    let mut p = Player::new(s);
    p.keep_transcript();
    p.replay(s);
    print!("{}", p.transcript());
    match record {
        Some(f) => write_session(f, &p.record()),
        None => ExitCode::SUCCESS,
    }
}

fn replay(args: &[String]) -> ExitCode {
    let [file] = args else { return usage_error("replay takes one FILE") };
    match read_session(file) {
        Ok(s) => print_replay(&s, None),
        Err(code) => code,
    }
}

fn share(args: &[String]) -> ExitCode {
    let (file, base) = match args {
        [f] => (f, None),
        [f, b, u] | [b, u, f] if b == "--base" => (f, Some(u)),
        _ => return usage_error("share takes FILE [--base URL]"),
    };
    let s = match read_session(file) {
        Ok(s) => s,
        Err(code) => return code,
    };
    match link::fragment(&s) {
        Ok(frag) => {
            let base = base.map(|b| b.split('#').next().unwrap_or(b).to_string()).unwrap_or_default();
            println!("{base}{frag}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("kubeplay: {e}");
            ExitCode::from(1)
        }
    }
}

fn open(args: &[String]) -> ExitCode {
    let (url, record) = match args {
        [u] => (u, None),
        [u, r, f] | [r, f, u] if r == "--record" => (u, Some(f.as_str())),
        _ => return usage_error("open takes URL|FRAGMENT [--record FILE]"),
    };
    match link::decode(url) {
        Ok(s) => print_replay(&s, record),
        Err(e) => {
            eprintln!("kubeplay: {e}");
            ExitCode::from(1)
        }
    }
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
            .store()
            .pods()
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
    let pods = console.cluster().store().pods().values().filter(|p| p.metadata.namespace == "default").count();
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
    bench_replay();
    ExitCode::SUCCESS
}

/// A journal of `n` console lines a learner might type around the chapter's exercise.
fn learner_journal(n: usize) -> Session {
    const LINES: &[&str] = &[
        "kubectl apply -f sleep/sleep1.yaml -f sleep/sleep2.yaml",
        "kubectl get pods -o wide",
        "kubectl get pod -l app=sleep-2 --output jsonpath='{.items[0].status.podIP}'",
        "kubectl exec deploy/sleep-1 -- ping -c 2 $(kubectl get pod -l app=sleep-2 --output jsonpath='{.items[0].status.podIP}')",
        "kubectl apply -f sleep/sleep2-service.yaml",
        "kubectl get svc sleep-2",
        "kubectl exec deploy/sleep-1 -- ping -c 1 sleep-2",
        "kubectl exec deploy/sleep-1 -- nslookup sleep-2",
        "kubectl delete pods -l app=sleep-2",
        "kubectl get endpoints sleep-2",
    ];
    let script: String = LINES.iter().cycle().take(n).map(|l| format!("{l}\n")).collect();
    let mut p = Player::new(&Session::example(2026));
    p.run_script(&script, 3000, &mut |_| {});
    p.record()
}

fn bench_replay() {
    let record = learner_journal(1000);
    let mut times = Vec::new();
    for _ in 0..3 {
        let start = std::time::Instant::now();
        let p = Player::open(&record);
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        drop(p);
    }
    let link = link::fragment(&record).unwrap_or_default();
    let start = std::time::Instant::now();
    let back = link::decode(&link);
    let decode_ms = start.elapsed().as_secs_f64() * 1000.0;
    println!(
        "replay of a 1,000-line journal ({} s of cluster time): {:.1} ms; its link: {} characters, decoded in {decode_ms:.2} ms{}",
        record.elapsed / 1000,
        median(times),
        link.len(),
        if back.as_ref() == Ok(&record) { "" } else { " (DECODED DIFFERENTLY)" }
    );
}
