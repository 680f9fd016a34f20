//! The userland inside containers: `kubectl exec` lands here. A [`Container`] is the shell
//! host for one container (its image's commands, its files, its network identity); applets
//! are async functions over it that reach the network only through the cluster.

pub mod coreutils;
pub mod grep;
pub mod http;
pub mod nslookup;
pub mod ping;

use crate::api::Key;
use crate::images::Image;
use crate::interp::{Host, Interp};
use crate::process::{BoxFuture, Io, Sys};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

/// Why `kubectl exec` could not start a command in a container.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExecError {
    /// containerd's error for a command that is not in the image.
    NotFound { command: String, exec_id: String },
}

impl ExecError {
    /// What kubectl prints (after `error: `).
    pub fn message(&self) -> String {
        match self {
            ExecError::NotFound { command, exec_id } => format!(
                "Internal error occurred: error executing command in container: failed to exec in container: failed to start exec \"{exec_id}\": OCI runtime exec failed: exec failed: unable to start container process: exec: \"{command}\": executable file not found in $PATH: unknown"
            ),
        }
    }
}

/// One container as a shell sees it.
pub struct Container {
    pub sys: Sys,
    pub pod: Key,
    pub container: String,
    pub image: &'static Image,
    /// Files written since the container started (overlay over the image's files).
    pub files: Rc<RefCell<BTreeMap<String, String>>>,
    pub env: BTreeMap<String, String>,
}

impl Container {
    /// The container `name` of `pod`, if it is running an image the catalogue knows.
    pub fn open(sys: &Sys, pod: &Key, name: &str) -> Option<Container> {
        let c = sys.cluster();
        let p = c.store().pods().get(pod)?;
        let rt = c.runtime(pod)?;
        let ct = rt.containers.iter().find(|ct| ct.name == name)?;
        let image = ct.image?;
        let spec = p.spec.containers.iter().find(|s| s.name == name)?;
        let mut env: BTreeMap<String, String> = BTreeMap::new();
        env.insert("PATH".into(), "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".into());
        env.insert("HOSTNAME".into(), p.hostname().to_string());
        env.insert("HOME".into(), "/root".into());
        // Service links (enableServiceLinks): NAME_SERVICE_HOST / _PORT for Services that
        // existed when the container started.
        if p.spec.enable_service_links != Some(false) {
            for (k, s) in c.store().services().range(Key::new(&pod.namespace, "")..) {
                if k.namespace != pod.namespace {
                    break;
                }
                let (Some(ip), Some(port)) = (s.cluster_ip(), s.spec.ports.first()) else { continue };
                let n = k.name.to_ascii_uppercase().replace('-', "_");
                env.insert(format!("{n}_SERVICE_HOST"), ip.to_string());
                env.insert(format!("{n}_SERVICE_PORT"), port.port.to_string());
            }
        }
        for e in &spec.env {
            if let Some(v) = &e.value {
                env.insert(e.name.clone(), v.clone());
            }
        }
        let files = rt.files(name);
        drop(c);
        Some(Container { sys: sys.clone(), pod: pod.clone(), container: name.to_string(), image, files, env })
    }

    /// Checks that `argv[0]` exists in the image, as the runtime does before starting it.
    pub fn check(&self, command: &str) -> Result<(), ExecError> {
        let found = if command.contains('/') {
            let base = command.rsplit('/').next().unwrap_or(command);
            ["/bin/", "/usr/bin/", "/sbin/", "/usr/sbin/", "/usr/local/bin/"]
                .iter()
                .any(|d| command == format!("{d}{base}"))
                && self.image.has_bin(base)
        } else {
            self.image.has_bin(command)
        };
        if found {
            Ok(())
        } else {
            let exec_id = self.sys.cluster().rng_mut().hex(64);
            Err(ExecError::NotFound { command: command.to_string(), exec_id })
        }
    }

    /// Reads a file: written files first, then what the image and the kubelet provide.
    pub fn read(&self, path: &str) -> Option<String> {
        if let Some(f) = self.files.borrow().get(path) {
            return Some(f.clone());
        }
        let c = self.sys.cluster();
        let pod = c.store().pods().get(&self.pod)?;
        let os = self.image.os;
        Some(match path {
            "/etc/resolv.conf" => c.config().resolv_conf(pod),
            "/etc/hosts" => c.config().etc_hosts(pod),
            "/etc/hostname" => format!("{}\n", pod.hostname()),
            "/etc/os-release" if os.starts_with("Alpine") => {
                let ver = os.trim_start_matches("Alpine Linux v");
                format!("NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID={ver}.0\nPRETTY_NAME=\"{os}\"\nHOME_URL=\"https://alpinelinux.org/\"\nBUG_REPORT_URL=\"https://gitlab.alpinelinux.org/alpine/aports/-/issues\"\n")
            }
            "/etc/os-release" if !os.is_empty() => {
                format!("PRETTY_NAME=\"{os}\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nID=debian\n")
            }
            "/var/run/secrets/kubernetes.io/serviceaccount/namespace" => pod.metadata.namespace.clone(),
            "/proc/1/cmdline" => String::new(),
            _ => return None,
        })
    }

