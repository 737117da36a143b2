import RampartCore

/// The auditor's report as one self-contained HTML page: inline CSS and SVG, no script, no external resource
/// (a Content-Security-Policy forbids both, as a second line behind escaping every value with `Escape.html`).
/// Order: verdict, summary by severity and by stage (with a bar chart), compliance tables, findings per file
/// or target with evidence folded, suppressed findings, skipped inputs, inventory, sources.
enum HTMLWriter {
    static func render(_ report: Report) -> String {
        let h = Escape.html
        var o: [String] = [
            "<!DOCTYPE html>",
            "<html lang=\"en\">",
            "<head>",
            "<meta charset=\"utf-8\">",
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
            "<meta name=\"referrer\" content=\"no-referrer\">",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
            "<title>Rampart security report: \(h(report.policy)) \(h(report.generatedAt))</title>",
            "<style>\(css)</style>",
            "</head>",
            "<body>",
            "<header><h1>Rampart security report</h1>",
        ]
        let verdictClass = report.verdict == "PASS" ? "pass" : report.verdict == "INCOMPLETE" ? "incomplete" : "fail"
        o += [
            "<p class=\"verdict \(verdictClass)\">\(h(report.gateSentence))</p>",
            "<table class=\"meta\">",
            "<tr><th>Policy</th><td>\(h(report.policy))</td></tr>",
            "<tr><th>Generated</th><td>\(h(report.generatedAt))</td></tr>",
            "<tr><th>Tool</th><td>\(h(report.tool.name)) \(h(report.tool.version))</td></tr>",
            "<tr><th>Sources</th><td>\(report.sources.count) scanned, \(report.skipped.count) skipped</td></tr>",
            "<tr><th>Report schema</th><td>\(h(report.schemaVersion))</td></tr>",
            "</table></header>",
        ]
        o += nav(report)
        o += summary(report)
        o += compliance(report)
        o += findings(report)
        o += suppressed(report)
        o += skipped(report)
        o += inventory(report)
        o += sources(report)
        o += ["<footer>Made by \(h(report.tool.name)) \(h(report.tool.version)). This page loads nothing from the network.</footer>",
              "</body>", "</html>", ""]
        return o.joined(separator: "\n")
    }

    private static func nav(_ report: Report) -> [String] {
        var links = [("summary", "Summary")]
        if report.compliance?.isEmpty == false { links.append(("compliance", "Compliance")) }
        links.append(("findings", "Findings"))
        if !report.suppressedFindings.isEmpty { links.append(("suppressed", "Suppressed")) }
        if !report.skipped.isEmpty { links.append(("skipped", "Skipped")) }
        if report.inventory.map({ !$0.isEmpty }) == true { links.append(("inventory", "Inventory")) }
        links.append(("sources", "Sources"))
        return ["<nav>" + links.map { "<a href=\"#\($0.0)\">\($0.1)</a>" }.joined(separator: " ") + "</nav>"]
    }

    // MARK: summary

    private static func summary(_ report: Report) -> [String] {
        let counts = report.countsBySeverity
        let suppressed = report.suppressedFindings
        var o = ["<section id=\"summary\"><h2>Summary</h2>", "<div class=\"cols\">", "<table class=\"summary\">",
                 "<thead><tr><th>Severity</th><th>Active</th><th>Suppressed</th><th>Gate</th></tr></thead>", "<tbody>"]
        for severity in Severity.allCases.reversed() {
            let s = suppressed.filter { $0.severity == severity }.count
            let gate = severity >= report.failOn ? "fails the run" : "reported only"
            o.append("<tr><td>\(badge(severity))</td><td class=\"num\">\(counts[severity, default: 0])</td>"
                + "<td class=\"num\">\(s)</td><td>\(gate)</td></tr>")
        }
        o += ["<tr class=\"total\"><td>Total</td><td class=\"num\">\(report.activeFindings.count)</td>"
            + "<td class=\"num\">\(suppressed.count)</td><td></td></tr>", "</tbody>", "</table>"]
        o.append(stageChart(report))
        o += ["</div>", "</section>"]
        return o
    }

