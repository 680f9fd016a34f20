//! `cargo xtask bench`: numbers, not pass/fail.
//!
//! (a) page weight: gzip -9 size of every file dist/index.html makes the browser load;
//! (b) time to a usable console in headless Chromium, median of N fresh loads;
//! (c) the native apply benchmark of the CLI (`kubeplay bench`).

use crate::server::{StaticServer, SUB_PATH};
use crate::setup::{self, Scope, CHROMIUM};
use crate::util::{self, cargo, heading, root, Fail};
use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

pub const BUDGET_KIB: u64 = 240;

struct FileWeight {
    name: String,
    raw: u64,
    gz: u64,
}

struct Load {
    in_page: Vec<f64>,
    wall: Vec<f64>,
}

enum Native {
    Ran { stdout: String, wall: f64 },
    Missing(String),
    Failed(String),
}

pub fn run(args: &[String]) -> Result<(), Fail> {
    let mut write = false;
    let mut build = true;
    let mut runs = 5usize;
    let mut native_timeout = 600u64;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--write" => write = true,
            "--no-build" => build = false,
            "--runs" => {
                runs = it
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|n| *n > 0)
                    .ok_or_else(|| Fail::usage("--runs takes a positive number"))?
            }
            "--native-timeout" => {
                native_timeout = it
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|n| *n > 0)
                    .ok_or_else(|| Fail::usage("--native-timeout takes a number of seconds"))?
            }
            other => return Err(Fail::usage(format!("bench: unexpected argument {other:?}"))),
        }
    }
    let tools = setup::run(Scope::All)?;
    if build {
        heading("release build (trunk build --release)");
        tools.trunk_build()?;
    }
    let dist = root().join("dist");
    if !dist.join("index.html").is_file() {
        return Err(Fail::new("dist/index.html is missing: run `cargo xtask build` first"));
    }

    heading("(a) page weight: gzip -9 of every file index.html loads");
    let weights = page_weight(&dist)?;
    print_weights(&weights);

    let embed_js = gzip_len(&dist.join("embed.js")).ok();

    heading(&format!("(b) navigation to a usable console, {runs} fresh loads in headless Chromium"));
    let load = load_time(&tools, &dist, runs, None)?;

    heading("(c) native: 100 Deployments x 10 replicas until all pods Running (`kubeplay bench`)");
    let native = native_bench(native_timeout);
    if let Native::Missing(m) | Native::Failed(m) = &native {
        println!("{m}");
    }

    heading(&format!("(d) the chapter 3.1 exercise's share link: its length, and {runs} fresh opens in Chromium"));
    let link = seed_link()?;
    println!("  link: {} characters ({link})", link.len());
    let opened = load_time(&tools, &dist, runs, Some((&link, "100% packet loss")))?;

    let extra = Extra { link_len: link.len(), opened, embed_js, runs };
    let report = report(&weights, &load, &native, runs) + &extra.rows(&weights);
    heading("summary");
    print!("{report}");
    if write {
        let md = markdown(&report, &tools);
        std::fs::write(root().join("BENCHMARKS.md"), md)?;
        println!("\nxtask: wrote BENCHMARKS.md");
    }
    Ok(())
}

/// Every `./file` that index.html names in quotes (scripts, the wasm module, CSS, icon).
pub fn referenced(index: &str) -> Vec<String> {
    let mut out = vec!["index.html".to_string()];
    let b = index.as_bytes();
    for (i, _) in index.match_indices("./") {
        let Some(&q) = i.checked_sub(1).and_then(|j| b.get(j)) else {
            continue;
        };
        if q != b'"' && q != b'\'' {
            continue;
        }
        let rest = &index[i + 2..];
        if let Some(end) = rest.find(q as char) {
            let name = rest[..end].split(['?', '#']).next().unwrap_or("").to_string();
            if !name.is_empty() && !out.contains(&name) {
                out.push(name);
            }
        }
    }
    out
}

fn gzip_len(path: &Path) -> Result<u64, Fail> {
    let out = Command::new("gzip")
        .args(["-9", "-n", "-c"])
        .arg(path)
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| Fail::new(format!("cannot run gzip (Debian package gzip): {e}")))?;
    if !out.status.success() {
        return Err(Fail::new(format!("gzip failed on {}", path.display())));
    }
    Ok(out.stdout.len() as u64)
}

