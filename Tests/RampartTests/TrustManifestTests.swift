import Foundation
import Testing
import RampartCore
import RampartManifests
import RampartYAML
@testable import RampartRules

/// Runs `rampart scan` on the paths and decodes the JSON report.
private func scan(_ paths: [String], stdin: String? = nil, extra: [String] = []) throws -> (status: Int32, report: Report, stderr: String) {
    let r = try runRampart(["scan"] + paths + ["--format", "json", "--no-color"] + extra, stdin: stdin)
    let report = try JSONDecoder().decode(Report.self, from: Data(r.stdout.utf8))
    return (r.status, report, r.stderr)
}

/// Runs the given rules over YAML text, as the rule catalog does.
private func judge(_ yaml: String, _ rules: [any Rule.Type], name: String = "t.yaml") -> [Finding] {
    let facts = Facts(collect(yaml, name: name))
    return rules.flatMap { rule in
        rule.init().check(facts, RuleContext(description: rule.description, today: "2026-01-01"))
    }
}

private func at(_ f: Finding) -> String {
    "\(f.ruleID)@\(f.subject.location?.line ?? 0):\(f.subject.location?.column ?? 0)"
}

@Suite struct TrustManifestTests {
    // MARK: - 1. No trap on ordinary commands

    @Test func composeCommandWithEqualsTokenScansInsteadOfTrapping() throws {
        let yaml = """
        services:
          check:
            image: busybox:1.36
            command: test "$A" = 1
            entrypoint: ["sh", "", "=", "--password=hunter2x"]
        """
        let r = try scan(["-"], stdin: yaml)
        #expect(r.status == 1)
        let secrets = r.report.findings.filter { $0.ruleID == "compose/secret-in-command" }
        #expect(secrets.map(at) == ["compose/secret-in-command@5:33"])
        #expect(!r.report.findings.contains { $0.message.contains("hunter2x") || ($0.evidence ?? "").contains("hunter2x") })
    }

    // MARK: - 2. Budgets on expanded size

    @Test func smallAliasBombIsRefusedQuicklyWithLocation() throws {
        // 354 bytes expanding to over ten million nodes.
        let yaml = """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: bomb}
        data:
          a: &a [x, x, x, x, x, x, x, x, x, x]
          b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
          c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
          d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
          e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
          f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
          g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]
        """
        let dir = try TempDir()
        defer { dir.remove() }
        let file = try dir.write("bomb.yaml", yaml)
        let started = Date()
        let r = try scan([file], extra: ["--evidence", dir.path + "/evidence.json"])
        #expect(Date().timeIntervalSince(started) < 60)  // a hang guard (the old code took minutes), not a speed claim
        #expect(r.status == 2)
        let tooLarge = try #require(r.report.findings.first { $0.ruleID == "input/too-large" })
        #expect(tooLarge.subject.location?.file == file)
        #expect(tooLarge.subject.location?.line == 9)
        #expect(tooLarge.message.contains("alias"))
        // Evidence stays proportional to the input: the refused document is not in it.
        let evidence = try FileManager.default.attributesOfItem(atPath: dir.path + "/evidence.json")[.size] as? Int ?? 0
        #expect(evidence < 64 * 1024)
    }

    @Test func podWithFortyThousandAliasedContainersIsRefused() throws {
        var yaml = "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\nspec:\n"
        yaml += "  initContainers:\n  - &c {name: app, image: app, securityContext: {privileged: true}}\n  containers: ["
        yaml += Array(repeating: "*c", count: 40_000).joined(separator: ",") + "]\n"
        #expect(yaml.utf8.count > 100_000)
        let started = Date()
        let r = try scan(["-"], stdin: yaml)
        #expect(Date().timeIntervalSince(started) < 60)  // a hang guard (the old code took minutes), not a speed claim
        #expect(r.status == 2)
        let tooLarge = try #require(r.report.findings.first { $0.ruleID == "input/too-large" })
        #expect(tooLarge.subject.location?.line == 7)
        // The document was not judged piecemeal: no flood of container findings.
        #expect(r.report.findings.count < 10)
    }

