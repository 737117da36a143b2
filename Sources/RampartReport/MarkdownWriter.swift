import RampartCore

/// An auditor's report in Markdown (GitHub / GitLab flavoured tables): verdict, counts by severity and stage,
/// compliance summaries, then every active finding grouped by severity with its evidence, remediation and
/// references, then what was suppressed and why, what was skipped, the inventory, and what was scanned.
/// Everything taken from inputs is escaped (`Escape.markdown`).
///
/// With a size limit (`--markdown-limit`, e.g. 65,536 for a pull-request comment) the verdict, the counts and
/// the compliance overview always stay; findings are kept most severe first until the budget is spent, and
/// the report ends by saying what it left out. The limit counts UTF-8 bytes, never fewer than characters.
enum MarkdownWriter {
    /// Size limits of the places Markdown reports are posted to.
    static let pullRequestCommentLimit = 65_536
    static let stepSummaryLimit = 1_048_576

    static func render(_ report: Report, limit: Int? = nil) -> String {
        let text = sections(report).joined()
        guard let limit, text.utf8.count > limit else { return text }
        return fitted(report, limit: limit)
    }

    /// The report cut to `limit` bytes: head and overview first, findings by severity while they fit, then a
    /// note on what was left out. Never longer than `limit`.
    private static func fitted(_ report: Report, limit: Int) -> String {
        let e = Escape.markdown
        var out = head(report) + overview(report) + complianceOverview(report)
        // Room kept for the closing note on what was left out.
        let reserve = 1_200
        let active = report.activeFindings.sorted(by: Finding.reportOrder)
        if out.utf8.count + reserve < limit { out += "## Findings\n\n" + (active.isEmpty ? "No active findings.\n\n" : "") }
        var shown = 0
        findings: for severity in Severity.allCases.reversed() {
            let group = active.filter { $0.severity == severity }
            guard !group.isEmpty else { continue }
            let heading = "### \(severity.capitalized) (\(group.count))\n\n" + findingTableHeader
            guard out.utf8.count + heading.utf8.count + reserve < limit else { break }
            out += heading
            for f in group {
                let row = findingRow(f)
                guard out.utf8.count + row.utf8.count + reserve < limit else {
                    out += "\n"
                    break findings
                }
                out += row
                shown += 1
            }
            out += "\n"
        }
        let left = active.dropFirst(shown)
        var note = "## Left out to fit \(limit) bytes\n\n"
        if !left.isEmpty {
            var bySeverity: [Severity: Int] = [:]
            for f in left { bySeverity[f.severity, default: 0] += 1 }
            let parts = Severity.allCases.reversed().compactMap { s in bySeverity[s].map { "\($0) \(s.rawValue)" } }
            note += "- \(left.count) of \(active.count) active findings (\(parts.joined(separator: ", "))): the least severe were left out first.\n"
        }
        let suppressed = report.suppressedFindings.count
        if suppressed > 0 { note += "- The \(suppressed) suppressed findings.\n" }
        if report.compliance?.isEmpty == false { note += "- The control-by-control compliance tables.\n" }
        if let inventory = report.inventory, !inventory.isEmpty { note += "- The inventory.\n" }
        if !report.skipped.isEmpty { note += "- The \(report.skipped.count) skipped inputs.\n" }
        note += "- The list of \(report.sources.count) sources scanned.\n\n"
        note += "The full report (`--format json`, `html` or `markdown` without a limit) has everything; policy \(e(report.policy)).\n"
        out += note
        if out.utf8.count > limit {
            // Only a limit smaller than the overview itself gets here: cut at a character boundary.
            let marker = "\n\n… cut to \(limit) bytes\n"
            var cut = ""
            for ch in out {
                if cut.utf8.count + ch.utf8.count + marker.utf8.count > limit { break }
                cut.append(ch)
            }
            out = cut + (cut.utf8.count + marker.utf8.count <= limit ? marker : "")
        }
        return out
    }

    private static func sections(_ report: Report) -> [String] {
        [head(report), overview(report), compliance(report), findings(report), suppressed(report), skipped(report),
         inventory(report), sources(report)]
    }

    private static func head(_ report: Report) -> String {
        let e = Escape.markdown
        return [
            "# Rampart security report", "",
            "| | |", "|---|---|",
            "| Result | **\(report.verdict)**: \(e(report.gateDetail)) |",
            "| Policy | \(e(report.policy)) |",
            "| Generated | \(e(report.generatedAt)) |",
            "| Tool | \(e(report.tool.name)) \(e(report.tool.version)) |",
            "| Sources | \(report.sources.count) scanned, \(report.skipped.count) skipped |",
            "| Report schema | \(e(report.schemaVersion)) |",
            "", "",
        ].joined(separator: "\n")
    }

