import Foundation
import RampartCore

/// The versioned JSON report (docs/report-schema.md, docs/report.schema.json): the `Report` value exactly as
/// it decodes again (`rampart report merge|diff|render` read it back), plus a derived `summary` that
/// readers of the file need not recompute. Keys sorted, so the same report gives the same bytes.
enum JSONReportWriter {
    static func render(_ report: Report) -> String {
        var out = ""
        write(report) { out += $0 }
        return out
    }

    /// Streams the report to `sink`: the findings are encoded one at a time, never as one document in
    /// memory. The bytes equal `renderWhole` (a test holds them to it).
    static func write(_ report: Report, to sink: @escaping (String) -> Void) {
        let findings = isSorted(report.findings, by: Finding.reportOrder) ? report.findings : report.findings.sorted(by: Finding.reportOrder)
        let rules = report.rules.sorted { $0.id < $1.id }
        var sorted = report
        sorted.findings = findings
        let json = StreamingJSON(sink: sink)
        // The keys of `Report` and `summary`, sorted as `.sortedKeys` sorts them.
        var members: [(key: String, write: () -> Void)] = []
        if let compliance = report.compliance { members.append(("compliance", { sink(json.encoded(compliance, depth: 1)) })) }
        members += [
            ("failOn", { sink(json.encoded(report.failOn, depth: 1)) }),
            ("findings", { json.array(findings, depth: 1, empty: json.emptyArray(depth: 1)) }),
            ("generatedAt", { sink(json.encoded(report.generatedAt, depth: 1)) }),
        ]
        if let inventory = report.inventory { members.append(("inventory", { sink(json.encoded(inventory, depth: 1)) })) }
        members.append(("policy", { sink(json.encoded(report.policy, depth: 1)) }))
        if let root = report.root { members.append(("root", { sink(json.encoded(root, depth: 1)) })) }
        members += [
            ("rules", { sink(json.encoded(rules, depth: 1)) }),
            ("schemaVersion", { sink(json.encoded(report.schemaVersion, depth: 1)) }),
            ("skipped", { sink(json.encoded(report.skipped, depth: 1)) }),
            ("sources", { sink(json.encoded(report.sources, depth: 1)) }),
            ("summary", { sink(json.encoded(Summary(sorted), depth: 1)) }),
            ("tool", { sink(json.encoded(report.tool, depth: 1)) }),
        ]
        json.object(depth: 0, members)
        sink("\n")
    }

    static func isSorted(_ findings: [Finding], by order: (Finding, Finding) -> Bool) -> Bool {
        var i = findings.startIndex
        while i + 1 < findings.endIndex {
            if order(findings[i + 1], findings[i]) { return false }
            i += 1
        }
        return true
    }

    /// The whole document through one JSONEncoder call: the reference the streamed output is tested against.
    static func renderWhole(_ report: Report) -> String {
        // Stable order whatever order the findings arrived in (merged shards, hand-made reports).
        var sorted = report
        sorted.findings.sort(by: Finding.reportOrder)
        sorted.rules.sort { $0.id < $1.id }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain value types with no floating-point fields cannot fail.
        guard let data = try? encoder.encode(Document(report: sorted, summary: Summary(sorted))) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The report's own fields, then `summary` beside them in the same object.
    private struct Document: Encodable {
        var report: Report
        var summary: Summary

        enum Key: String, CodingKey { case summary }

        func encode(to encoder: any Encoder) throws {
            try report.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(summary, forKey: .summary)
        }
    }

    struct Summary: Encodable {
        struct Gate: Encodable {
            var failOn: Severity
            var passed: Bool
            var findings: Int
        }

        var total: Int
        var active: Int
        var suppressed: Int
        var bySeverity: [String: Int]
        var suppressedBy: [String: Int]
        var gate: Gate
        var sources: Int
        var skipped: Int

        init(_ report: Report) {
            let counts = report.countsBySeverity
            var suppressedBy: [String: Int] = ["inline": 0, "waiver": 0, "baseline": 0]
            for f in report.suppressedFindings {
                if let kind = f.suppression?.kind { suppressedBy[kind.rawValue, default: 0] += 1 }
            }
            total = report.findings.count
            active = report.activeFindings.count
            suppressed = report.suppressedFindings.count
            bySeverity = Dictionary(uniqueKeysWithValues: Severity.allCases.map { ($0.rawValue, counts[$0, default: 0]) })
            self.suppressedBy = suppressedBy
            gate = Gate(failOn: report.failOn, passed: report.passed, findings: report.gateFindings.count)
            sources = report.sources.count
            skipped = report.skipped.count
        }
    }
}