fn page_weight(dist: &Path) -> Result<Vec<FileWeight>, Fail> {
    let index = std::fs::read_to_string(dist.join("index.html"))?;
    let mut v = Vec::new();
    for name in referenced(&index) {
        let p = dist.join(&name);
        if !p.is_file() {
            println!("  !! index.html names {name}, which is not in dist/");
            continue;
        }
        let raw = std::fs::metadata(&p)?.len();
        v.push(FileWeight { gz: gzip_len(&p)?, raw, name });
    }
    Ok(v)
}

fn kib(b: u64) -> String {
    format!("{:.1} KiB", b as f64 / 1024.0)
}

fn print_weights(w: &[FileWeight]) {
    println!("  {:<36} {:>10} {:>12} {:>10} {:>11}", "file", "bytes", "", "gzip -9", "");
    for f in w {
        println!("  {:<36} {:>10} {:>12} {:>10} {:>11}", f.name, f.raw, kib(f.raw), f.gz, kib(f.gz));
    }
    let (raw, gz) = totals(w);
    println!("  {:<36} {:>10} {:>12} {:>10} {:>11}", "total", raw, kib(raw), gz, kib(gz));
    println!(
        "  budget {BUDGET_KIB} KiB gzipped: {} ({} KiB {})",
        if gz <= BUDGET_KIB * 1024 { "within" } else { "OVER" },
        format_args!("{:.1}", (BUDGET_KIB * 1024).abs_diff(gz) as f64 / 1024.0),
        if gz <= BUDGET_KIB * 1024 { "to spare" } else { "over" }
    );
}

fn totals(w: &[FileWeight]) -> (u64, u64) {
    (w.iter().map(|f| f.raw).sum(), w.iter().map(|f| f.gz).sum())
}

fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    match s.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => s[n / 2],
        n => (s[n / 2 - 1] + s[n / 2]) / 2.0,
    }
}

/// Fresh loads of the page, or (with `link`, a `#s=` fragment) of a share link until its
/// restored console shows `until`.
fn load_time(tools: &setup::Tools, dist: &Path, runs: usize, link: Option<(&str, &str)>) -> Result<Load, Fail> {
    let mut server = StaticServer::start(dist)?;
    let node = tools.node.clone().unwrap_or_else(|| "node".into());
    let mut cmd = tools.command(node);
    if let Some((fragment, until)) = link {
        cmd.env("KUBEPLAY_FRAGMENT", fragment).env("KUBEPLAY_UNTIL", until);
    }
    cmd.arg("tests/browser/bench/load.mjs")
        .env("KUBEPLAY_URL", server.url(SUB_PATH))
        .env("CHROMIUM", tools.chromium.as_deref().unwrap_or(CHROMIUM.as_ref()))
        .env("RUNS", runs.to_string())
        .stderr(Stdio::inherit());
    println!("$ {}", util::describe(&cmd));
    let out = cmd.output().map_err(|e| util::spawn_error(&cmd, e))?;
    server.stop();
    let text = String::from_utf8_lossy(&out.stdout);
    let mut load = Load { in_page: vec![], wall: vec![] };
    for line in text.lines() {
        println!("  {line}");
        // "load 1: in_page_ms=412.3 wall_ms=455.0"
        let field =
            |k: &str| line.split_whitespace().find_map(|w| w.strip_prefix(k)).and_then(|v| v.parse::<f64>().ok());
        if let (true, Some(a), Some(b)) = (line.starts_with("load "), field("in_page_ms="), field("wall_ms=")) {
            load.in_page.push(a);
            load.wall.push(b);
        }
    }
    if !out.status.success() || load.in_page.is_empty() {
        return Err(Fail::new(format!("the load benchmark failed ({})", out.status)));
    }
    Ok(load)
}

/// The share link of `examples/ch03-3.1.txt` as `kubeplay run --record` and `kubeplay share`
/// make it (the CLI was built by [`native_bench`]).
fn seed_link() -> Result<String, Fail> {
    let bin = util::target_dir().join("native").join("kubeplay");
    let record = util::target_dir().join("bench-ch03-session.json");
    let mut run = Command::new(&bin);
    util::clean_env(&mut run);
    run.args(["run", "--seed", "2026", "--record"]).arg(&record).arg("examples/ch03-3.1.txt").current_dir(root());
    run.stdout(Stdio::null());
    util::run(&mut run)?;
    let rec = record.to_string_lossy();
    let out = util::output(&bin, &["share", &rec]).ok_or_else(|| Fail::new("`kubeplay share` printed nothing"))?;
    Ok(out.trim().to_string())
}

