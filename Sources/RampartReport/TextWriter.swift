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

        lines += complianceLines()
        if options.verbose { lines += inventoryLines() }

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

    /// Asked for with --framework, so always shown: counts, failed controls, and (verbose) every control.
    private func complianceLines() -> [String] {
        guard let summaries = report.compliance, !summaries.isEmpty else { return [] }
        let t = Escape.terminal
        var out = [paint("Compliance", .bold)]
        for s in summaries {
            out.append("  \(t(s.name)) \(t(s.version)): \(s.count(.passed)) passed, \(s.count(.failed)) failed, "
                + "\(s.count(.notAssessed)) not assessed of \(s.controls.count)")
            for c in s.controls where options.verbose || c.status == .failed {
                let status = pad(c.status.label, 12)
                var line = "    \(c.status == .failed ? paint(status, .red) : status)  \(t(c.id))  \(t(c.title))"
                switch c.status {
                case .failed: line += "  (" + t(c.findings.map(\.ruleID).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }.joined(separator: ", ")) + ")"
                case .notAssessed: line += "  (" + t(c.reason ?? "") + ")"
                case .passed: break
                }
                out.append(line)
            }
        }
        out.append("")
        return out
    }

    /// Verbose only: what was scanned, including every open port and certificate expiry.
    private func inventoryLines() -> [String] {
        guard let inv = report.inventory, !inv.isEmpty else { return [] }
        let t = Escape.terminal
        var out = [paint("Inventory", .bold)]
        for s in inv.systems {
            out.append("  system \(t(s.name))" + (s.level.map { " (level \($0))" } ?? "") + ": " + t(s.services.joined(separator: ", ")))
        }
        for w in inv.workloads {
            let ports = w.ports.isEmpty ? "" : "  ports " + w.ports.map(String.init).joined(separator: ", ")
            out.append("  \(t("\(w.kind)/\(w.namespace)/\(w.name)"))  \(t(w.location?.description ?? ""))  \(t(w.images.joined(separator: ", ")))\(ports)")
        }
        for c in inv.composeServices {
            let ports = c.ports.isEmpty ? "" : "  ports " + t(c.ports.joined(separator: ", "))
            out.append("  service \(t(c.name))  \(t(c.location?.description ?? ""))  \(t(c.image ?? ""))\(ports)")
        }
        for h in inv.hosts {
            let name = h.host == h.ip ? h.host : "\(h.host) (\(h.ip))"
            out.append("  host \(t(name)): \(h.openPorts.count) open of \(h.portsScanned.map(String.init) ?? "?") scanned")
            for p in h.openPorts {
                let product = [p.product, p.version].compactMap { $0 }.joined(separator: " ")
                out.append("    \(p.port)/tcp  \(t(p.service ?? "not identified"))  \(t(product))"
                    + (p.tls == true ? "  tls" : "") + (p.authentication.map { "  auth \(t($0))" } ?? ""))
            }
        }
        for e in inv.endpoints {
            out.append("  tls \(t(endpointName(e))): \(t(e.protocols.joined(separator: ", ")))"
                + (e.certificate.map { "; certificate \(t($0.subject)) expires \(t($0.notAfter))" } ?? "; no certificate"))
        }
        out.append("")
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
