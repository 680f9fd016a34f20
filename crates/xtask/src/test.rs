//! `cargo xtask test`: every test, each step timed, then a summary. Steps run even after an
//! earlier one failed (except the browser tests, which need this run's release build).

use crate::server::{StaticServer, SUB_PATH};
use crate::setup::{self, Scope, Tools, CHROMIUM};
use crate::util::{self, cargo, heading, root, secs, Fail};
use std::time::{Duration, Instant};

const STEPS: [(&str, &str); 5] = [
    ("native", "cargo test --workspace --exclude app"),
    ("app", "cargo test -p app (native: the page's model tests)"),
    ("clippy", "cargo clippy -D warnings (native crates; app for wasm32)"),
    ("wasm", "trunk build --release -> dist/"),
    ("browser", "node --test tests/browser/ (headless Chromium, dist/ under a sub-path)"),
];

enum Outcome {
    Pass,
    Fail(String),
    Skip(String),
}

pub fn run(args: &[String]) -> Result<(), Fail> {
    let mut selected: Vec<&str> = Vec::new();
    for a in args {
        match STEPS.iter().find(|(n, _)| n == a) {
            Some((n, _)) => selected.push(n),
            None => {
                return Err(Fail::usage(format!(
                    "test: unknown step {a:?} (steps: {})",
                    STEPS.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
                )))
            }
        }
    }
    if selected.is_empty() {
        selected = STEPS.iter().map(|(n, _)| *n).collect();
    }
    let wants = |s: &str| selected.contains(&s);
    let started = Instant::now();

    let scope = if wants("browser") {
        Some(Scope::All)
    } else if wants("wasm") || wants("clippy") {
        Some(Scope::Build)
    } else {
        None
    };
    let t = Instant::now();
    let tools = match scope {
        Some(s) => Some(setup::run(s)?),
        None => None,
    };
    let setup_time = t.elapsed();

    let mut results: Vec<(&str, &str, Outcome, Duration)> = Vec::new();
    let mut wasm_failed = false;
    for (name, what) in STEPS {
        if !wants(name) {
            continue;
        }
        heading(&format!("test step `{name}`: {what}"));
        let t = Instant::now();
        let outcome = match name {
            "native" => outcome(util::run(cargo().args(["test", "--workspace", "--exclude", "app"]))),
            "app" => outcome(util::run(cargo().args(["test", "-p", "app"]))),
            "clippy" => clippy(),
            "wasm" => {
                let o = outcome(tools.as_ref().map_or(Err(Fail::new("no tools")), Tools::trunk_build));
                wasm_failed = !matches!(o, Outcome::Pass);
                o
            }
            "browser" if wasm_failed => Outcome::Skip("the release build failed".into()),
            "browser" => outcome(browser(tools.as_ref())),
            _ => unreachable!(),
        };
        results.push((name, what, outcome, t.elapsed()));
    }

    heading("summary");
    if scope.is_some() {
        println!("  ok    setup    {:<72} {:>8}", "tools present or installed", secs(setup_time));
    }
    let mut failed = Vec::new();
    for (name, what, o, d) in &results {
        let (tag, note) = match o {
            Outcome::Pass => ("PASS", String::new()),
            Outcome::Fail(m) => {
                failed.push(*name);
                ("FAIL", format!("\n        {m}"))
            }
            Outcome::Skip(m) => {
                failed.push(*name);
                ("SKIP", format!("\n        skipped: {m}"))
            }
        };
        println!("  {tag}  {name:<8} {what:<72} {:>8}{note}", secs(*d));
    }
    println!("  total  {}", secs(started.elapsed()));
    if failed.is_empty() {
        println!("\nxtask: all {} test steps passed", results.len());
        Ok(())
    } else {
        Err(Fail::new(format!("test steps failed or skipped: {}", failed.join(", "))))
    }
}

fn outcome(r: Result<(), Fail>) -> Outcome {
    match r {
        Ok(()) => Outcome::Pass,
        Err(f) => Outcome::Fail(f.message),
    }
}

fn clippy() -> Outcome {
    let native = util::run(cargo().args(["clippy", "--workspace", "--exclude", "app", "--all-targets", "--", "-D", "warnings"]));
    let app = util::run(cargo().args(["clippy", "-p", "app", "--target", "wasm32-unknown-unknown", "--", "-D", "warnings"]));
    match (native, app) {
        (Ok(()), Ok(())) => Outcome::Pass,
        (a, b) => Outcome::Fail(
            [a.err(), b.err()].into_iter().flatten().map(|f| f.message).collect::<Vec<_>>().join("; "),
        ),
    }
}

fn browser(tools: Option<&Tools>) -> Result<(), Fail> {
    let tools = tools.ok_or_else(|| Fail::new("setup did not run"))?;
    let dist = root().join("dist");
    if !dist.join("index.html").is_file() {
        return Err(Fail::new("dist/index.html is missing: run `cargo xtask build` (or the `wasm` step) first"));
    }
    let mut server = StaticServer::start(&dist)?;
    let url = server.url(SUB_PATH);
    println!("static server: {} at {url} and {}", dist.display(), server.url("/"));
    let shots = util::target_dir().join("screenshots");
    let node = tools.node.clone().unwrap_or_else(|| "node".into());
    let mut cmd = tools.command(node);
    cmd.args(["--test", "--test-reporter=spec", "--test-concurrency=1", "tests/browser/"])
        .env("KUBEPLAY_URL", &url)
        .env("KUBEPLAY_ROOT_URL", server.url("/"))
        .env("CHROMIUM", tools.chromium.as_deref().unwrap_or(CHROMIUM.as_ref()))
        .env("SCREENSHOT_DIR", &shots);
    let r = util::run(&mut cmd);
    server.stop();
    if r.is_ok() {
        println!("screenshots: {}", shots.display());
    }
    r
}
