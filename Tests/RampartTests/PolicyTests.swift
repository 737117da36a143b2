import Foundation
import Testing
import RampartAudit
import RampartCore
import RampartManifests
import RampartPolicy
import RampartRules

/// A rule used only here, so that policy behaviour is tested independently of the rule catalog.
struct HostNetworkProbe: WorkloadRule {
    static let description = RuleDescription(
        id: "test/host-network", title: "hostNetwork", severity: .high, rationale: "r", remediation: "m",
        references: [Reference("test")], triggering: [], nonTriggering: [])

    func check(_ workload: Workload, _ context: RuleContext) -> [Finding] {
        let field = workload.podSpec.child("hostNetwork")
        guard field.node?.bool == true else { return [] }
        return [context.finding(at: field, in: workload.object, "hostNetwork is true")]
    }
}

struct OptInProbe: WorkloadRule {
    static let description = RuleDescription(
        id: "test/opt-in", title: "opt-in", severity: .low, rationale: "r", remediation: "m",
        references: [Reference("test")], triggering: [], nonTriggering: [], optIn: true)

    func check(_ workload: Workload, _ context: RuleContext) -> [Finding] {
        [context.finding(at: workload.podSpec, in: workload.object, "always")]
    }
}

@Suite struct PolicyTests {
    static let rules: [any Rule.Type] = [HostNetworkProbe.self, OptInProbe.self] + PolicyRules.all

    func pod(name: String = "p", annotations: String = "") -> String {
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: \(name)\n  namespace: prod\n\(annotations)spec:\n  hostNetwork: true\n  containers: [{name: a, image: a:1}]\n"
    }

    func evaluate(_ yaml: String, policy: Policy, today: String = "2026-06-01", baseline: Set<String> = []) -> Report {
        Evaluator(policy: policy, rules: Self.rules, today: today, baseline: baseline)
            .evaluate(collect(yaml, name: "pod.yaml"), generatedAt: "t")
    }

    @Test func shippedProfilesLoadAndStrictExtendsDefault() throws {
        let def = try PolicyLoader.load(nil)
        #expect(def.name == "default" && def.failOn == .high)
        let strict = try PolicyLoader.load("strict")
        #expect(strict.name == "strict" && strict.failOn == .medium)
        // Inherited from default.
        #expect(strict.parameters.int("hstsMinAge", default: 0) == 31_536_000)
        #expect(strict.isEnabled(OptInProbe.description) && !def.isEnabled(OptInProbe.description))
    }

