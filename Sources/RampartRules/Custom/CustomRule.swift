import RampartCore
import RampartManifests
import RampartPolicy

/// A custom rule (`rampart: rules`, loaded by `CustomRuleLoader`) ready to judge facts: iterates the facts
/// its `match` names, tests its `assert`, and reports each offending node — the field where it exists,
/// else its nearest existing parent. Pure like every rule: it judges one object at a time.
public struct CustomRule: Sendable {
    public let definition: CustomRuleDefinition

    public init(_ definition: CustomRuleDefinition) { self.definition = definition }

    public var description: RuleDescription { definition.description }

    /// Fact kinds it reads, for compliance summaries.
    public var reads: Set<String> {
        let match = definition.match
        switch match.fact {
        case .composeService: return ["compose"]
        case .kubernetes: return Set(match.kinds.map { FactKinds.kubernetes($0) })
        case .workload, .container:
            return match.kinds.isEmpty ? FactKinds.workloadKinds : Set(match.kinds.map { FactKinds.kubernetes($0) })
        }
    }

    /// What the rule's findings are about: every fact a custom rule can match is a manifest.
    var stage: Stage { .manifests }

    /// Kubernetes kinds whose documents the loader must keep for this rule.
    public var kubernetesKinds: Set<String> {
        let match = definition.match
        switch match.fact {
        case .composeService: return []
        case .kubernetes: return Set(match.kinds)
        case .workload, .container: return match.kinds.isEmpty ? Workload.kinds : Set(match.kinds)
        }
    }

    /// One fact the rule judges: where its paths start, what it is, and how findings name it.
    struct Subject {
        var root: FieldRef
        var resource: any Locatable
        var name: String
        var kind: String
        var namespace: String
    }

    public func check(_ facts: Facts, _ context: RuleContext) -> [Finding] {
        var evaluation = Evaluation()
        return facts.unique(subjects(facts).flatMap { subject in
            let outcome = evaluation.evaluate(definition.assertion, at: subject.root)
            guard !outcome.holds else { return [Finding]() }
            var seen = Set<String>()
            let offending = outcome.witnesses.isEmpty ? [subject.root] : outcome.witnesses
            return offending.filter { seen.insert($0.path).inserted }.map { field in
                var finding = context.finding(at: field, in: subject.resource, message(for: field, in: subject))
                // The stage comes from the id's domain for built-in rules; a custom prefix names none.
                finding.stage = stage
                return finding
            }
        })
    }

    func subjects(_ facts: Facts) -> [Subject] {
        let match = definition.match
        let kinds = Set(match.kinds)
        func selected(_ object: KubernetesObject) -> Bool {
            (kinds.isEmpty || kinds.contains(object.kind))
                && (match.namespaces.isEmpty || match.namespaces.contains { Glob.matches($0, object.namespace ?? "default") })
                && (match.names.isEmpty || match.names.contains { Glob.matches($0, object.name) })
                && labelsMatch(object.labels)
        }
        switch match.fact {
        case .kubernetes:
            return facts.manifests.objects.filter(selected).map {
                Subject(root: $0.root, resource: $0, name: $0.name, kind: $0.kind, namespace: $0.namespace ?? "default")
            }
        case .workload:
            return facts.manifests.workloads.filter { selected($0.object) }.map { workload in
                let object = workload.object
                let path = Workload.podTemplatePaths[object.kind] ?? ""
                let template = path.isEmpty ? object.root : object.field(path)
                return Subject(root: template, resource: object, name: object.name, kind: object.kind, namespace: workload.namespace)
            }
        case .container:
            return facts.manifests.workloads.filter { selected($0.object) }.flatMap { workload in
                workload.containers.map { container in
                    Subject(root: container.field, resource: workload.object, name: "\(workload.object.name)/\(container.name)",
                            kind: workload.object.kind, namespace: workload.namespace)
                }
            }
        case .composeService:
            return facts.manifests.composeServices.map(\.service).filter { service in
                (match.names.isEmpty || match.names.contains { Glob.matches($0, service.name) }) && labelsMatch(service.labels)
            }.map { Subject(root: $0.field, resource: $0, name: $0.name, kind: "service", namespace: "") }
        }
    }

    func labelsMatch(_ labels: [String: String]) -> Bool {
        definition.match.labels.allSatisfy { labels[$0.key] == $0.value }
    }

    /// The message template filled for one offending field. Values of secret-looking keys are never shown.
    func message(for field: FieldRef, in subject: Subject) -> String {
        var text = definition.message
        let replacements: [(String, String)] = [
            ("{{value}}", Self.shownValue(field)), ("{{path}}", field.path), ("{{name}}", subject.name),
            ("{{kind}}", subject.kind), ("{{namespace}}", subject.namespace), ("{{id}}", definition.description.id),
        ]
        for (placeholder, value) in replacements where text.contains(placeholder) {
            text = text.replacing(placeholder, with: value)
        }
        return text
    }

    /// Keys under which every value is a credential or may be one: never printed.
    static let secretContainers: Set<String> = ["env", "environment", "data", "stringData", "binaryData", "secrets"]

