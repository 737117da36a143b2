import Foundation
import Testing
import RampartCore
@testable import RampartReport

/// Hand-built reports that exercise every writer: file findings, endpoint findings (IPv4 and IPv6), a design
/// element, every kind of suppression, skipped inputs, and hostile text.
enum ReportFixtures {
    static let hostile = "bad \u{202E}evil <script>alert('x')</script> & \"quotes\" \u{1B}[31mred\u{1B}[0m nul\u{0} bell\u{7} ]]> \u{FFFE} |pipe| *em* [link](javascript:alert(1))"

    static func rule(_ id: String, _ severity: Severity, title: String = "A title",
                     references: [Reference] = [.cisKubernetes("5.2.2")], parameters: [String: String] = [:],
                     optIn: Bool = false) -> RuleDescription {
        RuleDescription(id: id, title: title, severity: severity,
                        rationale: "Because `it` matters.", remediation: "Fix it in `spec`.", references: references,
                        triggering: ["apiVersion: v1\nkind: Pod\nspec:\n  hostNetwork: ↓true"],
                        nonTriggering: ["apiVersion: v1\nkind: Pod\nspec:\n  hostNetwork: false"],
                        parameters: parameters, optIn: optIn)
    }

    static let privileged = Finding(
        ruleID: "k8s/privileged-container", severity: .critical, title: "Container runs privileged",
        message: "Container \"app\" sets securityContext.privileged: true; expected false or absent.",
        subject: Subject(location: SourceLocation(file: "deploy/api.yaml", line: 14, column: 22),
                         resource: "Deployment/default/api",
                         fieldPath: "spec.template.spec.containers[0].securityContext.privileged"),
        evidence: "privileged: true", remediation: "Remove securityContext.privileged.",
        references: [.pss(.baseline, "Privileged Containers"), .cisKubernetes("5.2.2")])

    static let composePort = Finding(
        ruleID: "compose/port-all-interfaces", severity: .medium, title: "Port published on all interfaces",
        message: "Port 6379 is published on 0.0.0.0; expected a loopback or internal address.",
        subject: Subject(location: SourceLocation(file: "compose dir/docker-compose.yml", line: 7, column: 9),
                         resource: "service cache", fieldPath: "services.cache.ports[0]"),
        evidence: "0.0.0.0:6379:6379", remediation: "Bind to 127.0.0.1.", references: [.cisDocker("5.13")])

    static let tls10 = Finding(
        ruleID: "tls/protocol-tls10", severity: .high, title: "TLS 1.0 accepted",
        message: "The server accepted a TLS 1.0 ClientHello; expected TLS 1.2 or later only.",
        subject: Subject(endpoint: Endpoint(host: "api.city.example", ip: "192.0.2.10", port: 443, sni: "api.city.example", service: "tls")),
        evidence: "ServerHello version 0x0301, suite TLS_RSA_WITH_AES_128_CBC_SHA",
        remediation: "Disable TLS 1.0.", references: [.rfc(8996)])

    static let ipv6 = Finding(
        ruleID: "port/redis-unauthenticated", severity: .critical, title: "Redis answers without authentication",
        message: "Redis replied +PONG to PING without AUTH.",
        subject: Subject(endpoint: Endpoint(host: "::1", port: 6379, service: "redis")),
        evidence: "+PONG", remediation: "Require a password.", references: [.owasp("Authentication")])

    static let designFlow = Finding(
        ruleID: "design/unencrypted-flow", severity: .low, title: "Flow is not encrypted",
        message: "Flow web -> db carries personal data unencrypted.",
        subject: Subject(resource: "flow web->db"), remediation: "Encrypt the flow.", references: [.nist80053("SC-8")])

    static func suppressed(_ f: Finding, _ s: Suppression) -> Finding {
        var f = f
        f.suppression = s
        return f
    }

    static let inlineSuppressed = suppressed(
        Finding(ruleID: "k8s/host-network", severity: .high, title: "Pod uses the host network",
                message: "hostNetwork is true; expected false.",
                subject: Subject(location: SourceLocation(file: "deploy/agent.yaml", line: 9, column: 16),
                                 resource: "DaemonSet/kube-system/agent", fieldPath: "spec.template.spec.hostNetwork"),
                remediation: "Set hostNetwork to false.", references: [.pss(.baseline, "Host Namespaces")]),
        Suppression(kind: .inline, reason: "node agent needs the host network"))

