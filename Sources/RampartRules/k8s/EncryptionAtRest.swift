import RampartCore
import RampartManifests

// Encryption of Secrets at rest in etcd (CIS Kubernetes Benchmark v1.9.0 §1.2.27–1.2.28).

struct APIServerEncryptionProviderMissing: ComponentRule {
    static let components: Set<ControlPlaneComponent.Kind> = [.apiServer]
    static let description = RuleDescription(
        id: "k8s/apiserver-encryption-provider-missing", title: "API server does not encrypt Secrets at rest", severity: .medium,
        rationale: "Without --encryption-provider-config the API server writes Secrets to etcd in plain text; anyone with an etcd backup or disk image reads every credential of the cluster.",
        remediation: "Write an EncryptionConfiguration whose first provider for secrets is kms (v2), aesgcm or secretbox, mount it into the static pod and set --encryption-provider-config to its path; then rewrite existing Secrets.",
        references: [.cisKubernetes("1.2.27"), .nsaKubernetes("Network separation and hardening: Secrets"), .nist80053("SC-28")],
        triggering: [ControlPlaneExample.pod(.apiServer, ["--authorization-mode=Node,RBAC"], markCommand: true)],
        nonTriggering: [ControlPlaneExample.pod(.apiServer, ["--encryption-provider-config=/etc/kubernetes/enc/encryption.yaml"])])

    func check(_ component: ControlPlaneComponent, _ context: RuleContext) -> [Finding] {
        component.required(["encryption-provider-config"], why: "expected Secrets encrypted at rest through an EncryptionConfiguration", context)
    }
}

struct EncryptionIdentityFirst: ObjectRule {
    static let kinds: Set<String> = ["EncryptionConfiguration"]
    static let description = RuleDescription(
        id: "k8s/encryption-identity-first", title: "Encryption at rest writes in plain text (identity first)", severity: .high,
        rationale: "The API server encrypts new writes with the first provider of each resource list; `identity` first (or as the only provider) stores those resources unencrypted in etcd, even though an encryption key is configured below it.",
        remediation: "Put kms (v2), aesgcm or secretbox first and keep identity only after them, while existing objects are rewritten.",
        references: [.cisKubernetes("1.2.28"), .nsaKubernetes("Network separation and hardening: Secrets"),
                     .vendor("Kubernetes: Encrypting Confidential Data at Rest", "https://kubernetes.io/docs/tasks/administer-cluster/encrypt-data/")],
        triggering: [
            """
            apiVersion: apiserver.config.k8s.io/v1
            kind: EncryptionConfiguration
            resources:
            - resources: [secrets]
              providers:
              - ↓identity: {}
              - aesgcm:
                  keys: [{name: key1, secret: c2VjcmV0IGlzIHNlY3VyZQ==}]
            """,
        ],
        nonTriggering: [
            """
            apiVersion: apiserver.config.k8s.io/v1
            kind: EncryptionConfiguration
            resources:
            - resources: [secrets]
              providers:
              - kms: {apiVersion: v2, name: city-kms, endpoint: unix:///var/run/kmsplugin/socket.sock}
              - identity: {}
            """,
        ])

    func check(_ object: KubernetesObject, _ context: RuleContext) -> [Finding] {
        guard let config = EncryptionConfiguration(object) else { return [] }
        return config.groups.compactMap { group in
            guard let first = group.providers.first, first.name == "identity" else { return nil }
            return context.finding(at: first.field, in: object,
                                   "EncryptionConfiguration writes \(group.resources.joined(separator: ", ")) with the identity provider first, i.e. unencrypted; expected kms, aesgcm or secretbox first.")
        }
    }
}

struct EncryptionWeakProvider: ObjectRule {
    static let kinds: Set<String> = ["EncryptionConfiguration"]
    static let description = RuleDescription(
        id: "k8s/encryption-weak-provider", title: "Encryption at rest uses aescbc", severity: .low,
        rationale: "The aescbc provider is no longer recommended by Kubernetes because CBC mode is open to padding-oracle attacks; its key also sits in the configuration file next to the data it protects.",
        remediation: "Move to the kms v2 provider (key held by an external KMS) or, failing that, secretbox or aesgcm with key rotation; keep aescbc after it only until every object is rewritten.",
        references: [.cisKubernetes("1.2.28"), .nsaKubernetes("Network separation and hardening: Secrets"),
                     .vendor("Kubernetes: Encrypting Confidential Data at Rest (providers)", "https://kubernetes.io/docs/tasks/administer-cluster/encrypt-data/#providers")],
        triggering: [
            """
            apiVersion: apiserver.config.k8s.io/v1
            kind: EncryptionConfiguration
            resources:
            - resources: [secrets, configmaps]
              providers:
              - ↓aescbc:
                  keys: [{name: key1, secret: c2VjcmV0IGlzIHNlY3VyZQ==}]
              - identity: {}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: apiserver.config.k8s.io/v1
            kind: EncryptionConfiguration
            resources:
            - resources: [secrets]
              providers:
              - secretbox:
                  keys: [{name: key2, secret: YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY=}]
              - aescbc:
                  keys: [{name: key1, secret: c2VjcmV0IGlzIHNlY3VyZQ==}]
            """,
        ])

    func check(_ object: KubernetesObject, _ context: RuleContext) -> [Finding] {
        guard let config = EncryptionConfiguration(object) else { return [] }
        // Only the writing (first) provider matters: later ones just read old data during a migration.
        return config.groups.compactMap { group in
            guard let first = group.providers.first, first.name == "aescbc" else { return nil }
            return context.finding(at: first.field, in: object,
                                   "EncryptionConfiguration encrypts \(group.resources.joined(separator: ", ")) with aescbc; expected kms (v2), secretbox or aesgcm.")
        }
    }
}
