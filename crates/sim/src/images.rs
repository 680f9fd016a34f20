//! The catalogue of simulated container images: how a reference normalises, what the
//! container runs, which commands exist inside it, which ports it listens on, and which
//! application answers there. An image not listed here fails to pull, as on a real cluster.

/// What a container's main process does when the image's default command runs.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    /// Runs until stopped (a server, or `sleep` in a loop).
    Forever,
    /// Exits at once with this code (e.g. `sh` with no terminal).
    Exit(i32),
}

/// The application behind an image's listening ports.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum App {
    None,
    /// nginx with its default page (or the image's own index.html).
    Nginx {
        index: &'static str,
    },
    /// kiamol/ch03-numbers-api: `/rng` returns a random number.
    NumbersApi,
    /// kiamol/ch03-numbers-web: a page that calls the numbers API.
    NumbersWeb,
    /// kiamol/ch02-whoami: `"I'm <hostname> running on <os>"`.
    Whoami,
    /// CoreDNS: the cluster DNS server.
    CoreDns,
    /// kube-apiserver.
    ApiServer,
    /// A static HTTP body on every path.
    Echo,
}

/// A simulated image.
#[derive(Debug)]
pub struct Image {
    /// Repository as the runtime normalises it, e.g. `docker.io/kiamol/ch03-sleep`.
    pub repo: &'static str,
    /// Tags that exist in the registry.
    pub tags: &'static [&'static str],
    /// Compressed size in MB: how long a pull takes.
    pub size_mb: u32,
    pub entry: Entry,
    /// Commands on the image's PATH (BusyBox applets and installed packages).
    pub bins: &'static [&'static str],
    /// TCP ports the main process listens on.
    pub tcp: &'static [u16],
    /// UDP ports the main process listens on.
    pub udp: &'static [u16],
    pub app: App,
    /// Seconds the main process takes to exit after SIGTERM (grace period permitting).
    pub stop_secs: u32,
    /// `PRETTY_NAME` of /etc/os-release.
    pub os: &'static str,
}

/// Applets that the simulated BusyBox userland implements (a subset of Alpine's BusyBox).
pub const BUSYBOX: &[&str] = &[
    "[", "ash", "basename", "cat", "cut", "date", "dirname", "echo", "env", "false", "grep", "head", "hostname", "id",
    "ls", "nslookup", "ping", "printenv", "printf", "pwd", "seq", "sh", "sleep", "sort", "tail", "test", "tr", "true",
    "uname", "uniq", "wc", "wget", "which", "whoami",
];
const SLEEP_BINS: &[&str] = &[
    "[", "ash", "basename", "cat", "curl", "cut", "date", "dirname", "echo", "env", "false", "grep", "head",
    "hostname", "id", "ls", "nslookup", "ping", "printenv", "printf", "pwd", "seq", "sh", "sleep", "sort", "tail",
    "test", "tr", "true", "uname", "uniq", "wc", "wget", "which", "whoami",
];
const NO_BINS: &[&str] = &[];