    static let waived = suppressed(
        Finding(ruleID: "tls/protocol-tls11", severity: .high, title: "TLS 1.1 accepted",
                message: "The server accepted TLS 1.1.",
                subject: Subject(endpoint: Endpoint(host: "legacy.city.example", port: 8443)),
                remediation: "Disable TLS 1.1.", references: [.rfc(8996)]),
        Suppression(kind: .waiver, reason: "vendor upgrade scheduled", owner: "sec-team", expires: "2027-01-31"))

    static let baselined = suppressed(
        Finding(ruleID: "compose/image-latest-tag", severity: .medium, title: "Image uses the latest tag",
                message: "Image redis:latest is not pinned; expected a version tag or digest.",
                subject: Subject(location: SourceLocation(file: "compose dir/docker-compose.yml", line: 5, column: 12),
                                 resource: "service cache", fieldPath: "services.cache.image"),
                remediation: "Pin the image.", references: [.cisDocker("4.7")]),
        Suppression(kind: .baseline, reason: "present in the baseline report"))

    static let hostileFinding = Finding(
        ruleID: "k8s/hostile-text", severity: .high, title: "Hostile <b>title</b>",
        message: hostile,
        subject: Subject(location: SourceLocation(file: "evil/<x>&\"y\".yaml", line: 3, column: 1),
                         resource: "ConfigMap/default/\(hostile)", fieldPath: "data.\"<k>\""),
        evidence: hostile, remediation: "Escape \(hostile)",
        references: [Reference("Evil <ref>", section: "§1", url: "javascript:alert(1)"), .rfc(3986)])

    static func report(_ findings: [Finding], rules: [RuleDescription]? = nil, sources: [String]? = nil,
                       skipped: [SkippedInput] = [], failOn: Severity = .high) -> Report {
        let ruleTable = rules ?? Dictionary(grouping: findings, by: \.ruleID).map { id, fs in rule(id, fs[0].severity, title: fs[0].title) }
        return Report(policy: "city-baseline", generatedAt: "2026-11-27T08:00:00Z",
                      sources: sources ?? Array(Set(findings.compactMap { $0.subject.location?.file })).sorted(),
                      findings: findings, skipped: skipped, rules: ruleTable.sorted { $0.id < $1.id }, failOn: failOn)
    }

    static let empty = report([], sources: ["deploy/clean.yaml"])
    static let files = report([privileged, composePort, designFlow], sources: ["deploy/api.yaml", "compose dir/docker-compose.yml", "deploy/clean.yaml"],
                              skipped: [SkippedInput(source: "charts/values.yaml#0", reason: "Helm values file")])
    static let endpoints = report([tls10, ipv6], sources: ["api.city.example:443", "[::1]:6379", "https://quiet.city.example/"])
    static let suppressedOnly = report([inlineSuppressed, waived, baselined], sources: ["deploy/agent.yaml", "compose dir/docker-compose.yml"])
    static let mixed = report([privileged, composePort, tls10, ipv6, designFlow, inlineSuppressed, waived, baselined],
                              sources: ["deploy/api.yaml", "compose dir/docker-compose.yml", "deploy/agent.yaml", "api.city.example:443"],
                              skipped: [SkippedInput(source: "charts/values.yaml#0", reason: "Helm values file")])
    static let hostileReport = report([hostileFinding], sources: ["evil/<x>&\"y\".yaml"],
                                      skipped: [SkippedInput(source: "odd\u{1B}]0;title\u{7}.yaml", reason: hostile)])

