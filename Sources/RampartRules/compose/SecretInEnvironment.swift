import RampartCore
import RampartManifests

struct ComposeSecretInEnvironment: ComposeServiceRule {
    /// Substrings of the key (upper-cased, separators removed) that name a secret.
    static let defaultPatterns = ["PASSWORD", "PASSWD", "SECRET", "TOKEN", "APIKEY", "ACCESSKEY", "PRIVATEKEY", "AUTHKEY",
                                  "CREDENTIAL", "ENCRYPTIONKEY", "SIGNINGKEY", "MASTERKEY", "CONNECTIONSTRING"]
    /// Key words that make a secret-sounding key a setting about the secret rather than the secret itself
    /// (`POSTGRES_PASSWORD_FILE`, `MYSQL_RANDOM_ROOT_PASSWORD`, `TOKEN_TTL`).
    static let settingWords: Set<String> = ["FILE", "PATH", "DIR", "ALLOW", "RANDOM", "EMPTY", "LENGTH", "EXPIRY", "EXPIRES",
                                            "TTL", "TIMEOUT", "ENABLED", "ENABLE", "DISABLE", "DISABLED", "REQUIRED", "POLICY",
                                            "ROTATION", "URL", "URI", "ENDPOINT", "HOST", "PORT", "ISSUER", "AUDIENCE", "HEADER",
                                            "NAME", "TYPE", "ALGORITHM", "METHOD", "MODE"]
    static let flagValues: Set<String> = ["true", "false", "yes", "no", "on", "off"]

    static let description = RuleDescription(
        id: "compose/secret-in-environment", title: "Secret written in the Compose file", severity: .high,
        rationale: "A password, token or key written as a literal in `environment` is in version control, in every copy of the repository and in `docker inspect` output; it cannot be rotated without a commit and is readable by anyone who can read the file.",
        remediation: "Use Compose `secrets` (mounted under /run/secrets, with the image's `*_FILE` variables), or interpolate from the environment (`${DB_PASSWORD}`) and keep the value in an untracked .env file or a secret store. Rotate the exposed secret.",
        references: [.cisDocker("4.10"), .owaspDocker("RULE #12 - Utilize Docker Secrets for Sensitive Data Management"),
                     .nist800190("4.1.4 Embedded clear text secrets"), .nist80053("IA-5(7)")],
        triggering: [
            """
            services:
              db:
                image: postgres:16
                environment:
                  POSTGRES_USER: app
                  POSTGRES_PASSWORD: ↓s3cr3t-Value
                  POSTGRES_PASSWORD_FILE: /run/secrets/db
              api:
                image: api:2.0
                environment:
                  - ↓API_KEY=0123456789abcdef
                  - ↓DATABASE_URL=postgres://app:hunter2@db:5432/app
                  - LOG_LEVEL=info
                  - ↓githubToken=ghp_example
            """,
        ],
        nonTriggering: [
            """
            services:
              db:
                image: postgres:16
                environment:
                  POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}
                  POSTGRES_PASSWORD_FILE: /run/secrets/db_password
                  MYSQL_RANDOM_ROOT_PASSWORD: "yes"
                  REDIS_PASSWORD:
                  ADMIN_TOKEN: ""
                secrets: [db_password]
              api:
                image: api:2.0
                environment:
                  - API_KEY
                  - SESSION_SECRET=${SESSION_SECRET:?set it}
                  - DATABASE_URL=postgres://app:${DB_PASSWORD}@db:5432/app
                  - TOKEN_TTL=3600
                  - DATABASE_PASSWORD=/run/secrets/db-password
            secrets:
              db_password: {file: ./db_password.txt}
            """,
        ],
        parameters: ["secretKeyPatterns": defaultPatterns.joined(separator: ", ")])

    func check(_ service: ComposeService, in project: ComposeProject, _ context: RuleContext) -> [Finding] {
        let patterns = context.parameters.list("secretKeyPatterns", default: Self.defaultPatterns).map(Self.squash)
        return service.environment.compactMap { entry in
            guard let value = entry.value, !value.isEmpty, !ComposeValue.isInterpolated(value),
                  !Self.isSecretFilePath(value) else { return nil }
            let reason: String
            if Self.namesSecret(entry.key, patterns: patterns), !Self.flagValues.contains(value.lowercased()) {
                reason = "has a literal value"
            } else if Self.hasURLPassword(value) {
                reason = "holds a URL with a literal password"
            } else {
                return nil
            }
            // Only the key is reported; the value must never reach a finding.
            return context.finding(at: entry.field, in: service,
                                   "environment variable \(entry.key) \(reason); expected a Compose secret or an interpolated ${VARIABLE}",
                                   evidence: "environment key \(entry.key)")
        }
    }

    static func squash(_ text: String) -> String {
        String(text.uppercased().filter { $0.isLetter || $0.isNumber })
    }

    /// Words of a key, split at separators and camel-case humps: `githubToken` -> GITHUB, TOKEN.
    static func words(_ key: String) -> [String] {
        var words: [String] = []
        var current = ""
        var previousLower = false
        for ch in key {
            if !(ch.isLetter || ch.isNumber) {
                if !current.isEmpty { words.append(current) }
                current = ""
                previousLower = false
                continue
            }
            if ch.isUppercase, previousLower, !current.isEmpty {
                words.append(current)
                current = ""
            }
            current.append(ch)
            previousLower = ch.isLowercase || ch.isNumber
        }
        if !current.isEmpty { words.append(current) }
        return words.map { $0.uppercased() }
    }

    static func namesSecret(_ key: String, patterns: [String]) -> Bool {
        let words = words(key)
        guard words.allSatisfy({ !settingWords.contains($0) }) else { return false }
        let squashed = squash(key)
        if patterns.contains(where: { !$0.isEmpty && squashed.contains($0) }) { return true }
        // Short forms that are only secrets as whole words (`DB_PASS`, `ROOT_PWD`), not inside other words.
        return words.contains { $0 == "PASS" || $0 == "PWD" } && words.count > 1
    }

    /// A path to a mounted secret (`/run/secrets/db-password`) is where the secret is, not the secret.
    static func isSecretFilePath(_ value: String) -> Bool {
        value.hasPrefix("/run/secrets/") || value.hasPrefix("/var/run/secrets/")
    }

    /// `scheme://user:password@host`: a literal password in a connection URL.
    static func hasURLPassword(_ value: String) -> Bool {
        guard let scheme = value.firstRange(of: "://") else { return false }
        let rest = value[scheme.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard let at = authority.lastIndex(of: "@") else { return false }
        let userinfo = authority[..<at]
        guard let colon = userinfo.firstIndex(of: ":") else { return false }
        return !userinfo[userinfo.index(after: colon)...].isEmpty
    }
}
