import RampartCore
import RampartManifests

// Secrets in manifests, service-account tokens and namespaces. A finding about a secret names its key and
// points at its line; the value itself is never copied into a message or evidence.

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
                    args: [--host=db, --password-file=/secrets/db, --token, "$(API_TOKEN)", --secret-name, db, --password=, --enable-bootstrap-token-auth=true]
            """,
        ])

    static let booleans: Set<String> = ["true", "false", "True", "False", "TRUE", "FALSE"]

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
                // A boolean switch (--enable-bootstrap-token-auth=true, --use-service-account-credentials=true)
                // turns a feature on; it carries no credential.
                guard !name.isEmpty, !Self.booleans.contains(valueField.node?.string.map { text in
                    text.split(separator: "=", maxSplits: 1).last.map(String.init) ?? text } ?? ""),
                      CredentialNames.looksSecret(name) else { continue }
                findings.append(context.finding(at: valueField, in: workload.object,
                                                "\(container.messageName) passes a credential on the command line (\(section) flag --\(name)); expected it read from a mounted secret file.",
                                                evidence: "\(section) --\(name) (value withheld)"))
            }
        }
        return findings
    }
}