    /// Directory listing (names only) for `ls`.
    pub fn list(&self, dir: &str) -> Option<Vec<String>> {
        let dir = dir.trim_end_matches('/');
        let mut names: Vec<String> = match dir {
            "" => [
                "bin", "dev", "etc", "home", "lib", "media", "mnt", "opt", "proc", "root", "run", "sbin", "srv", "sys",
                "tmp", "usr", "var",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
            "/etc" => ["hostname", "hosts", "os-release", "resolv.conf"].iter().map(|s| s.to_string()).collect(),
            "/bin" | "/usr/bin" => self.image.bins.iter().map(|s| s.to_string()).collect(),
            "/tmp" | "/root" | "/home" | "/var" | "/usr" | "/opt" | "/mnt" | "/srv" | "/media" | "/run" | "/dev"
            | "/lib" | "/sbin" | "/proc" | "/sys" => vec![],
            _ => {
                let prefix = format!("{dir}/");
                let files = self.files.borrow();
                let v: Vec<String> = files
                    .keys()
                    .filter_map(|k| k.strip_prefix(&prefix))
                    .filter(|r| !r.contains('/'))
                    .map(str::to_string)
                    .collect();
                if v.is_empty() {
                    return None;
                }
                return Some(v);
            }
        };
        let prefix = format!("{dir}/");
        for k in self.files.borrow().keys() {
            if let Some(r) = k.strip_prefix(&prefix) {
                if !r.contains('/') && !names.iter().any(|n| n == r) {
                    names.push(r.to_string());
                }
            }
        }
        crate::order::sort(&mut names);
        Some(names)
    }

    pub fn cwd(&self) -> String {
        self.env.get("PWD").cloned().unwrap_or_else(|| "/".into())
    }

    /// An absolute path for `p` relative to the working directory.
    pub fn abs(&self, p: &str) -> String {
        if p.starts_with('/') {
            p.to_string()
        } else {
            let cwd = self.cwd();
            format!("{}/{p}", cwd.trim_end_matches('/'))
        }
    }
}

impl Host for Rc<Container> {
    fn run<'a>(&'a self, argv: Vec<String>, io: Io) -> BoxFuture<'a, i32> {
        Box::pin(run_applet(self.clone(), argv, io))
    }
    fn sys(&self) -> &Sys {
        &self.sys
    }
    fn shell_name(&self) -> &'static str {
        "sh"
    }
    fn read_file(&self, path: &str) -> Result<String, String> {
        self.read(&self.abs(path)).ok_or_else(|| "No such file or directory".into())
    }
    fn write_file(&self, path: &str, data: &str, append: bool) -> Result<(), String> {
        let p = self.abs(path);
        if p.starts_with("/proc/") || p.starts_with("/sys/") {
            return Err("Read-only file system".into());
        }
        let mut files = self.files.borrow_mut();
        let e = files.entry(p).or_default();
        if !append {
            e.clear();
        }
        e.push_str(data);
        Ok(())
    }
}

/// Runs one command in the container (from `kubectl exec` or from its shell).
pub fn run_applet(ct: Rc<Container>, argv: Vec<String>, io: Io) -> BoxFuture<'static, i32> {
    Box::pin(async move {
        let Some(cmd) = argv.first().cloned() else { return 0 };
        let name = cmd.rsplit('/').next().unwrap_or(&cmd).to_string();
        if !ct.image.has_bin(&name) {
            io.err.line(&format!("sh: {cmd}: not found"));
            return 127;
        }
        let args: Vec<String> = argv.iter().skip(1).cloned().collect();
        match name.as_str() {
            "sh" | "ash" | "bash" => sh(ct, &name, args, io).await,
            "ping" => ping::ping(&ct, &args, &io).await,
            "nslookup" => nslookup::nslookup(&ct, &args, &io).await,
            "wget" => http::wget(&ct, &args, &io).await,
            "curl" => http::curl(&ct, &args, &io).await,
            "grep" => grep::grep(&ct, &args, &io),
            "sleep" => coreutils::sleep(&ct, &args, &io).await,
            other => coreutils::run(&ct, other, &args, &io),
        }
    })
}

/// BusyBox ash: `sh -c SCRIPT`, or a script from stdin.
async fn sh(ct: Rc<Container>, name: &str, args: Vec<String>, io: Io) -> i32 {
    let script = match args.first().map(String::as_str) {
        Some("-c") => match args.get(1) {
            Some(s) => s.clone(),
            None => {
                io.err.line(&format!("{name}: -c requires an argument"));
                return 2;
            }
        },
        Some(file) if !file.starts_with('-') => match ct.read(&ct.abs(file)) {
            Some(s) => s,
            None => {
                io.err.line(&format!("{name}: can't open '{file}': No such file or directory"));
                return 2;
            }
        },
        _ => io.stdin.to_string(),
    };
    let parsed = match crate::shell::parse(&script) {
        Ok(p) => p,
        Err(crate::shell::ParseError::Unterminated(_)) => {
            io.err.line(&format!("{name}: syntax error: unterminated quoted string"));
            return 2;
        }
        Err(crate::shell::ParseError::Unexpected(t)) => {
            let t = if t == "newline" { "end of file".to_string() } else { format!("unexpected \"{t}\"") };
            io.err.line(&format!("{name}: syntax error: {t}"));
            return 2;
        }
    };
    let interp = Interp::new(ct.clone());
    for (k, v) in &ct.env {
        interp.set_var(k, v);
    }
    interp.run_script(&parsed, &io).await
}

/// Runs `argv` in a container as `kubectl exec` does. The caller has checked the command.
pub fn exec(ct: Container, argv: Vec<String>, io: Io) -> BoxFuture<'static, i32> {
    run_applet(Rc::new(ct), argv, io)
}
