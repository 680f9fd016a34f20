//! `cargo xtask setup`: finds the tools the build and the tests need and installs only what is
//! missing. Every check is a file test or one `--version`, so a second run takes well under a
//! second.

use crate::util::{self, cargo, cargo_home, clean_env, heading, output, root, Fail};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

pub const TRUNK_VERSION: &str = "0.21.14";
/// binaryen's version; its npm package carries a wasm-opt compiled to WebAssembly, run by Node.
pub const BINARYEN_VERSION: &str = "132";
pub const CHROMIUM: &str = "/usr/bin/chromium";
const WASM_TARGET: &str = "wasm32-unknown-unknown";

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// What `trunk build` needs.
    Build,
    /// Build, plus Chromium and the browser tests' npm packages.
    All,
}

pub struct Tools {
    pub trunk: PathBuf,
    pub wasm_bindgen: (PathBuf, String),
    pub wasm_opt: PathBuf,
    /// PATH for Trunk: binaryen's bin first, then the directories of the tools found.
    pub path: OsString,
    pub node: Option<PathBuf>,
    pub chromium: Option<PathBuf>,
}

impl Tools {
    /// `trunk` with the PATH it needs to find wasm-bindgen and wasm-opt offline.
    pub fn trunk(&self) -> Command {
        let mut c = Command::new(&self.trunk);
        clean_env(&mut c);
        c.env("PATH", &self.path).current_dir(root());
        c
    }

    /// `trunk build --release`, then a check that dist/ holds every file its index.html loads.
    pub fn trunk_build(&self) -> Result<(), Fail> {
        util::run(self.trunk().args(["build", "--release"]))?;
        let dist = root().join("dist");
        let index = std::fs::read_to_string(dist.join("index.html"))
            .map_err(|e| Fail::new(format!("trunk build succeeded but dist/index.html is unreadable: {e}")))?;
        let missing: Vec<String> =
            crate::bench::referenced(&index).into_iter().filter(|f| !dist.join(f).is_file()).collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(Fail::new(format!(
                "dist/index.html loads files that are not in dist/: {} (did another trunk build share \
                 target/ or dist/ at the same time? run `cargo xtask build` again)",
                missing.join(", ")
            )))
        }
    }

    /// A command with the tools' PATH (node, npm, wasm-opt).
    pub fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut c = Command::new(program);
        clean_env(&mut c);
        c.env("PATH", &self.path).current_dir(root());
        c
    }

    pub fn print(&self) {
        println!("  trunk         {}", self.trunk.display());
        println!("  wasm-bindgen  {} ({})", self.wasm_bindgen.0.display(), self.wasm_bindgen.1);
        println!("  wasm-opt      {} (binaryen {BINARYEN_VERSION})", self.wasm_opt.display());
        if let Some(n) = &self.node {
            println!("  node          {}", n.display());
        }
        if let Some(c) = &self.chromium {
            println!("  chromium      {}", c.display());
        }
    }
}

pub fn run(scope: Scope) -> Result<Tools, Fail> {
    heading(match scope {
        Scope::Build => "setup (build tools)",
        Scope::All => "setup (build and test tools)",
    });
    wasm_target()?;
    fetch()?;
    let trunk = trunk()?;
    let wasm_bindgen = wasm_bindgen()?;
    let node = node()?;
    let wasm_opt = wasm_opt()?;
    let mut dirs: Vec<PathBuf> = Vec::new();
    for p in [&wasm_opt, &wasm_bindgen.0, &trunk] {
        if let Some(d) = p.parent() {
            dirs.push(d.to_path_buf());
        }
    }
    if let Some(h) = cargo_home() {
        dirs.push(h.join("bin"));
    }
    let mut tools =
        Tools { trunk, wasm_bindgen, wasm_opt, path: util::path_with(&dirs), node: Some(node), chromium: None };
    if scope == Scope::All {
        tools.chromium = Some(chromium()?);
        browser_deps()?;
    }
    Ok(tools)
}

fn ok(what: &str, detail: impl std::fmt::Display) {
    println!("  ok  {what:<13} {detail}");
}