    /// Stacked horizontal bars, one per stage, one segment per severity; numbers written beside each bar so the
    /// chart says the same without colour.
    static func stageChart(_ report: Report) -> String {
        let byStage = report.countsByStage
        let stages = Stage.allCases.filter { Report.reportedStages.contains($0) || (byStage[$0]?.values.reduce(0, +) ?? 0) > 0 }
        let totals = stages.map { byStage[$0]?.values.reduce(0, +) ?? 0 }
        let maxTotal = max(totals.max() ?? 0, 1)
        let labelWidth = 90, barWidth = 360, rowHeight = 30, top = 8
        let width = labelWidth + barWidth + 70
        let height = top + stages.count * rowHeight + 34
        var s = "<figure class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"\(width)\" height=\"\(height)\" "
            + "viewBox=\"0 0 \(width) \(height)\" aria-labelledby=\"chart-title\"><title id=\"chart-title\">Active findings by stage and severity</title>"
        for (i, stage) in stages.enumerated() {
            let y = top + i * rowHeight
            s += "<text x=\"0\" y=\"\(y + 18)\" class=\"label\">\(stage.label)</text>"
            s += "<rect x=\"\(labelWidth)\" y=\"\(y + 4)\" width=\"\(barWidth)\" height=\"20\" class=\"track\"/>"
            var x = labelWidth
            for severity in Severity.allCases.reversed() {
                let n = byStage[stage]?[severity] ?? 0
                guard n > 0 else { continue }
                let w = max(2, n * barWidth / maxTotal)
                s += "<rect x=\"\(x)\" y=\"\(y + 4)\" width=\"\(w)\" height=\"20\" class=\"sev-\(severity.rawValue)\">"
                    + "<title>\(stage.label): \(n) \(severity.rawValue)</title></rect>"
                x += w
            }
            s += "<text x=\"\(labelWidth + barWidth + 8)\" y=\"\(y + 18)\" class=\"count\">\(totals[i])</text>"
        }
        var lx = labelWidth
        let ly = top + stages.count * rowHeight + 12
        for severity in Severity.allCases.reversed() {
            s += "<rect x=\"\(lx)\" y=\"\(ly)\" width=\"12\" height=\"12\" class=\"sev-\(severity.rawValue)\"/>"
            s += "<text x=\"\(lx + 16)\" y=\"\(ly + 11)\" class=\"legend\">\(severity.rawValue)</text>"
            lx += 72
        }
        s += "</svg><figcaption>Active findings by stage (design, manifests, live) and severity.</figcaption></figure>"
        return s
    }

    // MARK: compliance

    private static func compliance(_ report: Report) -> [String] {
        guard let summaries = report.compliance, !summaries.isEmpty else { return [] }
        let h = Escape.html
        var o = ["<section id=\"compliance\"><h2>Compliance</h2>",
                 "<p class=\"note\">A control passes only when a rule that covers it ran on facts of its kind and found nothing. "
                    + "No covering rule, or nothing of that kind scanned, is <em>not assessed</em>: never compliance by silence.</p>",
                 "<table class=\"compliance-overview\"><thead><tr><th>Framework</th><th>Version</th><th>Passed</th><th>Failed</th>"
                    + "<th>Not assessed</th><th>Coverage</th></tr></thead><tbody>"]
        for s in summaries {
            let total = max(s.controls.count, 1)
            let p = s.count(.passed) * 160 / total, f = s.count(.failed) * 160 / total
            o.append("<tr><td><a href=\"#fw-\(anchor(s.framework))\">\(h(s.name))</a></td><td>\(h(s.version))</td>"
                + "<td class=\"num\">\(s.count(.passed))</td><td class=\"num\">\(s.count(.failed))</td>"
                + "<td class=\"num\">\(s.count(.notAssessed))</td>"
                + "<td>\(meter(passed: p, failed: f))</td></tr>")
        }
        o.append("</tbody></table>")
        for s in summaries {
            o.append("<h3 id=\"fw-\(anchor(s.framework))\">\(h(s.name)) <span class=\"version\">\(h(s.version))</span></h3>")
            if let url = s.url, Escape.isSafeURL(url) { o.append("<p class=\"note\"><a href=\"\(h(url))\" rel=\"noreferrer\">\(h(url))</a></p>") }
            o += ["<table class=\"controls\"><thead><tr><th>Control</th><th>Title</th><th>Status</th><th>Evidence</th></tr></thead><tbody>"]
            for c in s.controls {
                var detail: String
                switch c.status {
                case .failed:
                    detail = "<ul class=\"refs\">" + c.findings.prefix(20).map {
                        "<li>\(badge($0.severity)) <code>\(h($0.ruleID))</code> at <code>\(h($0.place))</code></li>"
                    }.joined() + (c.findings.count > 20 ? "<li>… \(c.findings.count - 20) more</li>" : "") + "</ul>"
                case .passed:
                    detail = "checked by " + c.rules.map { "<code>\(h($0))</code>" }.joined(separator: ", ")
                case .notAssessed:
                    detail = h(c.reason ?? "not assessed")
                }
                if c.suppressed > 0 { detail += "<br><span class=\"note\">\(c.suppressed) suppressed finding\(c.suppressed == 1 ? "" : "s")</span>" }
                if let note = c.note { detail += "<br><span class=\"note\">\(h(note))</span>" }
                o.append("<tr class=\"st-\(c.status.rawValue)\"><td><code>\(h(c.id))</code></td><td>\(h(c.title))</td>"
                    + "<td><span class=\"status st-\(c.status.rawValue)\">\(c.status.label)</span></td><td>\(detail)</td></tr>")
            }
            o.append("</tbody></table>")
        }
        o.append("</section>")
        return o
    }

