import Foundation
import Testing
import RampartReport
import RampartRules
import RampartCore

/// Generated documentation must match the code it is generated from.
@Suite struct DocsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func rulesCatalogIsCurrent() throws {
        let committed = try String(contentsOf: Self.root.appendingPathComponent("docs/rules.md"), encoding: .utf8)
        let generated = RuleCatalogWriter.markdown(RuleRegistry.descriptions)
        #expect(committed == generated, "docs/rules.md is stale: run scripts/gen-docs.sh")
    }

    @Test func everyRuleIsDocumented() throws {
        let committed = try String(contentsOf: Self.root.appendingPathComponent("docs/rules.md"), encoding: .utf8)
        for rule in RuleRegistry.descriptions {
            #expect(committed.contains("`\(rule.id)`"), "\(rule.id) missing from docs/rules.md")
        }
    }
}

/// The README quick start, as a newcomer runs it: the bundled example must produce the findings it was
/// written to show, at the lines where they are.
@Suite struct QuickStartTests {
    @Test func bundledExampleShowsItsMistakes() throws {
        let example = DocsTests.root.appendingPathComponent("testdata/examples/city-portal").path
        let r = try runRampart(["scan", example, "--format", "json"])
        #expect(r.status == 1, "\(r.stderr)")
        let report = try JSONDecoder().decode(Report.self, from: Data(r.stdout.utf8))
        func has(_ rule: String, _ file: String, _ line: Int) -> Bool {
            report.findings.contains { $0.ruleID == rule && $0.subject.location?.file.hasSuffix(file) == true && $0.subject.location?.line == line }
        }
        #expect(has("k8s/privileged-container", "portal.yaml", 63))
        #expect(has("k8s/host-network", "portal.yaml", 55))
        #expect(has("k8s/secret-in-env-literal", "portal.yaml", 61))
        #expect(has("k8s/service-sensitive-port", "portal.yaml", 74))
        #expect(has("k8s/ingress-ssl-redirect-disabled", "portal.yaml", 83))
        #expect(has("compose/docker-socket-mount", "docker-compose.yml", 30))
        #expect(has("compose/port-sensitive-exposed", "docker-compose.yml", 25))
        // The hardened parts stay quiet: portal-web and opendata-api have no high or critical findings.
        #expect(!report.findings.contains { $0.severity >= .high && ($0.subject.resource?.contains("portal-web") == true || $0.subject.resource == "service opendata-api") })
        // The secret's value never reaches the report.
        #expect(!r.stdout.contains("s3cr3t-do-not-ship") && !r.stdout.contains("example-password"))
    }
}
