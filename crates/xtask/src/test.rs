//! `cargo xtask test`: every test, each step timed, then a summary. Steps run even after an
//! earlier one failed (except the browser tests, which need this run's release build).

use crate::server::{StaticServer, SUB_PATH};
use crate::setup::{self, Scope, Tools, CHROMIUM};
use crate::util::{self, cargo, heading, root, secs, Fail};
use std::time::{Duration, Instant};

const STEPS: [(&str, &str); 5] = [
    ("native", "cargo test --workspace --exclude app"),
    ("app", "cargo test -p app (native)"),
    ("clippy", "cargo clippy -D warnings (native; app for wasm32)"),
    ("wasm", "trunk build --release -> dist/"),
    ("browser", "node --test tests/browser/ (Chromium, dist/ at /sub/dir/)"),
];

enum Outcome {
    Pass,
    Fail(String),
    Skip(String),
}

/// Tests counted from the runners' own summaries.
#[derive(Default, Clone, Copy)]
struct Counts {
    passed: u64,
    failed: u64,
    ignored: u64,
}

impl Counts {
    /// libtest: `test result: ok. 28 passed; 0 failed; 1 ignored; ...`
    fn cargo_line(&mut self, line: &str) {
        if let Some(rest) = line.strip_prefix("test result: ") {
            for part in rest.split(';') {
                let mut w = part.split_whitespace().rev();
                let (Some(label), Some(n)) = (w.next(), w.next()) else {
                    continue;
                };
                let Ok(n) = n.parse::<u64>() else { continue };
                match label {
                    "passed" => self.passed += n,
                    "failed" => self.failed += n,
                    "ignored" => self.ignored += n,
                    _ => {}
                }
            }
        }
    }

    /// node --test (spec reporter): `ℹ pass 13`, `ℹ fail 0`, `ℹ skipped 0`
    fn node_line(&mut self, line: &str) {
        let mut w = line.split_whitespace();
        if w.next() != Some("ℹ") {
            return;
        }
        let (Some(label), Some(n)) = (w.next(), w.next().and_then(|n| n.parse::<u64>().ok())) else {
            return;
        };
        match label {
            "pass" => self.passed += n,
            "fail" | "cancelled" => self.failed += n,
            "skipped" | "todo" => self.ignored += n,
            _ => {}
        }
    }

    fn describe(&self) -> String {
        let mut s = format!("{} passed", self.passed);
        if self.failed > 0 {
            s.push_str(&format!(", {} failed", self.failed));
        }
        if self.ignored > 0 {
            s.push_str(&format!(", {} ignored/skipped", self.ignored));
        }
        s
    }
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

    let mut results: Vec<(&str, &str, Outcome, Duration, Option<Counts>)> = Vec::new();
    let mut wasm_failed = false;
    for (name, what) in STEPS {
        if !wants(name) {
            continue;
        }
        heading(&format!("test step `{name}`: {what}"));
        let t = Instant::now();
        let mut counts = None;
        let mut count_cargo = |args: &[&str]| {
            let mut c = Counts::default();
            let r = util::run_watching(cargo().args(args), |l| c.cargo_line(l));
            counts = Some(c);
            outcome(r)
        };
        let outcome = match name {
            "native" => count_cargo(&["test", "--workspace", "--exclude", "app"]),
            "app" => count_cargo(&["test", "-p", "app"]),
            "clippy" => clippy(),
            "wasm" => {
                let o = outcome(tools.as_ref().map_or(Err(Fail::new("no tools")), Tools::trunk_build));
                wasm_failed = !matches!(o, Outcome::Pass);
                o
            }
            "browser" if wasm_failed => Outcome::Skip("the release build failed".into()),
            "browser" => {
                let mut c = Counts::default();
                let r = browser(tools.as_ref(), &mut c);
                counts = Some(c);
                outcome(r)
            }
            _ => unreachable!(),
        };
        results.push((name, what, outcome, t.elapsed(), counts));
    }

    heading("summary");
    if scope.is_some() {
        println!("  ok    setup    {:>7}  tools present or installed", secs(setup_time));
    }
    let mut failed = Vec::new();
    for (name, what, o, d, counts) in &results {
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
        let counts = counts.map(|c| format!(" ({})", c.describe())).unwrap_or_default();
        println!("  {tag}  {name:<8} {:>7}  {what}{counts}{note}", secs(*d));
    }
    println!("  total          {:>7}", secs(started.elapsed()));
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
    let native =
        util::run(cargo().args(["clippy", "--workspace", "--exclude", "app", "--all-targets", "--", "-D", "warnings"]));
    let app =
        util::run(cargo().args(["clippy", "-p", "app", "--target", "wasm32-unknown-unknown", "--", "-D", "warnings"]));
    match (native, app) {
        (Ok(()), Ok(())) => Outcome::Pass,
        (a, b) => {
            Outcome::Fail([a.err(), b.err()].into_iter().flatten().map(|f| f.message).collect::<Vec<_>>().join("; "))
        }
    }
}

fn browser(tools: Option<&Tools>, counts: &mut Counts) -> Result<(), Fail> {
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
    // KUBEPLAY_BROWSER_TESTS="tests/browser/a.test.mjs ..." runs only those files.
    let files = std::env::var("KUBEPLAY_BROWSER_TESTS").unwrap_or_else(|_| "tests/browser/".into());
    cmd.args(["--test", "--test-reporter=spec", "--test-concurrency=1"])
        .args(files.split_whitespace())
        .env("KUBEPLAY_URL", &url)
        .env("KUBEPLAY_ROOT_URL", server.url("/"))
        .env("CHROMIUM", tools.chromium.as_deref().unwrap_or(CHROMIUM.as_ref()))
        .env("SCREENSHOT_DIR", &shots);
    let r = util::run_watching(&mut cmd, |l| counts.node_line(l));
    server.stop();
    if r.is_ok() {
        println!("screenshots: {}", shots.display());
    }
    r
}

#[cfg(test)]
mod tests {
    use super::Counts;

    #[test]
    fn counts_libtest_and_node_summaries() {
        let mut c = Counts::default();
        c.cargo_line("test result: ok. 28 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.71s");
        c.cargo_line(
            "test result: FAILED. 3 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.1s",
        );
        c.cargo_line("running 3 tests");
        assert_eq!((c.passed, c.failed, c.ignored), (31, 2, 1));
        let mut n = Counts::default();
        for l in [
            "ℹ tests 13",
            "ℹ suites 0",
            "ℹ pass 12",
            "ℹ fail 1",
            "ℹ cancelled 0",
            "ℹ skipped 0",
            "ℹ todo 0",
            "ℹ duration_ms 14570.8",
        ] {
            n.node_line(l);
        }
        assert_eq!((n.passed, n.failed, n.ignored), (12, 1, 0));
        assert_eq!(n.describe(), "12 passed, 1 failed");
    }
}
