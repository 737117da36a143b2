import Foundation
import RampartCore

/// SARIF 2.1.0 (OASIS), one run, as GitHub code scanning, GitLab and IDE viewers read it.
/// - Rules carry `security-severity` (GitHub ranks alerts by it) and help text with remediation and references.
/// - File findings get a physical location (relative paths against `%SRCROOT%`), plus logical locations for
///   the resource and field; endpoint findings get only a logical location, since they have no file.
/// - `partialFingerprints["rampart/v1"]` is the finding's fingerprint, so that alerts survive line moves.
/// - Suppressed findings stay in the log with `suppressions` (inline annotation = `inSource`,
///   waiver or baseline = `external`), which is how viewers hide them without losing them.
enum SARIFWriter {
    static let schemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    static let fingerprintKey = "rampart/v1"

    static func render(_ report: Report) -> String {
        var out = ""
        write(report) { out += $0 }
        return out
    }

    /// Streams the log to `sink`, one result at a time; the bytes equal `renderWhole`.
    static func write(_ report: Report, to sink: @escaping (String) -> Void) {
        let parts = Parts(report)
        let json = StreamingJSON(sink: sink)
        let run = parts.run
        // Keys in `.sortedKeys` order: the log's, then the run's.
        json.object(depth: 0, [
            ("$schema", { sink(json.encoded(schemaURI, depth: 1)) }),
            ("runs", {
                sink("[\n    ")
                json.object(depth: 2, [
                    ("columnKind", { sink(json.encoded(run.columnKind, depth: 3)) }),
                    ("invocations", { sink(json.encoded(run.invocations, depth: 3)) }),
                    ("originalUriBaseIds", { sink(json.encoded(run.originalUriBaseIds, depth: 3)) }),
                    ("properties", { sink(json.encoded(run.properties, depth: 3)) }),
                    ("results", {
                        json.array(parts.findings.lazy.map { result($0, ruleIndex: parts.index[$0.ruleID] ?? 0) },
                                   depth: 3, empty: json.emptyArray(depth: 3))
                    }),
                    ("tool", { sink(json.encoded(run.tool, depth: 3)) }),
                ])
                sink("\n  ]")
            }),
            ("version", { sink(json.encoded("2.1.0", depth: 1)) }),
        ])
        sink("\n")
    }

