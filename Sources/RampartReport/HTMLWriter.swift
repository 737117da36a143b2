import RampartCore

/// The auditor's report as one self-contained HTML page: inline CSS, no script, no external resource (a
/// Content-Security-Policy forbids both, as a second line behind escaping every value with `Escape.html`).
/// Same content as the Markdown report.
enum HTMLWriter {
    static func render(_ report: Report) -> String {
        let h = Escape.html
        var o: [String] = []
        o += [
            "<!DOCTYPE html>",
            "<html lang=\"en\">",
            "<head>",
            "<meta charset=\"utf-8\">",
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
            "<title>Rampart security report: \(h(report.policy)) \(h(report.generatedAt))</title>",
            "<style>\(css)</style>",
            "</head>",
            "<body>",
            "<h1>Rampart security report</h1>",
        ]

        let verdictClass = report.passed && report.notScanned.isEmpty ? "pass" : "fail"
        o += [
            "<table class=\"meta\">",
            "<tr><th>Result</th><td><span class=\"verdict \(verdictClass)\">\(h(report.gateSentence))</span></td></tr>",
            "<tr><th>Policy</th><td>\(h(report.policy))</td></tr>",
            "<tr><th>Generated</th><td>\(h(report.generatedAt))</td></tr>",
            "<tr><th>Tool</th><td>\(h(report.tool.name)) \(h(report.tool.version))</td></tr>",
            "<tr><th>Sources</th><td>\(report.sources.count) scanned, \(report.skipped.count) skipped</td></tr>",
            "<tr><th>Report schema</th><td>\(h(report.schemaVersion))</td></tr>",
            "</table>",
        ]

        let counts = report.countsBySeverity
        let suppressed = report.suppressedFindings
        o += ["<h2>Summary</h2>", "<table class=\"summary\">",
              "<thead><tr><th>Severity</th><th>Active</th><th>Suppressed</th><th>Gate</th></tr></thead>", "<tbody>"]
        for severity in Severity.allCases.reversed() {
            let s = suppressed.filter { $0.severity == severity }.count
            let gate = severity >= report.failOn ? "fails the run" : "reported only"
            o.append("<tr><td>\(badge(severity))</td><td class=\"num\">\(counts[severity, default: 0])</td>"
                + "<td class=\"num\">\(s)</td><td>\(gate)</td></tr>")
        }
        o += ["<tr class=\"total\"><td>Total</td><td class=\"num\">\(report.activeFindings.count)</td>"
            + "<td class=\"num\">\(suppressed.count)</td><td></td></tr>", "</tbody>", "</table>"]

        o.append("<h2>Findings</h2>")
        let active = report.activeFindings.sorted(by: Finding.reportOrder)
        if active.isEmpty { o.append("<p>No active findings.</p>") }
        for severity in Severity.allCases.reversed() {
            let group = active.filter { $0.severity == severity }
            guard !group.isEmpty else { continue }
            o += ["<h3 id=\"severity-\(severity.rawValue)\">\(severity.capitalized) (\(group.count))</h3>",
                  "<table class=\"findings\">",
                  "<thead><tr><th>Rule</th><th>Subject</th><th>Message</th><th>Evidence</th><th>Remediation</th><th>References</th></tr></thead>",
                  "<tbody>"]
            for f in group {
                o.append("<tr class=\"sev-\(f.severity.rawValue)\">"
                    + "<td><code>\(h(f.ruleID))</code><br>\(h(f.title))</td>"
                    + "<td>\(subject(f))</td>"
                    + "<td>\(h(f.message))</td>"
                    + "<td>\(f.evidence.map { "<pre>\(h($0))</pre>" } ?? "")</td>"
                    + "<td>\(MarkdownToHTML.render(f.remediation))</td>"
                    + "<td>\(references(f.references))</td></tr>")
            }
            o += ["</tbody>", "</table>"]
        }

        if !suppressed.isEmpty {
            o += ["<h2>Suppressed findings (\(suppressed.count))</h2>", "<table class=\"suppressed\">",
                  "<thead><tr><th>Rule</th><th>Severity</th><th>Subject</th><th>Message</th><th>Suppressed by</th>"
                    + "<th>Reason</th><th>Owner</th><th>Expires</th></tr></thead>", "<tbody>"]
            for f in suppressed.sorted(by: Finding.reportOrder) {
                guard let s = f.suppression else { continue }
                o.append("<tr><td><code>\(h(f.ruleID))</code></td><td>\(badge(f.severity))</td><td>\(subject(f))</td>"
                    + "<td>\(h(f.message))</td><td>\(h(s.kind.label))</td><td>\(h(s.reason))</td>"
                    + "<td>\(h(s.owner ?? ""))</td><td>\(h(s.expires ?? ""))</td></tr>")
            }
            o += ["</tbody>", "</table>"]
        }

        if !report.skipped.isEmpty {
            o += ["<h2>Skipped inputs</h2>", "<table class=\"skipped\">",
                  "<thead><tr><th>Input</th><th>Reason</th></tr></thead>", "<tbody>"]
            for item in report.skipped.sorted(by: { ($0.source, $0.reason) < ($1.source, $1.reason) }) {
                o.append("<tr><td><code>\(h(item.source))</code></td><td>\(h(item.reason))</td></tr>")
            }
            o += ["</tbody>", "</table>"]
        }

        o.append("<h2>Sources scanned (\(report.sources.count))</h2>")
        if report.sources.isEmpty {
            o.append("<p>None.</p>")
        } else {
            // A city-wide scan lists thousands of sources: folded, so the findings stay the page's body.
            o.append("<details><summary>\(report.sources.count) file\(report.sources.count == 1 ? "" : "s") and target\(report.sources.count == 1 ? "" : "s")</summary>")
            o.append("<ul class=\"sources\">")
            o += report.sources.map { "<li><code>\(h($0))</code></li>" }
            o += ["</ul>", "</details>"]
        }
        o += ["</body>", "</html>", ""]
        return o.joined(separator: "\n")
    }

