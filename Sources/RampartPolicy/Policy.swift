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
    /// Directories (or files) of custom rules (`customRules:`), resolved against the policy file's directory.
    public var customRules: [String] = []

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
        result.customRules += child.customRules
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

