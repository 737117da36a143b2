import RampartCore
import RampartManifests

struct SuppressionWithoutReason: Rule {
    static let description = RuleDescription(
        id: "policy/suppression-without-reason", title: "Inline suppression gives no reason", severity: .medium,
        rationale: "A suppression hides a finding from the gate; without a stated reason nobody can review whether it still holds. A suppression without a reason does not suppress.",
        remediation: "Give the reason as the annotation's value, e.g. `suppress.rampart.io/k8s.host-network: \"CNI agent needs the host network\"`.",
        references: [.nist80053("CA-7"), Reference("ISO/IEC 27001:2022", section: "A.5.36 Compliance with policies")],
        triggering: ["apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    ↓suppress.rampart.io/k8s.host-network: \"\"\nspec:\n  containers: [{name: a, image: a:1}]\n"],
        nonTriggering: ["apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    suppress.rampart.io/k8s.host-network: \"CNI agent\"\nspec:\n  containers: [{name: a, image: a:1}]\n"])

    func check(_ facts: Facts, _ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for object in facts.manifests.objects {
            let annotations = object.field("metadata.annotations")
            for (rule, reason) in object.suppressions.sorted(by: { $0.key < $1.key }) where reason.isEmpty {
                let key = KubernetesObject.suppressionPrefix + rule.replacingFirst("/", with: ".")
                let field = annotations.child(key)
                let keyNode = annotations.node?.keyNode(key)
                let at = FieldRef(path: field.path, node: field.node, anchor: keyNode ?? field.anchor)
                findings.append(context.finding(at: at, in: object, "suppression of \(rule) has no reason, so it does not suppress"))
            }
        }
        for (_, service) in facts.manifests.composeServices {
            for (rule, reason) in service.suppressions.sorted(by: { $0.key < $1.key }) where reason.isEmpty {
                findings.append(context.finding(at: service.field("labels"), in: service, "suppression of \(rule) has no reason, so it does not suppress"))
            }
        }
        return findings
    }
}

extension String {
    func replacingFirst(_ target: Character, with replacement: Character) -> String {
        guard let i = firstIndex(of: target) else { return self }
        var s = self
        s.replaceSubrange(i...i, with: String(replacement))
        return s
    }
}