/// The share-link and embed rows.
struct Extra {
    link_len: usize,
    opened: Load,
    embed_js: Option<u64>,
    runs: usize,
}

impl Extra {
    fn rows(&self, w: &[FileWeight]) -> String {
        let (_, gz) = totals(w);
        let list = |v: &[f64]| v.iter().map(|x| format!("{x:.0}")).collect::<Vec<_>>().join(", ");
        let mut s = String::new();
        let _ = writeln!(
            s,
            "\n| session metric | value | aim |\n|---|---|---|\n\
             | share link of the chapter 3.1 exercise (`examples/ch03-3.1.txt`), `#s=...` | {} characters | under 1,000 |",
            self.link_len
        );
        let _ = writeln!(
            s,
            "| open that link → usable console showing its last output, median of {} | {:.0} ms (runs: {}) | |",
            self.runs,
            median(&self.opened.in_page),
            list(&self.opened.in_page)
        );
        if let Some(js) = self.embed_js {
            let _ = writeln!(
                s,
                "| an embed: the tutorial page's embed.js + every file of the playground, gzip -9 | {} B ({}): embed.js {} B + page {} B | |",
                js + gz,
                kib(js + gz),
                js,
                gz
            );
        }
        s
    }
}

fn native_bench(timeout_s: u64) -> Native {
    if let Err(f) = util::run(cargo().args(["build", "--profile", "native", "-p", "kubeplay"])) {
        return Native::Failed(format!("  could not build the CLI: {}", f.message));
    }
    let bin = util::target_dir().join("native").join("kubeplay");
    let mut cmd = Command::new(&bin);
    util::clean_env(&mut cmd);
    // `kubeplay bench` (crates/cli) applies 100 Deployments x 10 replicas, waits until every pod
    // is Running and prints its own numbers; we stream them and time the whole process.
    cmd.arg("bench").current_dir(root()).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    println!("$ {} bench   (stopped after {timeout_s} s; --native-timeout changes that)", bin.display());
    util::flush();
    let t = Instant::now();
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => return Native::Failed(format!("  cannot run {}: {e}", bin.display())),
    };
    let out = child.stdout.take().map(|o| {
        std::thread::spawn(move || {
            let mut all = String::new();
            for line in std::io::BufRead::lines(std::io::BufReader::new(o)).map_while(Result::ok) {
                println!("  {line}");
                all.push_str(&line);
                all.push('\n');
            }
            all
        })
    });
    let err = child.stderr.take().map(|e| {
        std::thread::spawn(move || {
            let mut s = String::new();
            let _ = std::io::Read::read_to_string(&mut std::io::BufReader::new(e), &mut s);
            s
        })
    });
    let status = loop {
        match child.try_wait() {
            Ok(Some(st)) => break Ok(st),
            Ok(None) if t.elapsed().as_secs() >= timeout_s => {
                let _ = child.kill();
                let _ = child.wait();
                break Err(format!("timed out after {timeout_s} s and was stopped"));
            }
            Ok(None) => std::thread::sleep(std::time::Duration::from_millis(50)),
            Err(e) => break Err(e.to_string()),
        }
    };
    let wall = t.elapsed().as_secs_f64() * 1000.0;
    let stdout = out.and_then(|h| h.join().ok()).unwrap_or_default();
    let stderr = err.and_then(|h| h.join().ok()).unwrap_or_default();
    match status {
        Ok(st) if st.success() => Native::Ran { stdout, wall },
        Ok(_) if stderr.contains("unknown command") => Native::Missing(
            "  NOT AVAILABLE: this kubeplay has no `bench` command (it said: unknown command \"bench\")".into(),
        ),
        Ok(st) => Native::Failed(format!("`kubeplay bench` failed ({st}) {}", stderr.trim())),
        Err(e) => Native::Failed(format!("`kubeplay bench` {e}")),
    }
}

fn version_of(program: &str, args: &[&str]) -> String {
    util::output(program, args).map(|s| s.lines().next().unwrap_or("").trim().to_string()).unwrap_or_else(|| "?".into())
}

