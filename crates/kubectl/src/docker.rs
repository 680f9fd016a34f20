//! `docker` on the learner's machine, as far as a kind cluster needs it: its nodes are
//! containers, so `docker stop kubeplay-worker` is how a node fails, `docker start` how it
//! comes back, and `docker network disconnect kind kubeplay-worker` how it is cut off.
//! `docker ps` lists them. Output and errors are the Docker CLI's.

use crate::printers::table::{render, Table};
use sim::process::Io;
use sim::Cluster;

/// The node image of the cluster's Kubernetes version.
const NODE_IMAGE: &str = "kindest/node:v1.33.1";
/// The host port kind maps to the API server's 6443 (what `kubectl cluster-info` names).
pub const API_PORT: u16 = 6443;

const USAGE: &str = "
Usage:  docker [OPTIONS] COMMAND

kubeplay simulates these docker commands on the machine the kind cluster runs on:
  ps                        List the cluster's node containers
  start NAME...             Start stopped node containers
  stop NAME...              Stop node containers (the node fails)
  restart NAME...           Restart node containers
  network connect kind NAME       Connect a node container to the kind network
  network disconnect kind NAME    Disconnect a node container from the kind network
  network ls                List networks
";

/// Docker's `units.HumanDuration`.
fn human(ms: u64) -> String {
    let s = ms / 1000;
    let m = s / 60;
    let h = (ms + 1_800_000) / 3_600_000;
    match s {
        0 => "Less than a second".into(),
        1 => "1 second".into(),
        2..=59 => format!("{s} seconds"),
        _ if m == 1 => "About a minute".into(),
        _ if m < 60 => format!("{m} minutes"),
        _ if h == 1 => "About an hour".into(),
        _ if h < 48 => format!("{h} hours"),
        _ if h < 24 * 14 => format!("{} days", h / 24),
        _ if h < 24 * 60 => format!("{} weeks", h / 24 / 7),
        _ if h < 24 * 730 => format!("{} months", h / 24 / 30),
        _ => format!("{} years", ms / 3_600_000 / 24 / 365),
    }
}

fn ps(c: &Cluster, all: bool, io: &Io) -> i32 {
    let now = c.now();
    let headers =
        ["CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"].map(String::from).to_vec();
    let mut rows = Vec::new();
    for h in c.hosts().iter().rev() {
        if !h.running && !all {
            continue;
        }
        let status = if h.running {
            format!("Up {}", human(now.since(h.since)))
        } else {
            format!("Exited (137) {} ago", human(now.since(h.since)))
        };
        let ports =
            if h.control_plane && h.running { format!("127.0.0.1:{API_PORT}->6443/tcp") } else { String::new() };
        rows.push(vec![
            sim::hash::digest(h.name()).chars().take(12).collect(),
            NODE_IMAGE.into(),
            "\"/usr/local/bin/entr…\"".into(),
            format!("{} ago", human(now.millis())),
            status,
            ports,
            h.name().to_string(),
        ]);
    }
    io.out.write(&render(&Table { headers, rows }, false));
    0
}

/// Runs `docker ARGS` against the cluster's machines.
pub fn docker(c: &mut Cluster, args: &[String], io: &Io) -> i32 {
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    let each = |c: &mut Cluster, names: &[&str], op: fn(&mut Cluster, &str) -> Result<(), sim::cluster::HostError>| {
        if names.is_empty() {
            io.err.line("\"docker\" requires at least 1 argument.\nSee 'docker --help'.");
            return 1;
        }
        let mut code = 0;
        for n in names {
            match op(c, n) {
                Ok(()) => io.out.line(n),
                Err(_) => {
                    io.err.line(&format!("Error response from daemon: No such container: {n}"));
                    code = 1;
                }
            }
        }
        code
    };
    match words.as_slice() {
        [] | ["--help" | "-h" | "help"] => {
            io.out.write(USAGE.trim_start_matches('\n'));
            0
        }
        ["ps"] => ps(c, false, io),
        ["ps", "-a" | "--all"] => ps(c, true, io),
        ["stop", names @ ..] => each(c, names, Cluster::stop_host),
        ["start", names @ ..] => each(c, names, Cluster::start_host),
        ["restart", names @ ..] => each(c, names, |c, n| {
            c.stop_host(n)?;
            c.start_host(n)
        }),
        ["network", "ls"] => {
            let headers = ["NETWORK ID", "NAME", "DRIVER", "SCOPE"].map(String::from).to_vec();
            let rows = vec![
                ["6d5c2d3f4b1a", "bridge", "bridge", "local"].map(String::from).to_vec(),
                ["2a1f0e9d8c7b", "host", "host", "local"].map(String::from).to_vec(),
                ["9f8e7d6c5b4a", "kind", "bridge", "local"].map(String::from).to_vec(),
                ["1b2c3d4e5f60", "none", "null", "local"].map(String::from).to_vec(),
            ];
            io.out.write(&render(&Table { headers, rows }, false));
            0
        }
        ["network", op @ ("connect" | "disconnect"), net, name] => {
            if *net != "kind" {
                io.err.line(&format!("Error response from daemon: network {net} not found"));
                return 1;
            }
            let r = if *op == "connect" { c.connect_host(name) } else { c.disconnect_host(name) };
            match r {
                Ok(()) => 0,
                Err(_) => {
                    io.err.line(&format!("Error response from daemon: No such container: {name}"));
                    1
                }
            }
        }
        ["network", ..] => {
            io.err
                .line("\"docker network connect\" requires exactly 2 arguments.\nSee 'docker network connect --help'.");
            1
        }
        [cmd, ..] => {
            io.err.line(&format!("docker: '{cmd}' is not a docker command.\nSee 'docker --help'"));
            1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::human;

    #[test]
    fn docker_human_durations() {
        assert_eq!(human(500), "Less than a second");
        assert_eq!(human(1_000), "1 second");
        assert_eq!(human(59_000), "59 seconds");
        assert_eq!(human(61_000), "About a minute");
        assert_eq!(human(300_000), "5 minutes");
        assert_eq!(human(3_600_000), "About an hour");
        assert_eq!(human(5 * 3_600_000), "5 hours");
        assert_eq!(human(3 * 86_400_000), "3 days");
    }
}
