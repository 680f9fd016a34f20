//! What `kind create cluster` leaves behind, in this simulation: namespaces, the nodes
//! (workers join a few seconds after the control plane), the `kubernetes` and `kube-dns`
//! Services, CoreDNS, and the control plane's static pods.

use crate::api::meta::Condition;
use crate::api::node::{NodeAddress, NodeInfo, NodeSpec, NodeStatus, Taint};
use crate::api::pod::{ContainerPort, Toleration};
use crate::api::service::{EndpointAddress, EndpointPort, EndpointSubset, ServicePort, ServiceSpec};
use crate::api::{
    Container, Deployment, Endpoints, IntOrString, Key, Namespace, Node, Object, ObjectMeta, Pod, PodSpec,
    PodTemplateSpec, Service,
};
use crate::labels::{LabelSelector, Labels};
use crate::time::Time;
use crate::Cluster;

fn labels(pairs: &[(&str, &str)]) -> Labels {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn meta(name: &str, ns: &str, l: &[(&str, &str)]) -> ObjectMeta {
    ObjectMeta { name: name.into(), namespace: ns.into(), labels: labels(l), ..Default::default() }
}

pub fn boot(c: &mut Cluster) {
    for ns in ["default", "kube-node-lease", "kube-public", "kube-system", "local-path-storage"] {
        let _ = c.create(Object::Namespace(Namespace { metadata: meta(ns, "", &[]), ..Default::default() }));
    }
    let nodes: Vec<(crate::ctx::NodeId, String, crate::addr::Ip, crate::addr::Cidr, bool)> =
        c.hosts().iter().map(|h| (h.id, h.name().to_string(), h.ip(), h.cidr(), h.control_plane)).collect();
    for (i, (id, name, ip, cidr, control)) in nodes.iter().enumerate() {
        let mut l = vec![
            ("beta.kubernetes.io/arch", "amd64"),
            ("beta.kubernetes.io/os", "linux"),
            ("kubernetes.io/arch", "amd64"),
            ("kubernetes.io/hostname", name.as_str()),
            ("kubernetes.io/os", "linux"),
        ];
        if *control {
            l.push(("node-role.kubernetes.io/control-plane", ""));
            l.push(("node.kubernetes.io/exclude-from-external-load-balancers", ""));
        }
        // Workers join after the control plane is up.
        let ready_at = Time::from_secs(if *control { 0 } else { 20 + i as u64 });
        let mut m = meta(name, "", &l);
        m.annotations.insert("node.alpha.kubernetes.io/ttl".into(), "0".into());
        m.annotations.insert("volumes.kubernetes.io/controller-managed-attach-detach".into(), "true".into());
        let cond = |t: &str, s: &str, reason: &str, msg: &str| Condition {
            type_: t.into(),
            status: s.into(),
            last_heartbeat_time: Some(ready_at),
            last_transition_time: Some(ready_at),
            reason: reason.into(),
            message: msg.into(),
            ..Default::default()
        };
        let capacity = serde_json::json!({"cpu": "2", "ephemeral-storage": "263174212Ki", "hugepages-1Gi": "0", "hugepages-2Mi": "0", "memory": "24578468Ki", "pods": "110"});
        let node = Node {
            metadata: m,
            spec: NodeSpec {
                pod_cidr: cidr.to_string(),
                pod_cidrs: vec![cidr.to_string()],
                provider_id: format!("kind://docker/kubeplay/{name}"),
                taints: if *control {
                    vec![Taint {
                        key: "node-role.kubernetes.io/control-plane".into(),
                        value: String::new(),
                        effect: "NoSchedule".into(),
                        time_added: None,
                    }]
                } else {
                    vec![]
                },
                unschedulable: false,
                ..Default::default()
            },
            status: NodeStatus {
                capacity: Some(crate::api::json::Raw::new(capacity.clone())),
                allocatable: Some(crate::api::json::Raw::new(capacity)),
                conditions: vec![
                    cond(
                        "MemoryPressure",
                        "False",
                        "KubeletHasSufficientMemory",
                        "kubelet has sufficient memory available",
                    ),
                    cond("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                    cond("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                    cond(
                        "Ready",
                        if *control { "True" } else { "False" },
                        if *control { "KubeletReady" } else { "KubeletNotReady" },
                        if *control {
                            "kubelet is posting ready status"
                        } else {
                            "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized"
                        },
                    ),
                ],
                addresses: vec![
                    NodeAddress { type_: "InternalIP".into(), address: ip.to_string() },
                    NodeAddress { type_: "Hostname".into(), address: name.clone() },
                ],
                daemon_endpoints: Some(crate::api::json::Raw::new(
                    serde_json::json!({"kubeletEndpoint": {"Port": 10250}}),
                )),
                node_info: NodeInfo {
                    machine_id: crate::hash::digest(name).get(..32).unwrap_or("").to_string(),
                    system_uuid: c.rng_mut().uuid(),
                    boot_id: c.rng_mut().uuid(),
                    kernel_version: "6.8.0-45-generic".into(),
                    os_image: "Debian GNU/Linux 12 (bookworm)".into(),
                    container_runtime_version: "containerd://2.1.1".into(),
                    kubelet_version: c.config().version.into(),
                    kube_proxy_version: String::new(),
                    operating_system: "linux".into(),
                    architecture: "amd64".into(),
                    swap: None,
                },
                ..Default::default()
            },
            ..Default::default()
        };
        let _ = c.create(Object::Node(node));
        if !*control {
            c.wake_at(ready_at, crate::ctx::Wake::NodeUp(*id));
        }
    }

    // The API server's Service and its hand-managed Endpoints.
    let api = Service {
        metadata: meta("kubernetes", "default", &[("component", "apiserver"), ("provider", "kubernetes")]),
        spec: ServiceSpec {
            cluster_ip: c.config().api_ip.to_string(),
            ports: vec![ServicePort {
                name: "https".into(),
                port: 443,
                target_port: Some(IntOrString::Int(6443)),
                ..Default::default()
            }],
            ..Default::default()
        },
        ..Default::default()
    };
    let _ = c.create(Object::Service(api));
    let cp_ip = nodes.first().map(|n| n.2.to_string()).unwrap_or_default();
    let _ = c.create(Object::Endpoints(Endpoints {
        metadata: meta("kubernetes", "default", &[("endpointslice.kubernetes.io/skip-mirror", "true")]),
        subsets: vec![EndpointSubset {
            addresses: vec![EndpointAddress { ip: cp_ip, ..Default::default() }],
            ports: vec![EndpointPort { name: "https".into(), port: 6443, protocol: "TCP".into(), app_protocol: None }],
            ..Default::default()
        }],
        ..Default::default()
    }));

    // Cluster DNS.
    let dns_labels = [("k8s-app", "kube-dns")];
    let dns = Service {
        metadata: {
            let mut m = meta(
                "kube-dns",
                "kube-system",
                &[
                    ("k8s-app", "kube-dns"),
                    ("kubernetes.io/cluster-service", "true"),
                    ("kubernetes.io/name", "CoreDNS"),
                ],
            );
            m.annotations.insert("prometheus.io/port".into(), "9153".into());
            m.annotations.insert("prometheus.io/scrape".into(), "true".into());
            m
        },
        spec: ServiceSpec {
            cluster_ip: c.config().dns_ip.to_string(),
            selector: Some(labels(&dns_labels)),
            ports: vec![
                ServicePort {
                    name: "dns".into(),
                    protocol: "UDP".into(),
                    port: 53,
                    target_port: Some(IntOrString::Int(53)),
                    ..Default::default()
                },
                ServicePort {
                    name: "dns-tcp".into(),
                    protocol: "TCP".into(),
                    port: 53,
                    target_port: Some(IntOrString::Int(53)),
                    ..Default::default()
                },
                ServicePort {
                    name: "metrics".into(),
                    protocol: "TCP".into(),
                    port: 9153,
                    target_port: Some(IntOrString::Int(9153)),
                    ..Default::default()
                },
            ],
            ..Default::default()
        },
        ..Default::default()
    };
    let _ = c.create(Object::Service(dns));
    let coredns = Deployment {
        metadata: meta("coredns", "kube-system", &dns_labels),
        spec: crate::api::apps::DeploymentSpec {
            replicas: Some(2),
            selector: Some(LabelSelector { match_labels: labels(&dns_labels), ..Default::default() }),
            template: PodTemplateSpec {
                metadata: meta("", "", &dns_labels),
                spec: PodSpec {
                    containers: vec![Container {
                        name: "coredns".into(),
                        image: "registry.k8s.io/coredns/coredns:v1.12.0".into(),
                        args: vec!["-conf".into(), "/etc/coredns/Corefile".into()],
                        ports: vec![
                            ContainerPort {
                                name: "dns".into(),
                                container_port: 53,
                                protocol: "UDP".into(),
                                ..Default::default()
                            },
                            ContainerPort {
                                name: "dns-tcp".into(),
                                container_port: 53,
                                protocol: "TCP".into(),
                                ..Default::default()
                            },
                            ContainerPort {
                                name: "metrics".into(),
                                container_port: 9153,
                                protocol: "TCP".into(),
                                ..Default::default()
                            },
                        ],
                        ..Default::default()
                    }],
                    dns_policy: crate::api::pod::DnsPolicy::Default,
                    priority_class_name: "system-cluster-critical".into(),
                    service_account_name: "coredns".into(),
                    node_selector: labels(&[("kubernetes.io/os", "linux")]),
                    tolerations: vec![
                        Toleration {
                            key: "CriticalAddonsOnly".into(),
                            operator: "Exists".into(),
                            ..Default::default()
                        },
                        Toleration {
                            key: "node-role.kubernetes.io/control-plane".into(),
                            effect: "NoSchedule".into(),
                            ..Default::default()
                        },
                    ],
                    ..Default::default()
                },
            },
            ..Default::default()
        },
        ..Default::default()
    };
    let _ = c.create(Object::Deployment(coredns));

    // Static pods of the control plane (mirror pods owned by the Node).
    if let Some((_, cp, cp_ip, _, _)) = nodes.first() {
        let node_uid = c.store().nodes().get(&Key::cluster(cp)).map(|n| n.metadata.uid.clone()).unwrap_or_default();
        for (component, image) in [
            ("etcd", "registry.k8s.io/etcd:3.5.21-0"),
            ("kube-apiserver", "registry.k8s.io/kube-apiserver:v1.33.1"),
            ("kube-controller-manager", "registry.k8s.io/kube-controller-manager:v1.33.1"),
            ("kube-scheduler", "registry.k8s.io/kube-scheduler:v1.33.1"),
        ] {
            let mut m = meta(
                &format!("{component}-{cp}"),
                "kube-system",
                &[("component", component), ("tier", "control-plane")],
            );
            m.annotations.insert("kubernetes.io/config.source".into(), "file".into());
            m.owner_references.push(crate::api::OwnerReference {
                api_version: "v1".into(),
                kind: "Node".into(),
                name: cp.clone(),
                uid: node_uid.clone(),
                controller: Some(true),
                block_owner_deletion: None,
            });
            let pod = Pod {
                metadata: m,
                spec: PodSpec {
                    containers: vec![Container { name: component.into(), image: image.into(), ..Default::default() }],
                    host_network: true,
                    node_name: cp.clone(),
                    priority_class_name: "system-node-critical".into(),
                    priority: Some(2_000_001_000),
                    ..Default::default()
                },
                ..Default::default()
            };
            let _ = c.create(Object::Pod(pod));
        }
        let _ = cp_ip;
    }
}
