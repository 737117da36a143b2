import Foundation
import RampartCore

/// Every format `--format` accepts.
public enum OutputFormat: String, CaseIterable, Sendable {
    case text, json, sarif, junit, markdown, html
}

/// Choices the CLI makes for the reader; the writers never look at the terminal themselves.
public struct RenderOptions: Sendable {
    /// ANSI colour in text output (the CLI decides: TTY and no NO_COLOR).
    public var color: Bool
    /// Show suppressed findings, skipped inputs, evidence and remediation in text output.
    public var verbose: Bool
    /// SVG drawings of the report's designs by design file, made by Graphviz `dot` when it is installed.
    public var designSVGs: [String: String] = [:]
    /// Largest Markdown output in characters; findings are left out, least severe first, to fit (and the
    /// report says what it left out). Nil: everything.
    public var markdownLimit: Int?

    public init(color: Bool = false, verbose: Bool = false, markdownLimit: Int? = nil) {
        self.color = color
        self.verbose = verbose
        self.markdownLimit = markdownLimit
    }
}

/// One entry point for all formats. Every writer is a pure function of the report: same report, same bytes.
public enum ReportWriter {
    public static func render(_ report: Report, as format: OutputFormat, options: RenderOptions = RenderOptions()) -> String {
        switch format {
        case .text: TextWriter(report: report, options: options).render()
        case .json: JSONReportWriter.render(report)
        case .sarif: SARIFWriter.render(report)
        case .junit: JUnitWriter.render(report)
        case .markdown: withinLimit(MarkdownWriter.render(report, limit: options.markdownLimit), DesignDiagram.markdownSection(report), options.markdownLimit)
        case .html: withDesign(HTMLWriter.render(report), DesignDiagram.htmlSection(report, svgs: options.designSVGs))
        }
    }
}

/// Appends the design diagram to a Markdown report unless that would pass the size limit.
private func withinLimit(_ markdown: String, _ section: String, _ limit: Int?) -> String {
    guard let limit, markdown.utf8.count + section.utf8.count > limit else { return markdown + section }
    return markdown
}

/// Puts the design section before the end of the HTML body.
private func withDesign(_ html: String, _ section: String) -> String {
    guard !section.isEmpty, let end = html.range(of: "</body>", options: .backwards) else { return html }
    return html.replacingCharacters(in: end, with: section + "</body>")
}

extension ReportWriter {
    /// As `render`, but handed to `sink` in chunks of about 64 KB: JSON and SARIF stream their findings one at a
    /// time, so that a large report is never held in memory as a whole document too.
    public static func write(_ report: Report, as format: OutputFormat, options: RenderOptions = RenderOptions(),
                             to sink: @escaping (String) -> Void) {
        let chunks = ChunkedSink(output: sink)
        switch format {
        case .json: JSONReportWriter.write(report, to: chunks.write)
        case .sarif: SARIFWriter.write(report, to: chunks.write)
        default: chunks.write(render(report, as: format, options: options))
        }
        chunks.flush()
    }
}

// Shared vocabulary of the human-readable writers, so that text, Markdown and HTML say the same things.
extension Finding {
    /// Most severe first, then by place, rule and fingerprint. Writers sort themselves rather than trust the
    /// order they were given (merged shard reports need not be sorted).
    static func reportOrder(_ a: Finding, _ b: Finding) -> Bool {
        if a.severity != b.severity { return a.severity > b.severity }
        return placeOrder(a, b)
    }

    /// By place first (file, line, column, endpoint), then rule and fingerprint.
    static func placeOrder(_ a: Finding, _ b: Finding) -> Bool {
        let la = a.subject.location, lb = b.subject.location
        if la?.file != lb?.file { return (la?.file ?? "") < (lb?.file ?? "") }
        if la?.line != lb?.line { return (la?.line ?? 0) < (lb?.line ?? 0) }
        if la?.column != lb?.column { return (la?.column ?? 0) < (lb?.column ?? 0) }
        let ea = a.subject.endpoint?.displayName ?? "", eb = b.subject.endpoint?.displayName ?? ""
        if ea != eb { return ea < eb }
        if (a.subject.resource ?? "") != (b.subject.resource ?? "") { return (a.subject.resource ?? "") < (b.subject.resource ?? "") }
        if a.ruleID != b.ruleID { return a.ruleID < b.ruleID }
        return a.fingerprint < b.fingerprint
    }

    /// What the finding is grouped under: its file, its endpoint, else its resource (a design element).
    var groupName: String {
        if let file = subject.location?.file { return file }
        if let endpoint = subject.endpoint { return endpoint.displayName }
        if let resource = subject.resource { return resource }
        return "(no subject)"
    }

