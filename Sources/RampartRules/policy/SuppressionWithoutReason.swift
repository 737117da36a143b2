import RampartCore
import RampartManifests

struct SuppressionWithoutReason: Rule {
    static let description = RuleDescription(
        id: "policy/suppression-without-reason", title: "Inline suppression gives no reason", severity: .medium,
        rationale: "A suppression hides a finding from the gate; without a stated reason nobody can review whether it still holds. A suppression without a reason does not suppress.",
        remediation: "Give the reason as the annotation's value, e.g. `suppress.rampart.io/k8s.host-network: \"CNI agent needs the host network\"`.",
        references: [.nist80053("CA-7"), Reference("ISO/IEC 27001:2022", section: "A.5.36 Compliance with policies")],
        triggering: ["apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    ↓suppress.rampart.io/k8s.host-network: \"\"\nspec:\n  containers: [{name: a, image: a:1}]\n",
                     "services:\n  agent:\n    image: agent:1.0\n    privileged: true\n    labels:\n      team: ops\n      ↓suppress.rampart.io/compose.privileged: \"\"\n  web:\n    image: web:1.0\n    labels: [\"team=web\", ↓\"suppress.rampart.io/compose.memory-limit-missing\"]\n"],
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
            for entry in SuppressionEntry.labels(of: service) where entry.reason.isEmpty {
                guard let rule = entry.ruleID else { continue }
                var finding = context.finding(at: entry.field, in: service, "suppression of \(rule) has no reason, so it does not suppress")
                // Compose suppressions are service labels, not annotations: show that shape.
                finding.remediation = "Give the reason as the label's value, e.g. `labels: {suppress.rampart.io/\(entry.suffix): \"why this service needs it\"}` (or `- suppress.rampart.io/\(entry.suffix)=why` in list form)."
                findings.append(finding)
            }
        }
        return findings
    }
}
