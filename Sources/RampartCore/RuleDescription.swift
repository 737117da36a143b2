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

    public init(id: String, title: String, severity: Severity, rationale: String, remediation: String,
                references: [Reference], triggering: [String], nonTriggering: [String],
                parameters: [String: String] = [:], optIn: Bool = false) {
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
    }

    /// `k8s` for `k8s/privileged-container`.
    public var domain: String { String(id.split(separator: "/").first ?? "") }
}
