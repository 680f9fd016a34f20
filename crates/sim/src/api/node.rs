//! Cluster-scoped kinds: Node and Namespace.

use super::json::Raw;
use super::meta::{Condition, ObjectMeta};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Node {
    pub api_version: String,
    pub kind: String,
    pub metadata: ObjectMeta,
    pub spec: NodeSpec,
    pub status: NodeStatus,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct NodeSpec {
    pub pod_cidr: String,
    pub pod_cidrs: Vec<String>,
    pub provider_id: String,
    pub taints: Vec<Taint>,
    pub unschedulable: bool,
    pub config_source: Option<Raw>,
    pub external_id: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Taint {
    pub key: String,
    pub value: String,
    pub effect: String,
    pub time_added: Option<crate::time::Time>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct NodeStatus {
    pub capacity: Option<Raw>,
    pub allocatable: Option<Raw>,
    pub conditions: Vec<Condition>,
    pub addresses: Vec<NodeAddress>,
    pub daemon_endpoints: Option<Raw>,
    pub node_info: NodeInfo,
    pub images: Option<Raw>,
    pub phase: Option<String>,
    pub volumes_in_use: Option<Raw>,
    pub volumes_attached: Option<Raw>,
    pub config: Option<Raw>,
    pub runtime_handlers: Option<Raw>,
    pub features: Option<Raw>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct NodeAddress {
    pub type_: String,
    pub address: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct NodeInfo {
    pub machine_id: String,
    pub system_uuid: String,
    pub boot_id: String,
    pub kernel_version: String,
    pub os_image: String,
    pub container_runtime_version: String,
    pub kubelet_version: String,
    pub kube_proxy_version: String,
    pub operating_system: String,
    pub architecture: String,
    pub swap: Option<Raw>,
}

impl Node {
    pub fn internal_ip(&self) -> Option<crate::addr::Ip> {
        self.status.addresses.iter().find(|a| a.type_ == "InternalIP").and_then(|a| a.address.parse().ok())
    }
    pub fn is_ready(&self) -> bool {
        super::meta::condition_true(&self.status.conditions, "Ready")
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Namespace {
    pub api_version: String,
    pub kind: String,
    pub metadata: ObjectMeta,
    pub spec: NamespaceSpec,
    pub status: NamespaceStatus,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct NamespaceSpec {
    pub finalizers: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct NamespaceStatus {
    pub phase: String,
    pub conditions: Option<Raw>,
}

crate::json_struct!(Node, "v1.Node", {
    "apiVersion" => api_version, "kind" => kind, "metadata" => metadata, "spec" => spec, "status" => status,
});
crate::json_struct!(NodeSpec, "v1.NodeSpec", {
    "podCIDR",omitempty => pod_cidr, "podCIDRs",omitempty => pod_cidrs, "providerID",omitempty => provider_id,
    "taints",omitempty => taints, "unschedulable",omitempty => unschedulable, "configSource",omitempty => config_source,
    "externalID",omitempty => external_id,
});
crate::json_struct!(Taint, "v1.Taint", {
    "key" => key, "value",omitempty => value, "effect" => effect, "timeAdded",omitempty => time_added,
});
crate::json_struct!(NodeStatus, "v1.NodeStatus", {
    "capacity",omitempty => capacity, "allocatable",omitempty => allocatable, "conditions",omitempty => conditions,
    "addresses",omitempty => addresses, "daemonEndpoints",omitempty => daemon_endpoints, "nodeInfo" => node_info,
    "images",omitempty => images, "phase",omitempty => phase, "volumesInUse",omitempty => volumes_in_use,
    "volumesAttached",omitempty => volumes_attached, "config",omitempty => config,
    "runtimeHandlers",omitempty => runtime_handlers, "features",omitempty => features,
});
crate::json_struct!(NodeAddress, "v1.NodeAddress", { "type" => type_, "address" => address });
crate::json_struct!(NodeInfo, "v1.NodeSystemInfo", {
    "machineID" => machine_id, "systemUUID" => system_uuid, "bootID" => boot_id, "kernelVersion" => kernel_version,
    "osImage" => os_image, "containerRuntimeVersion" => container_runtime_version, "kubeletVersion" => kubelet_version,
    "kubeProxyVersion" => kube_proxy_version, "operatingSystem" => operating_system, "architecture" => architecture,
    "swap",omitempty => swap,
});
crate::json_struct!(Namespace, "v1.Namespace", {
    "apiVersion" => api_version, "kind" => kind, "metadata" => metadata, "spec" => spec, "status" => status,
});
crate::json_struct!(NamespaceSpec, "v1.NamespaceSpec", { "finalizers",omitempty => finalizers });
crate::json_struct!(NamespaceStatus, "v1.NamespaceStatus", {
    "phase",omitempty => phase, "conditions",omitempty => conditions,
});

impl super::KindRules for Node {
    fn keep_server_fields(&mut self, old: &Node) {
        self.status = old.status.clone();
    }
}

impl super::KindRules for Namespace {
    fn name_rule(name: &str) -> Vec<String> {
        crate::labels::is_dns1123_label(name)
    }
    fn defaults(&mut self) {
        super::defaults::namespace(self);
    }
    fn keep_server_fields(&mut self, old: &Namespace) {
        self.status = old.status.clone();
    }
}
