import RampartCore

/// JUnit XML as Jenkins, GitLab and Azure DevOps read it.
/// - One `testsuite` per scanned source (file or target), so that CI UIs group findings as a reader would.
/// - One `testcase` per (rule, subject): `failure` when an active finding is at or above the gate
///   (type = severity), a passing case with the details in `system-out` when the active findings are all below
///   it, `skipped` when all of them are suppressed (the message says why). Input problems that mean a file or
///   target was not fully scanned (unparsable, unreachable, ...) are `error`s: the check could not run.
/// - A source without findings gets one passing testcase, so that totals count what was checked, and
///   skipped inputs are listed as skipped testcases of their own suite.
enum JUnitWriter {
    private struct Case {
        var classname: String
        var name: String
        var file: String?
        var line: Int?
        var outcome: Outcome
    }

    private enum Outcome {
        case passed(String?)
        case failure(type: String, message: String, body: String)
        case error(type: String, message: String, body: String)
        case skipped(message: String)
    }

    private struct Suite {
        var name: String
        var cases: [Case]
        var failures: Int { cases.filter { if case .failure = $0.outcome { true } else { false } }.count }
        var skipped: Int { cases.filter { if case .skipped = $0.outcome { true } else { false } }.count }
        var errors: Int { cases.filter { if case .error = $0.outcome { true } else { false } }.count }
    }

    static func render(_ report: Report) -> String {
        let suites = makeSuites(report)
        let tests = suites.map(\.cases.count).reduce(0, +)
        let failures = suites.map(\.failures).reduce(0, +)
        let skipped = suites.map(\.skipped).reduce(0, +)
        let errors = suites.map(\.errors).reduce(0, +)

        var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        xml += #"<testsuites name="\#(Escape.xml("\(report.tool.name) \(report.policy)"))" tests="\#(tests)" failures="\#(failures)" errors="\#(errors)" skipped="\#(skipped)" time="0">"# + "\n"
        for suite in suites {
            xml += "  <testsuite"
                + attr("name", suite.name) + attr("tests", "\(suite.cases.count)") + attr("failures", "\(suite.failures)")
                + attr("errors", "\(suite.errors)") + attr("skipped", "\(suite.skipped)") + attr("time", "0")
                + attr("timestamp", report.generatedAt) + ">\n"
            xml += "    <properties>\n"
            xml += "      <property" + attr("name", "policy") + attr("value", report.policy) + "/>\n"
            xml += "      <property" + attr("name", "failOn") + attr("value", report.failOn.rawValue) + "/>\n"
            xml += "    </properties>\n"
            for c in suite.cases {
                xml += "    <testcase" + attr("classname", c.classname) + attr("name", c.name)
                if let file = c.file { xml += attr("file", file) }
                if let line = c.line { xml += attr("line", "\(line)") }
                xml += attr("time", "0")
                switch c.outcome {
                case .passed(nil):
                    xml += "/>\n"
                case .passed(let note?):
                    xml += ">\n      <system-out>\(Escape.xmlText(note))</system-out>\n    </testcase>\n"
                case .failure(let type, let message, let body):
                    xml += ">\n      <failure" + attr("type", type) + attr("message", message) + ">"
                        + Escape.xmlText(body) + "</failure>\n    </testcase>\n"
                case .error(let type, let message, let body):
                    xml += ">\n      <error" + attr("type", type) + attr("message", message) + ">"
                        + Escape.xmlText(body) + "</error>\n    </testcase>\n"
                case .skipped(let message):
                    xml += ">\n      <skipped" + attr("message", message) + "/>\n    </testcase>\n"
                }
            }
            xml += "  </testsuite>\n"
        }
        xml += "</testsuites>\n"
        return xml
    }

    private static func attr(_ name: String, _ value: String) -> String {
        " \(name)=\"\(Escape.xml(value))\""
    }

