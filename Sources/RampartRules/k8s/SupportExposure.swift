import RampartCore
import RampartManifests

// Network exposure: Services reachable from outside the cluster, Ingress TLS, and pod isolation.

extension KubernetesObject {
    var exposureType: String { node["spec"]?["type"]?.string ?? "ClusterIP" }
    var externalIPList: [String] { node["spec"]?["externalIPs"]?.strings ?? [] }

    /// Whether a Service is reachable from outside the cluster network: on every node's address (NodePort,
    /// LoadBalancer) or on external IPs.
    var isExternallyExposed: Bool {
        exposureType == "NodePort" || exposureType == "LoadBalancer" || !externalIPList.isEmpty
    }
}

/// Cloud annotations that make a LoadBalancer internal (reachable only from the private network).
let internalLoadBalancerAnnotations: [String: Set<String>] = [
    "networking.gke.io/load-balancer-type": ["internal"],
    "cloud.google.com/load-balancer-type": ["internal"],
    "service.beta.kubernetes.io/aws-load-balancer-internal": ["true", "0.0.0.0/0"],
    "service.beta.kubernetes.io/aws-load-balancer-scheme": ["internal"],
    "service.beta.kubernetes.io/azure-load-balancer-internal": ["true"],
    "service.beta.kubernetes.io/openstack-internal-load-balancer": ["true"],
    "service.beta.kubernetes.io/oci-load-balancer-internal": ["true"],
    "service.kubernetes.io/qcloud-loadbalancer-internal-subnetid": [],
]
