import RampartCore
import RampartYAML

/// Why custom rules could not be loaded: every problem found, each as `file:line:column: message`.
/// A run stops with exit 2 rather than judging without a rule the user wrote.
public struct CustomRuleError: Error, Sendable, CustomStringConvertible {
    public var problems: [String]
    public init(_ problems: [String]) { self.problems = problems }
    public var description: String { problems.joined(separator: "\n") }
}

/// Loads rule files (`rampart: rules`) from a directory or a file, checking every field, every path against
/// the schema of the matched facts, and every id against the built-in domains.
public enum CustomRuleLoader {
    /// Domains of built-in rules and of those planned; a custom id must use its own prefix (`city/…`).
    public static let reservedDomains: Set<String> = [
        "k8s", "compose", "tls", "cert", "http", "port", "input", "policy", "design", "drift", "custom", "rampart",
    ]

    static let maxRules = 1000

    /// Every rule file (`.yaml`, `.yml`) under `path` (a directory, searched recursively, or one file).
    /// `reserved`: domains a custom id may not use (the built-in rules' domains).
    public static func load(_ path: String, reserved: Set<String> = reservedDomains) throws -> [CustomRuleDefinition] {
        let walk = DirectoryWalker.walk(path, suffixes: [".yaml", ".yml"])
        var problems = walk.problems.map { "\($0.source): \($0.message)" }
        var rules: [CustomRuleDefinition] = []
        if walk.files.isEmpty && walk.problems.isEmpty {
            problems.append("\(path): no rule files (.yaml, .yml) found")
        }
        for file in walk.files {
            switch FileReader.read(file, maxBytes: 4 << 20) {
            case .failure(let problem): problems.append("\(file): \(problem.message)")
            case .success(let bytes):
                let (loaded, errors) = parse(bytes, file: file, reserved: reserved)
                rules += loaded
                problems += errors
            }
        }
        problems += duplicates(rules)
        guard problems.isEmpty else { throw CustomRuleError(problems) }
        return rules
    }

    /// Ids defined twice (across files too), pointing at the second definition.
    public static func duplicates(_ rules: [CustomRuleDefinition]) -> [String] {
        var first: [String: SourceLocation] = [:]
        var out: [String] = []
        for rule in rules {
            if let earlier = first[rule.description.id] {
                out.append("\(rule.location): rule id '\(rule.description.id)' is already defined at \(earlier)")
            } else {
                first[rule.description.id] = rule.location
            }
        }
        return out
    }

    /// The rules of one file, and what is wrong with the others (a rule with a problem is left out).
    public static func parse(_ bytes: [UInt8], file: String, reserved: Set<String> = reservedDomains) -> ([CustomRuleDefinition], [String]) {
        let stream = YAMLLoader.parse(bytes, file: file)
        if !stream.problems.isEmpty {
            return ([], stream.problems.map { "\(file):\($0.line ?? 1):\($0.column ?? 1): \($0.message)" })
        }
        guard stream.documents.count == 1, let root = stream.documents.first?.root, root.isMapping else {
            return ([], ["\(file):1:1: a rule file is one YAML mapping starting with `rampart: rules`"])
        }
        guard let header = root["rampart"], header.string == "rules" else {
            let at = root["rampart"] ?? root
            return ([], ["\(file):\(at.line):\(at.column): not a rule file: it must start with `rampart: rules`"])
        }
        var problems: [String] = []
        for pair in root.pairs ?? [] where !["rampart", "rules"].contains(pair.key.string ?? "") {
            problems.append("\(file):\(pair.key.line):\(pair.key.column): unknown key '\(TerminalText.escape(pair.key.string ?? "?"))' (expected rampart, rules)")
        }
        guard let list = root["rules"], let items = list.sequence else {
            let at = root["rules"] ?? root
            return ([], problems + ["\(file):\(at.line):\(at.column): `rules` must be a list of rules"])
        }
        guard items.count <= maxRules else {
            return ([], ["\(file):\(list.line):\(list.column): more than \(maxRules) rules in one file"])
        }
        var rules: [CustomRuleDefinition] = []
        for item in items {
            var parser = RuleParser(file: file, reserved: reserved)
            if let rule = parser.rule(item) { rules.append(rule) }
            problems += parser.problems
        }
        return (rules, problems)
    }
}