    private static func makeSuites(_ report: Report) -> [Suite] {
        var bySource: [String: [Finding]] = [:]
        for f in report.findings { bySource[f.groupName, default: []].append(f) }

        var suites: [Suite] = bySource.map { name, findings in
            // One case per (rule, subject identity); several findings there (e.g. different discriminators) share it.
            let cases = Dictionary(grouping: findings) { "\($0.ruleID)\u{0}\($0.subject.identity)" }
                .values
                .map { makeCase($0.sorted(by: Finding.reportOrder), failOn: report.failOn) }
            return Suite(name: name, cases: cases.sorted { ($0.classname, $0.line ?? 0, $0.name) < ($1.classname, $1.line ?? 0, $1.name) })
        }
        let concerned = report.findings.reduce(into: Set<String>()) { $0.formUnion($1.sourceNames) }
        // Skipped documents are named `file#index`; index them by file.
        let skippedBySource = Dictionary(grouping: report.skipped) { item in
            item.source.lastIndex(of: "#").map { String(item.source[..<$0]) } ?? item.source
        }
        for source in Set(report.sources) where bySource[source] == nil && !isConcerned(source, names: concerned) {
            // Documents of this source that were not judged (they are also skipped cases below), so that the
            // passing case does not claim more than was checked.
            let skippedHere = skippedBySource[source, default: []]
            var note = "Scanned under policy \(report.policy): no findings."
            if !skippedHere.isEmpty {
                note += "\nNot judged: " + skippedHere.map { "\($0.source) (\($0.reason))" }.sorted().joined(separator: "; ")
            }
            suites.append(Suite(name: source, cases: [
                Case(classname: report.tool.name, name: "no findings", file: source.contains("://") ? nil : source,
                     line: nil, outcome: .passed(note)),
            ]))
        }
        suites.sort { $0.name < $1.name }
        if !report.skipped.isEmpty {
            let cases = report.skipped
                .sorted { ($0.source, $0.reason) < ($1.source, $1.reason) }
                .map { Case(classname: "\(report.tool.name).skipped", name: $0.source, file: nil, line: nil,
                            outcome: .skipped(message: "not judged: \($0.reason)")) }
            suites.append(Suite(name: "skipped inputs", cases: cases))
        }
        return suites
    }

    private static func makeCase(_ findings: [Finding], failOn: Severity) -> Case {
        let first = findings[0]
        // No line numbers in the name: CI servers track a test by classname + name across runs, so a
        // finding that moves down a few lines must stay the same test (the line is in its own attribute).
        let subject = first.subject
        var parts = [subject.resource, subject.fieldPath, subject.endpoint?.displayName].compactMap { $0 }
        if parts.isEmpty { parts = [subject.location?.file ?? "(no subject)"] }
        let name = parts.joined(separator: " ")
        let active = findings.filter { !$0.isSuppressed }

        let outcome: Outcome
        if let worst = active.max(by: { $0.severity < $1.severity }) {
            let body = active.map { f in
                var lines = ["[\(f.severity.label)] \(f.ruleID) at \(f.place)", f.message]
                if let detail = f.detail { lines.append("Subject: \(detail)") }
                if let evidence = f.evidence { lines.append("Evidence: \(evidence)") }
                lines.append("Remediation: \(f.remediation)")
                if !f.references.isEmpty { lines.append("References: " + f.references.map(\.description).joined(separator: "; ")) }
                lines.append("Gate: " + (f.severity >= failOn ? "at or above \(failOn.rawValue) (fails the run)" : "below \(failOn.rawValue)"))
                lines.append("Fingerprint: \(f.fingerprint)")
                return lines.joined(separator: "\n")
            }.joined(separator: "\n\n")
            let message = active.count == 1 ? worst.message : "\(worst.message) (and \(active.count - 1) more)"
            // Only what fails the run fails a test: a run that passes its gate must not mark a CI build
            // unstable. Below the gate the finding is a passing case that still carries its details.
            if Report.incompleteInputRules.contains(first.ruleID) {
                outcome = .error(type: worst.severity.rawValue, message: message, body: body)
            } else if worst.severity >= failOn {
                outcome = .failure(type: worst.severity.rawValue, message: message, body: body)
            } else {
                outcome = .passed("Below the gate (\(failOn.rawValue)); reported, not failing:\n\n" + body)
            }
        } else {
            let reasons = findings.compactMap { $0.suppression?.summary }
            outcome = .skipped(message: "suppressed by " + Array(Set(reasons)).sorted().joined(separator: "; "))
        }
        return Case(classname: first.ruleID, name: name, file: first.subject.location?.file,
                    line: first.subject.location?.line, outcome: outcome)
    }
}