    private static func overview(_ report: Report) -> String {
        let counts = report.countsBySeverity
        let suppressed = report.suppressedFindings
        var out = ["## Summary", "", "| Severity | Active | Suppressed | Gate |", "|---|---:|---:|---|"]
        for severity in Severity.allCases.reversed() {
            let s = suppressed.filter { $0.severity == severity }.count
            let gate = severity >= report.failOn ? "fails the run" : "reported only"
            out.append("| \(severity.capitalized) | \(counts[severity, default: 0]) | \(s) | \(gate) |")
        }
        out += ["| **Total** | **\(report.activeFindings.count)** | **\(suppressed.count)** | |", ""]
        let byStage = report.countsByStage
        if !report.activeFindings.isEmpty {
            out += ["| Stage | " + Severity.allCases.reversed().map(\.capitalized).joined(separator: " | ") + " | Total |",
                    "|---|" + String(repeating: "---:|", count: Severity.allCases.count + 1)]
            for stage in Stage.allCases {
                let row = byStage[stage] ?? [:]
                let total = row.values.reduce(0, +)
                guard total > 0 || Report.reportedStages.contains(stage) else { continue }
                out.append("| \(stage.label) | " + Severity.allCases.reversed().map { "\(row[$0] ?? 0)" }.joined(separator: " | ") + " | \(total) |")
            }
            out.append("")
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// One line per framework: counts, and the failed controls by id.
    private static func complianceOverview(_ report: Report) -> String {
        guard let summaries = report.compliance, !summaries.isEmpty else { return "" }
        let e = Escape.markdown
        var out = ["## Compliance", "", "| Framework | Version | Passed | Failed | Not assessed | Failed controls |", "|---|---|---:|---:|---:|---|"]
        for s in summaries {
            let failed = s.controls.filter { $0.status == .failed }.map(\.id)
            let list = failed.prefix(12).map(e).joined(separator: ", ") + (failed.count > 12 ? ", … (\(failed.count - 12) more)" : "")
            out.append("| \(e(s.name)) | \(e(s.version)) | \(s.count(.passed)) | \(s.count(.failed)) | \(s.count(.notAssessed)) | \(list) |")
        }
        return out.joined(separator: "\n") + "\n\n"
    }

    private static func compliance(_ report: Report) -> String {
        guard let summaries = report.compliance, !summaries.isEmpty else { return "" }
        let e = Escape.markdown
        var out = complianceOverview(report)
        for s in summaries {
            out += "### \(e(s.name)) (\(e(s.version)))\n\n"
            out += "\(s.count(.passed)) passed, \(s.count(.failed)) failed, \(s.count(.notAssessed)) not assessed of \(s.controls.count) controls. "
                + "A control passes only when a rule that covers it ran on facts of its kind and found nothing.\n\n"
            out += "| Control | Title | Status | Evidence |\n|---|---|---|---|\n"
            for c in s.controls {
                out += "| \(e(c.id)) | \(e(c.title)) | \(c.status.label) | \(controlDetail(c)) |\n"
            }
            out += "\n"
        }
        return out
    }

    private static func controlDetail(_ c: ControlResult) -> String {
        let e = Escape.markdown
        var parts: [String] = []
        switch c.status {
        case .failed:
            let shown = c.findings.prefix(5).map { "\(e($0.ruleID)) at \(e($0.place))" }
            parts.append(shown.joined(separator: "<br>") + (c.findings.count > 5 ? "<br>… \(c.findings.count - 5) more" : ""))
        case .passed:
            parts.append("checked by " + c.rules.map(e).joined(separator: ", "))
        case .notAssessed:
            parts.append(e(c.reason ?? "not assessed"))
        }
        if c.suppressed > 0 { parts.append("\(c.suppressed) suppressed") }
        if let note = c.note { parts.append("_\(e(note))_") }
        return parts.joined(separator: "<br>")
    }

    private static let findingTableHeader = "| Rule | Subject | Message | Evidence | Remediation | References |\n|---|---|---|---|---|---|\n"

    private static func findingRow(_ f: Finding) -> String {
        let e = Escape.markdown
        let cells = [
            "\(e(f.ruleID))<br>\(e(f.title))<br>_\(f.effectiveStage.label)_",
            subject(f),
            e(f.message),
            f.evidence.map(e) ?? "",
            e(f.remediation),
            references(f.references),
        ]
        return "| " + cells.joined(separator: " | ") + " |\n"
    }

    private static func findings(_ report: Report) -> String {
        var out = "## Findings\n\n"
        let active = report.activeFindings.sorted(by: Finding.reportOrder)
        if active.isEmpty { out += "No active findings.\n\n" }
        for severity in Severity.allCases.reversed() {
            let group = active.filter { $0.severity == severity }
            guard !group.isEmpty else { continue }
            out += "### \(severity.capitalized) (\(group.count))\n\n" + findingTableHeader
            for f in group { out += findingRow(f) }
            out += "\n"
        }
        return out
    }

    private static func suppressed(_ report: Report) -> String {
        let suppressed = report.suppressedFindings
        guard !suppressed.isEmpty else { return "" }
        let e = Escape.markdown
        var out = ["## Suppressed findings (\(suppressed.count))", "",
                   "| Rule | Severity | Subject | Message | Suppressed by | Reason | Owner | Expires |",
                   "|---|---|---|---|---|---|---|---|"]
        for f in suppressed.sorted(by: Finding.reportOrder) {
            guard let s = f.suppression else { continue }
            let cells = [e(f.ruleID), f.severity.rawValue, subject(f), e(f.message), s.kind.label, e(s.reason),
                         s.owner.map(e) ?? "", s.expires.map(e) ?? ""]
            out.append("| " + cells.joined(separator: " | ") + " |")
        }
        return out.joined(separator: "\n") + "\n\n"
    }

    private static func skipped(_ report: Report) -> String {
        guard !report.skipped.isEmpty else { return "" }
        let e = Escape.markdown
        var out = ["## Skipped inputs", "", "| Input | Reason |", "|---|---|"]
        for item in report.skipped.sorted(by: { ($0.source, $0.reason) < ($1.source, $1.reason) }) {
            out.append("| \(e(item.source)) | \(e(item.reason)) |")
        }
        return out.joined(separator: "\n") + "\n\n"
    }

    private static func inventory(_ report: Report) -> String {
        guard let inv = report.inventory, !inv.isEmpty else { return "" }
        let e = Escape.markdown
        var out = ["## Inventory", ""]
        if !inv.systems.isEmpty {
            out += ["### Systems (\(inv.systems.count))", "", "| System | Level | Services | Declared at |", "|---|---:|---|---|"]
            for s in inv.systems {
                out.append("| \(e(s.name)) | \(s.level.map(String.init) ?? "") | \(s.services.map(e).joined(separator: ", ")) | \(s.location.map { e($0.description) } ?? "") |")
            }
            out.append("")
        }
        if !inv.workloads.isEmpty {
            out += ["### Kubernetes workloads (\(inv.workloads.count))", "", "| Workload | Location | Images | Container ports |", "|---|---|---|---|"]
            for w in inv.workloads {
                out.append("| \(e("\(w.kind)/\(w.namespace)/\(w.name)")) | \(w.location.map { e($0.description) } ?? "") | \(w.images.map(e).joined(separator: "<br>")) | \(w.ports.map(String.init).joined(separator: ", ")) |")
            }
            out.append("")
        }
        if !inv.composeServices.isEmpty {
            out += ["### Compose services (\(inv.composeServices.count))", "", "| Service | Location | Image | Ports |", "|---|---|---|---|"]
            for s in inv.composeServices {
                out.append("| \(e(s.name)) | \(s.location.map { e($0.description) } ?? "") | \(s.image.map(e) ?? "") | \(s.ports.map(e).joined(separator: ", ")) |")
            }
            out.append("")
        }
        if !inv.hosts.isEmpty {
            out += ["### Open ports", "", "| Host | Port | Service | Product | TLS | Authentication |", "|---|---:|---|---|---|---|"]
            for h in inv.hosts {
                let name = h.host == h.ip ? h.host : "\(h.host) (\(h.ip))"
                if h.openPorts.isEmpty {
                    out.append("| \(e(name)) | – | no open port among \(h.portsScanned.map(String.init) ?? "the") scanned | | | |")
                }
                for p in h.openPorts {
                    let product = [p.product, p.version].compactMap { $0 }.joined(separator: " ")
                    out.append("| \(e(name)) | \(p.port) | \(e(p.service ?? "not identified")) | \(e(product)) | \(p.tls.map { $0 ? "yes" : "no" } ?? "") | \(e(p.authentication ?? "")) |")
                }
            }
            out.append("")
        }
        if !inv.endpoints.isEmpty {
            out += ["### TLS endpoints (\(inv.endpoints.count))", "", "| Endpoint | Protocols | Suites | Certificate | Expires | Trusted |", "|---|---|---|---|---|---|"]
            for t in inv.endpoints {
                let suites = t.protocols.map { v in "\(v): " + (t.suites[v] ?? []).joined(separator: ", ") }.map(e).joined(separator: "<br>")
                let cert = t.certificate
                out.append("| \(e(endpointName(t))) | \(t.protocols.map(e).joined(separator: ", ")) | \(suites) | \(cert.map { e($0.subject) } ?? "none") | \(cert.map { e($0.notAfter) } ?? "") | \(cert.map { $0.trusted ? "yes" : "no" } ?? "") |")
            }
            out.append("")
        }
        return out.joined(separator: "\n") + "\n"
    }

    private static func sources(_ report: Report) -> String {
        var out = ["## Sources scanned (\(report.sources.count))", ""]
        out += report.sources.isEmpty ? ["None."] : report.sources.map { "- \(Escape.markdown($0))" }
        return out.joined(separator: "\n") + "\n"
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

func endpointName(_ t: InventoryEndpoint) -> String {
    let host = t.host.contains(":") ? "[\(t.host)]" : t.host
    var s = "\(host):\(t.port)"
    if t.ip != t.host { s += " (\(t.ip))" }
    if let sni = t.sni, sni != t.host { s += " SNI \(sni)" }
    return s
}
