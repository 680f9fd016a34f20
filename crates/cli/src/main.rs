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
  kubeplay run [--workspace DIR] [--seed N] [--think SECONDS] [FILE]
  kubeplay jsonpath TEMPLATE [--allow-missing-keys]
  kubeplay            (interactive, on a terminal)
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("jsonpath") => jsonpath(&args[1..]),
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
    let mut file = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--workspace" => workspace = it.next().cloned(),
            "--seed" => match it.next().and_then(|s| s.parse().ok()) {
                Some(s) => seed = s,
                None => return usage_error("--seed takes a whole number"),
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
    let mut console = Console::new(sim::Cluster::new(seed), ws);
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
