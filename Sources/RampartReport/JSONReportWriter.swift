import Foundation
import RampartCore

/// The versioned JSON report (docs/report-schema.md, docs/report.schema.json): the `Report` value exactly as
/// it decodes again (`rampart report merge|diff|render` read it back), plus a derived `summary` that
/// readers of the file need not recompute. Keys sorted, so the same report gives the same bytes.
enum JSONReportWriter {
    static func render(_ report: Report) -> String {
        // Stable order whatever order the findings arrived in (merged shards, hand-made reports).
        var sorted = report
        sorted.findings.sort(by: Finding.reportOrder)
        sorted.rules.sort { $0.id < $1.id }
        var object = JSONValue.object(encoding: sorted)
        object["summary"] = summary(report)
        return JSONValue.serialize(object)
    }

    static func summary(_ report: Report) -> [String: Any] {
        let counts = report.countsBySeverity
        var suppressedBy: [String: Int] = ["inline": 0, "waiver": 0, "baseline": 0]
        for f in report.suppressedFindings {
            if let kind = f.suppression?.kind { suppressedBy[kind.rawValue, default: 0] += 1 }
        }
        return [
            "total": report.findings.count,
            "active": report.activeFindings.count,
            "suppressed": report.suppressedFindings.count,
            "bySeverity": Dictionary(uniqueKeysWithValues: Severity.allCases.map { ($0.rawValue, counts[$0, default: 0]) }),
            "suppressedBy": suppressedBy,
            "gate": ["failOn": report.failOn.rawValue, "passed": report.passed, "findings": report.gateFindings.count] as [String: Any],
            "sources": report.sources.count,
            "skipped": report.skipped.count,
        ]
    }
}

/// Building JSON from Codable values and loose dictionaries, serialised deterministically.
enum JSONValue {
    /// A Codable value as a JSON object (dictionary). Only called on values whose encoding is an object.
    static func object<T: Encodable>(encoding value: T) -> [String: Any] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding our own plain value types cannot fail; an empty object would show up in every test.
        guard let data = try? encoder.encode(value),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [:] }
        return object
    }

    /// Pretty-printed, sorted keys, slashes unescaped (URIs stay readable), trailing newline.
    static func serialize(_ object: [String: Any]) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: object,
                                                     options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]),
              let text = String(data: data, encoding: .utf8)
        else { return "{}\n" }
        return text + "\n"
    }
}
