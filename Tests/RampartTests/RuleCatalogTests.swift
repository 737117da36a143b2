import Foundation
import Testing
import RampartCore
import RampartRules

/// One test for every rule: its triggering examples trigger it where the `↓` markers say, and its
/// non-triggering examples do not.
@Suite struct RuleCatalogTests {
    static let ids = RuleRegistry.all.map { $0.description.id }

    @Test func idsAreUniqueAndWellFormed() {
        #expect(Set(Self.ids).count == Self.ids.count, "duplicate rule ids")
        for id in Self.ids {
            let parts = id.split(separator: "/")
            #expect(parts.count == 2 && id.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" || $0 == "/" }, "bad rule id \(id)")
        }
    }

    @Test(arguments: RuleCatalogTests.ids)
    func examples(id: String) throws {
        let rule = try #require(RuleRegistry.rule(id: id))
        try Self.checkExamples(rule.description) { try ExampleRunner.run(rule, example: $0) }
    }

    /// The shipped custom rules (policies/custom-examples) are held to the same standard as built-in ones.
    static let customRules: [CustomRule] = (try? CustomRules.load([DocsTests.root.appendingPathComponent("policies/custom-examples").path])) ?? []

    @Test func customExamplesLoad() throws {
        _ = try CustomRules.load([DocsTests.root.appendingPathComponent("policies/custom-examples").path])
        #expect(Self.customRules.count >= 5)
    }

    @Test(arguments: RuleCatalogTests.customRules.map(\.description.id))
    func customExamples(id: String) throws {
        let rule = try #require(Self.customRules.first { $0.description.id == id })
        try Self.checkExamples(rule.description) { ExampleRunner.run(custom: rule, example: $0) }
    }

    static func checkExamples(_ d: RuleDescription, run: (String) throws -> ExampleRunner.Outcome) throws {
        let id = d.id
        #expect(!d.triggering.isEmpty, "\(id) has no triggering example")
        #expect(!d.nonTriggering.isEmpty, "\(id) has no non-triggering example")
        #expect(!d.references.isEmpty, "\(id) cites no standard")
        #expect(!d.rationale.isEmpty && !d.remediation.isEmpty && !d.title.isEmpty)
        for (n, example) in d.triggering.enumerated() {
            let outcome = try run(example)
            let mine = outcome.findings.filter { $0.ruleID == id }
            #expect(!mine.isEmpty, "\(id) triggering example \(n) produced no finding (problems: \(outcome.problems.map(\.message)))")
            if !outcome.markers.isEmpty {
                let got = Set(mine.compactMap { f in f.subject.location.map { ExampleRunner.Marker(line: $0.line, column: $0.column) } })
                #expect(got == Set(outcome.markers), "\(id) example \(n): findings at \(got.sorted { $0.line < $1.line }), markers at \(outcome.markers)")
            }
            for f in mine {
                #expect(f.severity == d.severity && f.title == d.title && !f.message.isEmpty)
            }
        }
        for (n, example) in d.nonTriggering.enumerated() {
            let outcome = try run(example)
            let mine = outcome.findings.filter { $0.ruleID == id }
            #expect(mine.isEmpty, "\(id) non-triggering example \(n) produced \(mine.map { "\($0.subject.displayName): \($0.message)" })")
        }
    }
}
