//! Service and Endpoints: how a stable name and IP stand in front of changing pods.

use super::json::Raw;
use super::meta::{IntOrString, ObjectMeta, ObjectReference};
use std::collections::BTreeMap;

/// The node port range (the API server's `--service-node-port-range` default).
pub const NODE_PORTS: std::ops::RangeInclusive<i32> = 30000..=32767;

crate::wire_enum!(
    /// How a Service is exposed.
    ServiceType, "v1.ServiceType", {
        ClusterIP => "ClusterIP",
        ExternalName => "ExternalName",
        LoadBalancer => "LoadBalancer",
        NodePort => "NodePort",
    }
);

impl ServiceType {
    /// Whether it opens a port on every node.
    pub fn has_node_ports(&self) -> bool {
        matches!(self, ServiceType::NodePort | ServiceType::LoadBalancer)
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Service {
    pub api_version: String,
    pub kind: String,
    pub metadata: ObjectMeta,
    pub spec: ServiceSpec,
    pub status: ServiceStatus,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServiceSpec {
    pub ports: Vec<ServicePort>,
    pub selector: Option<BTreeMap<String, String>>,
    pub cluster_ip: String,
    pub cluster_ips: Vec<String>,
    pub type_: ServiceType,
    pub external_ips: Vec<String>,
    pub session_affinity: String,
    pub load_balancer_ip: String,
    pub load_balancer_source_ranges: Option<Raw>,
    pub external_name: String,
    pub external_traffic_policy: String,
    pub health_check_node_port: Option<i32>,
    pub publish_not_ready_addresses: Option<bool>,
    pub session_affinity_config: Option<Raw>,
    pub ip_families: Vec<String>,
    pub ip_family_policy: Option<String>,
    pub allocate_load_balancer_node_ports: Option<bool>,
    pub load_balancer_class: Option<String>,
    pub internal_traffic_policy: Option<String>,
    pub traffic_distribution: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServicePort {
    pub name: String,
    pub protocol: String,
    pub app_protocol: Option<String>,
    pub port: i32,
    pub target_port: Option<IntOrString>,
    pub node_port: Option<i32>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServiceStatus {
    pub load_balancer: LoadBalancerStatus,
    pub conditions: Option<Raw>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct LoadBalancerStatus {
    pub ingress: Vec<LoadBalancerIngress>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct LoadBalancerIngress {
    pub ip: String,
    pub hostname: String,
    pub ip_mode: Option<String>,
    pub ports: Option<Raw>,
}

impl Service {
    /// The type, `ClusterIP` when not set.
    pub fn type_(&self) -> &str {
        match self.spec.type_ {
            ServiceType::Unset => "ClusterIP",
            ref t => t.as_str(),
        }
    }
    pub fn is_headless(&self) -> bool {
        self.spec.cluster_ip == "None"
    }
    pub fn cluster_ip(&self) -> Option<crate::addr::Ip> {
        self.spec.cluster_ip.parse().ok()
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Endpoints {
    pub api_version: String,
    pub kind: String,
    pub metadata: ObjectMeta,
    pub subsets: Vec<EndpointSubset>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct EndpointSubset {
    pub addresses: Vec<EndpointAddress>,
    pub not_ready_addresses: Vec<EndpointAddress>,
    pub ports: Vec<EndpointPort>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct EndpointAddress {
    pub ip: String,
    pub hostname: String,
    pub node_name: Option<String>,
    pub target_ref: Option<ObjectReference>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct EndpointPort {
    pub name: String,
    pub port: i32,
    pub protocol: String,
    pub app_protocol: Option<String>,
}

crate::json_struct!(Service, "v1.Service", {
    "apiVersion" => api_version, "kind" => kind, "metadata" => metadata, "spec" => spec, "status" => status,
});
crate::json_struct!(ServiceSpec, "v1.ServiceSpec", {
    "ports",omitempty => ports, "selector",omitempty => selector, "clusterIP",omitempty => cluster_ip,
    "clusterIPs",omitempty => cluster_ips, "type",omitempty => type_, "externalIPs",omitempty => external_ips,
    "sessionAffinity",omitempty => session_affinity, "loadBalancerIP",omitempty => load_balancer_ip,
    "loadBalancerSourceRanges",omitempty => load_balancer_source_ranges, "externalName",omitempty => external_name,
    "externalTrafficPolicy",omitempty => external_traffic_policy,
    "healthCheckNodePort",omitempty => health_check_node_port,
    "publishNotReadyAddresses",omitempty => publish_not_ready_addresses,
    "sessionAffinityConfig",omitempty => session_affinity_config, "ipFamilies",omitempty => ip_families,
    "ipFamilyPolicy",omitempty => ip_family_policy,
    "allocateLoadBalancerNodePorts",omitempty => allocate_load_balancer_node_ports,
    "loadBalancerClass",omitempty => load_balancer_class, "internalTrafficPolicy",omitempty => internal_traffic_policy,
    "trafficDistribution",omitempty => traffic_distribution,
});
crate::json_struct!(ServicePort, "v1.ServicePort", {
    "name",omitempty => name, "protocol",omitempty => protocol, "appProtocol",omitempty => app_protocol, "port" => port,
    "targetPort",omitempty => target_port, "nodePort",omitempty => node_port,
});
crate::json_struct!(ServiceStatus, "v1.ServiceStatus", {
    "loadBalancer" => load_balancer, "conditions",omitempty => conditions,
});
crate::json_struct!(LoadBalancerStatus, "v1.LoadBalancerStatus", { "ingress",omitempty => ingress });
crate::json_struct!(LoadBalancerIngress, "v1.LoadBalancerIngress", {
    "ip",omitempty => ip, "hostname",omitempty => hostname, "ipMode",omitempty => ip_mode, "ports",omitempty => ports,
});
crate::json_struct!(Endpoints, "v1.Endpoints", {
    "apiVersion" => api_version, "kind" => kind, "metadata" => metadata, "subsets",omitempty => subsets,
});
crate::json_struct!(EndpointSubset, "v1.EndpointSubset", {
    "addresses",omitempty => addresses, "notReadyAddresses",omitempty => not_ready_addresses,
    "ports",omitempty => ports,
});
crate::json_struct!(EndpointAddress, "v1.EndpointAddress", {
    "ip" => ip, "hostname",omitempty => hostname, "nodeName",omitempty => node_name,
    "targetRef",omitempty => target_ref,
});
crate::json_struct!(EndpointPort, "v1.EndpointPort", {
    "name",omitempty => name, "port" => port, "protocol",omitempty => protocol, "appProtocol",omitempty => app_protocol,
});

impl super::KindRules for Service {
    fn name_rule(name: &str) -> Vec<String> {
        super::validation::is_dns1035_label(name)
    }
    fn defaults(&mut self) {
        super::defaults::service(self);
    }
    fn validate(&self) -> Vec<crate::field::FieldError> {
        super::validation::service(self)
    }
    fn validate_update(&self, old: &Service) -> Vec<crate::field::FieldError> {
        super::validation::service_update(self, old)
    }
    fn keep_server_fields(&mut self, old: &Service) {
        self.status = old.status.clone();
    }
}

impl super::KindRules for Endpoints {
    fn defaults(&mut self) {
        super::defaults::endpoints(self);
    }
    fn validate(&self) -> Vec<crate::field::FieldError> {
        super::validation::endpoints(self)
    }
}