    private static func badge(_ severity: Severity) -> String {
        "<span class=\"badge sev-\(severity.rawValue)\">\(severity.label)</span>"
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
    body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:80rem;padding:0 1rem;color:#1b1f24;line-height:1.4}\
    h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #d0d7de}h3{font-size:1.05rem}\
    table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{border:1px solid #d0d7de;padding:.35rem .5rem;vertical-align:top;text-align:left}\
    th{background:#f6f8fa}table.meta,table.summary{width:auto}td.num{text-align:right}tr.total td{font-weight:600}\
    code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85em;overflow-wrap:anywhere}pre{white-space:pre-wrap;margin:0}\
    .badge{display:inline-block;padding:0 .4rem;border-radius:.3rem;font-size:.8em;font-weight:600;color:#fff}\
    .badge.sev-critical{background:#8b0000}.badge.sev-high{background:#cf222e}.badge.sev-medium{background:#bf8700}\
    .badge.sev-low{background:#0969da}.badge.sev-info{background:#6e7781}\
    tr.sev-critical td:first-child{border-left:4px solid #8b0000}tr.sev-high td:first-child{border-left:4px solid #cf222e}\
    tr.sev-medium td:first-child{border-left:4px solid #bf8700}tr.sev-low td:first-child{border-left:4px solid #0969da}\
    tr.sev-info td:first-child{border-left:4px solid #6e7781}\
    .verdict{font-weight:700;padding:.1rem .5rem;border-radius:.3rem}.verdict.pass{background:#dafbe1;color:#116329}\
    .verdict.fail{background:#ffebe9;color:#a40e26}\
    summary{cursor:pointer}\
    @media print{body{margin:0;max-width:none}a{color:inherit}}
    """
}
