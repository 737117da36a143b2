import RampartCore
import RampartManifests

// Secrets in manifests, service-account tokens and namespaces. A finding about a secret names its key and
// points at its line; the value itself is never copied into a message or evidence.

struct SecretInEnvLiteral: ContainerRule {
    static let description = RuleDescription(
        id: "k8s/secret-in-env-literal", title: "Credential written literally in an environment variable", severity: .high,
        rationale: "An env var whose name says it holds a credential (PASSWORD, SECRET, TOKEN, API_KEY, PRIVATE_KEY, ACCESS_KEY, CREDENTIALS, ...) set with a literal value puts that credential in the manifest: in version control, in CI logs, in every copy of the repository, and readable by anyone who can get the workload. Names about a secret rather than the secret (TOKEN_FILE, SECRET_NAME, PASSWORD_PATH) and $(VAR) references are not reported. The finding names the variable, never its value.",
        remediation: "Store the value in a Secret (or an external secret manager) and reference it with env[].valueFrom.secretKeyRef or a mounted secret volume; rotate the exposed credential.",
        references: [.cisKubernetes("5.4.2"), .nsaKubernetes("Network separation and hardening: Secrets"), .nist80053("IA-5(7)"),
                     Reference("CWE-798", section: "Use of Hard-coded Credentials", url: "https://cwe.mitre.org/data/definitions/798.html")],
        triggering: [
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: api}
            spec:
              template:
                spec:
                  containers:
                  - name: api
                    image: api:1.0
                    env:
                    - {name: LOG_LEVEL, value: debug}
                    - name: DB_PASSWORD
                      value: ↓"hunter2-prod"
                    - {name: stripeApiKey, value: ↓sk_live_example}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: api}
            spec:
              template:
                spec:
                  containers:
                  - name: api
                    image: api:1.0
                    env:
                    - name: DB_PASSWORD
                      valueFrom: {secretKeyRef: {name: db, key: password}}
                    - {name: TOKEN_FILE, value: /var/run/secrets/token}
                    - {name: API_TOKEN, value: "$(SHARED_TOKEN)"}
                    - {name: SECRET_NAME, value: db}
                    - {name: CLIENT_SECRET, value: ""}
            """,
        ])

    func check(_ container: Container, in workload: Workload, _ context: RuleContext) -> [Finding] {
        container.field("env").items.compactMap { entry in
            guard let name = entry.node?["name"]?.string, CredentialNames.looksSecret(name) else { return nil }
            let value = entry.child("value")
            guard let text = value.node?.string, !text.isEmpty, !Self.isReference(text) else { return nil }
            return context.finding(at: value, in: workload.object,
                                   "\(container.messageName) sets \(name) to a literal value in the manifest; expected valueFrom.secretKeyRef or a secret volume.",
                                   evidence: "env \(name) (value withheld)")
        }
    }

    /// `$(OTHER_VAR)` alone is Kubernetes variable expansion, not a literal credential.
    static func isReference(_ text: String) -> Bool {
        text.hasPrefix("$(") && text.hasSuffix(")") && !text.dropFirst(2).contains("$(")
    }
}

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

struct SecretInEnvReference: ContainerRule {
    static let description = RuleDescription(
        id: "k8s/secret-in-env", title: "Secret exposed through environment variables", severity: .low,
        rationale: "Environment variables leak: they are inherited by every child process, dumped in crash reports and debug endpoints, and readable from /proc by anything sharing the process namespace. Mounted secret files can be permission-restricted and are updated on rotation.",
        remediation: "Mount the Secret as a volume and read it from a file, instead of env[].valueFrom.secretKeyRef or envFrom[].secretRef.",
        references: [.cisKubernetes("5.4.1"), .nsaKubernetes("Network separation and hardening: Secrets"), .nist80053("SC-28")],
        triggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - name: app
                image: app:1.0
                env:
                - name: DB_PASSWORD
                  valueFrom:
                    secretKeyRef: ↓{name: db, key: password}
                envFrom:
                - secretRef: ↓{name: api-keys}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - name: app
                image: app:1.0
                envFrom:
                - configMapRef: {name: settings}
                volumeMounts:
                - {name: db, mountPath: /var/run/secrets/db, readOnly: true}
              volumes:
              - {name: db, secret: {secretName: db}}
            """,
        ])

    func check(_ container: Container, in workload: Workload, _ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for entry in container.field("env").items {
            let ref = entry.field("valueFrom.secretKeyRef")
            guard ref.hasValue else { continue }
            let name = entry.node?["name"]?.string ?? "?"
            let secret = ref.node?["name"]?.string ?? "?"
            findings.append(context.finding(at: ref, in: workload.object,
                                            "\(container.messageName) reads secret \(secret) into env var \(name); expected a mounted secret file.",
                                            evidence: "env \(name) <- secret \(secret)"))
        }
        for entry in container.field("envFrom").items {
            let ref = entry.child("secretRef")
            guard ref.hasValue else { continue }
            let secret = ref.node?["name"]?.string ?? "?"
            findings.append(context.finding(at: ref, in: workload.object,
                                            "\(container.messageName) loads every key of secret \(secret) into its environment; expected a mounted secret file.",
                                            evidence: "envFrom secret \(secret)"))
        }
        return findings
    }
}

