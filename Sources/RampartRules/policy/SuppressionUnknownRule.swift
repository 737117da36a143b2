import RampartCore
import RampartManifests

struct SuppressionUnknownRule: Rule {
    static let description = RuleDescription(
        id: "policy/suppression-unknown-rule", title: "Inline suppression names no existing rule", severity: .high,
        rationale: "A suppression whose key names no rule (a typo such as k8s.privileged instead of k8s.privileged-container, or a retired id) suppresses nothing, while its author believes the finding is handled and reviewers read it as an accepted risk.",
        remediation: "Name the rule as `suppress.rampart.io/<domain>.<name>` with an id from `rampart rules` (the first dot stands for the slash: k8s/host-network is `suppress.rampart.io/k8s.host-network`).",
        references: [.nist80053("CA-7"), Reference("ISO/IEC 27001:2022", section: "A.5.36 Compliance with policies")],
        triggering: ["apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    ↓suppress.rampart.io/k8s.privileged: \"node agent\"\n    ↓suppress.rampart.io/hostnetwork: \"CNI\"\nspec:\n  containers: [{name: a, image: a:1}]\n",
                     "services:\n  agent:\n    image: agent:1.0\n    labels:\n      team: ops\n      ↓suppress.rampart.io/compose.privileged-container: \"node agent\"\n"],
        nonTriggering: ["apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    suppress.rampart.io/k8s.host-network: \"CNI agent\"\nspec:\n  containers: [{name: a, image: a:1}]\n",
                        "services:\n  agent:\n    image: agent:1.0\n    labels: [\"suppress.rampart.io/compose.privileged=node agent\"]\n"])

    func check(_ facts: Facts, _ context: RuleContext) -> [Finding] {
        let known = context.knownRuleIDs ?? Set(RuleRegistry.all.map { $0.description.id })
        func judge(_ entry: SuppressionEntry) -> String? {
            if let rule = entry.ruleID, known.contains(rule) { return nil }
            let written = entry.ruleID ?? entry.suffix
            let suggestion = RuleIDSuggestion.closest(to: written, among: known).map { " (did you mean '\(KubernetesObject.suppressionPrefix)\($0.replacingFirst("/", with: "."))'?)" } ?? ""
            return "suppression names no rule: \(KubernetesObject.suppressionPrefix)\(Self.printable(entry.suffix)) matches no rule id\(suggestion); it suppresses nothing"
        }
        var findings: [Finding] = []
        for object in facts.manifests.objects {
            for entry in SuppressionEntry.annotations(of: object) {
                if let message = judge(entry) { findings.append(context.finding(at: entry.field, in: object, message)) }
            }
        }
        for (_, service) in facts.manifests.composeServices {
            for entry in SuppressionEntry.labels(of: service) {
                if let message = judge(entry) { findings.append(context.finding(at: entry.field, in: service, message)) }
            }
        }
        return findings
    }

    /// The key as written, with anything that is not a plain printable ASCII character replaced.
    static func printable(_ text: String) -> String {
        String(text.prefix(120).map { $0.isASCII && !($0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? true) ? $0 : "?" })
    }
}