    /// Compliance summaries and an inventory, with hostile text where inputs and framework files reach them.
    static let auditor: Report = {
        var r = report([privileged, tls10, ipv6, hostileFinding, waived], sources: ["deploy/api.yaml", "api.city.example:443"])
        r.compliance = [ComplianceSummary(framework: "pss-<b>", name: "Hostile \(hostile)", version: "v1 <i>", url: "javascript:alert(1)", controls: [
            ControlResult(id: "privileged-containers", title: "Privileged Containers", status: .failed, rules: ["k8s/privileged-container"],
                          findings: [ControlFinding(ruleID: privileged.ruleID, fingerprint: privileged.fingerprint, severity: .critical, place: "deploy/api.yaml:14:22")]),
            ControlResult(id: "host-ports", title: "Host Ports", status: .passed, rules: ["k8s/host-port"], suppressed: 1),
            ControlResult(id: "c<3>", title: hostile, status: .notAssessed, reason: "no Rampart rule covers this control", note: hostile),
        ])]
        var inv = Inventory()
        inv.workloads = [InventoryWorkload(kind: "Deployment", namespace: "default", name: "api",
                                           location: SourceLocation(file: "deploy/api.yaml", line: 1, column: 1), images: ["app:\(hostile)"], ports: [8080])]
        inv.composeServices = [InventoryComposeService(name: hostile, location: nil, image: "redis:7", ports: ["6379:6379"])]
        inv.hosts = [InventoryHost(host: "::1", ip: "::1", portsScanned: 100, closed: 97, filtered: 0, openPorts: [
            InventoryPort(port: 22, service: "ssh", product: "OpenSSH", version: hostile, tls: nil, authentication: nil),
            InventoryPort(port: 6379, service: "redis", product: nil, version: nil, tls: false, authentication: "not-required"),
        ])]
        inv.endpoints = [InventoryEndpoint(host: "api.city.example", ip: "192.0.2.10", port: 443, sni: "api.city.example",
                                           protocols: ["TLSv1.0", "TLSv1.2"], suites: ["TLSv1.0": ["TLS_RSA_WITH_AES_128_CBC_SHA"], "TLSv1.2": ["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"]],
                                           certificate: InventoryCertificate(subject: "CN=\(hostile)", issuer: "CN=City CA", notBefore: "2026-01-01T00:00:00Z",
                                                                             notAfter: "2026-12-31T00:00:00Z", keyType: "RSA", keyBits: 2048,
                                                                             signatureAlgorithm: "sha256WithRSAEncryption", subjectAltNames: ["api.city.example"], trusted: true),
                                           httpStatus: 200)]
        r.inventory = inv
        return r
    }()

    static let all: [(String, Report)] = [
        ("empty", empty), ("files", files), ("endpoints", endpoints), ("suppressed", suppressedOnly),
        ("mixed", mixed), ("hostile", hostileReport), ("auditor", auditor),
    ]
}

/// Runs python3 on a script with arguments (files only: no pipes to fill up), returning exit status and output.
enum Python {
    struct Outcome { var status: Int32; var output: String }

    static func run(_ script: String, _ arguments: [String]) throws -> Outcome {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rampart-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let scriptURL = dir.appendingPathComponent("check.py")
        let outURL = dir.appendingPathComponent("out.txt")
        try script.write(to: scriptURL, atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        defer { try? out.close() }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", scriptURL.path] + arguments
        process.standardOutput = out
        process.standardError = out
        try process.run()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, output: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "")
    }

