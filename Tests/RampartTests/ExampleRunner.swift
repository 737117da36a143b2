import Foundation
import RampartCore
import RampartDesign
import RampartManifests
import RampartPolicy
import RampartRules

/// Runs a rule's documented examples. YAML examples mark with `↓` where each finding must point; JSON
/// examples are recorded facts (a FactSet, optionally with `waivers`, `parameters` and `today`).
enum ExampleRunner {
    struct Outcome {
        var findings: [Finding]
        /// Expected (line, column) of each `↓` marker; empty for JSON examples.
        var markers: [Marker]
        var problems: [InputProblem]
    }

    struct Marker: Hashable, CustomStringConvertible {
        var line: Int
        var column: Int
        var description: String { "\(line):\(column)" }
    }

    static let file = "example.yaml"

    static func run(_ rule: any Rule.Type, example: String, parameters: Parameters = Parameters()) throws -> Outcome {
        let trimmed = example.drop { $0.isWhitespace }
        if trimmed.hasPrefix("{") {
            let data = Data(example.utf8)
            let facts = try JSONDecoder().decode(FactSet.self, from: data)
            let extra = try JSONDecoder().decode(ExampleExtras.self, from: data)
            var params = parameters
            params.merge(extra.parameters ?? Parameters())
            let context = RuleContext(description: rule.description, parameters: params, waivers: extra.waivers ?? [],
                                      today: extra.today ?? "2026-01-01")
            return Outcome(findings: rule.init().check(Facts(facts), context), markers: [], problems: facts.problems)
        }
        let (text, markers) = stripMarkers(example)
        var collector = InputCollector()
        collector.keptKinds = nil
        var facts = DesignCollector.resolve(collector.collect(bytes: Array(text.utf8), name: file), collector: collector)
        // A `# facts: {json}` comment line adds recorded facts (audit stages, live facts) to a YAML example,
        // so that drift examples can mix a design, manifests and live observations.
        for line in text.split(separator: "\n") where line.hasPrefix("# facts: ") {
            facts.merge(try JSONDecoder().decode(FactSet.self, from: Data(line.dropFirst("# facts: ".count).utf8)))
        }
        let context = RuleContext(description: rule.description, parameters: parameters, today: "2026-01-01")
        return Outcome(findings: rule.init().check(Facts(facts), context), markers: markers, problems: facts.problems)
    }

    struct ExampleExtras: Decodable {
        var waivers: [Waiver]?
        var parameters: Parameters?
        var today: String?
    }

    /// Removes every `↓` and records the 1-based line and column (in characters) of what followed it.
    static func stripMarkers(_ example: String) -> (String, [Marker]) {
        var out = ""
        var markers: [Marker] = []
        for (i, line) in example.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var column = 1
            var cleaned = ""
            for ch in line {
                if ch == "↓" {
                    markers.append(Marker(line: i + 1, column: column))
                } else {
                    cleaned.append(ch)
                    column += 1
                }
            }
            out += cleaned
            out += "\n"
        }
        out.removeLast()
        return (out, markers)
    }
}
