import RampartCore

/// A policy: which rules run, at what severity, with which parameters, and what is waived until when.
public struct Policy: Sendable {
    public var name: String
    public var description: String = ""
    /// Rule ids or globs (`k8s/*`) turned off.
    public var disabled: [String] = []
    /// Opt-in rules (or globs) turned on.
    public var enabled: [String] = []
    public var severities: [String: Severity] = [:]
    public var parameters = Parameters()
    public var waivers: [Waiver] = []
    public var failOn: Severity?
    public var inlineSuppressions = true
    /// Profile or file this policy builds on.
    public var extends: String?
    /// Every rule id, glob and parameter name the files named, with where, so that names matching nothing can
    /// be reported against the live rule registry (which this module cannot see: rules import policies).
    public var names: [NameReference] = []

    public init(name: String) { self.name = name }

    /// Whether a rule runs: enabled explicitly, or not opt-in and not disabled. An explicit id beats a glob.
    public func isEnabled(_ rule: RuleDescription) -> Bool {
        if disabled.contains(rule.id) { return false }
        if enabled.contains(rule.id) { return true }
        if disabled.contains(where: { Glob.matches($0, rule.id) }) { return false }
        if enabled.contains(where: { Glob.matches($0, rule.id) }) { return true }
        return !rule.optIn
    }

    public func severity(for rule: RuleDescription) -> Severity {
        severities[rule.id] ?? rule.severity
    }

    /// Layers `child` over this policy: lists add up, maps override, scalars override when set.
    public func overlaid(with child: Policy) -> Policy {
        var result = self
        result.name = child.name
        result.description = child.description.isEmpty ? description : child.description
        result.disabled = disabled.filter { !child.enabled.contains($0) } + child.disabled
        result.enabled = enabled.filter { !child.disabled.contains($0) } + child.enabled
        result.severities.merge(child.severities) { _, new in new }
        result.parameters.merge(child.parameters)
        result.waivers += child.waivers
        result.failOn = child.failOn ?? failOn
        result.inlineSuppressions = child.inlineSuppressions
        result.names += child.names
        return result
    }
}

/// A rule id, glob or parameter name as a policy file wrote it.
public struct NameReference: Sendable, Hashable {
    public enum Kind: String, Sendable {
        case enable = "rules.enable", disable = "rules.disable", severity = "rules.severity", waiver = "waivers[].rule"
        case parameter = "parameters"
    }

    public var kind: Kind
    public var name: String
    public var location: SourceLocation

    public init(kind: Kind, name: String, location: SourceLocation) {
        self.kind = kind
        self.name = name
        self.location = location
    }
}

/// A time-limited exception: a rule waived for subjects matching a glob, with a reason, an owner and an
/// expiry date after which it stops waiving (and says so).
public struct Waiver: Codable, Sendable, Hashable {
    /// Rule id or glob.
    public var rule: String
    /// Glob over the subject: resource (`Deployment/prod/*`), file path, or `host:port`.
    public var subject: String
    public var reason: String
    public var owner: String
    /// `yyyy-mm-dd`, inclusive.
    public var expires: String
    /// Where the waiver was declared, for messages about it.
    public var declaredAt: SourceLocation?

    public init(rule: String, subject: String, reason: String, owner: String, expires: String, declaredAt: SourceLocation? = nil) {
        self.rule = rule
        self.subject = subject
        self.reason = reason
        self.owner = owner
        self.expires = expires
        self.declaredAt = declaredAt
    }

    public func matches(_ finding: Finding) -> Bool {
        guard Glob.matches(rule, finding.ruleID) else { return false }
        let s = finding.subject
        let candidates = [s.resource, s.location?.file, s.endpoint.map { "\($0.host):\($0.port.map(String.init) ?? "")" },
                          s.endpoint?.ip.map { "\($0):\(s.endpoint?.port.map(String.init) ?? "")" }, s.fieldPath.map { "\(s.resource ?? ""):\($0)" }]
        return candidates.compactMap { $0 }.contains { Glob.matches(subject, $0) }
    }

    /// True when `today` (yyyy-mm-dd) is after the expiry date. ISO dates compare as strings.
    public func isExpired(today: String) -> Bool { today > expires }
}

/// Shell-style globs: `*` matches any run of characters (slashes included), `?` one character.
public enum Glob {
    public static func matches(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern.utf8), t = Array(text.utf8)
        var pi = 0, ti = 0, star = -1, mark = 0
        // Linear backtracking over the last star: bounded by |p| * |t|.
        while ti < t.count {
            if pi < p.count, p[pi] == UInt8(ascii: "?") || p[pi] == t[ti] {
                pi += 1; ti += 1
            } else if pi < p.count, p[pi] == UInt8(ascii: "*") {
                star = pi; mark = ti; pi += 1
            } else if star >= 0 {
                pi = star + 1; mark += 1; ti = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == UInt8(ascii: "*") { pi += 1 }
        return pi == p.count
    }
}
