//! `cargo xtask`: kubeplay's build, test and benchmark automation (std only, no dependencies).
//!
//! - `cargo xtask setup`  installs what is missing: the wasm32 target, Trunk, wasm-bindgen-cli,
//!   binaryen's wasm-opt (npm, into `.tools/`), Debian's Chromium and the browser tests' npm deps.
//! - `cargo xtask build`  `trunk build --release` into `dist/`.
//! - `cargo xtask serve`  `trunk serve --release` at http://127.0.0.1:8080/.
//! - `cargo xtask test`   every test: native crates, clippy, the app's own tests, the release
//!   build, and the browser tests against `dist/` served under a sub-path.
//! - `cargo xtask bench`  page weight (gzip), time to a usable console, native apply benchmark.

mod bench;
mod server;
mod setup;
mod test;
mod util;

use std::process::ExitCode;
use util::{root, Fail};

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  setup [--build-only]   install what is missing (idempotent; fast when all is present)
                         --build-only: only what `build`/`serve` need (no Chromium, no npm test deps)
  build                  setup, then `trunk build --release` into dist/
  serve [ARGS...]        setup, then `trunk serve --release` at http://127.0.0.1:8080/
                         (extra ARGS go to trunk serve)
  test [STEP...]         setup, then run every test and print a summary; STEPs (default: all):
                           native   cargo test --workspace --exclude app
                           app      cargo test -p app --bin app (the page's pure-Rust tests, native)
                           clippy   cargo clippy (native crates, and app for wasm32) -D warnings
                           wasm     trunk build --release
                           browser  node --test tests/browser/ against dist/ (needs wasm's dist/;
                                    KUBEPLAY_BROWSER_TESTS=\"FILE ...\" runs only those files)
                         --keep-going is the default: every step runs, the summary tells which failed
  bench [--write] [--no-build] [--runs N] [--native-timeout SECS]
                         print page weight (gzip), time to a usable console (median of N=5
                         fresh loads) and the native apply benchmark (`kubeplay bench`, stopped
                         after SECS=600); --write also writes BENCHMARKS.md; --no-build uses
                         the existing dist/
  help                   this text
";

fn main() -> ExitCode {
    quiet_broken_pipe();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (cmd, rest) = match args.split_first() {
        Some((c, r)) => (c.as_str(), r),
        None => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let result = match cmd {
        "setup" => cmd_setup(rest),
        "build" => cmd_build(rest),
        "serve" => cmd_serve(rest),
        "test" => test::run(rest),
        "bench" => bench::run(rest),
        "help" | "-h" | "--help" => {
            print!("{USAGE}");
            Ok(())
        }
        other => Err(Fail::usage(format!("unknown command {other:?}"))),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("\nxtask: error: {}", f.message);
            if f.usage {
                eprint!("\n{USAGE}");
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}

fn cmd_setup(args: &[String]) -> Result<(), Fail> {
    let scope = match args {
        [] => setup::Scope::All,
        [a] if a == "--build-only" => setup::Scope::Build,
        _ => return Err(Fail::usage(format!("setup: unexpected arguments {args:?}"))),
    };
    let t = std::time::Instant::now();
    let tools = setup::run(scope)?;
    println!("\nxtask: setup done in {} — all tools present:", util::secs(t.elapsed()));
    tools.print();
    Ok(())
}

fn cmd_build(args: &[String]) -> Result<(), Fail> {
    if !args.is_empty() {
        return Err(Fail::usage(format!("build: unexpected arguments {args:?}")));
    }
    let tools = setup::run(setup::Scope::Build)?;
    let t = std::time::Instant::now();
    tools.trunk_build()?;
    println!("xtask: built dist/ in {}", util::secs(t.elapsed()));
    Ok(())
}

fn cmd_serve(args: &[String]) -> Result<(), Fail> {
    let tools = setup::run(setup::Scope::Build)?;
    println!("xtask: serving the release build at http://127.0.0.1:8080/ (Ctrl-C stops)");
    let mut cmd = tools.trunk();
    cmd.args(["serve", "--release"]).args(args).current_dir(root());
    util::run(&mut cmd)
}

/// `cargo xtask ... | head` closes our stdout early: exit quietly instead of panicking in print!.
fn quiet_broken_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let msg = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if msg.contains("Broken pipe") {
            std::process::exit(141);
        }
        default(info);
    }));
}
