//! Small kubectl verbs: `version`, `cluster-info`, `api-resources`, and the help text.

use super::args::{f, Flag, Parsed};
use super::Ctx;
use crate::error::KError;
use crate::printers::table::{render, Table};
use sim::api::RESOURCES;
use sim::process::Io;

pub const VERSION_FLAGS: &[Flag] = &[f("client", None, false), f("output", Some('o'), true)];
pub const API_RESOURCES_FLAGS: &[Flag] = &[
    f("namespaced", None, true),
    f("output", Some('o'), true),
    f("api-group", None, true),
    f("no-headers", None, false),
];

pub fn version(ctx: &Ctx, p: Parsed, io: &Io) -> Result<(), KError> {
    let v = ctx.sys.cluster().config().version;
    io.out.line(&format!("Client Version: {v}"));
    io.out.line("Kustomize Version: v5.6.0");
    if !p.bool("client") {
        io.out.line(&format!("Server Version: {v}"));
    }
    Ok(())
}

pub fn cluster_info(_ctx: &Ctx, _p: Parsed, io: &Io) -> Result<(), KError> {
    io.out.write("Kubernetes control plane is running at https://127.0.0.1:6443\nCoreDNS is running at https://127.0.0.1:6443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n");
    Ok(())
}

pub fn api_resources(p: Parsed, io: &Io) -> Result<(), KError> {
    let mut t = Table {
        headers: ["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"].iter().map(|s| s.to_string()).collect(),
        rows: vec![],
    };
    let mut rs: Vec<_> = RESOURCES.iter().collect();
    sim::order::sort_by_key(&mut rs, |r| (r.group, r.plural));
    for r in rs {
        if let Some(ns) = p.get("namespaced") {
            if (ns == "true") != r.namespaced {
                continue;
            }
        }
        let av = if r.group.is_empty() { r.version.to_string() } else { format!("{}/{}", r.group, r.version) };
        t.rows.push(vec![r.plural.into(), r.short.join(","), av, r.namespaced.to_string(), r.name.into()]);
    }
    if p.get("output") == Some("name") {
        for row in &t.rows {
            io.out.line(row.first().map(String::as_str).unwrap_or(""));
        }
        return Ok(());
    }
    io.out.write(&render(&t, p.bool("no-headers")));
    Ok(())
}

pub const HELP: &str = "kubectl controls the Kubernetes cluster manager.

 Find more information at: https://kubernetes.io/docs/reference/kubectl/

Basic Commands (Beginner):
  create          Create a resource from a file or from stdin
  expose          Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service
  run             Run a particular image on the cluster
  set             Set specific features on objects

Basic Commands (Intermediate):
  explain         Get documentation for a resource
  get             Display one or many resources
  edit            Edit a resource on the server
  delete          Delete resources by file names, stdin, resources and names, or by resources and label selector

Deploy Commands:
  rollout         Manage the rollout of a resource
  scale           Set a new size for a deployment, replica set, or replication controller
  autoscale       Auto-scale a deployment, replica set, stateful set, or replication controller

Cluster Management Commands:
  certificate     Modify certificate resources
  cluster-info    Display cluster information
  top             Display resource (CPU/memory) usage
  cordon          Mark node as unschedulable
  uncordon        Mark node as schedulable
  drain           Drain node in preparation for maintenance
  taint           Update the taints on one or more nodes

Troubleshooting and Debugging Commands:
  describe        Show details of a specific resource or group of resources
  logs            Print the logs for a container in a pod
  attach          Attach to a running container
  exec            Execute a command in a container
  port-forward    Forward one or more local ports to a pod
  proxy           Run a proxy to the Kubernetes API server
  cp              Copy files and directories to and from containers
  auth            Inspect authorization
  debug           Create debugging sessions for troubleshooting workloads and nodes
  events          List events

Advanced Commands:
  diff            Diff the live version against a would-be applied version
  apply           Apply a configuration to a resource by file name or stdin
  patch           Update fields of a resource
  replace         Replace a resource by file name or stdin
  wait            Experimental: Wait for a specific condition on one or many resources
  kustomize       Build a kustomization target from a directory or URL

Settings Commands:
  label           Update the labels on a resource
  annotate        Update the annotations on a resource
  completion      Output shell completion code for the specified shell (bash, zsh, fish, or powershell)

Subcommands provided by plugins:

Other Commands:
  api-resources   Print the supported API resources on the server
  api-versions    Print the supported API versions on the server, in the form of \"group/version\"
  config          Modify kubeconfig files
  plugin          Provides utilities for interacting with plugins
  version         Print the client and server version information

Usage:
  kubectl [flags] [options]

Use \"kubectl <command> --help\" for more information about a given command.
Use \"kubectl options\" for a list of global command-line options (applies to all commands).
";
