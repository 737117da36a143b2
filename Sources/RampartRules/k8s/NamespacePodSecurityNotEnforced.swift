import RampartCore
import RampartManifests

// Network exposure: Services reachable from outside the cluster, Ingress TLS, and pod isolation.

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