/// Reads one rule entry, collecting every problem with its position.
struct RuleParser {
    let file: String
    let reserved: Set<String>
    var problems: [String] = []

    init(file: String, reserved: Set<String>) {
        self.file = file
        self.reserved = reserved
    }

    mutating func fail(_ node: YAMLNode, _ message: String) {
        problems.append("\(file):\(node.line):\(node.column): \(message)")
    }

    func location(_ node: YAMLNode) -> SourceLocation { SourceLocation(file: file, line: node.line, column: node.column) }

    static let ruleKeys: Set<String> = ["id", "title", "severity", "rationale", "message", "remediation", "references",
                                        "match", "assert", "examples", "optIn"]

    mutating func text(_ node: YAMLNode, _ key: String, required: Bool = true) -> String? {
        guard let value = node[key] else {
            if required { fail(node, "rule needs '\(key)'") }
            return nil
        }
        guard let s = value.string, !s.trimmingWhitespace.isEmpty else {
            fail(value, "'\(key)' must be non-empty text")
            return nil
        }
        return s
    }

    mutating func rule(_ node: YAMLNode) -> CustomRuleDefinition? {
        guard let pairs = node.pairs else {
            fail(node, "each rule must be a mapping with id, title, severity, message, remediation, match and assert")
            return nil
        }
        let before = problems.count
        for pair in pairs where !Self.ruleKeys.contains(pair.key.string ?? "") {
            fail(pair.key, "unknown rule key '\(TerminalText.escape(pair.key.string ?? "?"))' (expected one of \(Self.ruleKeys.sorted().joined(separator: ", ")))")
        }
        let id = text(node, "id")
        if let id, let idNode = node["id"] { checkID(id, at: idNode) }
        let title = text(node, "title")
        let message = text(node, "message")
        if let message, let at = node["message"] { checkPlaceholders(message, at: at) }
        let remediation = text(node, "remediation")
        let rationale = node["rationale"] == nil ? nil : text(node, "rationale")
        var severity: Severity?
        if let s = node["severity"] {
            severity = s.string.flatMap(Severity.init(rawValue:))
            if severity == nil { fail(s, "severity must be one of info, low, medium, high, critical") }
        } else {
            fail(node, "rule needs 'severity'")
        }
        var optIn = false
        if let o = node["optIn"] {
            if let b = o.bool { optIn = b } else { fail(o, "optIn must be true or false") }
        }
        let references = self.references(node["references"])
        let match = node["match"].flatMap { self.match($0) }
        if node["match"] == nil { fail(node, "rule needs 'match' (the facts it judges)") }
        var assertion: CustomCondition?
        if let a = node["assert"] {
            if let match { assertion = condition(a, match: match, depth: 0) }
        } else {
            fail(node, "rule needs 'assert' (what must hold)")
        }
        var triggering: [String] = [], nonTriggering: [String] = []
        if let examples = node["examples"] {
            if examples.isMapping {
                for pair in examples.pairs ?? [] where !["triggering", "nonTriggering"].contains(pair.key.string ?? "") {
                    fail(pair.key, "examples has triggering and nonTriggering, not '\(TerminalText.escape(pair.key.string ?? "?"))'")
                }
                triggering = exampleTexts(examples["triggering"], "triggering")
                nonTriggering = exampleTexts(examples["nonTriggering"], "nonTriggering")
            } else {
                fail(examples, "examples must be a mapping with triggering and nonTriggering lists")
            }
        }
        guard problems.count == before, let id, let title, let message, let remediation, let severity, let match,
              let assertion else { return nil }
        var description = RuleDescription(id: id, title: title, severity: severity, rationale: rationale ?? "",
                                          remediation: remediation, references: references, triggering: triggering,
                                          nonTriggering: nonTriggering, optIn: optIn)
        description.sourceFile = file
        return CustomRuleDefinition(description: description, message: message, match: match, assertion: assertion,
                                    location: location(node))
    }

