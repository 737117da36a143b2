/// The judged result of one run, as every writer receives it. Versioned: see docs/report-schema.md.
public struct Report: Codable, Sendable {
    public static let schemaVersion = "1.1"

    public var schemaVersion: String = Report.schemaVersion
    public var tool: ToolInfo
    /// Policy name (profile or file) the findings were judged under.
    public var policy: String
    /// ISO-8601 time the report was made.
    public var generatedAt: String
    /// Files and targets that were read.
    public var sources: [String]
    /// All findings, suppressed ones included (marked), sorted by severity then subject.
    public var findings: [Finding]
    /// Inputs read but not judged, with the reason.
    public var skipped: [SkippedInput]
    /// Metadata of every rule that has a finding here, for writers that embed a rule table (SARIF).
    public var rules: [RuleDescription]
    /// Severity at or above which the run fails.
    public var failOn: Severity
    /// Control-by-control summaries for the frameworks the user asked for (`--framework`); nil when none.
    public var compliance: [ComplianceSummary]?
    /// What was scanned, for an auditor to hand on: workloads, services, endpoints, ports, certificates.
    /// Nil when the run had nothing to list (or the report predates inventories).
    public var inventory: Inventory?
    /// Absolute directory that relative file paths in findings are relative to (the repository root when the
    /// scan ran inside one, else the working directory); nil for reports without files or from older versions.
    public var root: String?

    /// The designs that were judged, for the writers that draw them (Markdown, HTML). Not part of the JSON
    /// report (the evidence file holds them), so the report schema is unchanged.
    public var design: [DesignModel] = []

    private enum CodingKeys: String, CodingKey {
        case schemaVersion, tool, policy, generatedAt, sources, findings, skipped, rules, failOn, root, compliance, inventory
    }

    public init(tool: ToolInfo = .current, policy: String, generatedAt: String, sources: [String], findings: [Finding],
                skipped: [SkippedInput], rules: [RuleDescription], failOn: Severity) {
        self.tool = tool
        self.policy = policy
        self.generatedAt = generatedAt
        self.sources = sources
        self.findings = findings
        self.skipped = skipped
        self.rules = rules
        self.failOn = failOn
    }

    /// Findings that count: not suppressed.
    public var activeFindings: [Finding] { findings.filter { !$0.isSuppressed } }

    /// Findings at or above the gate that are not suppressed.
    public var gateFindings: [Finding] { activeFindings.filter { $0.severity >= failOn } }

    public var passed: Bool { gateFindings.isEmpty }

    /// Rules whose findings mean part of the input was not judged at all.
    public static let incompleteInputRules: Set<String> = [
        "input/unparsable", "input/unreadable", "input/not-text", "input/too-large", "input/invalid-shape", "input/target-unreachable",
        "input/design-reference",
    ]

    /// Active findings saying a file or target was not fully scanned; when any exists the run is an input
    /// error (exit 2) whatever the gate says, since the gate cannot vouch for what it did not see.
    public var notScanned: [Finding] { activeFindings.filter { Report.incompleteInputRules.contains($0.ruleID) } }

    /// Active findings per severity, every severity present (zero where none).
    public var countsBySeverity: [Severity: Int] {
        var counts = Dictionary(uniqueKeysWithValues: Severity.allCases.map { ($0, 0) })
        for f in activeFindings { counts[f.severity, default: 0] += 1 }
        return counts
    }
}

public struct ToolInfo: Codable, Sendable {
    public var name: String
    public var version: String

    public static let current = ToolInfo(name: "rampart", version: "0.1.0")
}
