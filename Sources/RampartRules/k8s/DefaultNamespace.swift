import RampartCore
import RampartManifests

// Secrets in manifests, service-account tokens and namespaces. A finding about a secret names its key and
// points at its line; the value itself is never copied into a message or evidence.

struct DefaultNamespace: Rule {
    static let description = RuleDescription(
        id: "k8s/default-namespace", title: "Object placed in the default namespace", severity: .low,
        rationale: "The default namespace is shared by everything deployed without thought; RBAC, NetworkPolicy, quotas and Pod Security admission are hard to scope there. Only an explicit namespace: default is reported: a manifest without a namespace is placed by its apply context (kubectl -n, a kustomization, Helm, Argo CD), which the scan cannot see.",
        remediation: "Deploy into a dedicated namespace per application or team, with its own RBAC, NetworkPolicies and Pod Security labels.",
        references: [.cisKubernetes("5.7.4"), .cisKubernetes("5.7.1"), .nsaKubernetes("Network separation and hardening: Namespaces"), .nist80053("SC-7")],
        triggering: [
            """
            apiVersion: v1
            kind: Service
            metadata:
              name: web
              namespace: ↓default
            spec:
              ports: [{port: 80}]
            """,
        ],
        nonTriggering: [
            """
            apiVersion: v1
            kind: Service
            metadata: {name: web, namespace: shop}
            spec:
              ports: [{port: 80}]
            """,
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: reader, namespace: default}
            rules: []
            """,
            """
            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: default, namespace: default}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: kubernetes, namespace: default}
            spec:
              ports: [{name: https, port: 443, targetPort: 6443}]
            """,
        ])

    static let clusterScoped: Set<String> = [
        "Namespace", "Node", "ClusterRole", "ClusterRoleBinding", "PersistentVolume", "StorageClass",
        "CustomResourceDefinition", "PriorityClass", "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration",
        "IngressClass", "RuntimeClass", "PodSecurityPolicy",
    ]

    /// Objects the control plane itself creates in `default` (the namespace's token-less default
    /// ServiceAccount and the API server's Service); exports of a cluster carry them, and moving them is impossible.
    static let createdByCluster: Set<String> = ["ServiceAccount/default", "Service/kubernetes"]

    func check(_ facts: Facts, _ context: RuleContext) -> [Finding] {
        facts.manifests.objects.compactMap { object in
            guard object.namespace == "default", !Self.clusterScoped.contains(object.kind),
                  !Self.createdByCluster.contains("\(object.kind)/\(object.name)") else { return nil }
            return context.finding(at: object.field("metadata.namespace"), in: object,
                                   "\(object.kind) \(object.name) is placed in the default namespace; expected a dedicated namespace.")
        }
    }
}
