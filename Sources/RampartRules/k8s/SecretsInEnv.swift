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
