//! Small helpers: the repository root, running commands, finding programs, formatting.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

/// An error to report: what failed and, where it helps, how to fix it.
#[derive(Debug)]
pub struct Fail {
    pub message: String,
    pub usage: bool,
}

impl Fail {
    pub fn new(message: impl Into<String>) -> Self {
        Fail { message: message.into(), usage: false }
    }
    pub fn usage(message: impl Into<String>) -> Self {
        Fail { message: message.into(), usage: true }
    }
}

impl From<std::io::Error> for Fail {
    fn from(e: std::io::Error) -> Self {
        Fail::new(e.to_string())
    }
}

/// The workspace root (this crate lives in `crates/xtask`).
pub fn root() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    dir.parent().and_then(Path::parent).unwrap_or(dir).to_path_buf()
}

/// Cargo's target directory (`CARGO_TARGET_DIR` or `target/`).
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(d) if !d.is_empty() => {
            let d = PathBuf::from(d);
            if d.is_absolute() {
                d
            } else {
                root().join(d)
            }
        }
        _ => root().join("target"),
    }
}

/// The cargo that runs us (so nested commands use the same toolchain).
pub fn cargo() -> Command {
    let mut c = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    clean_env(&mut c);
    c.current_dir(root());
    c
}

/// Drops the per-package variables `cargo run` sets for us, so they don't leak into the builds
/// and tools we start.
pub fn clean_env(c: &mut Command) {
    for (k, _) in std::env::vars_os() {
        let k = k.to_string_lossy();
        if ["CARGO_PKG_", "CARGO_MANIFEST_", "CARGO_CRATE_", "CARGO_BIN_", "CARGO_PRIMARY_PACKAGE"]
            .iter()
            .any(|p| k.starts_with(p))
        {
            c.env_remove(k.as_ref());
        }
    }
}

/// `$HOME/.cargo` or `CARGO_HOME`.
pub fn cargo_home() -> Option<PathBuf> {
    std::env::var_os("CARGO_HOME")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
}

pub fn describe(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    if let Some(name) = Path::new(&s).file_name() {
        s = name.to_string_lossy().into_owned();
    }
    for a in cmd.get_args() {
        let a = a.to_string_lossy();
        if a.is_empty() || a.contains([' ', '\'', '"', '$']) {
            s.push_str(&format!(" '{}'", a.replace('\'', "'\\''")));
        } else {
            s.push(' ');
            s.push_str(&a);
        }
    }
    s
}

/// Runs a command with inherited stdio; fails unless it exits 0.
pub fn run(cmd: &mut Command) -> Result<(), Fail> {
    println!("$ {}", describe(cmd));
    flush();
    let status = cmd.status().map_err(|e| spawn_error(cmd, e))?;
    if status.success() {
        Ok(())
    } else {
        Err(Fail::new(format!("`{}` failed ({status})", describe(cmd))))
    }
}

/// Like [`run`], but also passes each line of the command's stdout to `seen` as it is printed
/// (stderr stays attached to the terminal).
pub fn run_watching(cmd: &mut Command, mut seen: impl FnMut(&str)) -> Result<(), Fail> {
    use std::io::BufRead;
    println!("$ {}", describe(cmd));
    flush();
    let mut child = cmd.stdout(Stdio::piped()).spawn().map_err(|e| spawn_error(cmd, e))?;
    if let Some(out) = child.stdout.take() {
        for line in std::io::BufReader::new(out).lines().map_while(Result::ok) {
            println!("{line}");
            seen(&line);
        }
    }
    let status = child.wait()?;
    if status.success() {
        Ok(())
    } else {
        Err(Fail::new(format!("`{}` failed ({status})", describe(cmd))))
    }
}

pub fn spawn_error(cmd: &Command, e: std::io::Error) -> Fail {
    let prog = cmd.get_program().to_string_lossy();
    if e.kind() == std::io::ErrorKind::NotFound {
        Fail::new(format!("cannot run `{prog}`: not found on PATH"))
    } else {
        Fail::new(format!("cannot run `{prog}`: {e}"))
    }
}

/// Runs a program quietly and returns its stdout if it exits 0.
pub fn output(program: impl AsRef<OsStr>, args: &[&str]) -> Option<String> {
    let mut c = Command::new(program);
    c.args(args).stdin(Stdio::null()).stderr(Stdio::null());
    clean_env(&mut c);
    let out = c.output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Every executable called `name` on PATH, in PATH order.
pub fn which_all(name: &str) -> Vec<PathBuf> {
    let Some(path) = std::env::var_os("PATH") else {
        return vec![];
    };
    std::env::split_paths(&path).map(|d| d.join(name)).filter(|p| is_executable(p)).collect()
}

pub fn which(name: &str) -> Option<PathBuf> {
    which_all(name).into_iter().next()
}

pub fn is_executable(p: &Path) -> bool {
    match std::fs::metadata(p) {
        #[cfg(unix)]
        Ok(m) => {
            use std::os::unix::fs::PermissionsExt;
            m.is_file() && m.permissions().mode() & 0o111 != 0
        }
        #[cfg(not(unix))]
        Ok(m) => m.is_file(),
        Err(_) => false,
    }
}

/// PATH with `dirs` first (duplicates removed).
pub fn path_with(dirs: &[PathBuf]) -> OsString {
    let mut all: Vec<PathBuf> = dirs.to_vec();
    if let Some(p) = std::env::var_os("PATH") {
        all.extend(std::env::split_paths(&p));
    }
    let mut seen = Vec::new();
    all.retain(|d| {
        if seen.contains(d) {
            false
        } else {
            seen.push(d.clone());
            true
        }
    });
    std::env::join_paths(all).unwrap_or_else(|_| std::env::var_os("PATH").unwrap_or_default())
}

pub fn secs(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s < 60.0 {
        format!("{s:.1}s")
    } else {
        format!("{}m{:02}s", (s / 60.0) as u64, (s % 60.0) as u64)
    }
}

pub fn flush() {
    use std::io::Write;
    let _ = std::io::stdout().flush();
}

pub fn heading(s: &str) {
    println!("\n==> {s}");
    flush();
}

/// A 64-bit FNV-1a hash, to notice when a lockfile changed.
pub fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Today's date (UTC) as YYYY-MM-DD.
pub fn today() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    // Howard Hinnant's civil_from_days.
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}