    @Test func fortyThousandPodsInOneJSONFileAreRefusedQuickly() throws {
        let pod = #"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "shop"}, "spec": {"containers": [{"name": "app", "image": "app:1.0"}]}}"#
        let json = "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [\n" + Array(repeating: pod, count: 40_000).joined(separator: ",\n") + "\n]}\n"
        let dir = try TempDir()
        defer { dir.remove() }
        let file = try dir.write("pods.json", json)
        let started = Date()
        let r = try scan([file])
        // About 2 s alone in a debug build (it took minutes and gigabytes before the budget); the margin
        // is for the test suite's parallel load on two cores.
        #expect(Date().timeIntervalSince(started) < 60)  // a hang guard (the old code took minutes), not a speed claim
        #expect(r.status == 2)
        let tooLarge = try #require(r.report.findings.first { $0.ruleID == "input/too-large" })
        #expect(tooLarge.subject.location?.file == file)
        #expect((tooLarge.subject.location?.line ?? 0) > 1)
        #expect(tooLarge.message.contains("split the file"))
    }

    @Test func budgetCountsAcrossDocumentsOfOneFile() {
        var limits = YAMLLimits()
        limits.maxExpandedNodes = 100
        // Three documents of 40 nodes each: the third passes the file's budget.
        let doc = "a: [" + Array(repeating: "x", count: 38).joined(separator: ", ") + "]\n"
        let stream = YAMLLoader.parse(Array((doc + "---\n" + doc + "---\n" + doc).utf8), file: "f.yaml", limits: limits)
        #expect(stream.documents.count == 2)
        #expect(stream.problems.map(\.kind) == [.tooLarge])
        #expect(stream.problems.first?.line == 5)
    }

    // MARK: - 3. Shapes that were skipped or hidden

    @Test func nonScalarKindIsAnInvalidShapeAtTheKind() throws {
        let r = try scan(["-"], stdin: "apiVersion: v1\nkind: [Pod]\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: a:1, securityContext: {privileged: true}}]\n")
        #expect(r.status == 2)
        #expect(r.report.findings.map(at) == ["input/invalid-shape@2:7"])
        #expect(r.report.findings.first?.message.contains("expected a string for kind, found a sequence") == true)
    }

    @Test func duplicatedSecurityContextIsJudgedBothWays() throws {
        let yaml = """
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: shop}
        spec:
          containers:
          - name: app
            image: app:1.0
            securityContext:
              privileged: true
            securityContext:
              runAsNonRoot: true
        """
        let r = try scan(["-"], stdin: yaml)
        #expect(r.status == 1)
        let privileged = r.report.findings.filter { $0.ruleID == "k8s/privileged-container" }
        #expect(privileged.map(at) == ["k8s/privileged-container@9:19"])
        let duplicate = try #require(r.report.findings.first { $0.ruleID == "input/duplicate-key" })
        #expect(at(duplicate) == "input/duplicate-key@10:5")
        #expect(duplicate.message.contains("judged every value"))
        // Each finding is reported once, whichever readings found it.
        #expect(Set(r.report.findings.map(\.fingerprint)).count == r.report.findings.count)
    }

    @Test func outOfRangeRunAsUserIsInvalidShapeAndNotSilent() throws {
        let yaml = """
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: shop}
        spec:
          securityContext: {runAsUser: 99999999999999999999999999999999}
          containers:
          - {name: app, image: app:1.0, securityContext: {runAsUser: 4294967296}}
        """
        let r = try scan(["-"], stdin: yaml)
        #expect(r.status == 2)
        let shapes = r.report.findings.filter { $0.ruleID == "input/invalid-shape" }.sorted { at($0) < at($1) }
        #expect(shapes.map(at) == ["input/invalid-shape@5:32", "input/invalid-shape@7:62"])
        #expect(shapes.first?.message == "expected an integer from 0 to 2147483647 for spec.securityContext.runAsUser, found a number too large for a 64-bit integer")
        #expect(shapes.last?.message == "expected an integer from 0 to 2147483647 for spec.containers[0].securityContext.runAsUser, found a number out of that range")
        let root = judge(yaml, [RunAsRootUser.self, LowUserID.self])
        #expect(root.map(at).sorted() == ["k8s/low-user-id@7:62", "k8s/run-as-root-user@5:32", "k8s/run-as-root-user@7:62"])
    }

