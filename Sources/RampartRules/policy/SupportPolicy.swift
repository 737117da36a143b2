import RampartCore

// Helpers the policy rules share.

/// The closest rule id to a suppression key's rule part, when close enough to be a plausible typo.
enum RuleIDSuggestion {
    static func closest(to text: String, among ids: Set<String>) -> String? {
        let lowered = text.lowercased()
        // A truncated id (`k8s/privileged` for `k8s/privileged-container`) is the likeliest slip.
        if lowered.contains("/"), let extended = ids.filter({ $0.hasPrefix(lowered) }).min(by: { ($0.count, $0) < ($1.count, $1) }) {
            return extended
        }
        let sorted = ids.sorted()
        if let id = Spelling.closest(to: lowered, among: sorted) { return id }
        // A key without the domain (`suppress.rampart.io/privileged`) is compared with the name part.
        guard !lowered.contains("/") else { return nil }
        let names = sorted.map { $0.split(separator: "/", maxSplits: 1).last.map(String.init) ?? $0 }
        return Spelling.closest(to: lowered, among: names).flatMap { name in sorted.first { $0.hasSuffix("/" + name) } }
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
