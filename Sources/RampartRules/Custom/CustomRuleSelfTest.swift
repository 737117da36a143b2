import RampartCore
import RampartManifests

/// Runs a custom rule's own examples when it is loaded, as the catalog test does for built-in rules: a
/// triggering example must give findings exactly where its `↓` markers are, a non-triggering one none.
/// A rule whose examples disagree with it does not load, so a rule file proves itself on every run.
enum CustomRuleSelfTest {
    static func problems(_ rule: CustomRule) -> [String] {
        let d = rule.description
        let at = rule.definition.location
        var out: [String] = []
        for (n, example) in d.triggering.enumerated() {
            let (found, markers) = run(rule, example)
            let places = Set(found.compactMap { f in f.subject.location.map { "\($0.line):\($0.column)" } })
            if found.isEmpty {
                out.append("\(at): \(d.id): triggering example \(n + 1) gives no finding")
            } else if !markers.isEmpty, places != Set(markers) {
                out.append("\(at): \(d.id): triggering example \(n + 1) gives findings at \(places.sorted().joined(separator: ", ")) "
                    + "but its ↓ markers are at \(markers.sorted().joined(separator: ", "))")
            }
        }
        for (n, example) in d.nonTriggering.enumerated() {
            let (found, _) = run(rule, example)
            if let first = found.first, let place = first.subject.location {
                out.append("\(at): \(d.id): non-triggering example \(n + 1) gives a finding at \(place.line):\(place.column): \(first.message)")
            } else if !found.isEmpty {
                out.append("\(at): \(d.id): non-triggering example \(n + 1) gives a finding")
            }
        }
        return out
    }

    static func run(_ rule: CustomRule, _ example: String) -> (findings: [Finding], markers: [String]) {
        let (text, markers) = stripMarkers(example)
        var collector = InputCollector()
        collector.keptKinds = nil
        let facts = collector.collect(bytes: Array(text.utf8), name: "example.yaml")
        return (rule.check(Facts(facts), RuleContext(description: rule.description)), markers)
    }

    /// Removes every `↓`, recording the line and column (in characters) of what followed it.
    static func stripMarkers(_ example: String) -> (String, [String]) {
        var lines: [String] = []
        var markers: [String] = []
        for (i, line) in example.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var column = 1
            var cleaned = ""
            for ch in line {
                if ch == "↓" {
                    markers.append("\(i + 1):\(column)")
                } else {
                    cleaned.append(ch)
                    column += 1
                }
            }
            lines.append(cleaned)
        }
        return (lines.joined(separator: "\n"), markers)
    }
}
