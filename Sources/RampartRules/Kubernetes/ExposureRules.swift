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

struct IngressWithoutTLS: ObjectRule {
    static let kinds: Set<String> = ["Ingress"]
    static let description = RuleDescription(
        id: "k8s/ingress-without-tls", title: "Ingress serves plain HTTP", severity: .medium,
        rationale: "An Ingress without a tls section serves its hosts over plain HTTP: credentials, session cookies and personal data cross the network readable and modifiable. Hosts of the rules that no tls entry covers are reported the same way.",
        remediation: "Add spec.tls with a certificate Secret for every host (cert-manager can issue and renew them), and redirect HTTP to HTTPS.",
        references: [.nsaKubernetes("Network separation and hardening"), .nist80053("SC-8"), .nist80053("SC-23"), .rfc(9110, section: "4.2.2 https URI Scheme")],
        triggering: [
            """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: portal}
            spec:
              ↓rules:
              - host: portal.city.example
                http:
                  paths:
                  - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
            """,
            """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: portal}
            spec:
              tls:
              - {hosts: [portal.city.example], secretName: portal-tls}
              rules:
              - host: portal.city.example
              - host: ↓api.city.example
            """,
        ],
        nonTriggering: [
            """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: portal}
            spec:
              tls:
              - {hosts: ["*.city.example"], secretName: wildcard-tls}
              rules:
              - host: portal.city.example
              - host: api.city.example
            """,
        ])

    /// `*.city.example` covers one label in front of `city.example`, as TLS wildcard matching does.
    static func covers(_ pattern: String, _ host: String) -> Bool {
        let p = pattern.lowercased(), h = host.lowercased()
        if p == h { return true }
        guard p.hasPrefix("*.") else { return false }
        let suffix = p.dropFirst(1)
        guard h.hasSuffix(suffix) else { return false }
        return !h.dropLast(suffix.count).contains(".") && h.count > suffix.count
    }

    func check(_ object: KubernetesObject, _ context: RuleContext) -> [Finding] {
        let tls = object.field("spec.tls")
        let entries = tls.items
        if entries.isEmpty {
            return [context.finding(at: tls, in: object, "Ingress \(object.name) has no tls section and serves HTTP only; expected spec.tls.")]
        }
        // A tls entry without hosts uses the controller's default certificate for every host.
        if entries.contains(where: { ($0.node?["hosts"]?.strings ?? []).isEmpty }) { return [] }
        let patterns = entries.flatMap { $0.node?["hosts"]?.strings ?? [] }
        return object.field("spec.rules").items.compactMap { rule in
            let host = rule.child("host")
            guard let name = host.node?.string, !patterns.contains(where: { Self.covers($0, name) }) else { return nil }
            return context.finding(at: host, in: object, "Ingress \(object.name) host \(name) is not covered by any tls entry; expected a certificate for it.",
                                   evidence: name)
        }
    }
}

struct IngressSSLRedirectDisabled: ObjectRule {
    static let kinds: Set<String> = ["Ingress"]
    /// Controller annotations that, set to false, let clients stay on plain HTTP.
    static let annotations = [
        "nginx.ingress.kubernetes.io/ssl-redirect",
        "nginx.ingress.kubernetes.io/force-ssl-redirect",
        "ingress.kubernetes.io/ssl-redirect",
        "ingress.kubernetes.io/force-ssl-redirect",
        "haproxy.org/ssl-redirect",
        "haproxy-ingress.github.io/ssl-redirect",
        "nginx.org/redirect-to-https",
    ]
    static let description = RuleDescription(
        id: "k8s/ingress-ssl-redirect-disabled", title: "Ingress HTTP-to-HTTPS redirect disabled", severity: .medium,
        rationale: "With the redirect turned off, users who type the address or follow an http:// link stay on plain HTTP, where their session can be read or hijacked (SSL stripping). Reported annotations: ingress-nginx ssl-redirect and force-ssl-redirect, the generic ingress.kubernetes.io forms (Traefik 1, NGINX Inc), HAProxy ssl-redirect and NGINX Inc redirect-to-https, set to false.",
        remediation: "Remove the annotation (ingress-nginx redirects by default when TLS is configured) or set it to \"true\"; add HSTS.",
        references: [.nsaKubernetes("Network separation and hardening"), .nist80053("SC-8"), .rfc(6797, section: "7.2 HTTP Request Type")],
        triggering: [
            """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: portal
              annotations:
                nginx.ingress.kubernetes.io/ssl-redirect: ↓"false"
            spec:
              tls: [{hosts: [portal.city.example], secretName: portal-tls}]
            """,
        ],
        nonTriggering: [
            """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: portal
              annotations:
                nginx.ingress.kubernetes.io/force-ssl-redirect: "true"
            spec:
              tls: [{hosts: [portal.city.example], secretName: portal-tls}]
            """,
        ])

    func check(_ object: KubernetesObject, _ context: RuleContext) -> [Finding] {
        let field = object.field("metadata.annotations")
        return Self.annotations.compactMap { key in
            let value = field.child(key)
            guard let text = value.node?.string, text.trimmingWhitespace.lowercased() == "false" else { return nil }
            return context.finding(at: value, in: object, "Ingress \(object.name) sets \(key): \"\(text)\"; expected the HTTPS redirect enabled.",
                                   evidence: "\(key): \(text)")
        }
    }
}

