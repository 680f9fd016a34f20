//! The userland inside containers: `kubectl exec` lands here. A [`Container`] is the shell
//! host for one container (its image's commands, its files, its network identity); applets
//! are async functions over it that reach the network only through the cluster. [`APPLETS`]
//! is BusyBox's applet table: one entry a name, one file an applet (its tests beside it).

pub mod basename;
pub mod cat;
pub mod curl;
pub mod cut;
pub mod date;
pub mod dirname;
pub mod echo;
pub mod env;
pub mod r#false;
pub mod grep;
pub mod head;
pub mod hostname;
pub mod http;
pub mod id;
pub mod ls;
pub mod nslookup;
pub mod ping;
pub mod printenv;
pub mod printf;
pub mod pwd;
pub mod regex;
pub mod seq;
pub mod sh;
pub mod sleep;
pub mod sort;
pub mod tail;
pub mod test;
pub mod text;
pub mod tr;
pub mod r#true;
pub mod uname;
pub mod uniq;
pub mod wc;
pub mod wget;
pub mod which;
pub mod whoami;

use crate::api::Key;
use crate::images::Image;
use crate::interp::Host;
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

/// An applet's entry point: the container, the arguments after the applet's name, the
/// streams; the exit status when it ends. One pointer type for every applet (the sync ones
/// return a finished future), so the table is a list of plain pointers.
pub type Main = for<'a> fn(&'a Rc<Container>, &'a [String], &'a Io) -> BoxFuture<'a, i32>;

/// The applet table, by name (BusyBox's `applet_names`). An applet runs only when the image
/// also has it on its PATH ([`Image::bins`]).
pub const APPLETS: &[(&str, Main)] = &[
    ("[", test::bracket),
    ("ash", sh::ash),
    ("basename", basename::main),
    ("bash", sh::bash),
    ("cat", cat::main),
    ("curl", curl::main),
    ("cut", cut::main),
    ("date", date::main),
    ("dirname", dirname::main),
    ("echo", echo::main),
    ("env", env::main),
    ("false", r#false::main),
    ("grep", grep::main),
    ("head", head::main),
    ("hostname", hostname::main),
    ("id", id::main),
    ("ls", ls::main),
    ("nslookup", nslookup::main),
    ("ping", ping::main),
    ("printenv", printenv::main),
    ("printf", printf::main),
    ("pwd", pwd::main),
    ("seq", seq::main),
    ("sh", sh::sh),
    ("sleep", sleep::main),
    ("sort", sort::main),
    ("tail", tail::main),
    ("test", test::main),
    ("tr", tr::main),
    ("true", r#true::main),
    ("uname", uname::main),
    ("uniq", uniq::main),
    ("wc", wc::main),
    ("wget", wget::main),
    ("which", which::main),
    ("whoami", whoami::main),
];

/// The applet called `name`, if there is one.
pub fn applet(name: &str) -> Option<Main> {
    APPLETS.iter().find(|(n, _)| *n == name).map(|(_, m)| *m)
}

/// The future of an applet that finished without waiting (one copy for all of them).
#[inline(never)]
pub fn done(status: i32) -> BoxFuture<'static, i32> {
    Box::pin(std::future::ready(status))
}

/// Runs one command in the container (from `kubectl exec` or from its shell).
pub fn run_applet(ct: Rc<Container>, argv: Vec<String>, io: Io) -> BoxFuture<'static, i32> {
    Box::pin(async move {
        let Some(cmd) = argv.first() else { return 0 };
        let name = cmd.rsplit('/').next().unwrap_or(cmd);
        if !ct.image.has_bin(name) {
            io.err.line(&format!("sh: {cmd}: not found"));
            return 127;
        }
        let Some(main) = applet(name) else {
            io.err.line(&format!("sh: {name}: not found"));
            return 127;
        };
        main(&ct, argv.get(1..).unwrap_or_default(), &io).await
    })
}

/// Runs `argv` in a container as `kubectl exec` does. The caller has checked the command.
pub fn exec(ct: Container, argv: Vec<String>, io: Io) -> BoxFuture<'static, i32> {
    run_applet(Rc::new(ct), argv, io)
}

/// A running container to try applets in (unit tests of the applet files).
#[cfg(test)]
pub(crate) mod sandbox {
    use super::Container;
    use crate::process::{Fd, Io, Stream, Sys, Task};
    use crate::Cluster;
    use std::cell::RefCell;
    use std::rc::Rc;

    /// A `kiamol/ch03-sleep` pod named `sleep` (Alpine 3.15, BusyBox, curl), running in a
    /// fresh cluster with seed 1.
    pub fn container() -> Rc<Container> {
        let mut c = Cluster::new(1);
        let yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: sleep\n  namespace: default\nspec:\n  containers:\n  - name: sleep\n    image: kiamol/ch03-sleep\n";
        let doc = crate::api::decode::parse_documents(yaml).unwrap().remove(0);
        let obj = crate::api::decode::decode(crate::Kind::Pod, doc.value).unwrap();
        c.create(obj).unwrap();
        c.advance_ms(30_000);
        let sys = Sys::new(Rc::new(RefCell::new(c)));
        Rc::new(Container::open(&sys, &crate::api::Key::new("default", "sleep"), "sleep").unwrap())
    }

    /// Writes a file into the container.
    pub fn write(ct: &Container, path: &str, text: &str) {
        ct.files.borrow_mut().insert(path.into(), text.into());
    }

    /// Runs `argv` as `kubectl exec` would, with `stdin`: the status, stdout and stderr.
    pub fn run(ct: &Rc<Container>, argv: &[&str], stdin: &str) -> (i32, String, String) {
        let argv: Vec<String> = argv.iter().map(|s| s.to_string()).collect();
        let stream = Stream::new();
        let io = Io::to(&stream).with_stdin(stdin);
        let mut task = Task::new(&ct.sys, super::run_applet(ct.clone(), argv, io));
        let code = task.run_to_end();
        split(code, &stream)
    }

    fn split(code: i32, stream: &Stream) -> (i32, String, String) {
        let (mut out, mut err) = (String::new(), String::new());
        for (fd, s) in stream.drain() {
            match fd {
                Fd::Out => out.push_str(&s),
                Fd::Err => err.push_str(&s),
            }
        }
        (code, out, err)
    }
}

#[cfg(test)]
mod tests {
    use super::sandbox::{container, run};
    use super::APPLETS;
    use crate::images::{BUSYBOX, CATALOGUE};

    #[test]
    fn the_table_is_sorted_and_every_busybox_name_has_an_applet() {
        assert!(APPLETS.windows(2).all(|w| w[0].0 < w[1].0), "sorted, no duplicates");
        for name in BUSYBOX {
            assert!(super::applet(name).is_some(), "{name}");
        }
        for image in CATALOGUE {
            for name in image.bins {
                assert!(super::applet(name).is_some() || *name == "nginx", "{} has {name}", image.repo);
            }
        }
    }

    #[test]
    fn names_resolve_by_basename_and_only_on_the_image_path() {
        let ct = container();
        assert_eq!(run(&ct, &["/bin/true"], ""), (0, "".into(), "".into()));
        assert_eq!(run(&ct, &["/usr/bin/false"], ""), (1, "".into(), "".into()));
        assert_eq!(run(&ct, &["nginx"], ""), (127, "".into(), "sh: nginx: not found\n".into()));
        assert_eq!(run(&ct, &["/opt/nope"], ""), (127, "".into(), "sh: /opt/nope: not found\n".into()));
        assert_eq!(run(&ct, &[], ""), (0, "".into(), "".into()));
    }
}