    /// A 160-pixel bar: passed share in green, failed in red, the rest (not assessed) grey. SVG rather than
    /// styled spans, so that the page carries no style attributes at all.
    private static func meter(passed: Int, failed: Int) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"160\" height=\"10\" viewBox=\"0 0 160 10\" aria-hidden=\"true\">"
            + "<rect width=\"160\" height=\"10\" rx=\"5\" class=\"track\"/>"
            + "<rect width=\"\(passed)\" height=\"10\" class=\"m-pass\"/>"
            + "<rect x=\"\(passed)\" width=\"\(failed)\" height=\"10\" class=\"m-fail\"/></svg>"
    }

    // MARK: findings

    private static func findings(_ report: Report) -> [String] {
        let active = report.activeFindings
        var o = ["<section id=\"findings\"><h2>Findings</h2>"]
        if active.isEmpty { o.append("<p>No active findings.</p>") }
        let groups = Dictionary(grouping: active, by: \.groupName)
        // Groups with the most severe findings first, then by name.
        let order = groups.keys.sorted { a, b in
            let sa = groups[a]?.map(\.severity).max() ?? .info, sb = groups[b]?.map(\.severity).max() ?? .info
            return sa != sb ? sa > sb : a < b
        }
        for name in order {
            let group = (groups[name] ?? []).sorted(by: Finding.reportOrder)
            let counts = Severity.allCases.reversed().compactMap { s -> String? in
                let n = group.filter { $0.severity == s }.count
                return n > 0 ? "\(badge(s)) \(n)" : nil
            }
            o.append("<section class=\"group\"><h3><code>\(Escape.html(name))</code> <span class=\"counts\">\(counts.joined(separator: " "))</span></h3>")
            for f in group { o.append(finding(f)) }
            o.append("</section>")
        }
        o.append("</section>")
        return o
    }

    private static func finding(_ f: Finding) -> String {
        let h = Escape.html
        var body = "<dl>"
        body += "<dt>Where</dt><dd><code>\(h(f.place))</code>\(f.detail.map { "<br><code>\(h($0))</code>" } ?? "")</dd>"
        body += "<dt>Stage</dt><dd>\(f.effectiveStage.label)</dd>"
        if let evidence = f.evidence, !evidence.isEmpty { body += "<dt>Evidence</dt><dd><pre>\(h(evidence))</pre></dd>" }
        body += "<dt>Remediation</dt><dd class=\"remediation\">\(MarkdownToHTML.render(f.remediation))</dd>"
        if !f.references.isEmpty { body += "<dt>References</dt><dd>\(references(f.references))</dd>" }
        body += "<dt>Fingerprint</dt><dd><code>\(h(f.fingerprint))</code></dd></dl>"
        // The group heading already names the file or endpoint: a file finding shows only its line and column.
        let place = f.subject.location.map { "line \($0.line):\($0.column)" } ?? (f.subject.endpoint == nil ? f.place : nil)
        return "<details class=\"finding sev-\(f.severity.rawValue)\"><summary>\(badge(f.severity)) <code class=\"rule\">\(h(f.ruleID))</code> "
            + (place.map { "<code class=\"place\">\(h($0))</code> " } ?? "")
            + "<span class=\"msg\">\(h(f.message))</span></summary>\(body)</details>"
    }

    private static func suppressed(_ report: Report) -> [String] {
        let suppressed = report.suppressedFindings
        guard !suppressed.isEmpty else { return [] }
        let h = Escape.html
        var o = ["<section id=\"suppressed\"><h2>Suppressed findings (\(suppressed.count))</h2>", "<table class=\"suppressed\">",
                 "<thead><tr><th>Rule</th><th>Severity</th><th>Subject</th><th>Message</th><th>Suppressed by</th>"
                    + "<th>Reason</th><th>Owner</th><th>Expires</th></tr></thead>", "<tbody>"]
        for f in suppressed.sorted(by: Finding.reportOrder) {
            guard let s = f.suppression else { continue }
            o.append("<tr><td><code>\(h(f.ruleID))</code></td><td>\(badge(f.severity))</td><td>\(subject(f))</td>"
                + "<td>\(h(f.message))</td><td>\(h(s.kind.label))</td><td>\(h(s.reason))</td>"
                + "<td>\(h(s.owner ?? ""))</td><td>\(h(s.expires ?? ""))</td></tr>")
        }
        o += ["</tbody>", "</table>", "</section>"]
        return o
    }

    private static func skipped(_ report: Report) -> [String] {
        guard !report.skipped.isEmpty else { return [] }
        let h = Escape.html
        var o = ["<section id=\"skipped\"><h2>Skipped inputs</h2>", "<table class=\"skipped\">",
                 "<thead><tr><th>Input</th><th>Reason</th></tr></thead>", "<tbody>"]
        for item in report.skipped.sorted(by: { ($0.source, $0.reason) < ($1.source, $1.reason) }) {
            o.append("<tr><td><code>\(h(item.source))</code></td><td>\(h(item.reason))</td></tr>")
        }
        o += ["</tbody>", "</table>", "</section>"]
        return o
    }

    // MARK: inventory

    private static func inventory(_ report: Report) -> [String] {
        guard let inv = report.inventory, !inv.isEmpty else { return [] }
        let h = Escape.html
        func loc(_ l: SourceLocation?) -> String { l.map { "<code>\(h($0.description))</code>" } ?? "" }
        var o = ["<section id=\"inventory\"><h2>Inventory</h2>",
                 "<p class=\"note\">Everything scanned, whether or not a rule found something there.</p>"]
        if !inv.systems.isEmpty {
            o += ["<h3>Systems (\(inv.systems.count))</h3>", "<table><thead><tr><th>System</th><th>Level</th><th>Services</th><th>Declared at</th></tr></thead><tbody>"]
            for s in inv.systems {
                o.append("<tr><td>\(h(s.name))</td><td class=\"num\">\(s.level.map(String.init) ?? "")</td><td>\(h(s.services.joined(separator: ", ")))</td><td>\(loc(s.location))</td></tr>")
            }
            o.append("</tbody></table>")
        }
        if !inv.workloads.isEmpty {
            o += ["<h3>Kubernetes workloads (\(inv.workloads.count))</h3>", "<table><thead><tr><th>Workload</th><th>Location</th><th>Images</th><th>Container ports</th></tr></thead><tbody>"]
            for w in inv.workloads {
                o.append("<tr><td><code>\(h("\(w.kind)/\(w.namespace)/\(w.name)"))</code></td><td>\(loc(w.location))</td>"
                    + "<td>\(w.images.map { "<code>\(h($0))</code>" }.joined(separator: "<br>"))</td><td>\(w.ports.map(String.init).joined(separator: ", "))</td></tr>")
            }
            o.append("</tbody></table>")
        }
        if !inv.composeServices.isEmpty {
            o += ["<h3>Compose services (\(inv.composeServices.count))</h3>", "<table><thead><tr><th>Service</th><th>Location</th><th>Image</th><th>Ports</th></tr></thead><tbody>"]
            for s in inv.composeServices {
                o.append("<tr><td>\(h(s.name))</td><td>\(loc(s.location))</td><td><code>\(h(s.image ?? ""))</code></td><td>\(h(s.ports.joined(separator: ", ")))</td></tr>")
            }
            o.append("</tbody></table>")
        }
        if !inv.hosts.isEmpty {
            o += ["<h3>Open ports</h3>", "<table><thead><tr><th>Host</th><th>Port</th><th>Service</th><th>Product</th><th>TLS</th><th>Authentication</th></tr></thead><tbody>"]
            for host in inv.hosts {
                let name = host.host == host.ip ? host.host : "\(host.host) (\(host.ip))"
                if host.openPorts.isEmpty {
                    o.append("<tr><td>\(h(name))</td><td colspan=\"5\">no open port among \(host.portsScanned.map(String.init) ?? "the") ports scanned</td></tr>")
                }
                for p in host.openPorts {
                    let product = [p.product, p.version].compactMap { $0 }.joined(separator: " ")
                    o.append("<tr><td>\(h(name))</td><td class=\"num\">\(p.port)</td><td>\(h(p.service ?? "not identified"))</td><td>\(h(product))</td>"
                        + "<td>\(p.tls.map { $0 ? "yes" : "no" } ?? "")</td><td>\(h(p.authentication ?? ""))</td></tr>")
                }
            }
            o.append("</tbody></table>")
        }
        if !inv.endpoints.isEmpty {
            o += ["<h3>TLS endpoints (\(inv.endpoints.count))</h3>", "<table><thead><tr><th>Endpoint</th><th>Protocols</th><th>Suites</th><th>Certificate</th><th>Expires</th><th>Trusted</th></tr></thead><tbody>"]
            for t in inv.endpoints {
                let count = t.suites.values.map(\.count).reduce(0, +)
                let suites = "<details><summary>\(count) suite\(count == 1 ? "" : "s")</summary>"
                    + t.protocols.map { v in "<b>\(h(v))</b><br>" + (t.suites[v] ?? []).map { "<code>\(h($0))</code>" }.joined(separator: "<br>") }.joined(separator: "<br>")
                    + "</details>"
                let cert = t.certificate
                o.append("<tr><td><code>\(h(endpointName(t)))</code></td><td>\(h(t.protocols.joined(separator: ", ")))</td><td>\(suites)</td>"
                    + "<td>\(cert.map { h($0.subject) + "<br><span class=\"note\">issuer " + h($0.issuer) + ", \(h($0.keyType)) \($0.keyBits)</span>" } ?? "none")</td>"
                    + "<td>\(cert.map { h($0.notAfter) } ?? "")</td><td>\(cert.map { $0.trusted ? "yes" : "no" } ?? "")</td></tr>")
            }
            o.append("</tbody></table>")
        }
        o.append("</section>")
        return o
    }

    private static func sources(_ report: Report) -> [String] {
        var o = ["<section id=\"sources\"><h2>Sources scanned (\(report.sources.count))</h2>"]
        if report.sources.isEmpty {
            o.append("<p>None.</p>")
        } else {
            // A city-wide scan lists thousands of sources: folded, so the findings stay the page's body.
            o.append("<details><summary>\(report.sources.count) file\(report.sources.count == 1 ? "" : "s") and target\(report.sources.count == 1 ? "" : "s")</summary>")
            o.append("<ul class=\"sources\">")
            o += report.sources.map { "<li><code>\(Escape.html($0))</code></li>" }
            o += ["</ul>", "</details>"]
        }
        o.append("</section>")
        return o
    }

    // MARK: pieces

    private static func badge(_ severity: Severity) -> String {
        "<span class=\"badge sev-\(severity.rawValue)\">\(severity.label)</span>"
    }

    /// Framework ids are data: keep anchors to a safe alphabet.
    private static func anchor(_ s: String) -> String {
        String(s.unicodeScalars.map { ($0.properties.isAlphabetic && $0.isASCII) || ("0"..."9").contains($0) ? Character($0) : "-" })
    }

    private static func subject(_ f: Finding) -> String {
        var s = "<code>\(Escape.html(f.place))</code>"
        if let detail = f.detail { s += "<br>\(Escape.html(detail))" }
        return s
    }

    private static func references(_ refs: [Reference]) -> String {
        refs.map { ref in
            ref.safeURL.map { "<a href=\"\(Escape.html($0))\" rel=\"noreferrer\">\(Escape.html(ref.description))</a>" }
                ?? Escape.html(ref.description)
        }.joined(separator: "<br>")
    }

    private static let css = """
    :root{--crit:#8b0000;--high:#cf222e;--med:#bf8700;--low:#0969da;--info:#6e7781;--line:#d0d7de;--soft:#f6f8fa}\
    body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:1.5rem auto;max-width:82rem;padding:0 1rem;color:#1b1f24;line-height:1.45}\
    h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid var(--line);padding-bottom:.2rem}h3{font-size:1.05rem;margin:1.2rem 0 .4rem}\
    nav{position:sticky;top:0;background:#fff;border-bottom:1px solid var(--line);padding:.4rem 0;z-index:1}nav a{margin-right:1rem;color:#0550ae;text-decoration:none}\
    table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{border:1px solid var(--line);padding:.35rem .5rem;vertical-align:top;text-align:left}\
    th{background:var(--soft)}table.meta,table.summary,table.compliance-overview{width:auto}td.num{text-align:right}tr.total td{font-weight:600}\
    code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85em;overflow-wrap:anywhere}pre{white-space:pre-wrap;margin:0;background:var(--soft);padding:.4rem;border-radius:.3rem}\
    .badge{display:inline-block;padding:0 .4rem;border-radius:.3rem;font-size:.75em;font-weight:600;color:#fff;vertical-align:middle}\
    .badge.sev-critical{background:var(--crit)}.badge.sev-high{background:var(--high)}.badge.sev-medium{background:var(--med)}\
    .badge.sev-low{background:var(--low)}.badge.sev-info{background:var(--info)}\
    rect.sev-critical{fill:#8b0000}rect.sev-high{fill:#cf222e}rect.sev-medium{fill:#bf8700}rect.sev-low{fill:#0969da}rect.sev-info{fill:#6e7781}\
    rect.track{fill:#eef1f4}svg text{font-size:13px;fill:#1b1f24}svg text.legend{font-size:12px}svg text.count{font-weight:600}\
    .cols{display:flex;flex-wrap:wrap;gap:2rem;align-items:flex-start}figure.chart{margin:0}figcaption{font-size:.85em;color:#57606a}\
    .verdict{display:inline-block;font-weight:700;padding:.25rem .7rem;border-radius:.3rem;margin:.4rem 0}.verdict.pass{background:#dafbe1;color:#116329}\
    .verdict.fail{background:#ffebe9;color:#a40e26}.verdict.incomplete{background:#fff8c5;color:#7d4e00}\
    .note{color:#57606a;font-size:.9em}.version{font-weight:400;color:#57606a}\
    .status{font-weight:600;white-space:nowrap}.status.st-passed{color:#116329}.status.st-failed{color:#a40e26}.status.st-not-assessed{color:#57606a}\
    tr.st-failed td:first-child{border-left:4px solid var(--high)}tr.st-passed td:first-child{border-left:4px solid #2da44e}\
    rect.m-pass{fill:#2da44e}rect.m-fail{fill:#cf222e}ul.refs{margin:0;padding-left:1rem}\
    section.group{margin-bottom:1rem}.counts .badge{margin-left:.3rem}\
    details.finding{border:1px solid var(--line);border-left-width:4px;border-radius:.3rem;margin:.3rem 0;padding:.3rem .6rem}\
    details.finding.sev-critical{border-left-color:var(--crit)}details.finding.sev-high{border-left-color:var(--high)}\
    details.finding.sev-medium{border-left-color:var(--med)}details.finding.sev-low{border-left-color:var(--low)}details.finding.sev-info{border-left-color:var(--info)}\
    details.finding summary{cursor:pointer}details.finding summary code.rule{font-weight:600}details.finding summary code.place{color:#57606a}\
    dl{display:grid;grid-template-columns:8rem 1fr;gap:.3rem .8rem;margin:.6rem 0}dt{font-weight:600;color:#57606a}dd{margin:0}\
    .remediation p{margin:0 0 .3rem}.remediation ul{margin:0;padding-left:1.2rem}\
    summary{cursor:pointer}footer{margin-top:3rem;color:#57606a;font-size:.85em;border-top:1px solid var(--line);padding-top:.5rem}\
    @media print{body{margin:0;max-width:none}a{color:inherit}nav{display:none}}
    """
}
