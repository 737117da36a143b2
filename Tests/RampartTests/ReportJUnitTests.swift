import Foundation
import Testing
import RampartCore
@testable import RampartReport

/// JUnit output read back by a real XML parser (python3's ElementTree), as a CI server would read it.
@Suite struct ReportJUnitTests {
    struct Parsed: Decodable {
        struct Suite: Decodable {
            var name: String
            var tests: String
            var failures: String
            var skipped: String
            var cases: [Case]
        }
        struct Case: Decodable {
            var classname: String
            var name: String
            var file: String?
            var line: String?
            var outcome: String
            var type: String?
            var message: String?
            var body: String?
        }
        var tests: String
        var failures: String
        var errors: String
        var skipped: String
        var suites: [Suite]
    }

    private static let parser = """
    import json, sys
    import xml.etree.ElementTree as ET
    root = ET.parse(sys.argv[1]).getroot()
    assert root.tag == "testsuites", root.tag
    out = {"tests": root.get("tests"), "failures": root.get("failures"), "errors": root.get("errors"), "skipped": root.get("skipped"), "suites": []}
    for s in root.findall("testsuite"):
        suite = {"name": s.get("name"), "tests": s.get("tests"), "failures": s.get("failures"), "skipped": s.get("skipped"), "cases": []}
        for c in s.findall("testcase"):
            case = {"classname": c.get("classname"), "name": c.get("name"), "file": c.get("file"), "line": c.get("line"), "outcome": "passed"}
            f = c.find("failure")
            k = c.find("skipped")
            e = c.find("error")
            if f is not None:
                case.update(outcome="failure", type=f.get("type"), message=f.get("message"), body=f.text)
            elif e is not None:
                case.update(outcome="error", type=e.get("type"), message=e.get("message"), body=e.text)
            elif k is not None:
                case.update(outcome="skipped", message=k.get("message"))
            suite["cases"].append(case)
        out["suites"].append(suite)
    print(json.dumps(out))
    """

    static func parse(_ report: Report) throws -> Parsed {
        let file = try Python.temporaryFile(ReportWriter.render(report, as: .junit), suffix: ".xml")
        defer { try? FileManager.default.removeItem(at: file) }
        let outcome = try Python.run(parser, [file.path])
        #expect(outcome.status == 0, "not well-formed: \(outcome.output)")
        return try JSONDecoder().decode(Parsed.self, from: Data(outcome.output.utf8))
    }

