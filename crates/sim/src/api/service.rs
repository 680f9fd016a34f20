//! Service and Endpoints: how a stable name and IP stand in front of changing pods.

use super::json::Raw;
use super::meta::{IntOrString, ObjectMeta, ObjectReference};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize, Clone, Debug, Default, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Service {
    #[serde(default)]
    pub api_version: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: ServiceSpec,
    #[serde(default)]
    pub status: ServiceStatus,
}

#[derive(Serialize, Clone, Debug, Default, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ServiceSpec {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ports: Vec<ServicePort>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selector: Option<BTreeMap<String, String>>,
    #[serde(default, rename = "clusterIP", skip_serializing_if = "String::is_empty")]
    pub cluster_ip: String,
    #[serde(default, rename = "clusterIPs", skip_serializing_if = "Vec::is_empty")]
    pub cluster_ips: Vec<String>,
    #[serde(default, rename = "type", skip_serializing_if = "String::is_empty")]
    pub type_: String,
    #[serde(default, rename = "externalIPs", skip_serializing_if = "Vec::is_empty")]
    pub external_ips: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub session_affinity: String,
    #[serde(default, rename = "loadBalancerIP", skip_serializing_if = "String::is_empty")]
    pub load_balancer_ip: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load_balancer_source_ranges: Option<Raw>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub external_name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub external_traffic_policy: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_node_port: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publish_not_ready_addresses: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_affinity_config: Option<Raw>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ip_families: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_family_policy: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allocate_load_balancer_node_ports: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load_balancer_class: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internal_traffic_policy: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub traffic_distribution: Option<String>,
}

#[derive(Serialize, Clone, Debug, Default, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ServicePort {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub protocol: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_protocol: Option<String>,
    #[serde(default)]
    pub port: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_port: Option<IntOrString>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_port: Option<i32>,
}

#[derive(Serialize, Clone, Debug, Default, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ServiceStatus {
    #[serde(default)]
    pub load_balancer: LoadBalancerStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conditions: Option<Raw>,
}

#[derive(Serialize, Clone, Debug, Default, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct LoadBalancerStatus {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ingress: Vec<LoadBalancerIngress>,
}

#[derive(Serialize, Clone, Debug, Default, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct LoadBalancerIngress {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub ip: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub hostname: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ports: Option<Raw>,
}

impl Service {
    pub fn type_(&self) -> &str {
        if self.spec.type_.is_empty() {
            "ClusterIP"
        } else {
            &self.spec.type_
        }
    }
    pub fn is_headless(&self) -> bool {
        self.spec.cluster_ip == "None"
    }
    pub fn cluster_ip(&self) -> Option<crate::net::Ip> {
        self.spec.cluster_ip.parse().ok()
    }
}

#[derive(Serialize, Clone, Debug, Default, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Endpoints {
    #[serde(default)]
    pub api_version: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subsets: Vec<EndpointSubset>,
}

#[derive(Serialize, Clone, Debug, Default, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct EndpointSubset {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<EndpointAddress>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_ready_addresses: Vec<EndpointAddress>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ports: Vec<EndpointPort>,
}

#[derive(Serialize, Clone, Debug, Default, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct EndpointAddress {
    pub ip: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub hostname: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_ref: Option<ObjectReference>,
}

#[derive(Serialize, Clone, Debug, Default, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct EndpointPort {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    pub port: i32,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub protocol: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_protocol: Option<String>,
}

crate::from_json!(Service, "v1.Service", {
    "apiVersion" => api_version, "kind" => kind, "metadata" => metadata, "spec" => spec, "status" => status,
});
crate::from_json!(ServiceSpec, "v1.ServiceSpec", {
    "ports" => ports, "selector" => selector, "clusterIP" => cluster_ip, "clusterIPs" => cluster_ips,
    "type" => type_, "externalIPs" => external_ips, "sessionAffinity" => session_affinity,
    "loadBalancerIP" => load_balancer_ip, "loadBalancerSourceRanges" => load_balancer_source_ranges,
    "externalName" => external_name, "externalTrafficPolicy" => external_traffic_policy,
    "healthCheckNodePort" => health_check_node_port, "publishNotReadyAddresses" => publish_not_ready_addresses,
    "sessionAffinityConfig" => session_affinity_config, "ipFamilies" => ip_families,
    "ipFamilyPolicy" => ip_family_policy, "allocateLoadBalancerNodePorts" => allocate_load_balancer_node_ports,
    "loadBalancerClass" => load_balancer_class, "internalTrafficPolicy" => internal_traffic_policy,
    "trafficDistribution" => traffic_distribution,
});
crate::from_json!(ServicePort, "v1.ServicePort", {
    "name" => name, "protocol" => protocol, "appProtocol" => app_protocol, "port" => port,
    "targetPort" => target_port, "nodePort" => node_port,
});
crate::from_json!(ServiceStatus, "v1.ServiceStatus", { "loadBalancer" => load_balancer, "conditions" => conditions });
crate::from_json!(LoadBalancerStatus, "v1.LoadBalancerStatus", { "ingress" => ingress });
crate::from_json!(LoadBalancerIngress, "v1.LoadBalancerIngress", {
    "ip" => ip, "hostname" => hostname, "ipMode" => ip_mode, "ports" => ports,
});
crate::from_json!(Endpoints, "v1.Endpoints", {
    "apiVersion" => api_version, "kind" => kind, "metadata" => metadata, "subsets" => subsets,
});
crate::from_json!(EndpointSubset, "v1.EndpointSubset", {
    "addresses" => addresses, "notReadyAddresses" => not_ready_addresses, "ports" => ports,
});
crate::from_json!(EndpointAddress, "v1.EndpointAddress", {
    "ip" => ip, "hostname" => hostname, "nodeName" => node_name, "targetRef" => target_ref,
});
crate::from_json!(EndpointPort, "v1.EndpointPort", {
    "name" => name, "port" => port, "protocol" => protocol, "appProtocol" => app_protocol,
});
