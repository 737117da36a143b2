import RampartCore
import RampartManifests

// Network exposure: Services reachable from outside the cluster, Ingress TLS, and pod isolation.

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
