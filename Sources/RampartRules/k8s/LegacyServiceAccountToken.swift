import RampartCore
import RampartManifests

// Secrets in manifests, service-account tokens and namespaces. A finding about a secret names its key and
// points at its line; the value itself is never copied into a message or evidence.

struct LegacyServiceAccountTokenSecret: ObjectRule {
    static let kinds: Set<String> = ["Secret"]
    static let description = RuleDescription(
        id: "k8s/legacy-service-account-token", title: "Long-lived service account token Secret", severity: .medium,
        rationale: "A Secret of type kubernetes.io/service-account-token makes the control plane mint a token that never expires and is not bound to a pod; it stays valid until the Secret is deleted, and anyone who can read Secrets in the namespace can take it. Projected tokens from the TokenRequest API are short-lived and audience-bound.",
        remediation: "Delete the Secret and let pods use projected service account tokens (the default since Kubernetes 1.22); for external clients, issue tokens with kubectl create token or the TokenRequest API with an expiry.",
        references: [.cisKubernetes("5.1.13"), .nsaKubernetes("Kubernetes Pod security: Protecting Pod service account tokens"), .nist80053("IA-5(1)"), .nist80053("AC-2(3)")],
        triggering: [
            """
            apiVersion: v1
            kind: Secret
            metadata:
              name: ci-token
              annotations: {kubernetes.io/service-account.name: ci}
            type: ↓kubernetes.io/service-account-token
            """,
        ],
        nonTriggering: [
            """
            apiVersion: v1
            kind: Secret
            metadata: {name: tls}
            type: kubernetes.io/tls
            """,
        ])

    func check(_ object: KubernetesObject, _ context: RuleContext) -> [Finding] {
        let type = object.field("type")
        guard type.node?.string == "kubernetes.io/service-account-token" else { return [] }
        let account = object.annotations["kubernetes.io/service-account.name"] ?? "?"
        return [context.finding(at: type, in: object,
                                "Secret \(object.name) requests a non-expiring token for service account \(account); expected short-lived projected tokens.")]
    }
}