    static func shownValue(_ field: FieldRef) -> String {
        guard let node = field.node, !node.isNull else { return "(absent)" }
        let keys = field.path.split { $0 == "." || $0 == "[" || $0 == "]" || $0 == "\"" }.map(String.init)
        if keys.contains(where: { secretContainers.contains($0) || CredentialNames.looksSecret($0) }) { return "(redacted)" }
        switch node.content {
        case .sequence(let items): return "a list of \(items.count)"
        case .mapping(let pairs): return "a mapping of \(pairs.count) key\(pairs.count == 1 ? "" : "s")"
        case .scalar(let s):
            if CredentialNames.looksSecret(s.value) { return "(redacted)" }
            return s.value.count > 120 ? String(s.value.prefix(120)) + "…" : s.value
        }
    }
}

/// Truth of a condition on one fact, with the nodes that decide it: for a failed condition the offending
/// ones (findings point there), for a held one those that made it hold (so `not` can point at them).
struct Evaluation {
    struct Outcome {
        var holds: Bool
        var witnesses: [FieldRef]
    }

    /// Compiled patterns, per rule check.
    var patterns: [String: Regex<AnyRegexOutput>] = [:]

    mutating func evaluate(_ condition: CustomCondition, at root: FieldRef) -> Outcome {
        switch condition {
        case .not(let inner):
            let o = evaluate(inner, at: root)
            return Outcome(holds: !o.holds, witnesses: o.witnesses)
        case .all(let items):
            var outcomes: [Outcome] = []
            for item in items { outcomes.append(evaluate(item, at: root)) }
            let holds = outcomes.allSatisfy(\.holds)
            return Outcome(holds: holds, witnesses: outcomes.filter { holds || !$0.holds }.flatMap(\.witnesses))
        case .any(let items):
            var outcomes: [Outcome] = []
            for item in items { outcomes.append(evaluate(item, at: root)) }
            let holds = outcomes.contains(where: \.holds)
            return Outcome(holds: holds, witnesses: outcomes.filter { !holds || $0.holds }.flatMap(\.witnesses))
        case .test(let test):
            return evaluate(test, from: root, steps: test.path.steps[...])
        }
    }

    mutating func evaluate(_ test: CustomTest, from ref: FieldRef, steps: ArraySlice<CustomPath.Step>) -> Outcome {
        guard let step = steps.first else {
            return Outcome(holds: holds(test.op, ref), witnesses: [ref])
        }
        let rest = steps.dropFirst()
        switch step {
        case .key(let key): return evaluate(test, from: ref.child(key), steps: rest)
        case .index(let n): return evaluate(test, from: ref.item(n), steps: rest)
        case .anyElement:
            let items = ref.items
            // Some element: none at all fails, pointing at the list (or where it would be).
            guard !items.isEmpty else { return Outcome(holds: false, witnesses: [ref]) }
            let outcomes = items.map { evaluate(test, from: $0, steps: rest) }
            let holds = outcomes.contains(where: \.holds)
            return Outcome(holds: holds, witnesses: outcomes.filter { !holds || $0.holds }.flatMap(\.witnesses))
        case .everyElement:
            // Every element: holds of an empty or absent list.
            let outcomes = ref.items.map { evaluate(test, from: $0, steps: rest) }
            let holds = outcomes.allSatisfy(\.holds)
            return Outcome(holds: holds, witnesses: outcomes.filter { holds || !$0.holds }.flatMap(\.witnesses))
        }
    }

    mutating func holds(_ op: CustomOperator, _ ref: FieldRef) -> Bool {
        let node = ref.node.flatMap { $0.isNull ? nil : $0 }
        switch op {
        case .exists: return node != nil
        case .absent: return node == nil
        case .equals(let expected): return node.map { Self.same($0, expected) } ?? false
        case .oneOf(let values): return node.map { n in values.contains { Self.same(n, $0) } } ?? false
        case .gte(let bound): return Self.number(node).map { $0 >= bound } ?? false
        case .lte(let bound): return Self.number(node).map { $0 <= bound } ?? false
        case .contains(let expected):
            guard let node else { return false }
            switch node.content {
            case .sequence(let items): return items.contains { Self.same($0, expected) }
            case .mapping(let pairs): return pairs.contains { $0.key.string == expected.string }
            case .scalar(let s): return expected.string.map { s.value.contains($0) } ?? false
            }
        case .matches(let pattern):
            guard let text = node?.string else { return false }
            guard let regex = regex(pattern) else { return false }
            return text.prefix(BoundedPattern.maxInput).firstMatch(of: regex) != nil
        }
    }

    mutating func regex(_ pattern: String) -> Regex<AnyRegexOutput>? {
        if let known = patterns[pattern] { return known }
        // The loader compiled it already; a failure here cannot happen, and would read as no match.
        guard let compiled = try? Regex(pattern) else { return nil }
        patterns[pattern] = compiled
        return compiled
    }

    /// Equality as the expected value's YAML type reads: booleans and integers by value, else text.
    static func same(_ node: YAMLNode, _ expected: YAMLNode) -> Bool {
        if expected.scalar?.style == .plain {
            // YAML 1.1 booleans as Kubernetes reads them; Compose's quoted "true" is a text (match it with `matches`).
            if let b = expected.bool { return node.bool == b }
            if let i = expected.int { return node.int == i || number(node) == Double(i) }
        }
        guard let text = node.string else { return false }
        return text == expected.string
    }

    static func number(_ node: YAMLNode?) -> Double? {
        guard let node, node.scalar != nil else { return nil }
        if let i = node.int { return Double(i) }
        return node.string.flatMap(Double.init).flatMap { $0.isFinite ? $0 : nil }
    }
}
