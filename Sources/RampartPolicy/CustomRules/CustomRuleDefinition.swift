import RampartCore

/// A rule written in YAML (`rampart: rules`) rather than Swift: metadata, which facts it looks at, and what
/// must hold of them. `CustomRuleLoader` builds it and checks every path against `CustomRuleSchema`; the
/// evaluation lives in RampartRules (`CustomRule`), beside the built-in rules.
public struct CustomRuleDefinition: Sendable {
    /// Metadata as for a built-in rule; `sourceFile` is the rule file.
    public var description: RuleDescription
    /// Finding message with `{{value}}`, `{{path}}`, `{{name}}`, `{{kind}}`, `{{namespace}}`, `{{id}}`.
    public var message: String
    public var match: CustomMatch
    /// What must hold of each matched fact; a finding for each offending node when it does not.
    public var assertion: CustomCondition
    /// Where the rule's entry starts in its file.
    public var location: SourceLocation

    public init(description: RuleDescription, message: String, match: CustomMatch, assertion: CustomCondition,
                location: SourceLocation) {
        self.description = description
        self.message = message
        self.match = match
        self.assertion = assertion
        self.location = location
    }
}

/// The facts a custom rule judges, one at a time; paths are written from the fact's own root.
public enum CustomFactKind: String, Sendable, CaseIterable {
    /// A Kubernetes object of the listed kinds; paths from the object (`spec.replicas`).
    case kubernetes
    /// A workload of any kind (or the listed ones) seen through its pod template; paths from the template
    /// (`spec.hostNetwork`, `metadata.labels.app`), whatever the kind nests it under.
    case workload
    /// Each container (init and ephemeral too) of each workload; paths from the container (`securityContext.privileged`).
    case container
    /// Each Compose service; paths from the service (`privileged`, `volumes[*]`).
    case composeService = "compose-service"
}

/// Which facts a rule looks at.
public struct CustomMatch: Sendable {
    public var fact: CustomFactKind
    /// Kubernetes kinds (for `kubernetes`, `workload`, `container`); empty: every kind the fact covers.
    public var kinds: [String] = []
    /// Namespace globs (Kubernetes; an object without one is in `default`); empty: any.
    public var namespaces: [String] = []
    /// Name globs (object or Compose service name); empty: any.
    public var names: [String] = []
    /// Labels that must all be present with these values (object labels; Compose service labels).
    public var labels: [String: String] = [:]

    public init(fact: CustomFactKind) { self.fact = fact }
}

/// A condition over one fact: a test of a path, or all / any / not of conditions.
public indirect enum CustomCondition: Sendable {
    case all([CustomCondition])
    case any([CustomCondition])
    case not(CustomCondition)
    case test(CustomTest)
}

/// `path` `operator` `value`, as written at `location`.
public struct CustomTest: Sendable {
    public var path: CustomPath
    public var op: CustomOperator
    public var location: SourceLocation

    public init(path: CustomPath, op: CustomOperator, location: SourceLocation) {
        self.path = path
        self.op = op
        self.location = location
    }
}

public enum CustomOperator: Sendable {
    case exists
    case absent
    /// Compared as the value's YAML type reads: booleans as booleans, integers as numbers, else as text.
    case equals(YAMLNode)
    case oneOf([YAMLNode])
    /// A bounded regular expression, searched for in the field's text (anchor with `^…$` for the whole).
    case matches(String)
    case gte(Double)
    case lte(Double)
    /// A sequence with an item equal to the value, a mapping with the value as key, or text containing it.
    case contains(YAMLNode)

    public var name: String {
        switch self {
        case .exists: "exists"
        case .absent: "absent"
        case .equals: "equals"
        case .oneOf: "in"
        case .matches: "matches"
        case .gte: "gte"
        case .lte: "lte"
        case .contains: "contains"
        }
    }
}

/// A dotted path with explicit list steps: `spec.containers[*].image` (some element), `ports[all].hostPort`
/// (every element), `args[0]`, and `metadata.annotations["example.com/key"]` for keys with dots.
public struct CustomPath: Sendable, Hashable, CustomStringConvertible {
    public enum Step: Sendable, Hashable {
        case key(String)
        case anyElement
        case everyElement
        case index(Int)
    }

    public var text: String
    public var steps: [Step]

    public var description: String { text }

    /// Parses `text`, or says what is wrong with it.
    public static func parse(_ text: String) -> Result<CustomPath, CustomPathError> {
        var steps: [Step] = []
        let chars = Array(text)
        guard !chars.isEmpty else { return .failure(CustomPathError("empty path")) }
        guard chars.count <= 512 else { return .failure(CustomPathError("path longer than 512 characters")) }
        var i = 0
        var expectKey = true
        while i < chars.count {
            let c = chars[i]
            if c == "." {
                guard !expectKey else { return .failure(CustomPathError("empty key at character \(i + 1)")) }
                expectKey = true
                i += 1
            } else if c == "[" {
                guard let close = chars[i...].firstIndex(of: "]") else {
                    return .failure(CustomPathError("'[' at character \(i + 1) is not closed"))
                }
                let inner = String(chars[(i + 1)..<close])
                if inner == "*" {
                    steps.append(.anyElement)
                } else if inner == "all" {
                    steps.append(.everyElement)
                } else if let n = Int(inner), n >= 0, n < 1_000_000 {
                    steps.append(.index(n))
                } else if inner.count >= 2, let q = inner.first, q == "\"" || q == "'", inner.last == q {
                    steps.append(.key(String(inner.dropFirst().dropLast())))
                } else {
                    return .failure(CustomPathError("'[\(inner)]' is not [*] (any element), [all] (every element), [N] or [\"key\"]"))
                }
                expectKey = false
                i = close + 1
            } else {
                var end = i
                while end < chars.count, chars[end] != ".", chars[end] != "[" { end += 1 }
                guard expectKey else { return .failure(CustomPathError("expected '.' or '[' at character \(i + 1)")) }
                steps.append(.key(String(chars[i..<end])))
                expectKey = false
                i = end
            }
        }
        guard !expectKey else { return .failure(CustomPathError("path ends with '.'")) }
        return .success(CustomPath(text: text, steps: steps))
    }
}

public struct CustomPathError: Error, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
}