    @Test func shippedProfilesAreEmbeddedUpToDate() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let files = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("policies").path).filter { $0.hasSuffix(".yaml") }
        #expect(Set(files.map { String($0.dropLast(5)) }) == Set(PolicyLoader.shippedNames), "run scripts/gen-profiles.sh")
        for file in files {
            let onDisk = try String(contentsOf: root.appendingPathComponent("policies/\(file)"), encoding: .utf8)
            let embedded = try PolicyLoader.parse(Array(onDisk.utf8), file: file)
            let loaded = try PolicyLoader.load(String(file.dropLast(5)))
            #expect(embedded.parameters.values.allSatisfy { loaded.parameters.values[$0.key] == $0.value }, "\(file) is stale: run scripts/gen-profiles.sh")
            #expect(embedded.failOn == nil || embedded.failOn == loaded.failOn)
        }
    }

    @Test func rulesAreDisabledByIdOrGlobAndSeveritiesOverridden() throws {
        var policy = Policy(name: "p")
        #expect(evaluate(pod(), policy: policy).activeFindings.map(\.ruleID) == ["test/host-network"])
        policy.disabled = ["test/*"]
        #expect(evaluate(pod(), policy: policy).findings.isEmpty)
        policy.enabled = ["test/opt-in"]
        #expect(evaluate(pod(), policy: policy).findings.map(\.ruleID) == ["test/opt-in"])
        policy = Policy(name: "p")
        policy.severities["test/host-network"] = .low
        let report = evaluate(pod(), policy: policy)
        #expect(report.findings.first?.severity == .low && report.passed)
    }

    @Test func activeWaiverSuppressesAndKeepsTheFindingVisible() {
        var policy = Policy(name: "p")
        policy.waivers = [Waiver(rule: "test/host-network", subject: "Pod/prod/*", reason: "CNI agent", owner: "platform", expires: "2026-12-31")]
        let report = evaluate(pod(), policy: policy)
        #expect(report.findings.count == 1)
        #expect(report.findings.first?.suppression?.kind == .waiver)
        #expect(report.findings.first?.suppression?.owner == "platform")
        #expect(report.passed)
    }

    @Test func expiredWaiverStopsWaivingAndSaysSo() {
        var policy = Policy(name: "p")
        policy.waivers = [Waiver(rule: "test/host-network", subject: "Pod/prod/*", reason: "CNI agent", owner: "platform", expires: "2026-05-31",
                                 declaredAt: SourceLocation(file: "policy.yaml", line: 12, column: 5))]
        let report = evaluate(pod(), policy: policy, today: "2026-06-01")
        #expect(!report.passed)
        #expect(report.findings.contains { $0.ruleID == "test/host-network" && !$0.isSuppressed })
        let expired = report.findings.first { $0.ruleID == "policy/waiver-expired" }
        #expect(expired?.subject.location == SourceLocation(file: "policy.yaml", line: 12, column: 5))
        #expect(expired?.message.contains("2026-05-31") == true)
        // Still valid on its last day.
        #expect(evaluate(pod(), policy: policy, today: "2026-05-31").passed)
    }

    @Test func inlineSuppressionNeedsAReason() {
        let policy = Policy(name: "p")
        let withReason = evaluate(pod(annotations: "  annotations:\n    suppress.rampart.io/test.host-network: \"node exporter\"\n"), policy: policy)
        #expect(withReason.findings.first?.suppression == Suppression(kind: .inline, reason: "node exporter"))
        #expect(withReason.passed)
        let without = evaluate(pod(annotations: "  annotations:\n    suppress.rampart.io/test.host-network: \"\"\n"), policy: policy)
        #expect(without.findings.contains { $0.ruleID == "test/host-network" && !$0.isSuppressed })
        let missing = without.findings.first { $0.ruleID == "policy/suppression-without-reason" }
        #expect(missing?.subject.location?.line == 7)
    }

    @Test func inlineSuppressionsCanBeTurnedOffByPolicy() {
        var policy = Policy(name: "p")
        policy.inlineSuppressions = false
        let report = evaluate(pod(annotations: "  annotations:\n    suppress.rampart.io/test.host-network: \"x\"\n"), policy: policy)
        #expect(!report.passed)
    }

    @Test func baselineAcceptsKnownFindingsOnly() {
        let policy = Policy(name: "p")
        let first = evaluate(pod(), policy: policy)
        let fingerprints = Set(first.findings.map(\.fingerprint))
        let again = evaluate(pod() + "---\n" + pod(name: "q"), policy: policy, baseline: fingerprints)
        #expect(again.findings.filter { $0.suppression?.kind == .baseline }.count == 1)
        #expect(again.activeFindings.map { $0.subject.resource } == ["Pod/prod/q"])
    }

    @Test func fingerprintSurvivesUnrelatedEdits() {
        let policy = Policy(name: "p")
        let before = evaluate(pod(), policy: policy).findings.first
        let moved = evaluate("# a comment\n# another\n" + pod(annotations: "  labels: {team: x}\n"), policy: policy).findings.first
        #expect(before?.subject.location?.line != moved?.subject.location?.line)
        #expect(before?.fingerprint == moved?.fingerprint)
    }

    @Test func policyFileErrorsNameFileAndLine() {
        let cases: [(String, String)] = [
            ("rampart: policy\nname: x\nfailOn: severe\n", "p.yaml:3:9: failOn must be one of"),
            ("rampart: policy\nname: x\nwaivers:\n  - rule: k8s/*\n    subject: '*'\n    reason: r\n    owner: o\n    expires: next year\n", "p.yaml:8:14: waiver expires must be a date"),
            ("rampart: policy\nname: x\nwaivers:\n  - rule: k8s/*\n", "p.yaml:4:5: a waiver needs"),
            ("rampart: policy\nname: x\nrulez: {}\n", "p.yaml:3:1: unknown policy key 'rulez'"),
            ("rampart: policy\nname: [x\n", "p.yaml:"),
        ]
        for (text, expected) in cases {
            #expect(throws: PolicyError.self) { try PolicyLoader.parse(Array(text.utf8), file: "p.yaml") }
            do {
                _ = try PolicyLoader.parse(Array(text.utf8), file: "p.yaml")
            } catch {
                #expect("\(error)".hasPrefix(expected), "got: \(error)")
            }
        }
    }

    @Test func unknownProfileIsAClearError() {
        #expect(throws: PolicyError.self) { try PolicyLoader.load("no-such-profile") }
    }

    @Test(arguments: [("k8s/*", "k8s/privileged-container", true), ("*", "x", true), ("Deployment/prod/*", "Deployment/prod/api", true),
                      ("Deployment/prod/*", "Deployment/dev/api", false), ("a?c", "abc", true), ("a*b*c", "aXbYc", true), ("a*b", "aXbYc", false)])
    func globs(pattern: String, text: String, matches: Bool) {
        #expect(Glob.matches(pattern, text) == matches)
    }
}
