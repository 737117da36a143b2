import RampartCore
import RampartManifests

struct ComposeSecretInCommand: ComposeServiceRule {
    /// Command-line options whose argument is a secret, in the spellings common servers use.
    static let defaultFlags = ["--requirepass", "--masterauth", "--password", "--passwd", "--pass", "--token", "--api-key",
                               "--apikey", "--secret", "--client-secret", "--access-key", "--secret-key", "--auth-token"]

    static let description = RuleDescription(
        id: "compose/secret-in-command", title: "Secret passed on the command line", severity: .high,
        rationale: "A password written into `command` or `entrypoint` (`redis-server --requirepass ...`) is in version control and, at run time, in the process list of the host and in `docker inspect`, readable by anyone who can list processes.",
        remediation: "Read the secret from a file (Compose `secrets`, e.g. a config file that includes it) or interpolate it from the environment (`--requirepass ${REDIS_PASSWORD}`), and rotate the exposed value.",
        references: [.owaspDocker("RULE #12 - Utilize Docker Secrets for Sensitive Data Management"),
                     .nist800190("4.1.4 Embedded clear text secrets"), .nist80053("IA-5(7)")],
        triggering: [
            """
            services:
              cache:
                image: redis:7.4
                command: ↓redis-server --appendonly yes --requirepass sup3r-s3cret
              api:
                image: api:2.0
                command: ["serve", ↓"--token=abc123", "--port", "8080"]
            """,
        ],
        nonTriggering: [
            """
            services:
              cache:
                image: redis:7.4
                command: redis-server --requirepass ${REDIS_PASSWORD}
              api:
                image: api:2.0
                command: ["serve", "--token-file", "/run/secrets/api_token", "--password=$${FROM_SHELL}"]
              mysql:
                image: mysql:8.4
                command: sh -c 'mysqld --password="$$(cat /run/secrets/db)"'
              db:
                image: db:1.0
                entrypoint: ["db", "--password", "/run/secrets/db"]
            """,
        ],
        parameters: ["secretFlags": defaultFlags.joined(separator: ", ")])

    func check(_ service: ComposeService, in project: ComposeProject, _ context: RuleContext) -> [Finding] {
        let flags = Set(context.parameters.list("secretFlags", default: Self.defaultFlags).map { $0.lowercased() })
        return ["command", "entrypoint"].flatMap { key -> [Finding] in
            let field = service.field(key)
            // A string command is one node; a list points at the item holding the flag.
            let tokens: [(text: String, field: FieldRef)]
            if let text = field.node?.string {
                tokens = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map { (String($0), field) }
            } else {
                tokens = field.items.compactMap { item in item.node?.string.map { ($0, item) } }
            }
            var findings: [Finding] = []
            var reported = Set<String>()
            for (i, token) in tokens.enumerated() {
                // Split at the first `=` by hand: a token that is `=` or empty has no parts to index.
                let text = token.text
                let flagText = text.firstIndex(of: "=").map { String(text[..<$0]) } ?? text
                let flag = flagText.lowercased()
                guard !flag.isEmpty, flags.contains(flag) else { continue }
                let inlineValue = text.firstIndex(of: "=").map { String(text[text.index(after: $0)...]) }
                let value = inlineValue ?? (i + 1 < tokens.count ? tokens[i + 1].text : "")
                guard Self.isLiteralSecret(value), reported.insert("\(token.field.path) \(flag)").inserted else { continue }
                // The value is never quoted: only the option that carries it.
                findings.append(context.finding(at: token.field, in: service,
                                                "\(key) passes a literal value to \(flag); expected the secret from a file or an interpolated ${VARIABLE}",
                                                evidence: "\(key) option \(flag)"))
            }
            return findings
        }
    }

    static func isLiteralSecret(_ value: String) -> Bool {
        // Shell quoting is not part of the value: `--password="$$(cat /run/secrets/db)"` reads a file at run time.
        let trimmed = value.trimmingCharacters(in: .whitespacesAndQuotes)
        guard !trimmed.isEmpty, !trimmed.hasPrefix("-"), !trimmed.hasPrefix("$"), !ComposeValue.isInterpolated(trimmed) else { return false }
        return !ComposeSecretInEnvironment.isSecretFilePath(trimmed)
    }
}
