/// A rule's metadata and its proof. The catalog (`rampart rules`, `rampart explain`, docs/rules.md, SARIF
/// rule entries) and the generic example test all read this one value.
public struct RuleDescription: Codable, Sendable, Hashable {
    /// Stable id, `domain/name`; never renamed once released.
    public var id: String
    public var title: String
    public var severity: Severity
    /// Why it matters.
    public var rationale: String
    /// What to do about it.
    public var remediation: String
    public var references: [Reference]
    /// Inputs that must trigger the rule. For manifest rules a YAML text in which `↓` marks where each finding
    /// must point; for live rules a JSON text of the facts the rule reads.
    public var triggering: [String]
    /// Inputs that must not trigger it.
    public var nonTriggering: [String]
    /// Policy parameters the rule reads, with their defaults, for the docs.
    public var parameters: [String: String]
    /// Off unless a policy turns it on (noisy or opinionated rules).
    public var optIn: Bool
    /// The source file that declares the rule, from the package root (`Sources/RampartRules/k8s/HostPort.swift`),
    /// so that `rampart explain` can lead from an id to its code. Taken from where the description is written;
    /// not part of reports (not encoded) nor of the description's identity.
    public var sourceFile: String = ""

    private enum CodingKeys: String, CodingKey {
        case id, title, severity, rationale, remediation, references, triggering, nonTriggering, parameters, optIn
    }

    public init(id: String, title: String, severity: Severity, rationale: String, remediation: String,
                references: [Reference], triggering: [String], nonTriggering: [String],
                parameters: [String: String] = [:], optIn: Bool = false, declaredIn file: String = #filePath) {
        self.id = id
        self.title = title
        self.severity = severity
        self.rationale = rationale
        self.remediation = remediation
        self.references = references
        self.triggering = triggering
        self.nonTriggering = nonTriggering
        self.parameters = parameters
        self.optIn = optIn
        // Absolute at build time; keep the part a reader finds in the repository.
        let parts = file.split(separator: "/", omittingEmptySubsequences: false)
        if let sources = parts.lastIndex(of: "Sources") {
            self.sourceFile = parts[sources...].joined(separator: "/")
        } else {
            self.sourceFile = file
        }
    }

    // Identity is the metadata; where it was declared is not (a decoded description has no source file).
    public static func == (a: RuleDescription, b: RuleDescription) -> Bool {
        a.id == b.id && a.title == b.title && a.severity == b.severity && a.rationale == b.rationale
            && a.remediation == b.remediation && a.references == b.references && a.triggering == b.triggering
            && a.nonTriggering == b.nonTriggering && a.parameters == b.parameters && a.optIn == b.optIn
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(title)
        hasher.combine(rationale)
    }

    /// `k8s` for `k8s/privileged-container`.
    public var domain: String { String(id.split(separator: "/").first ?? "") }
}