/// Service accounts in the scan, by namespace and name, to resolve what a pod inherits.
struct ServiceAccounts {
    /// Accounts by name, so that thousands of workloads each find theirs without a scan of all accounts.
    let byName: [String: [KubernetesObject]]

    init(_ facts: Facts) {
        byName = Dictionary(grouping: facts.manifests.objects(ofKind: ["ServiceAccount"]), by: \.name)
    }

    func account(named name: String, near namespace: String?) -> KubernetesObject? {
        byName[name]?.first { sameNamespace($0.namespace, namespace) }
    }

    /// Whether the pod gets an API token mounted: the pod's setting wins, else the service account's, else true.
    func mountsToken(_ workload: Workload) -> (mounts: Bool, field: FieldRef) {
        let own = workload.podSpec.child("automountServiceAccountToken")
        if let value = own.node?.bool { return (value, own) }
        if let account = account(named: workload.effectiveServiceAccount, near: workload.object.namespace),
           let value = account.node["automountServiceAccountToken"]?.bool, value == false {
            return (false, own)
        }
        return (true, own)
    }
}

struct AutomountServiceAccountToken: Rule {
    static let reach = RuleReach.crossResource(kinds: ["ServiceAccount"])
    static let description = RuleDescription(
        id: "k8s/automount-service-account-token", title: "Service account token mounted automatically", severity: .medium,
        rationale: "By default every pod gets a token for its service account mounted at /var/run/secrets/kubernetes.io/serviceaccount. An intruder in any container can use it against the API server with that account's permissions. Most application pods never call the API. The rule passes when the pod sets automountServiceAccountToken: false, or when its ServiceAccount in the same scan does and the pod does not override it.",
        remediation: "Set automountServiceAccountToken: false on the pod (or on its ServiceAccount); mount a projected token only in pods that call the API.",
        references: [.cisKubernetes("5.1.6"), .nsaKubernetes("Kubernetes Pod security: Protecting Pod service account tokens"), .nist80053("AC-6"), .nist80053("IA-5")],
        triggering: [
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              template:
                spec:
                  ↓serviceAccountName: web
                  containers:
                  - {name: web, image: web:1.0}
            ---
            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: web}
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              automountServiceAccountToken: ↓true
              containers:
              - {name: app, image: app:1.0}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              template:
                spec:
                  serviceAccountName: web
                  containers:
                  - {name: web, image: web:1.0}
            ---
            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: web}
            automountServiceAccountToken: false
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              automountServiceAccountToken: false
              containers:
              - {name: app, image: app:1.0}
            """,
        ])

    func check(_ facts: Facts, _ context: RuleContext) -> [Finding] {
        let accounts = ServiceAccounts(facts)
        return facts.manifests.workloads.compactMap { workload in
            let (mounts, field) = accounts.mountsToken(workload)
            guard mounts else { return nil }
            let seen = field.hasValue ? "sets automountServiceAccountToken: true"
                : "gets the API token of service account \(workload.effectiveServiceAccount) mounted (automountServiceAccountToken not set)"
            return context.finding(at: field, in: workload.object, "pod \(seen); expected automountServiceAccountToken: false unless the pod calls the API.")
        }
    }
}

struct DefaultServiceAccountAutomount: ObjectRule {
    static let kinds: Set<String> = ["ServiceAccount"]
    static let description = RuleDescription(
        id: "k8s/default-service-account-automount", title: "Default service account mounts its token", severity: .low,
        rationale: "Every pod that names no service account runs as the namespace's default account. Unless the default account sets automountServiceAccountToken: false, all of them carry its token, and any permission ever granted to it spreads to every such pod.",
        remediation: "Set automountServiceAccountToken: false on the default ServiceAccount of each namespace, and give pods that need the API their own account.",
        references: [.cisKubernetes("5.1.5"), .nsaKubernetes("Kubernetes Pod security: Protecting Pod service account tokens"), .nist80053("AC-6")],
        triggering: [
            """
            ↓apiVersion: v1
            kind: ServiceAccount
            metadata: {name: default, namespace: shop}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: default, namespace: shop}
            automountServiceAccountToken: false
            """,
        ])

    func check(_ object: KubernetesObject, _ context: RuleContext) -> [Finding] {
        guard object.name == "default" else { return [] }
        let field = object.field("automountServiceAccountToken")
        guard field.node?.bool != false else { return [] }
        return [context.finding(at: field, in: object, "the default ServiceAccount does not set automountServiceAccountToken: false; expected false.")]
    }
}

struct DefaultServiceAccount: Rule {
    static let reach = RuleReach.crossResource(kinds: ["ServiceAccount"])
    static let description = RuleDescription(
        id: "k8s/default-service-account", title: "Pod runs as the default service account with a token", severity: .low,
        rationale: "Pods that share the namespace's default service account share whatever permissions it is ever given, and cannot be told apart in audit logs. The rule reports such pods only when a token is actually mounted (the pod or the default account in the scan does not disable automounting), since without a token the account grants nothing.",
        remediation: "Create a dedicated ServiceAccount per workload and set spec.serviceAccountName; or disable token automounting.",
        references: [.cisKubernetes("5.1.5"), .nsaKubernetes("Authentication and authorization: Role-based access control"), .nist80053("AC-2"), .nist80053("AC-6")],
        triggering: [
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              template:
                spec:
                  ↓containers:
                  - {name: web, image: web:1.0}
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              serviceAccountName: ↓default
              containers:
              - {name: app, image: app:1.0}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              serviceAccountName: reporter
              containers:
              - {name: app, image: app:1.0}
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - {name: app, image: app:1.0}
            ---
            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: default}
            automountServiceAccountToken: false
            """,
        ])

    func check(_ facts: Facts, _ context: RuleContext) -> [Finding] {
        let accounts = ServiceAccounts(facts)
        return facts.manifests.workloads.compactMap { workload in
            guard workload.effectiveServiceAccount == "default", accounts.mountsToken(workload).mounts else { return nil }
            // The explicit `serviceAccountName: default` when written, else the pod spec that omits it.
            let field = workload.podSpec.child("serviceAccountName")
            return context.finding(at: field, in: workload.object,
                                   "pod runs as the default service account with its token mounted; expected a dedicated serviceAccountName.")
        }
    }
}

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