    // MARK: - 4. JSON manifests

    @Test func kubectlJSONListInADirectoryIsScannedWithLocations() throws {
        let list = """
        {
            "apiVersion": "v1",
            "items": [
                {
                    "apiVersion": "v1",
                    "kind": "Pod",
                    "metadata": {"name": "web", "namespace": "shop"},
                    "spec": {
                        "hostNetwork": true,
                        "containers": [{"name": "web", "image": "web:1.0"}]
                    }
                }
            ],
            "kind": "List",
            "metadata": {"resourceVersion": ""}
        }
        """
        let dir = try TempDir()
        defer { dir.remove() }
        let manifest = try dir.write("k8s/pods.json", list)
        try dir.write("k8s/package.json", #"{"name": "site", "version": "1.0.0", "dependencies": {}}"#)
        try dir.write("k8s/broken-but-foreign.json", "{not json at all")
        let r = try scan([dir.path + "/k8s"], extra: ["--fail-on", "critical"])
        #expect(r.status == 0)
        let hostNetwork = try #require(r.report.findings.first { $0.ruleID == "k8s/host-network" })
        #expect(hostNetwork.subject.location?.file == manifest)
        #expect(hostNetwork.subject.location?.line == 9)
        #expect(hostNetwork.subject.location?.column == 32)
        #expect(hostNetwork.subject.resource == "Pod/shop/web")
        let skipped = r.report.skipped.map(\.source)
        #expect(skipped.contains(dir.path + "/k8s/package.json"))
        #expect(skipped.contains(dir.path + "/k8s/broken-but-foreign.json"))
        #expect(!r.report.findings.contains { $0.ruleID.hasPrefix("input/") })
    }

    // MARK: - 5. Inline suppressions

    @Test func suppressionNamingNoRuleIsAnErrorWithSuggestion() throws {
        let yaml = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: p
          namespace: shop
          annotations:
            suppress.rampart.io/k8s.privileged: "node agent"
        spec:
          containers: [{name: a, image: a:1, securityContext: {privileged: true}}]
        """
        let r = try scan(["-"], stdin: yaml)
        #expect(r.status == 1)
        let unknown = try #require(r.report.findings.first { $0.ruleID == "policy/suppression-unknown-rule" })
        #expect(at(unknown) == "policy/suppression-unknown-rule@7:5")
        #expect(unknown.message.contains("did you mean 'suppress.rampart.io/k8s.privileged-container'?"))
        #expect(unknown.severity == .high)
        // It suppressed nothing.
        #expect(r.report.findings.contains { $0.ruleID == "k8s/privileged-container" && !$0.isSuppressed })
    }

    @Test func composeSuppressionWithoutReasonPointsAtItsLabelWithComposeRemediation() throws {
        let yaml = """
        services:
          agent:
            image: agent:1.0
            privileged: true
            labels:
              team: ops
              suppress.rampart.io/compose.privileged: ""
        """
        let found = judge(yaml, [SuppressionWithoutReason.self], name: "compose.yaml")
        #expect(found.map(at) == ["policy/suppression-without-reason@7:7"])
        #expect(found.first?.remediation.contains("labels:") == true)
        #expect(found.first?.remediation.contains("annotation") == false)
    }

    // MARK: - 6. Rule results

    @Test func lowUserIDJudgesTheUIDEachContainerRunsAs() {
        let overridden = """
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          securityContext: {runAsUser: 1000}
          containers:
          - {name: app, image: app:1.0, securityContext: {runAsUser: 20000}}
        """
        #expect(judge(overridden, [LowUserID.self]).isEmpty)
        let own = """
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          securityContext: {runAsUser: 20000}
          containers:
          - {name: app, image: app:1.0, securityContext: {runAsUser: 33}}
          - {name: side, image: side:1.0}
        """
        let found = judge(own, [LowUserID.self])
        #expect(found.map(at) == ["k8s/low-user-id@7:62"])
        #expect(found.first?.message == "container \"app\" runs as UID 33; expected a UID of at least 10000.")
    }

    @Test func clusterCreatedObjectsInDefaultAreNotFlagged() {
        let yaml = """
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: default, namespace: default}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: kubernetes, namespace: default}
        spec: {ports: [{port: 443}]}
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: app, namespace: default}
        """
        #expect(judge(yaml, [DefaultNamespace.self]).map(at) == ["k8s/default-namespace@12:34"])
    }

    @Test func composePublishedWithAddressIsAShapeErrorNotAPort() throws {
        let yaml = """
        services:
          web:
            image: web:1.0
            ports:
              - target: 80
                published: "127.0.0.1:8080"
        """
        // A Compose shape error is an input error: reported at the `published:` value, exit 2.
        let r = try scan(["-"], stdin: yaml)
        #expect(r.status == 2)
        let shape = r.report.findings.filter { $0.ruleID == "input/invalid-shape" }
        #expect(shape.map(at) == ["input/invalid-shape@6:20"])
        #expect(shape.first?.message == "published '127.0.0.1:8080' is not a port or port range; the address belongs in host_ip; expected published: PORT or START-END")
        #expect(!r.report.findings.contains { $0.ruleID.hasPrefix("compose/port-") || $0.ruleID == "compose/invalid-shape" })
    }

    @Test func capabilitiesWithCAPPrefixFailBaselineAsAdmissionDoes() {
        let yaml = """
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: app
            image: app:1.0
            securityContext:
              capabilities: {drop: [ALL], add: [CHOWN, CAP_SETPCAP]}
        """
        let found = judge(yaml, [CapabilitiesAdded.self, CapabilitiesAddedRestricted.self])
        #expect(found.map(at).sorted() == ["k8s/capabilities-added-restricted@9:41", "k8s/capabilities-added@9:48"])
        let baseline = found.first { $0.ruleID == "k8s/capabilities-added" }
        #expect(baseline?.message.contains("compares names exactly") == true)
        #expect(baseline?.message.contains("expected SETPCAP") == true)
    }
}

@Suite struct TrustManifestMoreTests {
    @Test func dropAllMustBeSpelledAsAdmissionReadsIt() {
        let yaml = """
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - {name: app, image: app:1.0, securityContext: {capabilities: {drop: [CAP_ALL]}}}
          - {name: ok, image: ok:1.0, securityContext: {capabilities: {drop: [ALL]}}}
        """
        let found = judge(yaml, [CapabilitiesNotDropped.self])
        #expect(found.map(at) == ["k8s/capabilities-not-dropped@6:72"])
        #expect(found.first?.message.contains("compares names exactly") == true)
    }

    @Test func kubectlJSONOnStdinIsScanned() throws {
        let json = #"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "shop"}, "spec": {"hostPID": true, "containers": [{"name": "a", "image": "a:1.0"}]}}"#
        let r = try scan(["-"], stdin: json + "\n")
        #expect(r.status == 1)
        #expect(r.report.findings.filter { $0.ruleID == "k8s/host-pid" }.map(at) == ["k8s/host-pid@1:105"])
    }

    @Test func directoryWithOnlyForeignJSONListsItAsSkipped() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write("tsconfig.json", #"{"compilerOptions": {"strict": true}}"#)
        // Nothing judged is not a pass (exit 2), and the skipped file is named; --allow-empty lists it in the report.
        let refused = try runRampart(["scan", dir.path, "--format", "json", "-v"])
        #expect(refused.status == 2 && refused.stderr.contains("no input scanned") && refused.stderr.contains("1 skipped"))
        let r = try runRampart(["scan", dir.path, "--format", "json", "-v", "--allow-empty"])
        #expect(r.status == 0)
        let report = try JSONDecoder().decode(Report.self, from: Data(r.stdout.utf8))
        #expect(report.skipped.map(\.source) == [dir.path + "/tsconfig.json"])
        #expect(report.findings.isEmpty)
    }

    @Test func suppressionKeyWithoutDomainDotIsUnknown() {
        let yaml = """
        services:
          agent:
            image: agent:1.0
            labels: ["suppress.rampart.io/privileged=vendor agent"]
        """
        let found = judge(yaml, [SuppressionUnknownRule.self], name: "compose.yaml")
        #expect(found.map(at) == ["policy/suppression-unknown-rule@4:14"])
        #expect(found.first?.message.contains("did you mean 'suppress.rampart.io/compose.privileged'?") == true)
    }
}
