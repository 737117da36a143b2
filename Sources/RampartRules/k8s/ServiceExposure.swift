import RampartCore
import RampartManifests

// Network exposure: Services reachable from outside the cluster, Ingress TLS, and pod isolation.

struct ServiceNodePort: ObjectRule {
    static let kinds: Set<String> = ["Service"]
    static let description = RuleDescription(
        id: "k8s/service-node-port", title: "Service exposed as NodePort", severity: .medium,
        rationale: "A NodePort Service listens on a high port of every node's address, on every interface, bypassing the ingress layer where TLS, authentication and rate limits usually live; node firewalls are easy to get wrong.",
        remediation: "Use a ClusterIP Service behind an Ingress or Gateway, or a LoadBalancer restricted with loadBalancerSourceRanges.",
        references: [.nsaKubernetes("Network separation and hardening"), .nist80053("SC-7")],
        triggering: [
            """
            apiVersion: v1
            kind: Service
            metadata: {name: admin}
            spec:
              type: ↓NodePort
              selector: {app: admin}
              ports: [{port: 8080, nodePort: 30080}]
            """,
        ],
        nonTriggering: [
            """
            apiVersion: v1
            kind: Service
            metadata: {name: admin}
            spec:
              selector: {app: admin}
              ports: [{port: 8080}]
            """,
        ])

    func check(_ object: KubernetesObject, _ context: RuleContext) -> [Finding] {
        let type = object.field("spec.type")
        guard type.node?.string == "NodePort" else { return [] }
        let ports = object.field("spec.ports").items.compactMap { $0.node?["port"]?.int }.map(String.init)
        return [context.finding(at: type, in: object, "Service \(object.name) is a NodePort (ports \(ports.joined(separator: ", "))) reachable on every node; expected ClusterIP behind an ingress.")]
    }
}

struct ServiceLoadBalancerOpen: ObjectRule {
    static let kinds: Set<String> = ["Service"]
    static let sourceRangesAnnotation = "service.beta.kubernetes.io/load-balancer-source-ranges"
    static let description = RuleDescription(
        id: "k8s/service-load-balancer-open", title: "LoadBalancer open to any source", severity: .medium,
        rationale: "A LoadBalancer Service without loadBalancerSourceRanges (or with 0.0.0.0/0) gets a public address reachable from the whole internet. Services marked internal with the cloud provider's annotation, and the load-balancer-source-ranges annotation, are honoured.",
        remediation: "Set spec.loadBalancerSourceRanges to the networks that need access, make the balancer internal, or publish the service through an Ingress with TLS and authentication.",
        references: [.nsaKubernetes("Network separation and hardening"), .nist80053("SC-7"), .nist80053("AC-4")],
        triggering: [
            """
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec:
              type: ↓LoadBalancer
              selector: {app: web}
              ports: [{port: 443}]
            """,
            """
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec:
              type: LoadBalancer
              loadBalancerSourceRanges: [10.0.0.0/8, ↓0.0.0.0/0]
              ports: [{port: 443}]
            """,
        ],
        nonTriggering: [
            """
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec:
              type: LoadBalancer
              loadBalancerSourceRanges: [203.0.113.0/24]
              ports: [{port: 443}]
            """,
            """
            apiVersion: v1
            kind: Service
            metadata:
              name: web
              annotations: {networking.gke.io/load-balancer-type: Internal}
            spec:
              type: LoadBalancer
              ports: [{port: 443}]
            """,
        ])

    static func isAnyAddress(_ range: String) -> Bool {
        let r = range.trimmingWhitespace
        return r == "0.0.0.0/0" || r == "::/0"
    }

    func check(_ object: KubernetesObject, _ context: RuleContext) -> [Finding] {
        let type = object.field("spec.type")
        guard type.node?.string == "LoadBalancer" else { return [] }
        let annotations = object.annotations
        for (key, values) in internalLoadBalancerAnnotations {
            guard let value = annotations[key]?.lowercased() else { continue }
            if values.isEmpty || values.contains(value) { return [] }
        }
        let ranges = stringItems(object.field("spec.loadBalancerSourceRanges"))
        if !ranges.isEmpty {
            return ranges.filter { Self.isAnyAddress($0.value) }.map {
                context.finding(at: $0.field, in: object, "LoadBalancer \(object.name) admits \($0.value) (any address); expected specific source ranges.",
                                evidence: $0.value)
            }
        }
        if let annotated = annotations[Self.sourceRangesAnnotation] {
            let parts = annotated.split(separator: ",").map { String($0) }
            guard parts.contains(where: { Self.isAnyAddress($0) }) else { return [] }
            return [context.finding(at: object.field("metadata.annotations").child(Self.sourceRangesAnnotation), in: object,
                                    "LoadBalancer \(object.name) admits any address through \(Self.sourceRangesAnnotation); expected specific source ranges.")]
        }
        return [context.finding(at: type, in: object,
                                "LoadBalancer \(object.name) has no loadBalancerSourceRanges and is reachable from any address; expected source ranges or an internal balancer.")]
    }
}