    static let placeholders: Set<String> = ["value", "path", "name", "kind", "namespace", "id"]

    mutating func checkPlaceholders(_ message: String, at node: YAMLNode) {
        var rest = message[...]
        while let open = rest.firstRange(of: "{{") {
            guard let close = rest[open.upperBound...].firstRange(of: "}}") else {
                fail(node, "message has '{{' without '}}'")
                return
            }
            let name = String(rest[open.upperBound..<close.lowerBound]).trimmingWhitespace
            if !Self.placeholders.contains(name) {
                fail(node, "message placeholder '{{\(TerminalText.escape(name))}}' is not one of \(Self.placeholders.sorted().map { "{{\($0)}}" }.joined(separator: ", "))")
            }
            rest = rest[close.upperBound...]
        }
    }

    mutating func checkID(_ id: String, at node: YAMLNode) {
        let parts = id.split(separator: "/", omittingEmptySubsequences: false)
        let wellFormed = parts.count == 2 && parts.allSatisfy { !$0.isEmpty }
            && id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "/" }
        guard wellFormed else {
            fail(node, "rule id '\(TerminalText.escape(id))' must be 'prefix/name' in lower-case letters, digits and '-' (e.g. city/no-latest-tag)")
            return
        }
        let domain = String(parts[0])
        if reserved.contains(domain) {
            fail(node, "rule id '\(id)' uses the built-in domain '\(domain)/'; give custom rules their own prefix (e.g. city/\(parts[1]))")
        }
    }

    mutating func references(_ node: YAMLNode?) -> [Reference] {
        guard let node else { return [] }
        guard let items = node.sequence else {
            fail(node, "references must be a list of texts or of mappings with standard, section and url")
            return []
        }
        var out: [Reference] = []
        for item in items {
            if let s = item.string {
                out.append(s.hasPrefix("https://") || s.hasPrefix("http://") ? Reference(s, url: s) : Reference(s))
            } else if item.isMapping, let standard = item["standard"]?.string {
                for pair in item.pairs ?? [] where !["standard", "section", "url"].contains(pair.key.string ?? "") {
                    fail(pair.key, "a reference has standard, section and url")
                }
                out.append(Reference(standard, section: item["section"]?.string, url: item["url"]?.string))
            } else {
                fail(item, "a reference is a text or a mapping with standard (and optional section, url)")
            }
        }
        return out
    }

    mutating func exampleTexts(_ node: YAMLNode?, _ key: String) -> [String] {
        guard let node else { return [] }
        guard let items = node.sequence, items.allSatisfy({ $0.string != nil }) else {
            fail(node, "examples.\(key) must be a list of YAML texts (use block scalars: `- |`)")
            return []
        }
        return items.compactMap(\.string)
    }

    static let matchKeys: Set<String> = ["fact", "kinds", "namespaces", "names", "labels"]

    mutating func match(_ node: YAMLNode) -> CustomMatch? {
        guard node.isMapping else {
            fail(node, "match must be a mapping with fact and optional kinds, namespaces, names, labels")
            return nil
        }
        for pair in node.pairs ?? [] where !Self.matchKeys.contains(pair.key.string ?? "") {
            fail(pair.key, "unknown match key '\(TerminalText.escape(pair.key.string ?? "?"))' (expected one of \(Self.matchKeys.sorted().joined(separator: ", ")))")
        }
        let kinds = CustomFactKind.allCases.map(\.rawValue).joined(separator: ", ")
        guard let factNode = node["fact"] else {
            fail(node, "match needs 'fact' (one of \(kinds))")
            return nil
        }
        guard let fact = factNode.string.flatMap(CustomFactKind.init(rawValue:)) else {
            fail(factNode, "match.fact '\(TerminalText.escape(factNode.string ?? "?"))' is not one of \(kinds)")
            return nil
        }
        var match = CustomMatch(fact: fact)
        match.kinds = stringList(node["kinds"], "match.kinds")
        match.namespaces = stringList(node["namespaces"], "match.namespaces")
        match.names = stringList(node["names"], "match.names")
        if let labels = node["labels"] {
            if let pairs = labels.pairs {
                for pair in pairs {
                    guard let k = pair.key.string, let v = pair.value.string else { fail(pair.value, "match.labels values must be text"); continue }
                    match.labels[k] = v
                }
            } else {
                fail(labels, "match.labels must be a mapping of label to value")
            }
        }
        if fact == .composeService, !match.kinds.isEmpty || !match.namespaces.isEmpty, let at = node["kinds"] ?? node["namespaces"] {
            fail(at, "match.kinds and match.namespaces are for Kubernetes facts, not compose-service")
        }
        if fact == .kubernetes, match.kinds.isEmpty {
            fail(node, "match.fact kubernetes needs kinds (e.g. [ConfigMap]); use fact workload or container for pod specs")
        }
        if fact == .workload || fact == .container, let at = node["kinds"] {
            let workloadKinds: Set<String> = ["Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet",
                                              "ReplicationController", "Job", "CronJob", "PodTemplate"]
            for kind in match.kinds where !workloadKinds.contains(kind) {
                fail(at, "'\(TerminalText.escape(kind))' is not a workload kind (\(workloadKinds.sorted().joined(separator: ", ")))")
            }
        }
        return match
    }

    mutating func stringList(_ node: YAMLNode?, _ key: String) -> [String] {
        guard let node else { return [] }
        if let s = node.string { return [s] }
        guard let items = node.sequence, items.allSatisfy({ $0.string != nil }) else {
            fail(node, "\(key) must be a list of texts")
            return []
        }
        return items.compactMap(\.string)
    }

    static let operators = ["exists", "absent", "equals", "in", "matches", "gte", "lte", "contains"]

    mutating func condition(_ node: YAMLNode, match: CustomMatch, depth: Int) -> CustomCondition? {
        guard depth < RampartPolicyLimits.conditionDepth else {
            fail(node, "conditions nested deeper than \(RampartPolicyLimits.conditionDepth)")
            return nil
        }
        if let items = node.sequence {
            // A bare list reads as all of its conditions.
            return combine(items, match: match, depth: depth).map(CustomCondition.all)
        }
        guard let pairs = node.pairs, !pairs.isEmpty else {
            fail(node, "a condition is a mapping: {all: [...]}, {any: [...]}, {not: ...} or {path: ..., <operator>: ...}")
            return nil
        }
        let keys = pairs.compactMap(\.key.string)
        for combinator in ["all", "any", "not"] where keys.contains(combinator) {
            guard keys.count == 1, let inner = node[combinator] else {
                fail(node, "'\(combinator)' stands alone in its mapping")
                return nil
            }
            if combinator == "not" { return condition(inner, match: match, depth: depth + 1).map(CustomCondition.not) }
            guard let items = inner.sequence, !items.isEmpty else {
                fail(inner, "'\(combinator)' takes a non-empty list of conditions")
                return nil
            }
            return combine(items, match: match, depth: depth).map(combinator == "all" ? CustomCondition.all : CustomCondition.any)
        }
        guard let pathNode = node["path"] else {
            fail(node, "a test needs 'path' and one operator (\(Self.operators.joined(separator: ", "))), or use all / any / not")
            return nil
        }
        for key in keys where key != "path" && !Self.operators.contains(key) {
            if let k = node.keyNode(key) { fail(k, "unknown operator '\(TerminalText.escape(key))' (expected one of \(Self.operators.joined(separator: ", ")))") }
        }
        let ops = keys.filter { Self.operators.contains($0) }
        guard ops.count == 1, let opName = ops.first, let value = node[opName] else {
            fail(node, "a test takes exactly one operator (\(Self.operators.joined(separator: ", "))); found \(ops.isEmpty ? "none" : ops.joined(separator: ", "))")
            return nil
        }
        guard let pathText = pathNode.string else {
            fail(pathNode, "path must be text such as spec.containers[*].image")
            return nil
        }
        let path: CustomPath
        switch CustomPath.parse(pathText) {
        case .failure(let error):
            fail(pathNode, "path '\(TerminalText.escape(pathText))': \(error.message)")
            return nil
        case .success(let p): path = p
        }
        if let why = CustomRuleSchema.problem(with: path, for: match) {
            let on = match.fact == .kubernetes ? match.kinds.joined(separator: ", ") : match.fact.rawValue
            fail(pathNode, "path '\(TerminalText.escape(pathText))' can never exist on \(on): \(TerminalText.escape(why))")
            return nil
        }
        guard let op = self.op(opName, value) else { return nil }
        return .test(CustomTest(path: path, op: op, location: location(pathNode)))
    }

    mutating func combine(_ items: [YAMLNode], match: CustomMatch, depth: Int) -> [CustomCondition]? {
        var out: [CustomCondition] = []
        var ok = true
        for item in items {
            if let c = condition(item, match: match, depth: depth + 1) { out.append(c) } else { ok = false }
        }
        return ok ? out : nil
    }

    mutating func op(_ name: String, _ value: YAMLNode) -> CustomOperator? {
        switch name {
        case "exists", "absent":
            guard value.bool == true else {
                fail(value, "'\(name)' takes true (write `not:` for the opposite)")
                return nil
            }
            return name == "exists" ? .exists : .absent
        case "equals", "contains":
            guard value.scalar != nil, !value.isNull else {
                fail(value, "'\(name)' takes a scalar value")
                return nil
            }
            return name == "equals" ? .equals(value) : .contains(value)
        case "in":
            guard let items = value.sequence, !items.isEmpty, items.allSatisfy({ $0.scalar != nil && !$0.isNull }) else {
                fail(value, "'in' takes a non-empty list of scalar values")
                return nil
            }
            return .oneOf(items)
        case "matches":
            guard let pattern = value.string else {
                fail(value, "'matches' takes a regular expression as text")
                return nil
            }
            if let why = BoundedPattern.problem(pattern) {
                fail(value, "pattern '\(TerminalText.escape(pattern))': \(why)")
                return nil
            }
            return .matches(pattern)
        case "gte", "lte":
            guard let text = value.string, let number = Double(text), number.isFinite else {
                fail(value, "'\(name)' takes a number")
                return nil
            }
            return name == "gte" ? .gte(number) : .lte(number)
        default:
            return nil
        }
    }
}