struct NetworkPolicyMissing: Rule {
    static let reach = RuleReach.crossResource(kinds: ["NetworkPolicy"])
    static let description = RuleDescription(
        id: "k8s/network-policy-missing", title: "Pods not isolated by any NetworkPolicy", severity: .low,
        rationale: "Kubernetes lets every pod talk to every other pod until a NetworkPolicy selects it; an intruder in any pod can then reach this one directly. The rule reports a workload when no NetworkPolicy in the scan isolates ingress to its pods: a policy selects them when its podSelector matches the pod template labels (an empty selector selects all), it is in the same namespace (a manifest without namespace is taken to share the namespace of whatever it is applied with), and its policyTypes include Ingress (the default). Policies applied from elsewhere cannot be seen, so the severity is low; waive the rule where isolation is managed outside the scanned repository.",
        remediation: "Add a default-deny NetworkPolicy per namespace (podSelector: {}, policyTypes: [Ingress, Egress]) and policies that allow only the flows each workload needs.",
        references: [.cisKubernetes("5.3.2"), .nsaKubernetes("Network separation and hardening: Network policies"), .nist80053("SC-7"), .nist80053("AC-4")],
        triggering: [
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop}
            spec:
              template:
                metadata:
                  ↓labels: {app: web}
                spec:
                  containers:
                  - {name: web, image: web:1.0}
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: db-only, namespace: shop}
            spec:
              podSelector: {matchLabels: {app: db}}
              policyTypes: [Ingress]
            """,
        ],
        nonTriggering: [
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop}
            spec:
              template:
                metadata:
                  labels: {app: web, tier: front}
                spec:
                  containers:
                  - {name: web, image: web:1.0}
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: front, namespace: shop}
            spec:
              podSelector:
                matchExpressions:
                - {key: tier, operator: In, values: [front, edge]}
                - {key: legacy, operator: DoesNotExist}
            """,
        ])

    /// A NetworkPolicy's namespace, selector and whether it isolates ingress.
    struct Policy {
        let namespace: String?
        let selector: LabelSelector
        let isolatesIngress: Bool

        init(_ object: KubernetesObject) {
            namespace = object.namespace
            let spec = object.node["spec"]
            selector = LabelSelector(spec?["podSelector"])
            let types = spec?["policyTypes"]?.strings
            isolatesIngress = types.map { $0.contains("Ingress") } ?? true
        }
    }

    func check(_ facts: Facts, _ context: RuleContext) -> [Finding] {
        let all = facts.manifests.objects(ofKind: ["NetworkPolicy"]).map(Policy.init).filter(\.isolatesIngress)
        // Grouped by namespace so that each workload is matched only against policies that can apply to it.
        let byNamespace = Dictionary(grouping: all.filter { $0.namespace != nil }, by: { $0.namespace! })
        let unscoped = all.filter { $0.namespace == nil }
        return facts.manifests.workloads.compactMap { workload in
            let labels = workload.podLabels
            let candidates = workload.object.namespace.map { (byNamespace[$0] ?? []) + unscoped } ?? all
            let isolated = candidates.contains { $0.selector.matches(labels) }
            guard !isolated else { return nil }
            let field = workload.podMetadata.hasValue ? workload.podMetadata : workload.podSpec
            let shown = labels.isEmpty ? "no labels" : labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
            return context.finding(at: field, in: workload.object,
                                   "pods of \(workload.object.kind) \(workload.object.name) (\(shown)) are selected by no NetworkPolicy isolating ingress in namespace \(workload.object.namespace ?? "(unset)"); expected at least one.")
        }
    }
}

struct NamespacePodSecurityNotEnforced: ObjectRule {
    static let kinds: Set<String> = ["Namespace"]
    static let label = "pod-security.kubernetes.io/enforce"
    static let description = RuleDescription(
        id: "k8s/namespace-pod-security-not-enforced", title: "Namespace does not enforce Pod Security Standards", severity: .medium,
        rationale: "Pod Security admission enforces the Baseline or Restricted standard only in namespaces labelled pod-security.kubernetes.io/enforce. Without the label (or with enforce: privileged) the API server admits privileged, host-namespace and hostPath pods into the namespace, so a manifest scan is the only guard left.",
        remediation: "Label the namespace pod-security.kubernetes.io/enforce: restricted (or baseline where a workload truly needs it), and pin enforce-version.",
        references: [.cisKubernetes("5.2.1"), Reference("Kubernetes documentation", section: "Pod Security Admission", url: "https://kubernetes.io/docs/concepts/security/pod-security-admission/"), .nsaKubernetes("Kubernetes Pod security: Pod security enforcement"), .nist80053("CM-7")],
        triggering: [
            """
            apiVersion: v1
            kind: Namespace
            metadata:
              ↓name: shop
            """,
            """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: tools
              labels: {pod-security.kubernetes.io/enforce: ↓privileged}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: shop
              labels:
                pod-security.kubernetes.io/enforce: restricted
                pod-security.kubernetes.io/enforce-version: v1.31
            """,
        ])

    func check(_ object: KubernetesObject, _ context: RuleContext) -> [Finding] {
        let labels = object.field("metadata.labels")
        let enforce = labels.child(Self.label)
        switch enforce.node?.string {
        case "baseline", "restricted": return []
        case let value?:
            return [context.finding(at: enforce, in: object, "Namespace \(object.name) enforces the \(value) level; expected baseline or restricted.",
                                    evidence: "\(Self.label): \(value)")]
        case nil:
            let anchor = labels.hasValue ? enforce : object.field("metadata")
            return [context.finding(at: anchor, in: object, "Namespace \(object.name) has no \(Self.label) label; expected baseline or restricted.")]
        }
    }
}
