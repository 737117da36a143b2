/// One framework judged control by control. A control passes only when a rule that covers it ran on facts
/// of the kind it reads and found nothing; no covering rule, or no such facts, is *not assessed* — silence
/// is never reported as compliance.
public struct ComplianceSummary: Codable, Sendable, Hashable {
    /// Framework id as `--framework` takes it, e.g. `pss-restricted`.
    public var framework: String
    public var name: String
    /// Version of the framework text the mapping follows, e.g. `v1.9` or `Kubernetes v1.31`.
    public var version: String
    public var url: String?
    public var controls: [ControlResult]

    public init(framework: String, name: String, version: String, url: String? = nil, controls: [ControlResult]) {
        self.framework = framework
        self.name = name
        self.version = version
        self.url = url
        self.controls = controls
    }

    public func count(_ status: ControlResult.Status) -> Int { controls.filter { $0.status == status }.count }
}

/// The verdict on one control, with what decided it.
public struct ControlResult: Codable, Sendable, Hashable {
    public enum Status: String, Codable, Sendable, CaseIterable {
        case failed
        case passed
        case notAssessed = "not-assessed"
    }

    public var id: String
    public var title: String
    public var status: Status
    /// Rules that assessed the control: enabled, covering it, and run on facts of the kind they read.
    public var rules: [String]
    /// Active findings behind a failure.
    public var findings: [ControlFinding]
    /// Findings of covering rules that a waiver, annotation or baseline suppressed (they do not fail it).
    public var suppressed: Int
    /// Why a control is not assessed, in words for the reader.
    public var reason: String?
    /// The framework's own note on the control (article cited, scope), from the framework file.
    public var note: String?

    public init(id: String, title: String, status: Status, rules: [String] = [], findings: [ControlFinding] = [],
                suppressed: Int = 0, reason: String? = nil, note: String? = nil) {
        self.id = id
        self.title = title
        self.status = status
        self.rules = rules
        self.findings = findings
        self.suppressed = suppressed
        self.reason = reason
        self.note = note
    }
}

/// A finding behind a failed control, by reference: the full finding is in the report's `findings`.
public struct ControlFinding: Codable, Sendable, Hashable {
    public var ruleID: String
    public var fingerprint: String
    public var severity: Severity
    /// `file:line:col` or `host:port/tcp`, as the writers show a subject.
    public var place: String

    public init(ruleID: String, fingerprint: String, severity: Severity, place: String) {
        self.ruleID = ruleID
        self.fingerprint = fingerprint
        self.severity = severity
        self.place = place
    }
}
