import RampartCore

/// Terminal output: findings grouped by file or target, one line each, then a summary and the gate verdict.
///
///     deploy/api.yaml
///       CRITICAL  k8s/privileged-container  deploy/api.yaml:14:22  Container "app" runs privileged ...
///                 Deployment/default/api  spec.template.spec.containers[0].securityContext.privileged
struct TextWriter {
    let report: Report
    let options: RenderOptions

    /// Width of the severity column: the longest label, `CRITICAL`.
    private static let severityWidth = Severity.allCases.map(\.label.count).max() ?? 8

    func render() -> String {
        let shown = report.findings.filter { options.verbose || !$0.isSuppressed }
        let ruleWidth = shown.map(\.ruleID.count).max() ?? 0
        var lines: [String] = []

        let groups = Dictionary(grouping: shown, by: \.groupName)
        for name in groups.keys.sorted() {
            lines.append(paint(Escape.terminal(name), .bold))
            for finding in groups[name, default: []].sorted(by: Finding.reportOrder) {
                lines += render(finding, ruleWidth: ruleWidth)
            }
            lines.append("")
        }
        if shown.isEmpty {
            lines.append(report.findings.isEmpty ? "No findings." : "No active findings.")
            lines.append("")
        }

        if options.verbose, !report.skipped.isEmpty {
            lines.append(paint("Skipped inputs", .bold))
            for item in report.skipped.sorted(by: { ($0.source, $0.reason) < ($1.source, $1.reason) }) {
                lines.append("  \(Escape.terminal(item.source))  \(Escape.terminal(item.reason))")
            }
            lines.append("")
        }

        lines.append(summaryLine())
        lines.append(paint(report.gateSentence, report.passed && report.notScanned.isEmpty ? .green : .boldRed))
        return lines.joined(separator: "\n") + "\n"
    }

    private func render(_ f: Finding, ruleWidth: Int) -> [String] {
        let indent = String(repeating: " ", count: 2 + Self.severityWidth + 2)
        let severity = pad(f.severity.label, Self.severityWidth)
        let rule = pad(f.ruleID, ruleWidth)
        var out: [String] = []
        if let suppression = f.suppression {
            let head = "  \(severity)  \(Escape.terminal(rule))  \(Escape.terminal(f.place))  \(Escape.terminal(f.message))"
            out.append(paint(head, .dim))
            if let detail = f.detail { out.append(paint(indent + Escape.terminal(detail), .dim)) }
            out.append(paint(indent + "suppressed by " + Escape.terminal(suppression.summary), .dim))
            return out
        }
        out.append("  \(paint(severity, color(for: f.severity)))  \(Escape.terminal(rule))  "
            + "\(Escape.terminal(f.place))  \(Escape.terminal(f.message))")
        if let detail = f.detail { out.append(indent + paint(Escape.terminal(detail), .dim)) }
        // The other side of a drift finding.
        for r in f.related {
            let place = r.location?.description ?? r.endpoint?.displayName ?? ""
            out.append(indent + paint(Escape.terminal("↔ \(place)  \(r.message)"), .dim))
        }
        if options.verbose {
            if let evidence = f.evidence, !evidence.isEmpty { out.append(indent + "evidence: " + Escape.terminal(evidence)) }
            out.append(indent + "fix: " + Escape.terminal(f.remediation))
            if !f.references.isEmpty {
                out.append(indent + "see: " + Escape.terminal(f.references.map(\.description).joined(separator: "; ")))
            }
        }
        return out
    }

    private func summaryLine() -> String {
        let counts = report.countsBySeverity
        let active = report.activeFindings.count
        let perSeverity = Severity.allCases.reversed().map { "\(counts[$0, default: 0]) \($0.rawValue)" }
        var parts = ["\(active) active finding\(active == 1 ? "" : "s") (\(perSeverity.joined(separator: ", ")))"]
        let suppressed = report.suppressedFindings.count
        if suppressed > 0 {
            parts.append("\(suppressed) suppressed" + (options.verbose ? "" : " (shown with -v)"))
        }
        parts.append("\(report.sources.count) source\(report.sources.count == 1 ? "" : "s") scanned")
        if !report.skipped.isEmpty {
            let n = report.skipped.count
            parts.append("\(n) input\(n == 1 ? "" : "s") skipped" + (options.verbose ? "" : " (listed with -v)"))
        }
        return "Summary: " + parts.joined(separator: "; ") + "; policy \(Escape.terminal(report.policy))"
    }

    // MARK: colour

    private enum Style: String {
        case bold = "1", dim = "2", red = "31", boldRed = "1;31", green = "32", yellow = "33", cyan = "36", blue = "34"
    }

    private func color(for severity: Severity) -> Style {
        switch severity {
        case .critical: .boldRed
        case .high: .red
        case .medium: .yellow
        case .low: .cyan
        case .info: .blue
        }
    }

    private func paint(_ s: String, _ style: Style) -> String {
        options.color ? "\u{1B}[\(style.rawValue)m\(s)\u{1B}[0m" : s
    }

    private func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }
}
