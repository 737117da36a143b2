import RampartCore

/// An auditor's report in Markdown (GitHub / GitLab flavoured tables): verdict, counts, then every active
/// finding grouped by severity with its evidence, remediation and references, then what was suppressed and
/// why, what was skipped, and what was scanned. Everything taken from inputs is escaped (`Escape.markdown`).
enum MarkdownWriter {
    static func render(_ report: Report) -> String {
        let e = Escape.markdown
        var out: [String] = ["# Rampart security report", ""]

        let verdict = "**\(report.verdict)**"
        out += [
            "| | |", "|---|---|",
            "| Result | \(verdict): \(e(report.gateDetail)) |",
            "| Policy | \(e(report.policy)) |",
            "| Generated | \(e(report.generatedAt)) |",
            "| Tool | \(e(report.tool.name)) \(e(report.tool.version)) |",
            "| Sources | \(report.sources.count) scanned, \(report.skipped.count) skipped |",
            "| Report schema | \(e(report.schemaVersion)) |",
            "",
        ]

        let counts = report.countsBySeverity
        let suppressed = report.suppressedFindings
        out += ["## Summary", "", "| Severity | Active | Suppressed | Gate |", "|---|---:|---:|---|"]
        for severity in Severity.allCases.reversed() {
            let s = suppressed.filter { $0.severity == severity }.count
            let gate = severity >= report.failOn ? "fails the run" : "reported only"
            out.append("| \(severity.capitalized) | \(counts[severity, default: 0]) | \(s) | \(gate) |")
        }
        out += ["| **Total** | **\(report.activeFindings.count)** | **\(suppressed.count)** | |", ""]

        out += ["## Findings", ""]
        let active = report.activeFindings.sorted(by: Finding.reportOrder)
        if active.isEmpty { out += ["No active findings.", ""] }
        for severity in Severity.allCases.reversed() {
            let group = active.filter { $0.severity == severity }
            guard !group.isEmpty else { continue }
            out += ["### \(severity.capitalized) (\(group.count))", ""]
            out += ["| Rule | Subject | Message | Evidence | Remediation | References |", "|---|---|---|---|---|---|"]
            for f in group {
                let cells = [
                    "\(e(f.ruleID))<br>\(e(f.title))",
                    subject(f),
                    e(f.message),
                    f.evidence.map(e) ?? "",
                    e(f.remediation),
                    references(f.references),
                ]
                out.append("| " + cells.joined(separator: " | ") + " |")
            }
            out.append("")
        }

        if !suppressed.isEmpty {
            out += ["## Suppressed findings (\(suppressed.count))", "",
                    "| Rule | Severity | Subject | Message | Suppressed by | Reason | Owner | Expires |",
                    "|---|---|---|---|---|---|---|---|"]
            for f in suppressed.sorted(by: Finding.reportOrder) {
                guard let s = f.suppression else { continue }
                let cells = [e(f.ruleID), f.severity.rawValue, subject(f), e(f.message), s.kind.label, e(s.reason),
                             s.owner.map(e) ?? "", s.expires.map(e) ?? ""]
                out.append("| " + cells.joined(separator: " | ") + " |")
            }
            out.append("")
        }

        if !report.skipped.isEmpty {
            out += ["## Skipped inputs", "", "| Input | Reason |", "|---|---|"]
            for item in report.skipped.sorted(by: { ($0.source, $0.reason) < ($1.source, $1.reason) }) {
                out.append("| \(e(item.source)) | \(e(item.reason)) |")
            }
            out.append("")
        }

        out += ["## Sources scanned (\(report.sources.count))", ""]
        out += report.sources.isEmpty ? ["None."] : report.sources.map { "- \(e($0))" }
        out.append("")
        return out.joined(separator: "\n")
    }

    private static func subject(_ f: Finding) -> String {
        var parts = [Escape.markdown(f.place)]
        if let detail = f.detail { parts.append(Escape.markdown(detail)) }
        return parts.joined(separator: "<br>")
    }

    private static func references(_ refs: [Reference]) -> String {
        refs.map { ref in
            ref.safeURL.map { "[\(Escape.markdown(ref.description))](\($0))" } ?? Escape.markdown(ref.description)
        }.joined(separator: "<br>")
    }
}