struct ServiceExternalIPs: ObjectRule {
    static let kinds: Set<String> = ["Service"]
    static let description = RuleDescription(
        id: "k8s/service-external-ips", title: "Service sets externalIPs", severity: .medium,
        rationale: "spec.externalIPs makes every node accept traffic for the listed addresses; anyone allowed to create Services can use it to intercept traffic to arbitrary IPs (CVE-2020-8554). Clusters should run the DenyServiceExternalIPs admission plugin.",
        remediation: "Remove spec.externalIPs; use a LoadBalancer or an Ingress instead.",
        references: [Reference("CVE-2020-8554", section: "Man in the middle using LoadBalancer or ExternalIPs", url: "https://github.com/kubernetes/kubernetes/issues/97076"),
                     .nsaKubernetes("Network separation and hardening"), .nist80053("SC-7")],
        triggering: [
            """
            apiVersion: v1
            kind: Service
            metadata: {name: legacy}
            spec:
              externalIPs: ↓[198.51.100.7]
              ports: [{port: 80}]
            """,
        ],
        nonTriggering: [
            """
            apiVersion: v1
            kind: Service
            metadata: {name: legacy}
            spec:
              externalIPs: []
              ports: [{port: 80}]
            """,
        ])

    func check(_ object: KubernetesObject, _ context: RuleContext) -> [Finding] {
        let field = object.field("spec.externalIPs")
        let ips = object.externalIPList
        guard !ips.isEmpty else { return [] }
        return [context.finding(at: field, in: object, "Service \(object.name) claims external IPs \(ips.joined(separator: ", ")); expected none.",
                                evidence: ips.joined(separator: ", "))]
    }
}

struct ServiceSensitivePort: ObjectRule {
    static let kinds: Set<String> = ["Service"]
    static let defaultPorts = [22, 23, 2375, 2376, 2379, 2380, 3306, 5432, 6379, 9200, 9300, 11211, 27017, 10250, 5984, 8500, 1433, 1521, 5601]
    static let description = RuleDescription(
        id: "k8s/service-sensitive-port", title: "Administrative or datastore port exposed outside the cluster", severity: .high,
        rationale: "SSH, Telnet, the Docker API, etcd, the kubelet and databases or caches (MySQL, PostgreSQL, Redis, Elasticsearch, Memcached, MongoDB, CouchDB, Consul, SQL Server, Oracle, Kibana) are routinely found exposed without authentication and are prime targets. A NodePort, LoadBalancer or externalIPs Service that publishes such a port (as port or targetPort) puts it outside the cluster network.",
        remediation: "Keep datastores and admin interfaces on ClusterIP Services; reach them through a bastion, VPN or port-forward; restrict with NetworkPolicy.",
        references: [.nsaKubernetes("Network separation and hardening"), .nist80053("SC-7"), .nist80053("CM-7")],
        triggering: [
            """
            apiVersion: v1
            kind: Service
            metadata: {name: cache}
            spec:
              type: LoadBalancer
              selector: {app: cache}
              ports:
              - {name: redis, port: ↓6379, targetPort: 6379}
              - {name: metrics, port: 9121}
            """,
            """
            apiVersion: v1
            kind: Service
            metadata: {name: db}
            spec:
              type: NodePort
              ports:
              - {port: 15432, targetPort: ↓5432}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: v1
            kind: Service
            metadata: {name: cache}
            spec:
              selector: {app: cache}
              ports: [{port: 6379}]
            """,
        ],
        parameters: ["sensitivePorts": defaultPorts.map(String.init).joined(separator: ", ")])

    func check(_ object: KubernetesObject, _ context: RuleContext) -> [Finding] {
        guard object.isExternallyExposed else { return [] }
        let sensitive = Set(context.parameters.ints("sensitivePorts", default: Self.defaultPorts))
        return object.field("spec.ports").items.compactMap { port in
            // The published port first; else the container port it forwards to, when numeric.
            for key in ["port", "targetPort"] {
                let field = port.child(key)
                if let value = field.node?.int, sensitive.contains(value) {
                    let exposure = object.exposureType == "ClusterIP" ? "externalIPs" : object.exposureType
                    return context.finding(at: field, in: object, "Service \(object.name) exposes sensitive port \(value) (\(key)) through \(exposure); expected it reachable only inside the cluster.",
                                           evidence: "\(key): \(value)")
                }
            }
            return nil
        }
    }
}