pub const CATALOGUE: &[Image] = &[
    Image {
        repo: "docker.io/kiamol/ch03-sleep",
        tags: &["latest"],
        size_mb: 5,
        entry: Entry::Forever,
        bins: SLEEP_BINS,
        tcp: &[],
        udp: &[],
        app: App::None,
        stop_secs: 0,
        os: "Alpine Linux v3.15",
    },
    Image {
        repo: "docker.io/kiamol/ch03-numbers-api",
        tags: &["latest"],
        size_mb: 43,
        entry: Entry::Forever,
        bins: BUSYBOX,
        tcp: &[80],
        udp: &[],
        app: App::NumbersApi,
        stop_secs: 0,
        os: "Alpine Linux v3.16",
    },
    Image {
        repo: "docker.io/kiamol/ch03-numbers-web",
        tags: &["latest", "v2"],
        size_mb: 45,
        entry: Entry::Forever,
        bins: BUSYBOX,
        tcp: &[80],
        udp: &[],
        app: App::NumbersWeb,
        stop_secs: 0,
        os: "Alpine Linux v3.16",
    },
    Image {
        repo: "docker.io/kiamol/ch02-hello-kiamol",
        tags: &["latest"],
        size_mb: 9,
        entry: Entry::Forever,
        bins: BUSYBOX,
        tcp: &[80],
        udp: &[],
        app: App::Nginx { index: HELLO_KIAMOL },
        stop_secs: 0,
        os: "Alpine Linux v3.14",
    },
    Image {
        repo: "docker.io/kiamol/ch02-whoami",
        tags: &["latest"],
        size_mb: 42,
        entry: Entry::Forever,
        bins: BUSYBOX,
        tcp: &[80],
        udp: &[],
        app: App::Whoami,
        stop_secs: 0,
        os: "Alpine Linux v3.16",
    },
    Image {
        repo: "docker.io/library/nginx",
        tags: &["latest", "alpine", "1.27", "1.27-alpine", "1.25", "1.21-alpine", "stable", "stable-alpine"],
        size_mb: 68,
        entry: Entry::Forever,
        bins: NGINX_BINS,
        tcp: &[80],
        udp: &[],
        app: App::Nginx { index: NGINX_INDEX },
        stop_secs: 0,
        os: "Debian GNU/Linux 12 (bookworm)",
    },
    Image {
        repo: "docker.io/library/busybox",
        tags: &["latest", "1.36", "1.37", "stable"],
        size_mb: 2,
        entry: Entry::Exit(0),
        bins: BUSYBOX,
        tcp: &[],
        udp: &[],
        app: App::None,
        stop_secs: 0,
        os: "BusyBox",
    },
    Image {
        repo: "docker.io/library/alpine",
        tags: &["latest", "3.15", "3.19", "3.20", "3.21"],
        size_mb: 4,
        entry: Entry::Exit(0),
        bins: BUSYBOX,
        tcp: &[],
        udp: &[],
        app: App::None,
        stop_secs: 0,
        os: "Alpine Linux v3.21",
    },
    Image {
        repo: "registry.k8s.io/coredns/coredns",
        tags: &["v1.12.0"],
        size_mb: 20,
        entry: Entry::Forever,
        bins: NO_BINS,
        tcp: &[53, 9153],
        udp: &[53],
        app: App::CoreDns,
        stop_secs: 0,
        os: "",
    },
    Image {
        repo: "registry.k8s.io/kube-apiserver",
        tags: &["v1.33.1"],
        size_mb: 30,
        entry: Entry::Forever,
        bins: NO_BINS,
        tcp: &[6443],
        udp: &[],
        app: App::ApiServer,
        stop_secs: 0,
        os: "",
    },
    Image {
        repo: "registry.k8s.io/kube-controller-manager",
        tags: &["v1.33.1"],
        size_mb: 28,
        entry: Entry::Forever,
        bins: NO_BINS,
        tcp: &[10257],
        udp: &[],
        app: App::None,
        stop_secs: 0,
        os: "",
    },
    Image {
        repo: "registry.k8s.io/kube-scheduler",
        tags: &["v1.33.1"],
        size_mb: 20,
        entry: Entry::Forever,
        bins: NO_BINS,
        tcp: &[10259],
        udp: &[],
        app: App::None,
        stop_secs: 0,
        os: "",
    },
    Image {
        repo: "registry.k8s.io/etcd",
        tags: &["3.5.21-0"],
        size_mb: 57,
        entry: Entry::Forever,
        bins: NO_BINS,
        tcp: &[2379, 2380],
        udp: &[],
        app: App::None,
        stop_secs: 0,
        os: "",
    },
];

const NGINX_BINS: &[&str] = &[
    "bash", "cat", "echo", "env", "false", "grep", "head", "hostname", "ls", "nginx", "printenv", "pwd", "sh", "sleep",
    "tail", "true", "uname", "wc", "curl",
];

