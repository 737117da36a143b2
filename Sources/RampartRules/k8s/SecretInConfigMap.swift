import RampartCore
import RampartManifests

// Secrets in manifests, service-account tokens and namespaces. A finding about a secret names its key and
// points at its line; the value itself is never copied into a message or evidence.

struct SecretInConfigMap: ObjectRule {
    static let kinds: Set<String> = ["ConfigMap"]
    static let description = RuleDescription(
        id: "k8s/secret-in-configmap", title: "ConfigMap key looks like a credential", severity: .high,
        rationale: "ConfigMaps are not meant for secrets: they are readable by any role that can read configuration, shown in plain text by kubectl and dashboards, and never encrypted at rest. A key named like a credential (password, token, api_key, private_key, ...) with a value suggests a secret stored in the wrong object. Keys that name files (app.conf) are not reported. The finding names the key, never its value.",
        remediation: "Move the value into a Secret (or an external secret manager) and rotate it.",
        references: [.cisKubernetes("5.4.2"), .nsaKubernetes("Network separation and hardening: Secrets"), .nist80053("IA-5(7)"), .nist80053("SC-28")],
        triggering: [
            """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: app-config}
            data:
              LOG_LEVEL: info
              DB_PASSWORD: ↓s3cr3t
              "auth.token": ↓abcdef
            """,
        ],
        nonTriggering: [
            """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: app-config}
            data:
              LOG_LEVEL: info
              PASSWORD_MIN_LENGTH: "12"
              password-policy.json: "{}"
              TOKEN_URL: https://id.example/token
              API_KEY: ""
            """,
        ])

    func check(_ object: KubernetesObject, _ context: RuleContext) -> [Finding] {
        ["data", "binaryData"].flatMap { section -> [Finding] in
            let field = object.field(section)
            return (field.node?.pairs ?? []).compactMap { pair in
                guard let key = pair.key.string, !CredentialNames.looksLikeFile(key), CredentialNames.looksSecret(key),
                      let text = pair.value.string, !text.isEmpty else { return nil }
                return context.finding(at: field.child(key), in: object,
                                       "ConfigMap key \(key) looks like a credential stored in plain configuration; expected it in a Secret.",
                                       evidence: "key \(key) (value withheld)")
            }
        }
    }
}