    /// The whole log through one JSONEncoder call: the reference the streamed output is tested against.
    static func renderWhole(_ report: Report) -> String {
        let parts = Parts(report)
        var run = parts.run
        run.results = parts.findings.map { result($0, ruleIndex: parts.index[$0.ruleID] ?? 0) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(Log(schema: schemaURI, version: "2.1.0", runs: [run])) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Everything in the run but its results, which are made one at a time from `findings`.
    private struct Parts {
        var findings: [Finding]
        var index: [String: Int]
        var run: Log.Run

        init(_ report: Report) {
            let findings = report.findings.sorted(by: Finding.reportOrder)
            let rules = ruleTable(report, findings: findings)
            let index = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
            // A policy may raise or lower a rule's severity; GitHub ranks alerts by the rule's security-severity,
            // so the rule entry carries the severity its findings actually have in this run.
            var effectiveSeverity: [String: Severity] = [:]
            for f in findings { effectiveSeverity[f.ruleID] = max(effectiveSeverity[f.ruleID] ?? f.severity, f.severity) }

            // Inputs read but not judged become notes, so that nothing is skipped silently.
            let notes = report.skipped.map { Log.Notification(level: "note", message: Log.Message(text: "Skipped \($0.source): \($0.reason)")) }
            // Relative URIs resolve against %SRCROOT%, which is the report's root when it knows one.
            let rootURI = report.root.flatMap { $0.hasPrefix("/") ? "file://" + percentEncode($0.hasSuffix("/") ? $0 : $0 + "/") : nil }
            run = Log.Run(
                tool: Log.Tool(driver: Log.Driver(name: report.tool.name, version: report.tool.version,
                                                  semanticVersion: report.tool.version,
                                                  rules: ruleEntries(rules, effective: effectiveSeverity))),
                results: [],
                // A run that could not read all its input exits 2: it did not execute successfully.
                invocations: [Log.Invocation(executionSuccessful: report.notScanned.isEmpty,
                                             workingDirectory: rootURI.map { Log.ArtifactLocation(uri: $0, uriBaseId: nil) },
                                             toolExecutionNotifications: notes.isEmpty ? nil : notes)],
                columnKind: "unicodeCodePoints",
                originalUriBaseIds: ["%SRCROOT%": Log.BaseURI(uri: rootURI, description: Log.Message(
                    text: report.root == nil ? "The directory Rampart was run from; relative paths in results are relative to it."
                        : "The repository root (or the directory Rampart was run from); relative paths in results are relative to it."))],
                properties: Log.RunProperties(policy: report.policy, failOn: report.failOn.rawValue, passed: report.passed,
                                              generatedAt: report.generatedAt, schemaVersion: report.schemaVersion))
            self.findings = findings
            self.index = index
        }
    }

    /// The report's rule table, plus an entry made from the finding for any rule missing from it (a merged or
    /// hand-made report), so that every result's `ruleIndex` points at its rule. Sorted by id.
    static func ruleTable(_ report: Report, findings: [Finding]) -> [RuleDescription] {
        var byID: [String: RuleDescription] = [:]
        for rule in report.rules { byID[rule.id] = byID[rule.id] ?? rule }
        for f in findings where byID[f.ruleID] == nil {
            byID[f.ruleID] = RuleDescription(id: f.ruleID, title: f.title, severity: f.severity, rationale: f.title,
                                             remediation: f.remediation, references: f.references,
                                             triggering: [], nonTriggering: [])
        }
        return byID.values.sorted { $0.id < $1.id }
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .critical, .high: "error"
        case .medium: "warning"
        case .low, .info: "note"
        }
    }

    /// `8.0`: the string form GitHub expects for `security-severity`.
    static func securitySeverity(_ severity: Severity) -> String {
        String(format: "%.1f", severity.securityScore)
    }

    /// `k8s/privileged-container` -> `K8sPrivilegedContainer`: SARIF's `name` is an identifier-like label, and
    /// the whole id goes into it so that `k8s/host-network` and `compose/host-network` stay apart.
    static func ruleName(_ id: String) -> String {
        let name = id.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
            .map { $0.prefix(1).uppercased() + $0.dropFirst() }
            .joined()
        return name.isEmpty ? "Rule" : name
    }

    /// Rule entries with names unique in the run: ids that differ only in punctuation get a numeric suffix.
    private static func ruleEntries(_ rules: [RuleDescription], effective: [String: Severity]) -> [Log.Rule] {
        var used: Set<String> = []
        return rules.map { r in
            var entry = rule(r, effective: effective[r.id])
            var n = 2
            let base = entry.name
            while !used.insert(entry.name).inserted {
                entry.name = base + String(n)
                n += 1
            }
            return entry
        }
    }

    private static func rule(_ r: RuleDescription, effective: Severity?) -> Log.Rule {
        let severity = effective ?? r.severity
        // Only http(s) links leave a report: a merged report may carry anyone's references.
        let refsText = r.references.map { ref in ref.safeURL.map { "\(ref.description) <\($0)>" } ?? ref.description }
        let refsMarkdown = r.references.map { ref in
            ref.safeURL.map { "- [\(Escape.markdown(ref.description))](\($0))" } ?? "- \(Escape.markdown(ref.description))"
        }
        var helpText = "Remediation: \(r.remediation)"
        if !refsText.isEmpty { helpText += "\n\nReferences:\n" + refsText.map { "- \($0)" }.joined(separator: "\n") }
        var helpMarkdown = "**Remediation:** \(Escape.prose(r.remediation))"
        if !refsMarkdown.isEmpty { helpMarkdown += "\n\n**References:**\n\n" + refsMarkdown.joined(separator: "\n") }

        var tags = ["security", r.domain]
        if r.optIn { tags.append("opt-in") }
        return Log.Rule(
            id: r.id, name: ruleName(r.id),
            shortDescription: Log.Message(text: r.title), fullDescription: Log.Message(text: r.rationale),
            help: Log.Help(text: helpText, markdown: helpMarkdown),
            helpUri: r.references.lazy.compactMap(\.safeURL).first,
            defaultConfiguration: Log.Configuration(level: level(severity)),
            properties: Log.RuleProperties(tags: tags, securitySeverity: securitySeverity(severity),
                                           severity: severity.rawValue, defaultSeverity: r.severity.rawValue))
    }

    private static func result(_ f: Finding, ruleIndex: Int) -> Log.Result {
        let suppressions = f.suppression.map { s in
            [Log.Suppression(kind: s.kind == .inline ? "inSource" : "external", status: "accepted", justification: s.reason,
                             properties: Log.SuppressionProperties(rampartKind: s.kind.rawValue, owner: s.owner, expires: s.expires))]
        }
        return Log.Result(
            ruleId: f.ruleID, ruleIndex: ruleIndex, level: level(f.severity), message: Log.Message(text: f.message),
            locations: location(f.subject).map { [$0] },
            relatedLocations: relatedLocations(f),
            partialFingerprints: [fingerprintKey: f.fingerprint],
            suppressions: suppressions,
            properties: Log.ResultProperties(severity: f.severity.rawValue, title: f.title, evidence: f.evidence,
                                             resource: f.subject.resource, fieldPath: f.subject.fieldPath,
                                             endpoint: f.subject.endpoint, stage: f.effectiveStage.rawValue))
    }

    /// Findings in standard input have no file: their artifact is named `stdin`, with no base.
    static let stdinNames: Set<String> = ["<stdin>", "-"]

    /// The other side of a drift finding, numbered from 1 as SARIF's `relatedLocations` ids are.
    private static func relatedLocations(_ f: Finding) -> [Log.Location]? {
        let out = f.related.enumerated().compactMap { i, r -> Log.Location? in
            guard var l = location(Subject(location: r.location, endpoint: r.endpoint)) else { return nil }
            l.id = i + 1
            l.message = Log.Message(text: r.message)
            return l
        }
        return out.isEmpty ? nil : out
    }

    private static func location(_ subject: Subject) -> Log.Location? {
        let physical = subject.location.map { l in
            stdinNames.contains(l.file) ? Log.PhysicalLocation(
                artifactLocation: Log.ArtifactLocation(uri: "stdin", uriBaseId: nil),
                region: Log.Region(startLine: max(1, l.line), startColumn: max(1, l.column))) :
            Log.PhysicalLocation(
                artifactLocation: Log.ArtifactLocation(uri: uri(forPath: l.file), uriBaseId: l.file.hasPrefix("/") ? nil : "%SRCROOT%"),
                region: Log.Region(startLine: max(1, l.line), startColumn: max(1, l.column)))
        }
        var logical: [Log.LogicalLocation] = []
        if let resource = subject.resource {
            logical.append(Log.LogicalLocation(name: resource, fullyQualifiedName: resource, kind: "resource"))
        }
        if let fieldPath = subject.fieldPath {
            let qualified = subject.resource.map { "\($0):\(fieldPath)" } ?? fieldPath
            logical.append(Log.LogicalLocation(name: fieldPath, fullyQualifiedName: qualified, kind: "property"))
        }
        if let endpoint = subject.endpoint {
            let host = endpoint.host.contains(":") ? "[\(endpoint.host)]" : endpoint.host
            let name = endpoint.port.map { "\(host):\($0)" } ?? host
            logical.append(Log.LogicalLocation(name: name, fullyQualifiedName: endpoint.displayName, kind: "resource"))
        }
        if physical == nil && logical.isEmpty { return nil }
        return Log.Location(physicalLocation: physical, logicalLocations: logical.isEmpty ? nil : logical)
    }

    /// A URI reference for a path: relative paths stay relative (less any leading `./`), resolved against
    /// `%SRCROOT%`; absolute ones become `file://` URIs. Characters a URI cannot hold are percent-encoded, and
    /// so is `:` (in a relative reference it would read as a scheme).
    static func uri(forPath path: String) -> String {
        // `./deploy/a.yaml` and `deploy/a.yaml` are one artifact; viewers match the plain form.
        var path = Substring(path)
        while path.hasPrefix("./") { path = path.dropFirst(2).drop { $0 == "/" } }
        let encoded = percentEncode(String(path))
        return path.hasPrefix("/") ? "file://" + encoded : encoded
    }

    static func percentEncode(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            let c = Character(Unicode.Scalar(byte))
            if byte < 0x80, c.isLetter || c.isNumber || "-._~/!$&'()*+,;=@".contains(c) {
                out.append(c)
            } else {
                out += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return out
    }
}

/// The part of the SARIF 2.1.0 object model Rampart writes. Optional fields are left out when nil.
private struct Log: Encodable {
    var schema: String
    var version: String
    var runs: [Run]

    enum CodingKeys: String, CodingKey { case schema = "$schema", version, runs }

    struct Run: Encodable {
        var tool: Tool
        var results: [Result]
        var invocations: [Invocation]
        var columnKind: String
        var originalUriBaseIds: [String: BaseURI]
        var properties: RunProperties
    }

    struct Tool: Encodable { var driver: Driver }

    struct Driver: Encodable {
        var name: String
        var version: String
        var semanticVersion: String
        var rules: [Rule]
    }

    struct Message: Encodable { var text: String }

    struct Help: Encodable {
        var text: String
        var markdown: String
    }

    struct Configuration: Encodable { var level: String }

    struct Rule: Encodable {
        var id: String
        var name: String
        var shortDescription: Message
        var fullDescription: Message
        var help: Help
        var helpUri: String?
        var defaultConfiguration: Configuration
        var properties: RuleProperties
    }

    struct RuleProperties: Encodable {
        var tags: [String]
        var securitySeverity: String
        var severity: String
        var defaultSeverity: String

        enum CodingKeys: String, CodingKey { case tags, securitySeverity = "security-severity", severity, defaultSeverity }
    }

    struct Result: Encodable {
        var ruleId: String
        var ruleIndex: Int
        var level: String
        var message: Message
        var locations: [Location]?
        var relatedLocations: [Location]?
        var partialFingerprints: [String: String]
        var suppressions: [Suppression]?
        var properties: ResultProperties
    }

    struct ResultProperties: Encodable {
        var severity: String
        var title: String
        var evidence: String?
        var resource: String?
        var fieldPath: String?
        var endpoint: Endpoint?
        /// design, manifests, live, drift or input.
        var stage: String
    }

    struct Location: Encodable {
        var id: Int?
        var message: Message?
        var physicalLocation: PhysicalLocation?
        var logicalLocations: [LogicalLocation]?
    }

    struct PhysicalLocation: Encodable {
        var artifactLocation: ArtifactLocation
        var region: Region
    }

    struct ArtifactLocation: Encodable {
        var uri: String
        var uriBaseId: String?
    }

    struct Region: Encodable {
        var startLine: Int
        var startColumn: Int
    }

    struct LogicalLocation: Encodable {
        var name: String
        var fullyQualifiedName: String
        var kind: String
    }

    struct Suppression: Encodable {
        var kind: String
        var status: String
        var justification: String
        var properties: SuppressionProperties
    }

    struct SuppressionProperties: Encodable {
        var rampartKind: String
        var owner: String?
        var expires: String?
    }

    struct Invocation: Encodable {
        var executionSuccessful: Bool
        var workingDirectory: ArtifactLocation?
        var toolExecutionNotifications: [Notification]?
    }

    struct Notification: Encodable {
        var level: String
        var message: Message
    }

    struct BaseURI: Encodable {
        var uri: String?
        var description: Message
    }

    struct RunProperties: Encodable {
        var policy: String
        var failOn: String
        var passed: Bool
        var generatedAt: String
        var schemaVersion: String
    }
}
