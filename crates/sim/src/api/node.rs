//! Cluster-scoped kinds: Node and Namespace.

use super::json::Raw;
use super::meta::{Condition, ObjectMeta};
use serde::Serialize;

#[derive(Serialize, Clone, Debug, Default, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Node {
    #[serde(default)]
    pub api_version: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: NodeSpec,
    #[serde(default)]
    pub status: NodeStatus,
}

#[derive(Serialize, Clone, Debug, Default, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct NodeSpec {
    #[serde(default, rename = "podCIDR", skip_serializing_if = "String::is_empty")]
    pub pod_cidr: String,
    #[serde(default, rename = "podCIDRs", skip_serializing_if = "Vec::is_empty")]
    pub pod_cidrs: Vec<String>,
    #[serde(default, rename = "providerID", skip_serializing_if = "String::is_empty")]
    pub provider_id: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub taints: Vec<Taint>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unschedulable: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_source: Option<Raw>,
    #[serde(default, rename = "externalID", skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
}

#[derive(Serialize, Clone, Debug, Default, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Taint {
    pub key: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub value: String,
    pub effect: String,
    #[serde(default, with = "crate::time::opt_timestamp", skip_serializing_if = "Option::is_none")]
    pub time_added: Option<crate::time::Time>,
}

#[derive(Serialize, Clone, Debug, Default, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct NodeStatus {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<Raw>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allocatable: Option<Raw>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Condition>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<NodeAddress>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub daemon_endpoints: Option<Raw>,
    #[serde(default)]
    pub node_info: NodeInfo,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub images: Option<Raw>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volumes_in_use: Option<Raw>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volumes_attached: Option<Raw>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<Raw>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime_handlers: Option<Raw>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub features: Option<Raw>,
}

#[derive(Serialize, Clone, Debug, Default, PartialEq)]
pub struct NodeAddress {
    #[serde(rename = "type")]
    pub type_: String,
    pub address: String,
}

#[derive(Serialize, Clone, Debug, Default, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct NodeInfo {
    #[serde(default, rename = "machineID")]
    pub machine_id: String,
    #[serde(default, rename = "systemUUID")]
    pub system_uuid: String,
    #[serde(default, rename = "bootID")]
    pub boot_id: String,
    #[serde(default)]
    pub kernel_version: String,
    #[serde(default)]
    pub os_image: String,
    #[serde(default)]
    pub container_runtime_version: String,
    #[serde(default)]
    pub kubelet_version: String,
    #[serde(default)]
    pub kube_proxy_version: String,
    #[serde(default)]
    pub operating_system: String,
    #[serde(default)]
    pub architecture: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub swap: Option<Raw>,
}

impl Node {
    pub fn internal_ip(&self) -> Option<crate::net::Ip> {
        self.status.addresses.iter().find(|a| a.type_ == "InternalIP").and_then(|a| a.address.parse().ok())
    }
    pub fn is_ready(&self) -> bool {
        super::meta::condition_true(&self.status.conditions, "Ready")
    }
}

#[derive(Serialize, Clone, Debug, Default, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Namespace {
    #[serde(default)]
    pub api_version: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: NamespaceSpec,
    #[serde(default)]
    pub status: NamespaceStatus,
}

#[derive(Serialize, Clone, Debug, Default, PartialEq)]
pub struct NamespaceSpec {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub finalizers: Vec<String>,
}

#[derive(Serialize, Clone, Debug, Default, PartialEq)]
pub struct NamespaceStatus {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub phase: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conditions: Option<Raw>,
}

crate::from_json!(Node, "v1.Node", {
    "apiVersion" => api_version, "kind" => kind, "metadata" => metadata, "spec" => spec, "status" => status,
});
crate::from_json!(NodeSpec, "v1.NodeSpec", {
    "podCIDR" => pod_cidr, "podCIDRs" => pod_cidrs, "providerID" => provider_id, "taints" => taints,
    "unschedulable" => unschedulable, "configSource" => config_source, "externalID" => external_id,
});
crate::from_json!(Taint, "v1.Taint", { "key" => key, "value" => value, "effect" => effect, "timeAdded" => time_added: time });
crate::from_json!(NodeStatus, "v1.NodeStatus", {
    "capacity" => capacity, "allocatable" => allocatable, "conditions" => conditions, "addresses" => addresses,
    "daemonEndpoints" => daemon_endpoints, "nodeInfo" => node_info, "images" => images, "phase" => phase,
    "volumesInUse" => volumes_in_use, "volumesAttached" => volumes_attached, "config" => config,
    "runtimeHandlers" => runtime_handlers, "features" => features,
});
crate::from_json!(NodeAddress, "v1.NodeAddress", { "type" => type_, "address" => address });
crate::from_json!(NodeInfo, "v1.NodeSystemInfo", {
    "machineID" => machine_id, "systemUUID" => system_uuid, "bootID" => boot_id, "kernelVersion" => kernel_version,
    "osImage" => os_image, "containerRuntimeVersion" => container_runtime_version,
    "kubeletVersion" => kubelet_version, "kubeProxyVersion" => kube_proxy_version,
    "operatingSystem" => operating_system, "architecture" => architecture, "swap" => swap,
});
crate::from_json!(Namespace, "v1.Namespace", {
    "apiVersion" => api_version, "kind" => kind, "metadata" => metadata, "spec" => spec, "status" => status,
});
crate::from_json!(NamespaceSpec, "v1.NamespaceSpec", { "finalizers" => finalizers });
crate::from_json!(NamespaceStatus, "v1.NamespaceStatus", { "phase" => phase, "conditions" => conditions });