fn wasm_target() -> Result<(), Fail> {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let sysroot = output(&rustc, &["--print", "sysroot"])
        .ok_or_else(|| Fail::new("cannot run `rustc --print sysroot`: is Rust installed (https://rustup.rs)?"))?;
    let lib = Path::new(sysroot.trim()).join("lib/rustlib").join(WASM_TARGET).join("lib");
    if lib.is_dir() {
        ok(WASM_TARGET, "installed");
        return Ok(());
    }
    if util::which("rustup").is_none() {
        return Err(Fail::new(format!(
            "the {WASM_TARGET} standard library is missing from {} and rustup is not on PATH; \
             install it with your Rust distribution (rustup: `rustup target add {WASM_TARGET}`)",
            sysroot.trim()
        )));
    }
    println!("  ..  {WASM_TARGET} is missing: adding it with rustup");
    let mut c = Command::new("rustup");
    clean_env(&mut c);
    util::run(c.args(["target", "add", WASM_TARGET]).current_dir(root()))
}

/// Trunk.toml says `offline = true`, so Trunk runs `cargo build --offline`: download the
/// locked crates first (a no-op taking a fraction of a second when they are all there).
fn fetch() -> Result<(), Fail> {
    let out =
        cargo().args(["fetch", "--quiet"]).output().map_err(|e| Fail::new(format!("cannot run cargo fetch: {e}")))?;
    if !out.status.success() {
        return Err(Fail::new(format!(
            "`cargo fetch` failed: the locked crates could not be downloaded from crates.io:\n{}",
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    ok("crates", "every crate in Cargo.lock is downloaded (cargo fetch)");
    Ok(())
}

/// Candidates for a tool: every `name` on PATH, then cargo's install directory.
fn candidates(name: &str) -> Vec<PathBuf> {
    let mut v = util::which_all(name);
    let mut extra = Vec::new();
    if let Some(r) = std::env::var_os("CARGO_INSTALL_ROOT").filter(|r| !r.is_empty()) {
        extra.push(PathBuf::from(r).join("bin").join(name));
    }
    if let Some(h) = cargo_home() {
        extra.push(h.join("bin").join(name));
    }
    for p in extra {
        if util::is_executable(&p) && !v.contains(&p) {
            v.push(p);
        }
    }
    v
}

/// The first candidate whose `--version` prints `<name> <version>`; else what was seen.
fn find_version(name: &str, version: &str) -> Result<PathBuf, Vec<String>> {
    let mut seen = Vec::new();
    for p in candidates(name) {
        let out = output(&p, &["--version"]).unwrap_or_default();
        let found = out.split_whitespace().nth(1).unwrap_or("?").trim_start_matches('v').to_string();
        if found == version {
            return Ok(p);
        }
        seen.push(format!("{found} at {}", p.display()));
    }
    Err(seen)
}

fn trunk() -> Result<PathBuf, Fail> {
    match find_version("trunk", TRUNK_VERSION) {
        Ok(p) => {
            ok("trunk", format!("{TRUNK_VERSION} ({})", p.display()));
            return Ok(p);
        }
        Err(seen) => {
            let seen = if seen.is_empty() { "none found".to_string() } else { format!("found {}", seen.join(", ")) };
            println!("  ..  trunk {TRUNK_VERSION} is missing ({seen})");
        }
    }
    println!(
        "      installing it with `cargo install --locked trunk@{TRUNK_VERSION}`: this compiles about \
         400 crates and takes 15-20 minutes on a 2-core machine (once; later runs reuse it)"
    );
    util::run(cargo().args(["install", "--locked", &format!("trunk@{TRUNK_VERSION}")])).map_err(|f| {
        Fail::new(format!(
            "{}\n  Trunk {TRUNK_VERSION} could not be installed; fix the error above and run `cargo xtask setup` again",
            f.message
        ))
    })?;
    find_version("trunk", TRUNK_VERSION).map_err(|seen| {
        Fail::new(format!(
            "cargo installed trunk but `trunk --version` does not report {TRUNK_VERSION} (seen: {}); \
             is cargo's bin directory ($CARGO_HOME/bin) where cargo installs?",
            seen.join(", ")
        ))
    })
}

/// The `wasm-bindgen` version locked in Cargo.lock (the CLI must match it exactly).
pub fn locked_wasm_bindgen() -> Result<String, Fail> {
    let lock_path = root().join("Cargo.lock");
    let lock = std::fs::read_to_string(&lock_path)
        .map_err(|e| Fail::new(format!("cannot read {}: {e}", lock_path.display())))?;
    for block in lock.split("[[package]]") {
        let mut name = None;
        let mut version = None;
        for line in block.lines() {
            if let Some((k, v)) = line.split_once('=') {
                let v = v.trim().trim_matches('"');
                match k.trim() {
                    "name" => name = Some(v),
                    "version" => version = Some(v),
                    _ => {}
                }
            }
        }
        if name == Some("wasm-bindgen") {
            if let Some(v) = version {
                return Ok(v.to_string());
            }
        }
    }
    Err(Fail::new("Cargo.lock has no wasm-bindgen package: run `cargo generate-lockfile` or a build first"))
}

/// A `key = "value"` from Trunk.toml (no TOML parser: the file is small and flat).
fn trunk_toml(key: &str) -> Option<String> {
    let text = std::fs::read_to_string(root().join("Trunk.toml")).ok()?;
    text.lines().find_map(|l| {
        let (k, v) = l.split_once('=')?;
        (k.trim() == key).then(|| v.split('#').next().unwrap_or("").trim().trim_matches('"').to_string())
    })
}

fn wasm_bindgen() -> Result<(PathBuf, String), Fail> {
    let version = locked_wasm_bindgen()?;
    if let Some(pinned) = trunk_toml("wasm_bindgen") {
        if pinned != version {
            println!(
                "  !!  Trunk.toml pins wasm_bindgen = \"{pinned}\" but Cargo.lock has wasm-bindgen {version}: \
                 Trunk (offline) will refuse to build until Trunk.toml says \"{version}\""
            );
        }
    }
    match find_version("wasm-bindgen", &version) {
        Ok(p) => {
            ok("wasm-bindgen", format!("{version} ({})", p.display()));
            return Ok((p, version));
        }
        Err(seen) => {
            let seen = if seen.is_empty() { "none found".to_string() } else { format!("found {}", seen.join(", ")) };
            println!("  ..  wasm-bindgen {version} (the version in Cargo.lock) is missing ({seen})");
        }
    }
    println!("      installing wasm-bindgen-cli {version} with cargo install: this takes several minutes");
    let exact = format!("={version}");
    if let Err(f) = util::run(cargo().args(["install", "--locked", "wasm-bindgen-cli", "--version", &exact])) {
        println!(
            "  ..  {}\n      retrying without --locked (wasm-bindgen-cli's own lockfile can name a version \
             that is no longer in the registry)",
            f.message
        );
        util::run(cargo().args(["install", "wasm-bindgen-cli", "--version", &exact]))
            .map_err(|f| Fail::new(format!("{}\n  wasm-bindgen-cli {version} could not be installed", f.message)))?;
    }
    let p = find_version("wasm-bindgen", &version).map_err(|seen| {
        Fail::new(format!(
            "cargo installed wasm-bindgen-cli but `wasm-bindgen --version` does not report {version} (seen: {})",
            seen.join(", ")
        ))
    })?;
    ok("wasm-bindgen", format!("{version} ({})", p.display()));
    Ok((p, version))
}

fn node() -> Result<PathBuf, Fail> {
    let node = util::which("node").ok_or_else(|| {
        Fail::new("node is not on PATH: install Node.js 20 or newer with npm (Debian: apt-get install nodejs npm)")
    })?;
    let v = output(&node, &["--version"]).unwrap_or_default();
    let major: u32 = v.trim().trim_start_matches('v').split('.').next().and_then(|m| m.parse().ok()).unwrap_or(0);
    if major < 20 {
        return Err(Fail::new(format!(
            "Node.js {} at {} is too old: the tools need Node.js 20 or newer",
            v.trim(),
            node.display()
        )));
    }
    if util::which("npm").is_none() {
        return Err(Fail::new("npm is not on PATH: install it with Node.js (Debian: apt-get install npm)"));
    }
    ok("node", format!("{} ({})", v.trim(), node.display()));
    Ok(node)
}

/// A stamp of the package.json and package-lock.json `npm ci` last installed from.
fn npm_stamp(dir: &Path) -> Result<String, Fail> {
    let mut bytes = Vec::new();
    for f in ["package.json", "package-lock.json"] {
        let p = dir.join(f);
        bytes.extend(std::fs::read(&p).map_err(|e| Fail::new(format!("cannot read {}: {e}", p.display())))?);
    }
    Ok(format!("{:016x}\n", util::fnv(&bytes)))
}

const STAMP: &str = "node_modules/.xtask-installed";

fn npm_ci(dir: &Path, what: &str) -> Result<(), Fail> {
    let mut c = Command::new("npm");
    clean_env(&mut c);
    c.args(["ci", "--no-audit", "--no-fund"])
        .current_dir(dir)
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
        .env("PUPPETEER_SKIP_DOWNLOAD", "1");
    println!("  ..  installing {what} with npm ci in {}", dir.display());
    util::run(&mut c)
        .map_err(|f| Fail::new(format!("{}\n  could not install {what} from the npm registry", f.message)))?;
    std::fs::write(dir.join(STAMP), npm_stamp(dir)?)?;
    Ok(())
}

fn wasm_opt() -> Result<PathBuf, Fail> {
    let src = root().join("crates/xtask/tools/binaryen");
    let dir = root().join(".tools/binaryen");
    let bin = dir.join("node_modules/.bin/wasm-opt");
    let want = npm_stamp(&src)?;
    let have = std::fs::read_to_string(dir.join(STAMP)).unwrap_or_default();
    let pinned = trunk_toml("wasm_opt");
    if pinned.as_deref().is_some_and(|p| p != format!("version_{BINARYEN_VERSION}")) {
        println!(
            "  !!  Trunk.toml pins wasm_opt = {:?} but xtask installs binaryen {BINARYEN_VERSION}: \
             Trunk (offline) will refuse to build",
            pinned.unwrap_or_default()
        );
    }
    if have == want && util::is_executable(&bin) {
        ok("wasm-opt", format!("binaryen {BINARYEN_VERSION} ({})", bin.display()));
        return Ok(bin);
    }
    std::fs::create_dir_all(&dir)?;
    for f in ["package.json", "package-lock.json"] {
        std::fs::copy(src.join(f), dir.join(f))?;
    }
    npm_ci(&dir, &format!("binaryen {BINARYEN_VERSION} (wasm-opt)"))?;
    let v = output(&bin, &["--version"]).unwrap_or_default();
    if !v.contains(&format!("version {BINARYEN_VERSION}")) {
        return Err(Fail::new(format!(
            "{} --version printed {:?}, expected binaryen version {BINARYEN_VERSION}",
            bin.display(),
            v.trim()
        )));
    }
    ok("wasm-opt", format!("{} ({})", v.trim(), bin.display()));
    Ok(bin)
}

fn is_root() -> bool {
    output("id", &["-u"]).is_some_and(|s| s.trim() == "0")
}

fn chromium() -> Result<PathBuf, Fail> {
    let p = PathBuf::from(CHROMIUM);
    if util::is_executable(&p) {
        ok("chromium", CHROMIUM);
        return Ok(p);
    }
    println!("  ..  {CHROMIUM} is missing: installing Debian's chromium and chromium-driver with apt-get");
    let sudo = if is_root() {
        None
    } else if util::which("sudo").is_some() {
        Some("sudo")
    } else {
        return Err(Fail::new(format!(
            "{CHROMIUM} is missing and this user cannot install packages; as root run:\n  \
             apt-get update && apt-get install -y chromium chromium-driver"
        )));
    };
    let apt = |args: &[&str]| {
        let mut c = match sudo {
            Some(s) => {
                let mut c = Command::new(s);
                c.arg("apt-get");
                c
            }
            None => Command::new("apt-get"),
        };
        c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        c
    };
    util::run(&mut apt(&["update"]))?;
    util::run(&mut apt(&["install", "-y", "chromium", "chromium-driver"]))?;
    if !util::is_executable(&p) {
        return Err(Fail::new(format!("apt-get installed chromium but {CHROMIUM} is still missing")));
    }
    ok("chromium", CHROMIUM);
    Ok(p)
}

fn browser_deps() -> Result<(), Fail> {
    let dir = root().join("tests/browser");
    let want = npm_stamp(&dir)?;
    let have = std::fs::read_to_string(dir.join(STAMP)).unwrap_or_default();
    if have == want && dir.join("node_modules/playwright-core/package.json").is_file() {
        ok("npm deps", "tests/browser/node_modules (playwright-core)");
        return Ok(());
    }
    npm_ci(&dir, "the browser tests' packages (playwright-core; no browser download)")?;
    ok("npm deps", "tests/browser/node_modules (playwright-core)");
    Ok(())
}