pub const NGINX_INDEX: &str = "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n<style>\nhtml { color-scheme: light dark; }\nbody { width: 35em; margin: 0 auto;\nfont-family: Tahoma, Verdana, Arial, sans-serif; }\n</style>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n<p>If you see this page, the nginx web server is successfully installed and\nworking. Further configuration is required.</p>\n\n<p>For online documentation and support please refer to\n<a href=\"http://nginx.org/\">nginx.org</a>.<br/>\nCommercial support is available at\n<a href=\"http://nginx.com/\">nginx.com</a>.</p>\n\n<p><em>Thank you for using nginx.</em></p>\n</body>\n</html>\n";

const HELLO_KIAMOL: &str = "<html>\n  <body>\n    <h1>\n      Hello from Chapter 2!\n    </h1>\n    <h2>\n      This is\n      <a\n        href=\"https://www.manning.com/books/learn-kubernetes-in-a-month-of-lunches\"\n        >Learn Kubernetes in a Month of Lunches</a\n      >.\n    </h2>\n    <h3>By <a href=\"https://blog.sixeyed.com\">Elton Stoneman</a>.</h3>\n  </body>\n</html>\n";

/// An image reference split the way containerd normalises it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    /// `docker.io/library/nginx`
    pub repo: String,
    /// `latest` when not given.
    pub tag: String,
}

impl Reference {
    /// Normalises `nginx` to `docker.io/library/nginx:latest`, `kiamol/ch03-sleep` to
    /// `docker.io/kiamol/ch03-sleep:latest`. Digests are kept as the tag.
    pub fn parse(image: &str) -> Reference {
        let (name, tag) = match image.split_once('@') {
            Some((n, d)) => (n, d.to_string()),
            None => {
                let slash = image.rfind('/').map_or(0, |i| i + 1);
                match image.get(slash..).and_then(|t| t.find(':')) {
                    Some(c) => {
                        (image.get(..slash + c).unwrap_or(image), image.get(slash + c + 1..).unwrap_or("").to_string())
                    }
                    None => (image, "latest".to_string()),
                }
            }
        };
        let first = name.split('/').next().unwrap_or("");
        let has_registry = name.contains('/') && (first.contains('.') || first.contains(':') || first == "localhost");
        let repo = if has_registry {
            name.to_string()
        } else if name.contains('/') {
            format!("docker.io/{name}")
        } else {
            format!("docker.io/library/{name}")
        };
        Reference { repo, tag }
    }

    /// `docker.io/library/nginx:latest`
    pub fn full(&self) -> String {
        if self.tag.starts_with("sha256:") {
            format!("{}@{}", self.repo, self.tag)
        } else {
            format!("{}:{}", self.repo, self.tag)
        }
    }

    /// The catalogue entry, if this repository and tag exist.
    pub fn resolve(&self) -> Option<&'static Image> {
        CATALOGUE
            .iter()
            .find(|i| i.repo == self.repo && (i.tags.contains(&self.tag.as_str()) || self.tag.starts_with("sha256:")))
    }
}

impl Image {
    pub fn has_bin(&self, name: &str) -> bool {
        let base = name.rsplit('/').next().unwrap_or(name);
        self.bins.contains(&base)
    }
    pub fn listens_tcp(&self, port: u16) -> bool {
        self.tcp.contains(&port)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_normalise_like_containerd() {
        assert_eq!(Reference::parse("nginx").full(), "docker.io/library/nginx:latest");
        assert_eq!(Reference::parse("kiamol/ch03-sleep").full(), "docker.io/kiamol/ch03-sleep:latest");
        assert_eq!(Reference::parse("kiamol/ch03-numbers-web:v2").full(), "docker.io/kiamol/ch03-numbers-web:v2");
        assert_eq!(Reference::parse("localhost:5000/app").full(), "localhost:5000/app:latest");
        assert_eq!(Reference::parse("registry.k8s.io/etcd:3.5.21-0").repo, "registry.k8s.io/etcd");
        assert!(Reference::parse("kiamol/ch03-sleep").resolve().is_some());
        assert!(Reference::parse("kiamol/ch03-sleeep").resolve().is_none());
        assert!(Reference::parse("nginx:9.9").resolve().is_none());
    }
}
