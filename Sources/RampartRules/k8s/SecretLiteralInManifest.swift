import RampartCore
import RampartManifests

// Secrets in manifests, service-account tokens and namespaces. A finding about a secret names its key and
// points at its line; the value itself is never copied into a message or evidence.

struct SecretLiteralInManifest: ObjectRule {
    static let kinds: Set<String> = ["Secret"]
    static let description = RuleDescription(
        id: "k8s/secret-literal-in-manifest", title: "Secret manifest carries its values", severity: .medium,
        rationale: "base64 in data: is an encoding, not encryption. A Secret manifest with values committed to a repository discloses them to everyone with read access to the repository and its history. The finding lists key names only.",
        remediation: "Keep secret values out of manifests: use Sealed Secrets / SOPS-encrypted files, or an external secret operator that fetches them from a vault at deploy time; rotate values already committed.",
        references: [.cisKubernetes("5.4.2"), .nsaKubernetes("Network separation and hardening: Secrets"), .nist80053("IA-5(7)"), .nist80053("SC-28")],
        triggering: [
            """
            apiVersion: v1
            kind: Secret
            metadata: {name: db}
            type: Opaque
            stringData:
              ↓username: app
              password: correct-horse
            """,
        ],
        nonTriggering: [
            """
            apiVersion: v1
            kind: Secret
            metadata:
              name: sa-token
              annotations: {kubernetes.io/service-account.name: app}
            type: kubernetes.io/service-account-token
            """,
            """
            apiVersion: v1
            kind: Secret
            metadata: {name: placeholder}
            data:
              password: ""
            """,
        ])

    func check(_ object: KubernetesObject, _ context: RuleContext) -> [Finding] {
        ["data", "stringData"].compactMap { section in
            let field = object.field(section)
            let keys = (field.node?.pairs ?? []).compactMap { pair -> String? in
                guard let key = pair.key.string, let value = pair.value.string, !value.isEmpty else { return nil }
                return key
            }
            guard !keys.isEmpty else { return nil }
            return context.finding(at: field, in: object,
                                   "Secret \(object.name) carries literal values for \(keys.joined(separator: ", ")) in \(section); expected values supplied outside the manifest.",
                                   evidence: "keys: \(keys.joined(separator: ", "))")
        }
    }
}
