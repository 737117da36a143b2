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
                out.append("\(ref.location): unknown parameter '\(shown)'" + Spelling.hint(for: ref.name, among: parameterNames.sorted()))
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
                    out.append("\(ref.location): \(ref.kind.rawValue) names no rule '\(shown)'" + Spelling.hint(for: ref.name, among: ruleIDs))
                }
            }
        }
        return out
    }
}
