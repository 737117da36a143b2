import Foundation
import Testing
import RampartCore
@testable import RampartReport

@Suite struct ReportSARIFTests {
    typealias JSON = [String: Any]

    static func run(_ report: Report) throws -> JSON {
        let text = ReportWriter.render(report, as: .sarif)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? JSON)
        #expect(log["version"] as? String == "2.1.0")
        #expect((log["$schema"] as? String)?.hasSuffix("sarif-schema-2.1.0.json") == true)
        let runs = try #require(log["runs"] as? [JSON])
        #expect(runs.count == 1)
        return runs[0]
    }

    static func results(_ run: JSON) throws -> [JSON] { try #require(run["results"] as? [JSON]) }

    static func result(_ run: JSON, rule: String) throws -> JSON {
        try #require(try results(run).first { $0["ruleId"] as? String == rule })
    }

    @Test(arguments: ReportFixtures.all.map(\.0))
    func validatesAgainstTheSARIFSchema(name: String) throws {
        let report = try #require(ReportFixtures.all.first { $0.0 == name }?.1)
        let errors = try Python.schemaErrors(ReportWriter.render(report, as: .sarif), schemaPath: RepoPaths.sarifSchema)
        #expect(errors == nil, "\(name): \(errors ?? "")")
    }

    @Test func theValidatorCanFail() throws {
        // Without this, a broken python setup could make the schema tests pass vacuously.
        let bad = ReportWriter.render(ReportFixtures.files, as: .sarif)
            .replacingOccurrences(of: "\"level\" : \"error\"", with: "\"level\" : \"fatal\"")
        #expect(try Python.schemaErrors(bad, schemaPath: RepoPaths.sarifSchema) != nil)
    }

    @Test func emptyReportHasEmptyResultsAndASuccessfulInvocation() throws {
        let run = try Self.run(ReportFixtures.empty)
        let results = try #require(run["results"] as? [JSON])
        #expect(results.isEmpty)
        let invocation = try #require((run["invocations"] as? [JSON])?.first)
        #expect(invocation["executionSuccessful"] as? Bool == true)
        let driver = try #require((run["tool"] as? JSON)?["driver"] as? JSON)
        #expect(driver["name"] as? String == "rampart")
        #expect(driver["version"] as? String == ToolInfo.current.version)
        #expect((driver["rules"] as? [JSON])?.isEmpty == true)
    }

    @Test func fileFindingHasRegionLogicalLocationsAndFingerprint() throws {
        let run = try Self.run(ReportFixtures.files)
        let r = try Self.result(run, rule: "k8s/privileged-container")
        #expect(r["level"] as? String == "error")
        #expect((r["message"] as? JSON)?["text"] as? String == ReportFixtures.privileged.message)
        #expect((r["partialFingerprints"] as? JSON)?["rampart/v1"] as? String == ReportFixtures.privileged.fingerprint)
        let location = try #require((r["locations"] as? [JSON])?.first)
        let physical = try #require(location["physicalLocation"] as? JSON)
        let artifact = try #require(physical["artifactLocation"] as? JSON)
        #expect(artifact["uri"] as? String == "deploy/api.yaml")
        #expect(artifact["uriBaseId"] as? String == "%SRCROOT%")
        let region = try #require(physical["region"] as? JSON)
        #expect(region["startLine"] as? Int == 14)
        #expect(region["startColumn"] as? Int == 22)
        let logical = try #require(location["logicalLocations"] as? [JSON])
        #expect(logical.contains { $0["name"] as? String == "Deployment/default/api" && $0["kind"] as? String == "resource" })
        #expect(logical.contains { $0["name"] as? String == "spec.template.spec.containers[0].securityContext.privileged" })
        #expect((r["properties"] as? JSON)?["evidence"] as? String == "privileged: true")
        #expect(r["suppressions"] == nil)
        // A path with a space is percent-encoded, not broken.
        let compose = try Self.result(run, rule: "compose/port-all-interfaces")
        let uri = ((compose["locations"] as? [JSON])?.first?["physicalLocation"] as? JSON)
            .flatMap { $0["artifactLocation"] as? JSON }?["uri"] as? String
        #expect(uri == "compose%20dir/docker-compose.yml")
        #expect(compose["level"] as? String == "warning")
        #expect(try Self.result(run, rule: "design/unencrypted-flow")["level"] as? String == "note")
    }

    @Test func ruleIndexPointsAtTheRuleAndRulesCarrySeverity() throws {
        let run = try Self.run(ReportFixtures.mixed)
        let rules = try #require((run["tool"] as? JSON).flatMap { $0["driver"] as? JSON }?["rules"] as? [JSON])
        #expect(rules.map { $0["id"] as? String ?? "" } == rules.map { $0["id"] as? String ?? "" }.sorted())
        for r in try Self.results(run) {
            let index = try #require(r["ruleIndex"] as? Int)
            #expect(rules[index]["id"] as? String == r["ruleId"] as? String)
        }
        let privileged = try #require(rules.first { $0["id"] as? String == "k8s/privileged-container" })
        #expect(privileged["name"] as? String == "K8sPrivilegedContainer")
        #expect((privileged["shortDescription"] as? JSON)?["text"] as? String == "Container runs privileged")
        #expect((privileged["fullDescription"] as? JSON)?["text"] as? String == "Because `it` matters.")
        let help = try #require(privileged["help"] as? JSON)
        #expect((help["text"] as? String)?.contains("Fix it in `spec`.") == true)
        #expect((help["markdown"] as? String)?.contains("CIS Kubernetes Benchmark v1.9 5.2.2") == true)
        let props = try #require(privileged["properties"] as? JSON)
        #expect(props["security-severity"] as? String == "9.5")
        #expect((props["tags"] as? [String])?.contains("security") == true)
        #expect((privileged["defaultConfiguration"] as? JSON)?["level"] as? String == "error")
    }

    @Test func ruleMissingFromTheTableIsSynthesised() throws {
        let report = ReportFixtures.report([ReportFixtures.privileged, ReportFixtures.tls10], rules: [])
        let run = try Self.run(report)
        let rules = try #require((run["tool"] as? JSON).flatMap { $0["driver"] as? JSON }?["rules"] as? [JSON])
        #expect(rules.map { $0["id"] as? String } == ["k8s/privileged-container", "tls/protocol-tls10"])
        #expect(try Self.result(run, rule: "tls/protocol-tls10")["ruleIndex"] as? Int == 1)
    }

    @Test func policySeverityOverrideReachesTheRuleEntry() throws {
        var lowered = ReportFixtures.privileged
        lowered.severity = .medium
        let run = try Self.run(ReportFixtures.report([lowered], rules: [ReportFixtures.rule("k8s/privileged-container", .critical)]))
        let rule = try #require(((run["tool"] as? JSON)?["driver"] as? JSON)?["rules"] as? [JSON]).first
        let props = try #require(rule?["properties"] as? JSON)
        #expect(props["security-severity"] as? String == "5.5")
        #expect(props["defaultSeverity"] as? String == "critical")
        #expect((rule?["defaultConfiguration"] as? JSON)?["level"] as? String == "warning")
        #expect(try Self.results(run).first?["level"] as? String == "warning")
    }

    @Test func regionsStartAtOneEvenForBadLocations() throws {
        let f = Finding(ruleID: "input/unreadable", severity: .high, title: "Unreadable", message: "m",
                        subject: Subject(location: SourceLocation(file: "/abs/x.yaml", line: 0, column: 0)),
                        remediation: "r", references: [])
        let run = try Self.run(ReportFixtures.report([f]))
        let physical = try #require(((try Self.results(run).first?["locations"] as? [JSON])?.first?["physicalLocation"]) as? JSON)
        #expect((physical["region"] as? JSON)?["startLine"] as? Int == 1)
        #expect((physical["region"] as? JSON)?["startColumn"] as? Int == 1)
        let artifact = physical["artifactLocation"] as? JSON
        #expect(artifact?["uri"] as? String == "file:///abs/x.yaml")
        #expect(artifact?["uriBaseId"] == nil)
    }

    @Test func endpointFindingsHaveOnlyLogicalLocations() throws {
        let run = try Self.run(ReportFixtures.endpoints)
        let tls = try Self.result(run, rule: "tls/protocol-tls10")
        let location = try #require((tls["locations"] as? [JSON])?.first)
        #expect(location["physicalLocation"] == nil)
        let logical = try #require(location["logicalLocations"] as? [JSON])
        #expect(logical.count == 1)
        #expect(logical[0]["name"] as? String == "api.city.example:443")
        #expect(logical[0]["kind"] as? String == "resource")
        let redis = try Self.result(run, rule: "port/redis-unauthenticated")
        let redisName = ((redis["locations"] as? [JSON])?.first?["logicalLocations"] as? [JSON])?.first?["name"] as? String
        #expect(redisName == "[::1]:6379")
    }

    @Test func suppressedFindingsStayWithTheirKind() throws {
        let run = try Self.run(ReportFixtures.suppressedOnly)
        #expect(try Self.results(run).count == 3)
        let inline = try #require((try Self.result(run, rule: "k8s/host-network")["suppressions"] as? [JSON])?.first)
        #expect(inline["kind"] as? String == "inSource")
        #expect(inline["justification"] as? String == "node agent needs the host network")
        let waiver = try #require((try Self.result(run, rule: "tls/protocol-tls11")["suppressions"] as? [JSON])?.first)
        #expect(waiver["kind"] as? String == "external")
        #expect((waiver["properties"] as? JSON)?["owner"] as? String == "sec-team")
        #expect((waiver["properties"] as? JSON)?["expires"] as? String == "2027-01-31")
        let baseline = try #require((try Self.result(run, rule: "compose/image-latest-tag")["suppressions"] as? [JSON])?.first)
        #expect(baseline["kind"] as? String == "external")
        #expect((baseline["properties"] as? JSON)?["rampartKind"] as? String == "baseline")
    }

    @Test func skippedInputsBecomeNotifications() throws {
        let run = try Self.run(ReportFixtures.files)
        let invocation = try #require((run["invocations"] as? [JSON])?.first)
        let notes = try #require(invocation["toolExecutionNotifications"] as? [JSON])
        #expect(notes.count == 1)
        #expect((notes[0]["message"] as? JSON)?["text"] as? String == "Skipped charts/values.yaml#0: Helm values file")
    }

    @Test func uris() {
        #expect(SARIFWriter.uri(forPath: "deploy/api.yaml") == "deploy/api.yaml")
        #expect(SARIFWriter.uri(forPath: "./deploy/api.yaml") == "deploy/api.yaml")
        #expect(SARIFWriter.uri(forPath: "../other/api.yaml") == "../other/api.yaml")
        #expect(SARIFWriter.uri(forPath: "/srv/repo/a b.yaml") == "file:///srv/repo/a%20b.yaml")
        #expect(SARIFWriter.uri(forPath: "c:odd.yaml") == "c%3Aodd.yaml")
        #expect(SARIFWriter.uri(forPath: "dé/x#1.yaml") == "d%C3%A9/x%231.yaml")
    }
}
