import RampartCore
import RampartManifests

/// Rules about the policy's own exceptions: they must carry a reason and they expire.
public enum PolicyRules {
    public static let all: [any Rule.Type] = [SuppressionWithoutReason.self, SuppressionUnknownRule.self, WaiverExpired.self]
}

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

/// One inline suppression as written: the annotation or label key, the node to point at, its reason.
struct SuppressionEntry {
    /// The key after `suppress.rampart.io/`, e.g. `k8s.host-network`.
    let suffix: String
    let reason: String
    let field: FieldRef

    /// `domain/name` from the first dot; nil when the key has no dot.
    var ruleID: String? {
        guard let dot = suffix.firstIndex(of: "."), dot != suffix.startIndex else { return nil }
        return "\(suffix[..<dot])/\(suffix[suffix.index(after: dot)...])"
    }

    static func annotations(of object: KubernetesObject) -> [SuppressionEntry] {
        let annotations = object.field("metadata.annotations")
        return (annotations.node?.pairs ?? []).compactMap { pair in
            guard let key = pair.key.string, key.hasPrefix(KubernetesObject.suppressionPrefix) else { return nil }
            let field = annotations.child(key)
            return SuppressionEntry(suffix: String(key.dropFirst(KubernetesObject.suppressionPrefix.count)),
                                    reason: (pair.value.string ?? "").trimmingWhitespace,
                                    field: FieldRef(path: field.path, node: field.node, anchor: pair.key))
        }
    }

    /// Labels in either Compose form: a mapping (pointing at the key) or a list of `KEY=VALUE` (at the item).
    static func labels(of service: ComposeService) -> [SuppressionEntry] {
        let labels = service.field("labels")
        if let pairs = labels.node?.pairs {
            return pairs.compactMap { pair in
                guard let key = pair.key.string, key.hasPrefix(KubernetesObject.suppressionPrefix) else { return nil }
                let field = labels.child(key)
                return SuppressionEntry(suffix: String(key.dropFirst(KubernetesObject.suppressionPrefix.count)),
                                        reason: (pair.value.string ?? "").trimmingWhitespace,
                                        field: FieldRef(path: field.path, node: field.node, anchor: pair.key))
            }
        }
        return labels.items.compactMap { item in
            guard let text = item.node?.string, text.hasPrefix(KubernetesObject.suppressionPrefix) else { return nil }
            let rest = text.dropFirst(KubernetesObject.suppressionPrefix.count)
            let key = rest.firstIndex(of: "=").map { rest[..<$0] } ?? rest
            let reason = rest.firstIndex(of: "=").map { String(rest[rest.index(after: $0)...]) } ?? ""
            return SuppressionEntry(suffix: String(key), reason: reason.trimmingWhitespace, field: item)
        }
    }
}

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
            let suggestion = RuleIDSuggestion.closest(to: written, among: known).map { " (did you mean \($0.replacingFirst("/", with: ".")))?" } ?? ""
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

/// The closest rule id by edit distance, when close enough to be a plausible typo.
enum RuleIDSuggestion {
    static func closest(to text: String, among ids: Set<String>) -> String? {
        let lowered = text.lowercased()
        // A truncated id (`k8s/privileged` for `k8s/privileged-container`) is the likeliest slip.
        if lowered.contains("/"), let extended = ids.filter({ $0.hasPrefix(lowered) }).min(by: { ($0.count, $0) < ($1.count, $1) }) {
            return extended
        }
        let target = Array(lowered.prefix(120))
        var best: (id: String, distance: Int)?
        for id in ids.sorted() {
            // A key without the domain (`suppress.rampart.io/privileged`) is compared with the name part.
            let name = id.split(separator: "/", maxSplits: 1).last.map(String.init) ?? id
            let d = min(distance(target, Array(id)), lowered.contains("/") ? Int.max : distance(target, Array(name)))
            if d < (best?.distance ?? Int.max) { best = (id, d) }
        }
        guard let best, best.distance <= max(3, target.count / 3) else { return nil }
        return best.id
    }

    /// Levenshtein distance, two rows.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

struct WaiverExpired: Rule {
    static let reach = RuleReach.global
    static let description = RuleDescription(
        id: "policy/waiver-expired", title: "Waiver has expired", severity: .medium,
        rationale: "Waivers are time-limited exceptions; after the expiry date the waived findings count again, and the stale waiver should be renewed with a fresh review or removed.",
        remediation: "Fix the waived findings, or renew the waiver with a new expiry date after review.",
        references: [.nist80053("CA-5"), Reference("ISO/IEC 27001:2022", section: "A.5.36 Compliance with policies")],
        triggering: ["{\"waivers\": [{\"rule\": \"k8s/*\", \"subject\": \"*\", \"reason\": \"migration\", \"owner\": \"ops\", \"expires\": \"1969-12-31\"}]}"],
        nonTriggering: ["{\"waivers\": [{\"rule\": \"k8s/*\", \"subject\": \"*\", \"reason\": \"migration\", \"owner\": \"ops\", \"expires\": \"2999-12-31\"}]}"])

    func check(_ facts: Facts, _ context: RuleContext) -> [Finding] {
        context.waivers.filter { $0.isExpired(today: context.today) }.map { waiver in
            let subject = Subject(location: waiver.declaredAt, resource: "waiver \(waiver.rule) for \(waiver.subject)")
            return context.finding(subject: subject,
                                   "waiver for \(waiver.rule) on \(waiver.subject) (owner \(waiver.owner)) expired on \(waiver.expires); its findings count again",
                                   discriminator: waiver.rule + waiver.subject)
        }
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