struct SecretInArgs: ContainerRule {
    static let description = RuleDescription(
        id: "k8s/secret-in-args", title: "Credential passed on the command line", severity: .high,
        rationale: "A credential written into command or args (--password=..., --token ...) sits in the manifest and, at run time, in the process table of the node, in `kubectl describe` output and in crash reports. Flags that name a file or reference ($(VAR)) are not reported. The finding names the flag, never its value.",
        remediation: "Pass the credential in a mounted Secret file (most tools accept --password-file or similar), or at least through an env var from a secretKeyRef; rotate the exposed credential.",
        references: [.cisKubernetes("5.4.1"), .nsaKubernetes("Network separation and hardening: Secrets"), .nist80053("IA-5(7)"),
                     Reference("CWE-214", section: "Invocation of Process Using Visible Sensitive Information", url: "https://cwe.mitre.org/data/definitions/214.html")],
        triggering: [
            """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: dump}
            spec:
              template:
                spec:
                  containers:
                  - name: dump
                    image: tools:1.0
                    command: [pg_dump]
                    args: [--host=db, ↓"--password=hunter2", --api-token, ↓abc123]
            """,
        ],
        nonTriggering: [
            """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: dump}
            spec:
              template:
                spec:
                  containers:
                  - name: dump
                    image: tools:1.0
                    args: [--host=db, --password-file=/secrets/db, --token, "$(API_TOKEN)", --secret-name, db, --password=]
            """,
        ])

    func check(_ container: Container, in workload: Workload, _ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for section in ["command", "args"] {
            let items = container.field(section).items
            for (i, item) in items.enumerated() {
                guard let text = item.node?.string, text.hasPrefix("-") else { continue }
                let flag = String(text.drop { $0 == "-" })
                let name: String
                let valueField: FieldRef
                if let eq = flag.firstIndex(of: "=") {
                    name = String(flag[..<eq])
                    let value = String(flag[flag.index(after: eq)...])
                    guard !value.isEmpty, !SecretInEnvLiteral.isReference(value) else { continue }
                    valueField = item
                } else {
                    // `--token VALUE`: the next item is the value, unless it is another flag.
                    guard i + 1 < items.count, let value = items[i + 1].node?.string, !value.isEmpty, !value.hasPrefix("-"),
                          !SecretInEnvLiteral.isReference(value) else { continue }
                    name = flag
                    valueField = items[i + 1]
                }
                guard !name.isEmpty, CredentialNames.looksSecret(name) else { continue }
                findings.append(context.finding(at: valueField, in: workload.object,
                                                "\(container.messageName) passes a credential on the command line (\(section) flag --\(name)); expected it read from a mounted secret file.",
                                                evidence: "\(section) --\(name) (value withheld)"))
            }
        }
        return findings
    }
}
