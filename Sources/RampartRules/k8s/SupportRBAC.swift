import RampartCore
import RampartManifests

// RBAC: what Roles and ClusterRoles grant, and to whom bindings grant it.

/// One entry of a Role's `rules`, with FieldRefs to point at the offending item.
struct PolicyRuleView {
    let field: FieldRef
    let verbs: [(value: String, field: FieldRef)]
    let resources: [(value: String, field: FieldRef)]
    let apiGroups: [(value: String, field: FieldRef)]
    let restrictedToNames: Bool

    init(_ field: FieldRef) {
        self.field = field
        verbs = stringItems(field.child("verbs"))
        resources = stringItems(field.child("resources"))
        apiGroups = stringItems(field.child("apiGroups"))
        restrictedToNames = !(field.node?["resourceNames"]?.strings ?? []).isEmpty
    }

    /// What the rule applies to, for messages: its resources, or its non-resource URLs.
    var target: String {
        if !resources.isEmpty { return resources.map(\.value).joined(separator: ", ") }
        let urls = field.node?["nonResourceURLs"]?.strings ?? []
        return urls.isEmpty ? "nothing" : "non-resource URLs " + urls.joined(separator: ", ")
    }

    func allows(anyOf wanted: Set<String>) -> Bool {
        verbs.contains { $0.value == "*" || wanted.contains($0.value) }
    }

    /// The core API group ("") is granted: written, wildcarded, or (leniently) apiGroups left out.
    var coversCoreGroup: Bool {
        apiGroups.isEmpty || apiGroups.contains { $0.value == "" || $0.value == "*" }
    }

    /// Items of `resources` naming one of `names` exactly (wildcards are reported by the wildcard rules).
    func resources(named names: Set<String>) -> [(value: String, field: FieldRef)] {
        resources.filter { names.contains($0.value) }
    }

    /// Rules of every Role and ClusterRole in the scan (aggregated ClusterRoles are filled by the controller
    /// from other roles, which are judged themselves).
    static func all(in object: KubernetesObject) -> [PolicyRuleView] {
        guard object.node["aggregationRule"] == nil else { return [] }
        return object.field("rules").items.filter { $0.node?.isMapping == true }.map(PolicyRuleView.init)
    }
}

/// `ServiceAccount ci/ci, Group devs` for messages.
func describeSubjects(_ object: KubernetesObject) -> String {
    let subjects = object.field("subjects").items.compactMap { s -> String? in
        guard let kind = s.node?["kind"]?.string, let name = s.node?["name"]?.string else { return nil }
        if let ns = s.node?["namespace"]?.string { return "\(kind) \(ns)/\(name)" }
        return "\(kind) \(name)"
    }
    return subjects.isEmpty ? "no subjects" : subjects.joined(separator: ", ")
}

/// Roles granting some verbs on named core resources.
protocol ResourceGrantRule: ObjectRule {
    static var resourceNames: Set<String> { get }
    static var verbs: Set<String> { get }
    /// Whether `resourceNames` narrowing makes the grant acceptable.
    static var namesNarrow: Bool { get }
    static var what: String { get }
}

extension ResourceGrantRule {
    static var kinds: Set<String> { roleKinds }
    static var namesNarrow: Bool { false }

    func check(_ object: KubernetesObject, _ context: RuleContext) -> [Finding] {
        PolicyRuleView.all(in: object).flatMap { rule -> [Finding] in
            // Every resource these rules name lives in the core API group.
            guard rule.coversCoreGroup, rule.allows(anyOf: Self.verbs), !(Self.namesNarrow && rule.restrictedToNames) else { return [] }
            let granted = rule.verbs.map(\.value).filter { $0 == "*" || Self.verbs.contains($0) }
            return rule.resources(named: Self.resourceNames).map {
                context.finding(at: $0.field, in: object, "\(object.kind) \(object.name) grants \(granted.joined(separator: ", ")) on \($0.value): \(Self.what).",
                                evidence: "\($0.value): \(granted.joined(separator: ", "))")
            }
        }
    }

}

/// Bindings whose subjects name a given group or user.
protocol SubjectRule: ObjectRule {
    /// Whether the binding's subject `name` (of kind `kind`) is reported, given the bound role name.
    func isReported(name: String, kind: String, role: String) -> Bool
    func message(subject: String, binding: KubernetesObject, role: String) -> String
}

extension SubjectRule {
    static var kinds: Set<String> { bindingKinds }

    func check(_ object: KubernetesObject, _ context: RuleContext) -> [Finding] {
        let role = object.field("roleRef.name").node?.string ?? "?"
        return object.field("subjects").items.compactMap { subject in
            let name = subject.child("name")
            guard let value = name.node?.string, isReported(name: value, kind: subject.node?["kind"]?.string ?? "", role: role) else { return nil }
            return context.finding(at: name, in: object, message(subject: value, binding: object, role: role), evidence: "\(value) -> \(role)")
        }
    }
}
let roleKinds: Set<String> = ["Role", "ClusterRole"]

let bindingKinds: Set<String> = ["RoleBinding", "ClusterRoleBinding"]
