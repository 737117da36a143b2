/// Closest-name suggestions for names a user typed (rule ids, parameters, keys, enum values): one edit
/// distance and one threshold, so every "did you mean" in Rampart agrees.
public enum Spelling {
    /// The candidate nearest to `word` (case-insensitive Levenshtein distance), when it is near enough to be a
    /// typo: at most max(2, a third of the candidate's length) edits. Ties go to the first candidate in order.
    public static func closest(to word: String, among candidates: some Sequence<String>) -> String? {
        let w = Array(word.lowercased().unicodeScalars.prefix(200))
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let c = Array(candidate.lowercased().unicodeScalars.prefix(200))
            let limit = max(2, c.count / 3)
            // Lengths alone that differ by more than the limit cannot be near enough.
            guard abs(w.count - c.count) <= limit else { continue }
            let d = distance(w, c)
            if d <= limit, d < (best?.distance ?? .max) { best = (candidate, d) }
        }
        return best?.candidate
    }

    /// ` (did you mean 'x'?)` for the closest candidate, else "".
    public static func hint(for word: String, among candidates: some Sequence<String>) -> String {
        closest(to: word, among: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }

    /// Levenshtein distance over Unicode scalars, two rows.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
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