enum RampartPolicyLimits {
    static let conditionDepth = 32
}

/// Keeps regular expressions cheap: short, compilable, and without a repeated group that itself repeats
/// (`(a+)+`), the shape whose backtracking is exponential. Values are searched in their first 4096
/// characters only (`BoundedPattern.maxInput`).
public enum BoundedPattern {
    public static let maxLength = 256
    public static let maxInput = 4096

    public static func problem(_ pattern: String) -> String? {
        guard !pattern.isEmpty else { return "empty pattern" }
        guard pattern.count <= maxLength else { return "longer than \(maxLength) characters" }
        do { _ = try Regex(pattern) } catch { return "not a valid regular expression" }
        // Groups that contain a repetition, and whether each is then repeated.
        var stack: [Bool] = []
        var innerRepeat = false
        var chars = Array(pattern)[...]
        var inClass = false
        while let c = chars.first {
            chars = chars.dropFirst()
            if c == "\\" { chars = chars.dropFirst(); continue }
            if inClass { if c == "]" { inClass = false }; continue }
            switch c {
            case "[": inClass = true
            case "(":
                stack.append(innerRepeat)
                innerRepeat = false
            case ")":
                let repeated = chars.first.map { $0 == "*" || $0 == "+" || $0 == "{" } ?? false
                if repeated && innerRepeat { return "a repeated group that itself repeats (like (a+)+) can take exponential time" }
                innerRepeat = (stack.popLast() ?? false) || innerRepeat || repeated
            case "*", "+", "{":
                innerRepeat = true
            default: break
            }
        }
        return nil
    }
}