    /// `file:line:col`, or `host:port/tcp`, or the resource.
    var place: String {
        if let location = subject.location { return location.description }
        if let endpoint = subject.endpoint { return endpoint.displayName }
        return subject.resource ?? "-"
    }

    /// Resource and field path (what `place` does not already say), for the line under the finding.
    var detail: String? {
        var parts: [String] = []
        if let resource = subject.resource, subject.location != nil || subject.endpoint != nil { parts.append(resource) }
        if let fieldPath = subject.fieldPath { parts.append(fieldPath) }
        if let endpoint = subject.endpoint {
            if let service = endpoint.service { parts.append("service \(service)") }
            if let sni = endpoint.sni, sni != endpoint.host { parts.append("SNI \(sni)") }
        }
        return parts.isEmpty ? nil : parts.joined(separator: "  ")
    }

    /// The names a user could have given for this finding's source: its file, or its endpoint as `host`,
    /// `host:port`, `[v6]:port`, `host:port/tcp`.
    var sourceNames: Set<String> {
        var names: Set<String> = []
        if let file = subject.location?.file { names.insert(file) }
        if let endpoint = subject.endpoint {
            let host = endpoint.host.contains(":") ? "[\(endpoint.host)]" : endpoint.host
            names.formUnion([endpoint.host, host, endpoint.displayName])
            if let port = endpoint.port {
                names.insert("\(host):\(port)")
                names.insert("\(host):\(port)/\(endpoint.transport)")
            }
        }
        return names
    }
}

/// Whether any finding is about `source` (a file path or a probe target as the user named it), given the union
/// of the findings' `sourceNames`. A URL target is matched by its authority (host, or host:port).
func isConcerned(_ source: String, names: Set<String>) -> Bool {
    if names.contains(source) { return true }
    guard let schemeEnd = source.range(of: "://") else { return false }
    var authority = source[schemeEnd.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
    if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
    return names.contains(String(authority))
}

extension Suppression.Kind {
    var label: String {
        switch self {
        case .inline: "inline annotation"
        case .waiver: "waiver"
        case .baseline: "baseline"
        }
    }
}

extension Suppression {
    /// `waiver (owner sec-team, expires 2027-01-31): reason`
    var summary: String {
        var extras: [String] = []
        if let owner { extras.append("owner \(owner)") }
        if let expires { extras.append("expires \(expires)") }
        let head = extras.isEmpty ? kind.label : "\(kind.label) (\(extras.joined(separator: ", ")))"
        return "\(head): \(reason)"
    }
}

extension Severity {
    var label: String { rawValue.uppercased() }
    var capitalized: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
}

extension Stage {
    var label: String {
        switch self {
        case .design: "Design"
        case .manifests: "Manifests"
        case .live: "Live"
        case .drift: "Drift"
        case .input: "Input"
        }
    }
}

extension ControlResult.Status {
    var label: String {
        switch self {
        case .passed: "passed"
        case .failed: "FAILED"
        case .notAssessed: "not assessed"
        }
    }
}

extension Report {
    /// Stages every summary shows, even at zero, so that "nothing found in live" is visibly different from a
    /// missing row; drift and input appear only when they have findings.
    static let reportedStages: [Stage] = [.design, .manifests, .live]

    /// Active findings per stage and severity.
    var countsByStage: [Stage: [Severity: Int]] {
        var counts: [Stage: [Severity: Int]] = [:]
        for f in activeFindings { counts[f.effectiveStage, default: [:]][f.severity, default: 0] += 1 }
        return counts
    }

    var suppressedFindings: [Finding] { findings.filter(\.isSuppressed) }

    /// One sentence on the gate: `FAIL: 3 active findings at or above high` / `PASS: no active findings at or above high`,
    /// or `INCOMPLETE: …` when an input or target was not fully scanned (the run exits 2).
    var gateSentence: String { verdict + ": " + gateDetail }

    var verdict: String { !notScanned.isEmpty ? "INCOMPLETE" : passed ? "PASS" : "FAIL" }

    /// `3 active findings at or above high` / `no active findings at or above high`.
    var gateDetail: String {
        let n = gateFindings.count
        let gate = n == 0 ? "no active findings at or above \(failOn.rawValue)"
            : "\(n) active finding\(n == 1 ? "" : "s") at or above \(failOn.rawValue)"
        let missed = notScanned.count
        return missed == 0 ? gate : "\(missed) input\(missed == 1 ? "" : "s") not fully scanned (see input/*); \(gate)"
    }
}

extension Reference {
    /// Link only when the URL is plainly http(s); anything else is shown as text.
    var safeURL: String? { url.flatMap { Escape.isSafeURL($0) ? $0 : nil } }
}
