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
        let findings = report.findings.sorted(by: Finding.reportOrder)
        let rules = ruleTable(report, findings: findings)
        let index = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
        // A policy may raise or lower a rule's severity; GitHub ranks alerts by the rule's security-severity,
        // so the rule entry carries the severity its findings actually have in this run.
        var effectiveSeverity: [String: Severity] = [:]
        for f in findings { effectiveSeverity[f.ruleID] = max(effectiveSeverity[f.ruleID] ?? f.severity, f.severity) }

        var invocation: [String: Any] = ["executionSuccessful": true]
        if !report.skipped.isEmpty {
            // Inputs read but not judged: notes, so that nothing is skipped silently.
            invocation["toolExecutionNotifications"] = report.skipped.map { item -> [String: Any] in
                ["level": "note", "message": ["text": "Skipped \(item.source): \(item.reason)"]]
            }
        }

        let run: [String: Any] = [
            "tool": ["driver": [
                "name": report.tool.name,
                "version": report.tool.version,
                "semanticVersion": report.tool.version,
                "rules": rules.map { rule($0, effective: effectiveSeverity[$0.id]) },
            ] as [String: Any]],
            "results": findings.map { result($0, ruleIndex: index[$0.ruleID] ?? 0) },
            "invocations": [invocation],
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": ["%SRCROOT%": ["description": ["text": "The directory Rampart was run from; relative paths in results are relative to it."]]],
            "properties": [
                "policy": report.policy,
                "failOn": report.failOn.rawValue,
                "passed": report.passed,
                "generatedAt": report.generatedAt,
                "schemaVersion": report.schemaVersion,
            ] as [String: Any],
        ]
        return JSONValue.serialize(["$schema": schemaURI, "version": "2.1.0", "runs": [run]])
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

    /// `k8s/privileged-container` -> `PrivilegedContainer`: SARIF's `name` is an identifier-like label.
    static func ruleName(_ id: String) -> String {
        let last = id.split(separator: "/").last.map(String.init) ?? id
        return last.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
            .map { $0.prefix(1).uppercased() + $0.dropFirst() }
            .joined()
    }

    private static func rule(_ r: RuleDescription, effective: Severity?) -> [String: Any] {
        let severity = effective ?? r.severity
        let refsText = r.references.map { ref in ref.url.map { "\(ref.description) <\($0)>" } ?? ref.description }
        let refsMarkdown = r.references.map { ref in
            ref.safeURL.map { "- [\(Escape.prose(ref.description))](\($0))" } ?? "- \(Escape.prose(ref.description))"
        }
        var helpText = "Remediation: \(r.remediation)"
        if !refsText.isEmpty { helpText += "\n\nReferences:\n" + refsText.map { "- \($0)" }.joined(separator: "\n") }
        var helpMarkdown = "**Remediation:** \(Escape.prose(r.remediation))"
        if !refsMarkdown.isEmpty { helpMarkdown += "\n\n**References:**\n\n" + refsMarkdown.joined(separator: "\n") }

        var tags = ["security", r.domain]
        if r.optIn { tags.append("opt-in") }
        var entry: [String: Any] = [
            "id": r.id,
            "name": ruleName(r.id),
            "shortDescription": ["text": r.title],
            "fullDescription": ["text": r.rationale],
            "help": ["text": helpText, "markdown": helpMarkdown],
            "defaultConfiguration": ["level": level(severity)],
            "properties": [
                "tags": tags,
                "security-severity": securitySeverity(severity),
                "severity": severity.rawValue,
                "defaultSeverity": r.severity.rawValue,
            ] as [String: Any],
        ]
        if let url = r.references.first(where: { $0.safeURL != nil })?.safeURL { entry["helpUri"] = url }
        return entry
    }

    private static func result(_ f: Finding, ruleIndex: Int) -> [String: Any] {
        var properties: [String: Any] = ["severity": f.severity.rawValue, "title": f.title]
        if let evidence = f.evidence { properties["evidence"] = evidence }
        if let resource = f.subject.resource { properties["resource"] = resource }
        if let fieldPath = f.subject.fieldPath { properties["fieldPath"] = fieldPath }
        if let endpoint = f.subject.endpoint { properties["endpoint"] = JSONValue.object(encoding: endpoint) }

        var result: [String: Any] = [
            "ruleId": f.ruleID,
            "ruleIndex": ruleIndex,
            "level": level(f.severity),
            "message": ["text": f.message],
            "partialFingerprints": [fingerprintKey: f.fingerprint],
            "properties": properties,
        ]
        if let location = location(f.subject) { result["locations"] = [location] }
        if let s = f.suppression {
            var suppression: [String: Any] = [
                "kind": s.kind == .inline ? "inSource" : "external",
                "status": "accepted",
                "justification": s.reason,
            ]
            var extra: [String: Any] = ["rampartKind": s.kind.rawValue]
            if let owner = s.owner { extra["owner"] = owner }
            if let expires = s.expires { extra["expires"] = expires }
            suppression["properties"] = extra
            result["suppressions"] = [suppression]
        }
        return result
    }

    private static func location(_ subject: Subject) -> [String: Any]? {
        var location: [String: Any] = [:]
        if let l = subject.location {
            var artifact: [String: Any] = ["uri": uri(forPath: l.file)]
            if !l.file.hasPrefix("/") { artifact["uriBaseId"] = "%SRCROOT%" }
            location["physicalLocation"] = [
                "artifactLocation": artifact,
                "region": ["startLine": max(1, l.line), "startColumn": max(1, l.column)],
            ] as [String: Any]
        }
        var logical: [[String: Any]] = []
        if let resource = subject.resource {
            logical.append(["name": resource, "fullyQualifiedName": resource, "kind": "resource"])
        }
        if let fieldPath = subject.fieldPath {
            let qualified = subject.resource.map { "\($0):\(fieldPath)" } ?? fieldPath
            logical.append(["name": fieldPath, "fullyQualifiedName": qualified, "kind": "property"])
        }
        if let endpoint = subject.endpoint {
            let host = endpoint.host.contains(":") ? "[\(endpoint.host)]" : endpoint.host
            let name = endpoint.port.map { "\(host):\($0)" } ?? host
            logical.append(["name": name, "fullyQualifiedName": endpoint.displayName, "kind": "resource"])
        }
        if !logical.isEmpty { location["logicalLocations"] = logical }
        return location.isEmpty ? nil : location
    }

    /// A URI reference for a path: relative paths stay relative (less any leading `./`) (resolved against `%SRCROOT%`), absolute ones
    /// become `file://` URIs; characters a URI cannot hold are percent-encoded, and so is `:` (in a relative
    /// reference it would read as a scheme).
    static func uri(forPath path: String) -> String {
        // `./deploy/a.yaml` and `deploy/a.yaml` are one artifact; viewers match the plain form.
        var path = Substring(path)
        while path.hasPrefix("./") { path = path.dropFirst(2).drop { $0 == "/" } }
        let encoded = percentEncode(String(path))
        return path.hasPrefix("/") ? "file://" + encoded : encoded
    }

    private static func percentEncode(_ path: String) -> String {
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
