import RampartCore

/// Checks the names a policy uses against the rules that exist. A misspelt id in `disable` or a waiver would
/// otherwise do nothing, silently, and a misspelt parameter would leave the default in force.
public enum PolicyValidator {
    /// One message per name that matches nothing, `file:line:col: ...`, with the closest real name when one is near.
    public static func problems(_ policy: Policy, ruleIDs: [String], parameterNames: Set<String>) -> [String] {
        var out: [String] = []
        var seen = Set<NameReference>()
        for ref in policy.names where seen.insert(ref).inserted {
            let shown = TerminalText.escape(ref.name)
            switch ref.kind {
            case .parameter:
                guard !parameterNames.contains(ref.name) else { continue }
                out.append("\(ref.location): unknown parameter '\(shown)'" + suggestion(ref.name, parameterNames.sorted()))
            case .enable, .disable, .severity, .waiver:
                let isGlob = ref.name.contains("*") || ref.name.contains("?")
                if isGlob {
                    guard ref.kind != .severity else {
                        out.append("\(ref.location): rules.severity takes rule ids, not globs ('\(shown)')")
                        continue
                    }
                    guard !ruleIDs.contains(where: { Glob.matches(ref.name, $0) }) else { continue }
                    out.append("\(ref.location): \(ref.kind.rawValue) glob '\(shown)' matches no rule")
                } else {
                    guard !ruleIDs.contains(ref.name) else { continue }
                    out.append("\(ref.location): \(ref.kind.rawValue) names no rule '\(shown)'" + suggestion(ref.name, ruleIDs))
                }
            }
        }
        return out
    }

    /// ` (did you mean 'x'?)` for the nearest candidate within a few edits, else nothing.
    static func suggestion(_ name: String, _ candidates: [String]) -> String {
        let limit = max(2, name.count / 3)
        var best: (String, Int)?
        for candidate in candidates {
            let d = distance(name.lowercased(), candidate.lowercased(), limit: limit)
            if d <= limit, d < (best?.1 ?? Int.max) { best = (candidate, d) }
        }
        return best.map { " (did you mean '\($0.0)'?)" } ?? ""
    }

    /// Levenshtein distance, giving up (returning limit + 1) when the lengths alone differ by more than `limit`.
    static func distance(_ a: String, _ b: String, limit: Int) -> Int {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        guard abs(x.count - y.count) <= limit, x.count <= 200, y.count <= 200 else { return limit + 1 }
        var previous = Array(0...y.count)
        var current = previous
        for i in 1...max(1, x.count) where !x.isEmpty {
            current[0] = i
            for j in stride(from: 1, through: y.count, by: 1) {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return x.isEmpty ? y.count : previous[y.count]
    }
}
