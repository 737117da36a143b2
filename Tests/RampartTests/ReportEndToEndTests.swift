import Foundation
import Testing
import RampartAudit
import RampartCore
import RampartManifests
import RampartPolicy
@testable import RampartReport

/// Real findings from the real pipeline (collector, rules, policy, suppression), rendered in every format and
/// checked the way their consumers check them.
@Suite struct ReportEndToEndTests {
    static func realReport() throws -> (Report, TempDir) {
        let dir = try TempDir()
        try dir.write("bad.yaml", "a: [\n")
        try dir.write("dup <&>.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p, name: q}\nspec:\n  containers:\n  - {name: a, image: x}\n")
        try dir.write("values.yaml", "replicaCount: 1\n")
        try dir.write("suppressed.yaml", """
            apiVersion: v1
            kind: Pod
            metadata:
              name: p
              annotations:
                suppress.rampart.io/k8s.host-network: ""
            spec:
              containers: [{name: a, image: a:1}]
            """)
        let facts = InputCollector().collect(paths: [dir.path])
        let policy = try PolicyLoader.load(nil)
        let report = Evaluator(policy: policy, today: "2026-11-27").evaluate(facts, generatedAt: "2026-11-27T08:00:00Z")
        return (report, dir)
    }

    @Test func everyFormatOfARealScanIsValid() throws {
        let (report, dir) = try Self.realReport()
        defer { dir.remove() }
        #expect(report.findings.count >= 3, "expected input findings, got \(report.findings.map(\.ruleID))")
        #expect(!report.skipped.isEmpty)

        let json = ReportWriter.render(report, as: .json)
        let jsonErrors = try Python.schemaErrors(json, schemaPath: RepoPaths.reportSchema)
        #expect(jsonErrors == nil, "\(jsonErrors ?? "")")
        let decoded = try JSONDecoder().decode(Report.self, from: Data(json.utf8))
        #expect(Set(decoded.findings) == Set(report.findings))

        let sarifErrors = try Python.schemaErrors(ReportWriter.render(report, as: .sarif), schemaPath: RepoPaths.sarifSchema)
        #expect(sarifErrors == nil, "\(sarifErrors ?? "")")

        let junit = try ReportJUnitTests.parse(report)
        #expect(Int(junit.tests) ?? 0 >= report.findings.count)
        // The unparsable file is an error case named by its file, without a line number.
        let bad = junit.suites.flatMap(\.cases).first { $0.classname == "input/unparsable" }
        #expect(bad?.outcome == "error" && bad?.name.hasSuffix("bad.yaml") == true)

        let text = ReportWriter.render(report, as: .text)
        #expect(text.contains("input/unparsable"))
        #expect(text.hasSuffix(report.gateSentence + "\n"))
        for format in [OutputFormat.markdown, .html] {
            let out = ReportWriter.render(report, as: format)
            #expect(out.contains("dup &lt;&amp;&gt;.yaml"), "\(format) did not escape the file name")
        }
    }
}