fn report(w: &[FileWeight], load: &Load, native: &Native, runs: usize) -> String {
    let (raw, gz) = totals(w);
    let mut s = String::new();
    let _ = writeln!(s, "| metric | value | budget |");
    let _ = writeln!(s, "|---|---|---|");
    for f in w {
        let _ = writeln!(s, "| page weight: {} (gzip -9) | {} B ({}) | |", f.name, f.gz, kib(f.gz));
    }
    let _ = writeln!(
        s,
        "| **page weight, total (gzip -9)** | **{gz} B ({})**; {raw} B ({}) uncompressed | {BUDGET_KIB} KiB: {} |",
        kib(gz),
        kib(raw),
        if gz <= BUDGET_KIB * 1024 { "within" } else { "OVER" }
    );
    let list = |v: &[f64]| v.iter().map(|x| format!("{x:.0}")).collect::<Vec<_>>().join(", ");
    let _ = writeln!(
        s,
        "| **navigation → usable console, median of {runs}** (in-page `performance.now()`) | **{:.0} ms** (runs: {}) | |",
        median(&load.in_page),
        list(&load.in_page)
    );
    let _ = writeln!(
        s,
        "| navigation → usable console, median of {runs} (Playwright, wall clock around `page.goto`) | {:.0} ms (runs: {}) | |",
        median(&load.wall),
        list(&load.wall)
    );
    match native {
        Native::Ran { stdout, wall } => {
            // The CLI's own line for this workload, e.g. "apply 100 Deployments x 10 replicas,
            // until all 1000 pods Running: 41.2 ms (...)".
            let headline = stdout
                .lines()
                .find(|l| l.contains("apply 100 Deployments") || l.starts_with("100 Deployments"))
                .map(|l| l.trim().replace('|', "\\|"));
            let _ = writeln!(
                s,
                "| **native: 100 Deployments × 10 replicas → all Running** (`kubeplay bench`) | **{}** | |",
                headline.as_deref().unwrap_or("see below")
            );
            let _ = writeln!(s, "| `kubeplay bench`, whole process (all its workloads, below) | {wall:.0} ms | |");
            let _ =
                writeln!(s, "\n`kubeplay bench` (profile `native`) printed:\n\n```text\n{}\n```", stdout.trim_end());
        }
        Native::Missing(_) => {
            let _ = writeln!(s, "| native: 100 Deployments × 10 replicas → all Running | not available yet (`kubeplay bench` missing) | |");
        }
        Native::Failed(m) => {
            let _ = writeln!(
                s,
                "| native: 100 Deployments × 10 replicas → all Running | failed: {} | |",
                m.trim().lines().next().unwrap_or("").replace('|', "\\|")
            );
        }
    }
    s
}

fn markdown(table: &str, tools: &setup::Tools) -> String {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!(
        "# kubeplay benchmarks\n\n\
         Measured {} with `cargo xtask bench --write` on {cpus} cores ({}; {}; Node {}; {}).\n\n\
         {table}\n\
         - Page weight: every file `dist/index.html` makes the browser load (HTML, JS glue, wasm, CSS, icon), \
         each compressed with `gzip -9 -n`; budget {BUDGET_KIB} KiB.\n\
         - Usable console: the textbox named \"Console\" is visible and enabled and the log shows the app's \
         first line. The in-page figure is `performance.now()` (milliseconds since the navigation started) \
         read by a `requestAnimationFrame` poll at the first frame where that holds; each load is a new browser \
         context (empty cache and storage), the release build served from localhost by the xtask's static server.\n\
         - Native: `kubeplay bench` (profile `native`), its own output quoted.\n",
        util::today(),
        version_of("rustc", &["--version"]),
        version_of(CHROMIUM, &["--version"]),
        version_of("node", &["--version"]),
        version_of(&tools.trunk.to_string_lossy(), &["--version"]),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_index_html_loads() {
        let html = r#"<script type="module">
import init, * as bindings from './app-1.js';
const wasm = await init({ module_or_path: './app-1_bg.wasm' });
</script>
<link rel="stylesheet" href="./style-2.css"/>
<link rel="icon" href="./favicon-3.svg"/>
<link rel="modulepreload" href="./app-1.js" crossorigin="anonymous"><a href="https://x.org/./y">"#;
        assert_eq!(referenced(html), ["index.html", "app-1.js", "app-1_bg.wasm", "style-2.css", "favicon-3.svg"]);
    }

    #[test]
    fn median_of_odd_and_even() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
    }
}