    @Test func oneSuitePerSourceAndCasePerRuleAndSubject() throws {
        let parsed = try Self.parse(ReportFixtures.mixed)
        let names = parsed.suites.map(\.name)
        #expect(names == ["[::1]:6379/tcp", "api.city.example:443/tcp (192.0.2.10)", "compose dir/docker-compose.yml",
                          "deploy/agent.yaml", "deploy/api.yaml", "flow web->db", "legacy.city.example:8443/tcp",
                          "skipped inputs"])
        let api = try #require(parsed.suites.first { $0.name == "deploy/api.yaml" })
        #expect(api.cases.count == 1 && api.failures == "1")
        let c = api.cases[0]
        #expect(c.classname == "k8s/privileged-container")
        #expect(c.name == "Deployment/default/api spec.template.spec.containers[0].securityContext.privileged")
        #expect(c.file == "deploy/api.yaml" && c.line == "14")
        #expect(c.outcome == "failure" && c.type == "critical")
        #expect(c.message == ReportFixtures.privileged.message)
        #expect(c.body?.contains("Remediation: Remove securityContext.privileged.") == true)
        #expect(c.body?.contains("Evidence: privileged: true") == true)
        // The api.city.example source has findings, so it gets no "no findings" case of its own.
        #expect(!names.contains("api.city.example:443"))
    }

    @Test func totalsCountFailuresSkipsAndCleanSources() throws {
        let parsed = try Self.parse(ReportFixtures.mixed)
        // 5 active findings, 3 suppressed, 1 skipped input; every source has findings. Only the active findings
        // at or above the gate are failures; the others pass with their details.
        let atGate = ReportFixtures.mixed.gateFindings.count
        #expect(atGate > 0 && atGate < 5)
        #expect(parsed.tests == "9" && parsed.failures == "\(atGate)" && parsed.skipped == "4" && parsed.errors == "0")
        let files = try Self.parse(ReportFixtures.files)
        let clean = try #require(files.suites.first { $0.name == "deploy/clean.yaml" })
        #expect(clean.cases.count == 1 && clean.cases[0].outcome == "passed" && clean.failures == "0")
        // A source whose documents were skipped still passes, but does not hide that.
        let partly = ReportFixtures.report([], sources: ["charts/values.yaml"],
                                           skipped: [SkippedInput(source: "charts/values.yaml#0", reason: "Helm values file")])
        let xml = ReportWriter.render(partly, as: .junit)
        #expect(xml.contains("<system-out>Scanned under policy city-baseline: no findings.\nNot judged: charts/values.yaml#0 (Helm values file)</system-out>"))
        let empty = try Self.parse(ReportFixtures.empty)
        #expect(empty.tests == "1" && empty.failures == "0")
        // A probe target named as a URL with no findings is clean; one with findings is not listed twice.
        let endpoints = try Self.parse(ReportFixtures.endpoints)
        #expect(endpoints.suites.map(\.name).contains("https://quiet.city.example/"))
        #expect(!endpoints.suites.map(\.name).contains("[::1]:6379"))
    }

    @Test func caseNamesCarryNoLineNumbers() throws {
        let f = Finding(ruleID: "input/unparsable", severity: .high, title: "Input is not valid YAML", message: "bad",
                        subject: Subject(location: SourceLocation(file: "deploy/bad.yaml", line: 12, column: 3)),
                        remediation: "Fix it.", references: [])
        let parsed = try Self.parse(ReportFixtures.report([f], sources: ["deploy/bad.yaml"]))
        let c = try #require(parsed.suites.first?.cases.first)
        #expect(c.name == "deploy/bad.yaml" && c.line == "12" && c.classname == "input/unparsable")
        #expect(parsed.suites.count == 1)
        // A file that could not be parsed was not checked: an error, not a failure.
        #expect(c.outcome == "error" && c.type == "high" && c.message == "bad")
        #expect(parsed.errors == "1" && parsed.failures == "0")
    }

    @Test func suppressedFindingsAreSkippedWithTheReason() throws {
        let parsed = try Self.parse(ReportFixtures.suppressedOnly)
        let agent = try #require(parsed.suites.first { $0.name == "deploy/agent.yaml" })
        #expect(agent.cases[0].outcome == "skipped")
        #expect(agent.cases[0].message == "suppressed by inline annotation: node agent needs the host network")
        #expect(parsed.failures == "0")
    }

    @Test func hostileStringsSurviveEscaping() throws {
        let parsed = try Self.parse(ReportFixtures.hostileReport)
        let suite = try #require(parsed.suites.first { $0.name.hasPrefix("evil/") })
        #expect(suite.name == "evil/<x>&\"y\".yaml")
        let c = try #require(suite.cases.first)
        // Characters XML cannot carry come back as visible escapes; everything else exactly.
        let expected = ReportFixtures.hostile
            .replacingOccurrences(of: "\u{1B}", with: "\\u{1B}")
            .replacingOccurrences(of: "\u{0}", with: "\\u{00}")
            .replacingOccurrences(of: "\u{7}", with: "\\u{07}")
            .replacingOccurrences(of: "\u{FFFE}", with: "\\u{FFFE}")
            .replacingOccurrences(of: "\u{202E}", with: "\\u{202E}")
        #expect(c.message == expected)
        #expect(c.body?.contains(expected) == true)
        let skipped = try #require(parsed.suites.first { $0.name == "skipped inputs" })
        #expect(skipped.cases.first?.name == "odd\\u{1B}]0;title\\u{07}.yaml")
    }

    @Test func escapingKeepsNewlinesInAttributes() {
        #expect(Escape.xml("a\nb\tc\r<&>\"'") == "a&#10;b&#9;c&#13;&lt;&amp;&gt;&quot;&apos;")
        #expect(Escape.xml("\u{FFFF}\u{1}") == "\\u{FFFF}\\u{01}")
        #expect(Escape.xml("émoji 🛡") == "émoji 🛡")
    }
}