    /// Writes `text` to a temporary file and returns its path; the caller removes it.
    static func temporaryFile(_ text: String, suffix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rampart-\(UUID().uuidString)\(suffix)")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    private static let validatorScript = """
    import json, sys
    import jsonschema
    schema = json.load(open(sys.argv[1], encoding="utf-8"))
    instance = json.load(open(sys.argv[2], encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(map(str, e.absolute_path)))
    for e in errors[:20]:
        print("/" + "/".join(map(str, e.absolute_path)) + ": " + e.message[:300])
    sys.exit(1 if errors else 0)
    """

    /// nil when `json` is valid against the schema at `schemaPath`, else the errors.
    static func schemaErrors(_ json: String, schemaPath: String) throws -> String? {
        let instance = try temporaryFile(json, suffix: ".json")
        defer { try? FileManager.default.removeItem(at: instance) }
        let outcome = try run(validatorScript, [schemaPath, instance.path])
        return outcome.status == 0 ? nil : (outcome.output.isEmpty ? "python3 exited \(outcome.status)" : outcome.output)
    }
}

enum RepoPaths {
    /// The package root, found from this file's path.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let reportSchema = root.appendingPathComponent("docs/report.schema.json").path
    /// The OASIS SARIF 2.1.0 schema (errata 01), kept in the repository so that CI needs no network.
    static let sarifSchema = ProcessInfo.processInfo.environment["RAMPART_SARIF_SCHEMA"]
        ?? root.appendingPathComponent("testdata/schemas/sarif-schema-2.1.0.json").path
}

@Suite struct ReportTests {
    // MARK: every format

    @Test(arguments: OutputFormat.allCases)
    func everyFormatIsDeterministic(format: OutputFormat) {
        for (name, report) in ReportFixtures.all {
            var shuffled = report
            shuffled.findings.reverse()
            shuffled.rules.reverse()
            let a = ReportWriter.render(report, as: format)
            #expect(!a.isEmpty, "\(format) of \(name) is empty")
            #expect(a == ReportWriter.render(report, as: format), "\(format) of \(name) differs between runs")
            #expect(a == ReportWriter.render(shuffled, as: format), "\(format) of \(name) depends on finding order")
        }
    }

    @Test(arguments: [OutputFormat.text, .json, .sarif, .junit, .markdown, .html])
    func noRawControlCharacters(format: OutputFormat) {
        let out = ReportWriter.render(ReportFixtures.hostileReport, as: format, options: RenderOptions(color: false, verbose: true))
        // JSON may carry U+FFFE as it is; XML and HTML cannot, and no format may carry raw C0 controls or
        // bidi overrides (which would reorder what a reader sees) outside JSON's own escaping.
        let xmlLike = format == .junit || format == .html
        let bad = out.unicodeScalars.filter {
            ($0.value < 0x20 && $0 != "\n") || $0.value == 0x7F || (xmlLike && $0.value == 0xFFFE)
                || (format != .json && format != .sarif && $0.value == 0x202E)
        }
        #expect(bad.isEmpty, "\(format) carries raw control characters \(bad.map(\.value))")
    }

    // MARK: text

    @Test func textGroupsBySubjectWithOneLinePerFinding() {
        let out = ReportWriter.render(ReportFixtures.mixed, as: .text)
        let lines = out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.contains("deploy/api.yaml"))
        #expect(lines.contains("api.city.example:443/tcp (192.0.2.10)"))
        #expect(lines.contains("[::1]:6379/tcp"))
        let line = lines.first { $0.contains("k8s/privileged-container") }
        #expect(line?.hasPrefix("  CRITICAL  k8s/privileged-container") == true)
        #expect(line?.contains("  deploy/api.yaml:14:22  Container \"app\" sets securityContext.privileged: true") == true)
        #expect(out.contains("Deployment/default/api  spec.template.spec.containers[0].securityContext.privileged"))
        // Findings of one file come under its header, before the next header.
        let header = lines.firstIndex(of: "deploy/api.yaml") ?? -1
        let finding = lines.firstIndex { $0.contains("k8s/privileged-container") } ?? -1
        #expect(header >= 0 && finding == header + 1)
    }

    @Test func textSummaryCountsAndGate() {
        let out = ReportWriter.render(ReportFixtures.mixed, as: .text)
        #expect(out.contains("Summary: 5 active findings (2 critical, 1 high, 1 medium, 1 low, 0 info); 3 suppressed (shown with -v); 4 sources scanned; 1 input skipped (listed with -v)"))
        #expect(out.hasSuffix("FAIL: 3 active findings at or above high\n"))
        let pass = ReportWriter.render(ReportFixtures.suppressedOnly, as: .text)
        #expect(pass.contains("No active findings."))
        #expect(pass.hasSuffix("PASS: no active findings at or above high\n"))
        let lowGate = ReportWriter.render(ReportFixtures.report([ReportFixtures.designFlow], failOn: .low), as: .text)
        #expect(lowGate.hasSuffix("FAIL: 1 active finding at or above low\n"))
    }

    @Test func textShowsSuppressedAndSkippedOnlyWhenVerbose() {
        let quiet = ReportWriter.render(ReportFixtures.mixed, as: .text)
        #expect(!quiet.contains("k8s/host-network"))
        #expect(!quiet.contains("charts/values.yaml"))
        let verbose = ReportWriter.render(ReportFixtures.mixed, as: .text, options: RenderOptions(verbose: true))
        #expect(verbose.contains("k8s/host-network"))
        #expect(verbose.contains("suppressed by inline annotation: node agent needs the host network"))
        #expect(verbose.contains("suppressed by waiver (owner sec-team, expires 2027-01-31): vendor upgrade scheduled"))
        #expect(verbose.contains("Skipped inputs\n  charts/values.yaml#0  Helm values file"))
        #expect(verbose.contains("evidence: privileged: true"))
        #expect(verbose.contains("; 3 suppressed; "))
    }

    @Test func textColourOnlyWhenAsked() {
        let plain = ReportWriter.render(ReportFixtures.mixed, as: .text, options: RenderOptions(color: false, verbose: true))
        #expect(!plain.contains("\u{1B}"))
        let coloured = ReportWriter.render(ReportFixtures.mixed, as: .text, options: RenderOptions(color: true, verbose: true))
        #expect(coloured.contains("\u{1B}[1;31mCRITICAL\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[1;31mFAIL: 3 active findings at or above high\u{1B}[0m"))
        // Suppressed lines are dimmed.
        #expect(coloured.split(separator: "\n").contains { $0.hasPrefix("\u{1B}[2m") && $0.contains("k8s/host-network") })
    }

    @Test func textNeutralisesTerminalEscapesFromInputs() {
        let out = ReportWriter.render(ReportFixtures.hostileReport, as: .text, options: RenderOptions(color: false, verbose: true))
        #expect(!out.contains("\u{1B}"))
        #expect(out.contains("\\u{1B}[31mred"))
        #expect(out.contains("odd\\u{1B}]0;title\\u{07}.yaml"))
    }

    // MARK: JSON

    @Test func jsonRoundTripsAsAReport() throws {
        let json = ReportWriter.render(ReportFixtures.mixed, as: .json)
        let decoded = try JSONDecoder().decode(Report.self, from: Data(json.utf8))
        #expect(decoded.schemaVersion == Report.schemaVersion)
        #expect(decoded.findings == ReportFixtures.mixed.findings.sorted(by: Finding.reportOrder))
        #expect(decoded.rules == ReportFixtures.mixed.rules)
        #expect(decoded.skipped == ReportFixtures.mixed.skipped)
        #expect(decoded.failOn == .high && decoded.policy == "city-baseline")
    }

    @Test func jsonSummaryMatchesTheFindings() throws {
        let json = ReportWriter.render(ReportFixtures.mixed, as: .json)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(summary["total"] as? Int == 8)
        #expect(summary["active"] as? Int == 5)
        #expect(summary["suppressed"] as? Int == 3)
        #expect((summary["bySeverity"] as? [String: Int])?["critical"] == 2)
        #expect((summary["suppressedBy"] as? [String: Int]) == ["inline": 1, "waiver": 1, "baseline": 1])
        let gate = try #require(summary["gate"] as? [String: Any])
        #expect(gate["passed"] as? Bool == false)
        #expect(gate["findings"] as? Int == 3)
        #expect(json.contains("\"passed\" : false"))
    }

    @Test(arguments: ReportFixtures.all.map(\.0))
    func jsonValidatesAgainstTheDocumentedSchema(name: String) throws {
        let report = try #require(ReportFixtures.all.first { $0.0 == name }?.1)
        let errors = try Python.schemaErrors(ReportWriter.render(report, as: .json), schemaPath: RepoPaths.reportSchema)
        #expect(errors == nil, "\(name): \(errors ?? "")")
    }

    @Test func jsonSchemaRejectsWrongReports() throws {
        // The schema must be able to fail: a bad severity and a missing fingerprint are caught.
        var json = ReportWriter.render(ReportFixtures.files, as: .json)
        json = json.replacingOccurrences(of: "\"severity\" : \"critical\"", with: "\"severity\" : \"urgent\"")
        #expect(try Python.schemaErrors(json, schemaPath: RepoPaths.reportSchema) != nil)
        let noFingerprint = ReportWriter.render(ReportFixtures.files, as: .json)
            .replacingOccurrences(of: "\"fingerprint\" :", with: "\"fingerprintX\" :")
        #expect(try Python.schemaErrors(noFingerprint, schemaPath: RepoPaths.reportSchema) != nil)
    }

    // MARK: Markdown and HTML

    @Test func markdownHasVerdictSummaryAndFindingsBySeverity() {
        let md = ReportWriter.render(ReportFixtures.mixed, as: .markdown)
        #expect(md.hasPrefix("# Rampart security report\n"))
        #expect(md.contains("| Result | **FAIL**: 3 active findings at or above high |"))
        #expect(md.contains("| Critical | 2 | 0 | fails the run |"))
        #expect(md.contains("| Medium | 1 | 1 | reported only |"))
        #expect(md.contains("### Critical (2)"))
        #expect(md.contains("[RFC 8996](https://www.rfc-editor.org/rfc/rfc8996)"))
        #expect(md.contains("privileged: true"))
        #expect(md.contains("Remove securityContext.privileged."))
        #expect(md.contains("## Suppressed findings (3)"))
        #expect(md.contains("| waiver | vendor upgrade scheduled | sec\\-team |") || md.contains("| waiver | vendor upgrade scheduled | sec-team | 2027-01-31 |"))
        #expect(md.contains("## Skipped inputs"))
        // Critical comes before high.
        let critical = md.range(of: "### Critical")?.lowerBound
        let high = md.range(of: "### High")?.lowerBound
        #expect(critical != nil && high != nil && critical! < high!)
    }

    @Test func markdownEscapesInputs() {
        let md = ReportWriter.render(ReportFixtures.hostileReport, as: .markdown)
        #expect(!md.contains("<script>"))
        #expect(md.contains("&lt;script&gt;"))
        // Link syntax in a message is escaped; a reference with a javascript: URL is plain text.
        #expect(md.contains("\\[link\\](javascript:alert(1))"))
        #expect(!md.contains("[link]("))
        #expect(md.contains("Evil &lt;ref&gt; §1<br>[RFC 3986](https://www.rfc-editor.org/rfc/rfc3986)"))
        #expect(md.contains("\\|pipe\\|"))
        // Every findings row keeps its six cells despite pipes in the message.
        let row = md.split(separator: "\n").first { $0.hasPrefix("| k8s/hostile-text") || $0.hasPrefix("| k8s/hostile\\-text") }
        let unescapedPipes = row.map { r in zip(r, r.dropFirst()).filter { $0.0 != "\\" && $0.1 == "|" }.count + 1 } ?? 0
        #expect(unescapedPipes == 7)
    }

    @Test func htmlIsSelfContainedAndEscaped() {
        let html = ReportWriter.render(ReportFixtures.hostileReport, as: .html)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.lowercased().contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        #expect(!html.contains("href=\"javascript:"))
        #expect(html.contains("<a href=\"https://www.rfc-editor.org/rfc/rfc3986\""))
        #expect(html.contains("Content-Security-Policy"))
        // No external resources: nothing is loaded from anywhere.
        for needle in ["<link", "src=", "@import", "url("] { #expect(!html.contains(needle), "html has \(needle)") }
    }

    @Test(arguments: ReportFixtures.all.map(\.0))
    func htmlUsesOnlyHarmlessElements(name: String) throws {
        // Parsed as a browser would tokenise it: only the elements and attributes the writer itself emits.
        let report = try #require(ReportFixtures.all.first { $0.0 == name }?.1)
        let file = try Python.temporaryFile(ReportWriter.render(report, as: .html), suffix: ".html")
        defer { try? FileManager.default.removeItem(at: file) }
        let outcome = try Python.run("""
        import sys
        from html.parser import HTMLParser
        allowed = {"html","head","meta","title","style","body","h1","h2","h3","table","thead","tbody","tr","th","td",
                   "span","code","br","pre","a","p","ul","li","details","summary","header","nav","section","footer",
                   "div","figure","figcaption","svg","rect","text","em","b","dl","dt","dd"}
        attrs_ok = {"lang","charset","http-equiv","content","name","class","id","href","rel","xmlns","role","width","height",
                    "viewbox","aria-labelledby","aria-hidden","x","y","rx","colspan"}
        bad = []
        class P(HTMLParser):
            def handle_starttag(self, tag, attrs):
                if tag not in allowed: bad.append("element " + tag)
                for k, v in attrs:
                    if k not in attrs_ok: bad.append("attribute " + k)
                    if k == "href" and not (v or "").startswith(("https://", "http://", "#")): bad.append("href " + str(v))
                    if k == "xmlns" and v != "http://www.w3.org/2000/svg": bad.append("xmlns " + str(v))
        P().feed(open(sys.argv[1], encoding="utf-8").read())
        print("\\n".join(bad))
        sys.exit(1 if bad else 0)
        """, [file.path])
        #expect(outcome.status == 0, "\(name): \(outcome.output)")
    }

    @Test func htmlHasSummaryAndGate() {
        let html = ReportWriter.render(ReportFixtures.mixed, as: .html)
        #expect(html.contains("<p class=\"verdict fail\">FAIL: 3 active findings at or above high</p>"))
        // Findings are grouped per file or target, most severe group first, each finding folded.
        #expect(html.contains("<section class=\"group\"><h3><code>deploy/api.yaml</code>"))
        #expect(html.contains("<details class=\"finding sev-critical\"><summary><span class=\"badge sev-critical\">CRITICAL</span> <code class=\"rule\">k8s/privileged-container</code> <code class=\"place\">line 14:22</code>"))
        #expect(html.contains("<dt>Where</dt><dd><code>deploy/api.yaml:14:22</code><br><code>Deployment/default/api  spec.template.spec.containers[0].securityContext.privileged</code></dd>"))
        #expect(html.contains("<h2>Suppressed findings (3)</h2>"))
        let pass = ReportWriter.render(ReportFixtures.empty, as: .html)
        #expect(pass.contains("verdict pass") && pass.contains("No active findings."))
    }
}
