// Helpers the policy rules share.

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

extension String {
    func replacingFirst(_ target: Character, with replacement: Character) -> String {
        guard let i = firstIndex(of: target) else { return self }
        var s = self
        s.replaceSubrange(i...i, with: String(replacement))
        return s
    }
}
