import Foundation
import Testing
import RampartAudit
import RampartCore
import RampartDesign
import RampartPolicy

/// `rampart audit`: the config file, the stages, drift across design / manifests / live, and the example city.
@Suite struct AuditTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let cityConfig = repo.appendingPathComponent("testdata/examples/city/rampart.yaml").path

    /// Collects and judges an audit the way the CLI does (evaluate, then place live findings on design lines).
    static func audit(_ configPath: String, _ options: Audit.Options = Audit.Options(offline: true)) throws -> (facts: FactSet, report: Report) {
        let config = try AuditConfig.load(configPath).get()
        let facts = try Audit.collect(config, options: options).get()
        let evaluator = Evaluator(policy: try PolicyLoader.load(nil), today: "2026-06-01")
        return (facts, AuditLocations.place(evaluator.evaluate(facts, generatedAt: "2026-06-01T00:00:00Z")))
    }

    static func place(_ l: RampartCore.SourceLocation?) -> String {
        guard let l else { return "-" }
        return "\((l.file as NSString).lastPathComponent):\(l.line):\(l.column)"
    }

    // MARK: The example city

    @Test func cityDriftPointsAtBothSides() throws {
        let (facts, report) = try Self.audit(Self.cityConfig)
        #expect(facts.stages == ["design", "manifests"])
        let drift = report.findings.filter { $0.ruleID.hasPrefix("drift/") }
        let seen = Set(drift.map { "\($0.ruleID) \(Self.place($0.subject.location)) -> \($0.related.map { Self.place($0.location) }.joined(separator: ","))" })
        #expect(seen == [
            "drift/tls-not-configured city.yaml:35:13 -> design.yaml:45:62",
            "drift/undeclared-port city.yaml:54:59 -> design.yaml:71:7",
            "drift/undeclared-port feedback-api.yaml:92:26 -> design.yaml:60:7",
            "drift/exposure-beyond-design city.yaml:117:9 -> design.yaml:102:15",
            "drift/undeclared-workload city.yaml:131:18 -> design.yaml:6:1",
            "drift/datastore-without-network-policy design.yaml:87:11 -> city.yaml:78:18",
            "drift/unimplemented-service design.yaml:83:9 -> ",
            // The citizen, the sensors and the vendor's cloud are `external: true`: no implementation is asked of them.
        ])
        let tls = try #require(drift.first { $0.ruleID == "drift/tls-not-configured" })
        #expect(tls.message == "Ingress/city/feedback serves host feedback.city.example without TLS (no spec.tls entry), but the design declares TLS (modern) for service feedback-portal")
        #expect(report.findings.contains { $0.ruleID.hasPrefix("design/") }, "design rules judge the same design")
    }

    @Test func cityAuditCLIWritesEveryConfiguredReport() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        // The city's config with its outputs redirected into a temporary folder (paths stay relative to the config).
        let city = Self.repo.appendingPathComponent("testdata/examples/city").path
        let config = try dir.write("rampart.yaml", """
            rampart: audit
            design: \(city)/design.yaml
            manifests: [\(city)/k8s]
            failOn: high
            outputs:
              - {format: sarif, path: out/audit.sarif}
              - {format: json, path: out/audit.json}
            """)
        let result = try runRampart(["audit", "-c", config, "-q"])
        #expect(result.status == 1, "stderr: \(result.stderr)")
        let sarif = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir.path + "/out/audit.sarif"))) as? [String: Any]
        let results = (((sarif?["runs"] as? [[String: Any]])?.first)?["results"] as? [[String: Any]]) ?? []
        let exposure = try #require(results.first { $0["ruleId"] as? String == "drift/exposure-beyond-design" })
        let related = try #require(exposure["relatedLocations"] as? [[String: Any]])
        let region = ((related.first?["physicalLocation"] as? [String: Any])?["region"] as? [String: Any])
        #expect(region?["startLine"] as? Int == 102)
        #expect((related.first?["message"] as? [String: Any])?["text"] as? String == "design: datastore session-cache has internal exposure")
        let json = try String(contentsOfFile: dir.path + "/out/audit.json", encoding: .utf8)
        #expect(json.contains("\"relatedLocations\""))
        // Both files stay valid against their schemas with the other sides in them.
        let jsonErrors = try Python.schemaErrors(json, schemaPath: RepoPaths.reportSchema)
        #expect(jsonErrors == nil, "\(jsonErrors ?? "")")
        let sarifText = try String(contentsOfFile: dir.path + "/out/audit.sarif", encoding: .utf8)
        let sarifErrors = try Python.schemaErrors(sarifText, schemaPath: RepoPaths.sarifSchema)
        #expect(sarifErrors == nil, "\(sarifErrors ?? "")")
    }

    // MARK: Not assessed, not missing

    static let smallDesign = """
        rampart: design
        system: {name: s, owner: it, level: 2, criteria: {serves: [citizens]}}
        zones: [{name: app, kind: application}]
        services:
          - name: web
            kind: web
            owner: it
            zone: app
            implementedBy: [{workload: web}]
          - name: api
            kind: api
            owner: it
            zone: app
            implementedBy: [{workload: api}]
        """

    static let webDeployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          template:
            spec:
              containers: [{name: web, image: registry.city.example/web:1}]
        """

    @Test func linkIntoUnparsableFileIsNotAssessedNotMissing() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write("design.yaml", Self.smallDesign)
        try dir.write("k8s/web.yaml", Self.webDeployment)
        let config = try dir.write("rampart.yaml", "rampart: audit\ndesign: design.yaml\nmanifests: k8s\n")
        // With every manifest readable, the api link is missing.
        let whole = try Self.audit(config).report.findings.filter { $0.ruleID == "drift/unimplemented-service" }
        #expect(whole.map(\.message) == ["service api is implemented by workload api, which no scanned manifest defines"])
        // The api's file fails to parse: its link is not assessed, and the input problem says why.
        try dir.write("k8s/api.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api\nspec: [\n")
        let broken = try Self.audit(config).report.findings
        #expect(!broken.contains { $0.ruleID == "drift/unimplemented-service" })
        #expect(broken.contains { $0.ruleID == "input/unparsable" && $0.subject.location?.file.hasSuffix("api.yaml") == true })
        let cli = try runRampart(["audit", "-c", config, "-q"])
        #expect(cli.status == 2, "an input that was not read is exit 2")
    }

    @Test func designsSplitPerAgencyAndDesignsUnderManifestPathsCountOnce() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        // The web agency's design declares web; the api agency's design (in the manifests folder too) declares api.
        try dir.write("web.yaml", Self.smallDesign.replacingOccurrences(of: "  - name: api\n    kind: api\n    owner: it\n    zone: app\n    implementedBy: [{workload: api}]\n", with: ""))
        try dir.write("k8s/api-design.yaml", """
            rampart: design
            system: {name: api, owner: it, level: 2, criteria: {serves: [citizens]}}
            zones: [{name: app, kind: application}]
            services: [{name: api, kind: api, owner: it, zone: app, implementedBy: [{workload: api}]}]
            """)
        try dir.write("k8s/web.yaml", Self.webDeployment)
        try dir.write("k8s/api.yaml", Self.webDeployment.replacingOccurrences(of: "name: web", with: "name: api"))
        let config = try dir.write("rampart.yaml", "rampart: audit\ndesign: [web.yaml, k8s/api-design.yaml]\nmanifests: k8s\n")
        let (facts, report) = try Self.audit(config)
        #expect(facts.design.count == 2)
        #expect(!report.findings.contains { $0.ruleID.hasPrefix("drift/") }, "\(report.findings.filter { $0.ruleID.hasPrefix("drift/") }.map(\.message))")
        // A workload neither design declares is reported once, not once per design.
        try dir.write("k8s/extra.yaml", Self.webDeployment.replacingOccurrences(of: "name: web", with: "name: extra"))
        let extra = try Self.audit(config).report.findings.filter { $0.ruleID == "drift/undeclared-workload" }
        #expect(extra.map(\.subject.resource) == ["Deployment/default/extra"])
    }

    @Test func onlyAuditsPlaceLiveFindingsOnTheDesign() throws {
        var facts = DesignCollector.resolve(collect("""
            rampart: design
            system: {name: s, owner: it, level: 2, criteria: {serves: [citizens]}}
            zones: [{name: data, kind: data}]
            datastores:
              - name: cache
                kind: cache
                owner: it
                zone: data
                endpoints:
                  - {host: 127.0.0.1, port: 6379, protocol: redis, authentication: password}
            """, name: "design.yaml"))
        facts.hosts = [HostPortFacts(host: "127.0.0.1", ip: "127.0.0.1", portSpec: "6379", ports: [
            PortFact(port: 6379, state: .open, service: "redis", authentication: .notRequired, evidence: "+PONG")])]
        func judged(_ facts: FactSet) throws -> Report {
            var options = RunOptions()
            options.outputs = [(.json, nil)]
            var out = ""
            _ = Run.judgeAndReport(facts, options: options, stdout: { out += $0 }, diagnostics: { _ in })
            return try JSONDecoder().decode(Report.self, from: Data(out.utf8))
        }
        // Probe facts alone (no audit stages): the live finding keeps only its endpoint, as `rampart probe` reports it.
        let probe = try #require(try judged(facts).findings.first { $0.ruleID == "port/redis-unauthenticated" })
        #expect(probe.subject.location == nil)
        facts.stages = ["design", "live"]
        let audit = try judged(facts)
        let placed = try #require(audit.findings.first { $0.ruleID == "port/redis-unauthenticated" })
        #expect(Self.place(placed.subject.location) == "design.yaml:10:9")
        #expect(placed.fingerprint == probe.fingerprint, "placing a finding must not change its fingerprint")
        #expect(audit.findings.contains { $0.ruleID == "drift/authentication-not-enforced" })
    }

    // MARK: Configuration

    @Test func unknownKeysNameFileLineAndSuggest() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let config = try dir.write("rampart.yaml", "rampart: audit\ndesing: design.yaml\nlive:\n  scope: [127.0.0.1/32]\n  prots: \"80\"\noutputs: [{format: pdf, path: a.pdf}]\n")
        let result = try runRampart(["audit", "-c", config])
        #expect(result.status == 2)
        #expect(result.stderr.contains("rampart.yaml:2:1: unknown key 'desing'; did you mean 'design'?"), "\(result.stderr)")
        #expect(result.stderr.contains("rampart.yaml:5:3: unknown key 'live.prots'; did you mean 'ports'?"))
        #expect(result.stderr.contains("rampart.yaml:6:20: outputs[0].format must be one of"))
        let wrong = try dir.write("other.yaml", "rampart: design\nsystem: {name: s}\n")
        let header = try runRampart(["audit", "-c", wrong])
        #expect(header.status == 2 && header.stderr.contains("other.yaml:1:10: the first key must be `rampart: audit` (this file says rampart: design)"), "\(header.stderr)")
        let missing = try runRampart(["audit", "-c", dir.path + "/none.yaml"])
        #expect(missing.status == 2 && missing.stderr.contains("none.yaml: cannot read the audit configuration"))
    }

    @Test func stagesPickWhatRuns() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write("design.yaml", Self.smallDesign)
        try dir.write("k8s/web.yaml", Self.webDeployment)
        let path = try dir.write("rampart.yaml", "rampart: audit\ndesign: design.yaml\nmanifests: k8s\n")
        // The design alone: nothing is "unimplemented", because the manifests were not looked at.
        let designOnly = try Self.audit(path, Audit.Options(stages: ["design"]))
        #expect(designOnly.facts.stages == ["design"])
        #expect(!designOnly.report.findings.contains { $0.ruleID.hasPrefix("drift/") })
        let config = try AuditConfig.load(path).get()
        #expect(throws: RunError.self) { try Audit.collect(config, options: Audit.Options(stages: ["live"])).get() }
        #expect(throws: RunError.self) { try Audit.collect(config, options: Audit.Options(stages: ["everything"])).get() }
        let cli = try runRampart(["audit", "-c", path, "--stage", "design,live"])
        #expect(cli.status == 2 && cli.stderr.contains("no `live:` section"), "\(cli.stderr)")
    }

    @Test func evidenceOfAllStagesIsJudgedAgainOffline() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let evidence = dir.path + "/evidence.json"
        let audit = try runRampart(["audit", "-c", Self.cityConfig, "--offline", "--evidence", evidence, "--format", "json", "--output", "text=\(dir.path)/a.txt"])
        #expect(audit.status == 1, "\(audit.stderr)")
        let again = try runRampart(["evaluate", evidence, "--format", "json"])
        #expect(again.status == 1)
        func driftPrints(_ json: String) throws -> Set<String> {
            let report = try JSONDecoder().decode(Report.self, from: Data(json.utf8))
            return Set(report.findings.filter { $0.ruleID.hasPrefix("drift/") }.map { "\($0.fingerprint) \($0.related.count)" })
        }
        let first = try driftPrints(audit.stdout)
        // The city's 7 drift findings (its external actors, marked `external: true`, ask for no implementation).
        #expect(first.count == 7)
        #expect(try driftPrints(again.stdout) == first)
    }

    // MARK: Live

    @Test func liveTargetOutsideScopeIsRefusedBeforeAnyPacket() throws {
        let server = ScriptedServer { (_: Int32) in }
        defer { server.stop() }
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write("design.yaml", """
            rampart: design
            system: {name: s, owner: it, level: 2, criteria: {serves: [citizens]}}
            zones: [{name: app, kind: application}]
            services:
              - {name: web, kind: web, owner: it, zone: app, implementedBy: [{host: 127.0.0.1}], endpoints: [{host: 127.0.0.1, port: \(server.port), protocol: http, authentication: none}]}
            """)
        let config = try dir.write("rampart.yaml", "rampart: audit\ndesign: design.yaml\nlive:\n  scope: [10.9.9.0/24]\n")
        let result = try runRampart(["audit", "-c", config])
        #expect(result.status == 2)
        #expect(result.stderr.contains("rampart.yaml:4: 127.0.0.1: not inside the scope (127.0.0.1); refused before any packet was sent"), "\(result.stderr)")
        usleep(200_000)
        #expect(server.acceptedCount == 0, "no connection may reach a target outside the scope")
        // --offline audits the rest without touching the network.
        let offline = try runRampart(["audit", "-c", config, "--offline"])
        #expect(offline.status == 0, "\(offline.stderr)")
        #expect(server.acceptedCount == 0)
    }

    @Test func liveDriftAgainstLoopbackServers() throws {
        let pki = try TestPKI()
        try pki.leaf("portal", host: "portal.city.example")
        let tls = try OpenSSLServer(["-cert", "portal.pem", "-key", "portal.key", "-cert_chain", "int.pem", "-www"], in: pki)
        defer { tls.stop() }
        let redis = try #require(ScriptedServer(handler: ServiceProbeTests.redisOpen))
        defer { redis.stop() }
        let mqtt = try #require(ScriptedServer(handler: ServiceProbeTests.mqtt(returnCode: 0)))
        defer { mqtt.stop() }
        let plain = try #require(ScriptedServer(handler: Script.http { _, _ in (200, ["Content-Type": "text/html"], "<h1>open data</h1>") }))
        defer { plain.stop() }
        let debug = try #require(ScriptedServer(handler: Script.http { _, _ in (200, [:], "debug console") }))
        defer { debug.stop() }
        let down = TLSTestSupport.freePort()
        let dir = try TempDir()
        defer { dir.remove() }
        let design = """
            rampart: design
            system: {name: s, owner: it, level: 2, criteria: {serves: [citizens]}}
            zones: [{name: dmz, kind: dmz}, {name: data, kind: data}, {name: field, kind: field}]
            services:
              - name: portal
                kind: web
                owner: it
                zone: dmz
                endpoints:
                  - {host: 127.0.0.1, port: \(tls.port), protocol: https, tls: modern, authentication: oidc}
              - name: opendata
                kind: api
                owner: it
                zone: dmz
                endpoints:
                  - {host: 127.0.0.1, port: \(plain.port), protocol: https, tls: intermediate, authentication: none}
              - name: sensors
                kind: iot-gateway
                owner: it
                zone: field
                endpoints:
                  - {host: 127.0.0.1, port: \(mqtt.port), protocol: mqtt, authentication: password}
              - name: idp
                kind: identity-provider
                owner: it
                zone: dmz
                endpoints:
                  - {host: 127.0.0.1, port: \(down), protocol: https, tls: intermediate, authentication: password}
            datastores:
              - name: cache
                kind: cache
                owner: it
                zone: data
                endpoints:
                  - {host: 127.0.0.1, port: \(redis.port), protocol: redis, authentication: password}
            """
        try dir.write("design.yaml", design)
        let lines = design.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        /// `design.yaml:LINE:COL` of the value after `key` on the given line (1-based), or of the line's `{`.
        func loc(_ line: Int, _ key: String = "{") -> String {
            let text = lines[line - 1]
            guard let r = text.range(of: key) else { return "?" }
            let column = text.distance(from: text.startIndex, to: key == "{" ? r.lowerBound : r.upperBound) + 1
            return "design.yaml:\(line):\(column)"
        }
        let config = try dir.write("rampart.yaml", """
            rampart: audit
            design: design.yaml
            live:
              scope: [127.0.0.1/32]
              ports: "\(debug.port)"
              caFile: \(pki.path("root.pem"))
              timeout: 2
              maxTime: 120
            """)
        let (facts, report) = try Self.audit(config, Audit.Options())
        #expect(facts.stages == ["design", "live"])
        func at(_ id: String) -> [String] {
            report.findings.filter { $0.ruleID == id }.map { "\(Self.place($0.subject.location)) \($0.subject.endpoint?.port ?? 0)" }.sorted()
        }
        #expect(at("drift/tls-below-declared") == ["\(loc(10, "tls: ")) \(tls.port)"], "\(report.findings.map { "\($0.ruleID) \($0.message)" })")
        #expect(at("drift/certificate-host-mismatch") == ["\(loc(10, "host: ")) \(tls.port)"])
        #expect(at("drift/plaintext-http-live") == ["\(loc(16)) \(plain.port)"])
        #expect(at("drift/authentication-not-enforced") == ["\(loc(22, "authentication: ")) \(mqtt.port)", "\(loc(35, "authentication: ")) \(redis.port)"].sorted())
        #expect(at("drift/endpoint-unreachable") == ["\(loc(28, "port: ")) \(down)"])
        #expect(at("drift/undeclared-open-port") == ["\(loc(5, "name: ")) \(debug.port)"])
        let mismatch = try #require(report.findings.first { $0.ruleID == "drift/certificate-host-mismatch" })
        #expect(mismatch.related.first?.endpoint?.port == tls.port)
        // Live findings of a declared endpoint land on the design line that declares it.
        let live = report.findings.filter { $0.ruleID.hasPrefix("tls/") || $0.ruleID.hasPrefix("cert/") || $0.ruleID.hasPrefix("port/") }
        #expect(!live.isEmpty)
        for f in live where f.subject.endpoint?.port == tls.port {
            #expect(Self.place(f.subject.location) == loc(10), "\(f.ruleID)")
        }
        // A port the design does not declare lands where the design names its host: every result has a line.
        let debugPort = try #require(live.first { $0.subject.endpoint?.port == debug.port })
        #expect(Self.place(debugPort.subject.location) == loc(10, "host: "))
        #expect(report.findings.allSatisfy { $0.subject.location != nil }, "\(report.findings.filter { $0.subject.location == nil }.map(\.ruleID))")
    }
}

@Suite struct StarterConfigTests {
    @Test func starterConfigLoadsAndInitWritesIt() throws {
        let config = try AuditConfig.parse(Array(StarterConfig.text.utf8), file: "rampart.yaml").get()
        #expect(config.designs == ["design.yaml"] && config.manifests == ["k8s/"])
        #expect(config.live?.enabled == false && config.live?.scope == ["127.0.0.1/32"])
        #expect(config.outputs.map(\.path) == ["reports/rampart.sarif", "reports/rampart.html"])
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.path + "/rampart.yaml"
        let first = try runRampart(["init", "--config", "--path", path])
        #expect(first.status == 0)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == StarterConfig.text)
        let again = try runRampart(["init", "--config", "--path", path])
        #expect(again.status == 2 && again.stderr.contains("already exists"))
    }
}
