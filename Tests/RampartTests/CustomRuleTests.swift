import Foundation
import Testing
import RampartAudit
import RampartCore
import RampartDesign
import RampartManifests
import RampartPolicy
import RampartRules

/// Custom rules in YAML: loading (every mistake at file:line:column), evaluation (paths, operators,
/// combinators, locations), the CLI, and equivalence with the built-in rules they re-express.
@Suite struct CustomRuleTests {
    static let examplesDir = DocsTests.root.appendingPathComponent("policies/custom-examples").path

    static func rules(_ body: String, file: String = "rules.yaml") -> ([CustomRuleDefinition], [String]) {
        CustomRuleLoader.parse(Array(("rampart: rules\nrules:\n" + body).utf8), file: file)
    }

    static func rule(_ body: String) throws -> CustomRule {
        let (loaded, problems) = rules(body)
        #expect(problems.isEmpty, "\(problems)")
        return CustomRule(try #require(loaded.first))
    }

    static func findings(_ rule: CustomRule, _ manifest: String) -> [Finding] {
        let facts = Facts(collect(manifest))
        return rule.check(facts, RuleContext(description: rule.description))
    }

    static let header = """
          - id: city/test
            title: Test rule
            severity: medium
            message: "{{kind}} {{name}}: {{path}} is {{value}}"
            remediation: Fix it.

        """

    // MARK: loading

    @Test func misspeltPathIsALoadErrorWithLineAndSuggestion() {
        let (loaded, problems) = Self.rules(Self.header + """
                match: {fact: container}
                assert:
                  not: {path: securityContext.priviliged, equals: true}
            """)
        #expect(loaded.isEmpty)
        #expect(problems == ["rules.yaml:10:19: path 'securityContext.priviliged' can never exist on container: 'priviliged' is not a field of 'securityContext' (did you mean 'privileged'?)"])
    }

    @Test func listWithoutQuantifierSaysHowToWriteIt() {
        let (_, problems) = Self.rules(Self.header + """
                match: {fact: workload}
                assert: {path: spec.containers.image, exists: true}
            """)
        #expect(problems.count == 1)
        #expect(problems.first?.contains("rules.yaml:9:") == true)
        #expect(problems.first?.contains("'spec.containers' is a list: write 'spec.containers[*].image' (any element) or 'spec.containers[all].image' (every element)") == true, "\(problems)")
    }

    @Test func pathsAreCheckedPerKubernetesKind() {
        let (_, ok) = Self.rules(Self.header + """
                match: {fact: kubernetes, kinds: [ConfigMap]}
                assert: {path: data.LOG_LEVEL, exists: true}
            """)
        #expect(ok.isEmpty, "\(ok)")
        let (_, bad) = Self.rules(Self.header + """
                match: {fact: kubernetes, kinds: [Deployment]}
                assert: {path: spec.template.spec.hostNetwrk, absent: true}
            """)
        #expect(bad.count == 1 && bad[0].contains("did you mean 'hostNetwork'?"), "\(bad)")
        let (_, compose) = Self.rules(Self.header + """
                match: {fact: compose-service}
                assert: {path: privilege, absent: true}
            """)
        #expect(compose.count == 1 && compose[0].contains("'privilege' is not a field of this fact (did you mean 'privileged'?)"), "\(compose)")
    }

    @Test func idsMustUseTheirOwnPrefix() {
        let (_, problems) = Self.rules("""
              - id: k8s/my-rule
                title: T
                severity: low
                message: m
                remediation: r
                match: {fact: container}
                assert: {path: image, exists: true}
            """)
        #expect(problems == ["rules.yaml:3:9: rule id 'k8s/my-rule' uses the built-in domain 'k8s/'; give custom rules their own prefix (e.g. city/my-rule)"])
    }

    @Test func everyMistakeIsReportedWithItsPlace() {
        let (_, problems) = Self.rules("""
              - id: city/x
                title: T
                severity: severe
                message: "{{valu}}"
                remediation: r
                match: {fact: pods}
                assert: {path: image, exist: true}
            """)
        #expect(problems.contains("rules.yaml:5:15: severity must be one of info, low, medium, high, critical"))
        #expect(problems.contains { $0.hasPrefix("rules.yaml:6:14: message placeholder '{{valu}}' is not one of") }, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("rules.yaml:8:19: match.fact 'pods' is not one of kubernetes, workload, container, compose-service") }, "\(problems)")
    }

    @Test func operatorsAreChecked() {
        let (_, problems) = Self.rules(Self.header + """
                match: {fact: container}
                assert:
                  all:
                    - {path: image, matches: "(a+)+$"}
                    - {path: image, gte: ten}
                    - {path: image, exist: true}
                    - {path: image, equals: 1, in: [1]}
            """)
        #expect(problems.contains { $0.hasPrefix("rules.yaml:11:34: pattern '(a+)+$': a repeated group that itself repeats") }, "\(problems)")
        #expect(problems.contains("rules.yaml:12:30: 'gte' takes a number"), "\(problems)")
        #expect(problems.contains { $0.hasPrefix("rules.yaml:13:25: unknown operator 'exist'") }, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("rules.yaml:14:11: a test takes exactly one operator") }, "\(problems)")
    }

    @Test func aFileWithoutTheHeaderIsRefused() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write("policy.yaml", "rampart: policy\nname: p\n")
        #expect(throws: CustomRuleError.self) { try CustomRules.load([dir.path]) }
        do {
            _ = try CustomRules.load([dir.path])
        } catch let error as CustomRuleError {
            #expect(error.problems == ["custom rules: \(dir.path)/policy.yaml:1:10: not a rule file: it must start with `rampart: rules`"])
        }
    }

    @Test func duplicateIdsAcrossFilesAreRefused() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let text = "rampart: rules\nrules:\n" + Self.header + "    match: {fact: container}\n    assert: {path: image, exists: true}\n"
        try dir.write("a.yaml", text)
        try dir.write("b.yaml", text)
        #expect(throws: CustomRuleError.self) { try CustomRules.load([dir.path]) }
    }

    // MARK: evaluation

    static let pod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          namespace: shop
          labels: {tier: front}
        spec:
          containers:
          - name: app
            image: nginx:latest
            ports: [{containerPort: 80, hostPort: 8080}]
          - name: side
            image: envoy:1.30
            securityContext: {runAsUser: 1000}
        """

    @Test func everyElementPointsAtEachOffendingItem() throws {
        let rule = try Self.rule(Self.header + """
                match: {fact: workload}
                assert: {path: "spec.containers[all].image", matches: ":[0-9]"}
            """)
        let found = Self.findings(rule, Self.pod)
        #expect(found.map { "\($0.subject.location?.line ?? 0):\($0.subject.location?.column ?? 0) \($0.message)" }
            == ["10:12 Pod web: spec.containers[0].image is nginx:latest"])
        #expect(found.first?.subject.resource == "Pod/shop/web")
    }

    @Test func absentFieldPointsAtTheNearestParent() throws {
        let rule = try Self.rule(Self.header + """
                match: {fact: container}
                assert: {path: securityContext.runAsNonRoot, equals: true}
            """)
        let found = Self.findings(rule, Self.pod)
        // The first container has no securityContext: the finding lands on the container; the second on its securityContext.
        #expect(found.map { "\($0.subject.location?.line ?? 0):\($0.subject.location?.column ?? 0) \($0.subject.fieldPath ?? "")" }
            == ["9:5 spec.containers[0].securityContext.runAsNonRoot", "14:22 spec.containers[1].securityContext.runAsNonRoot"])
        #expect(found.first?.message == "Pod web/app: spec.containers[0].securityContext.runAsNonRoot is (absent)")
    }

    @Test func anyElementAndNumbers() throws {
        let rule = try Self.rule(Self.header + """
                match: {fact: workload, namespaces: [shop], labels: {tier: front}}
                assert:
                  not: {path: "spec.containers[*].ports[*].hostPort", gte: 1}
            """)
        let found = Self.findings(rule, Self.pod)
        #expect(found.map { "\($0.subject.location?.line ?? 0):\($0.subject.location?.column ?? 0)" } == ["11:43"])
        let elsewhere = try Self.rule(Self.header + """
                match: {fact: workload, namespaces: [prod-*]}
                assert: {path: "spec.containers[*].ports[*].hostPort", absent: true}
            """)
        #expect(Self.findings(elsewhere, Self.pod).isEmpty)
    }

    @Test func inContainsAndAny() throws {
        let rule = try Self.rule(Self.header + """
                match: {fact: kubernetes, kinds: [ConfigMap]}
                assert:
                  any:
                    - {path: data.LOG_LEVEL, in: [info, warn]}
                    - {path: metadata.labels, contains: debug-allowed}
            """)
        let bad = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {LOG_LEVEL: debug}\n"
        let good = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, labels: {debug-allowed: 'yes'}}\ndata: {LOG_LEVEL: debug}\n"
        let found = Self.findings(rule, bad)
        #expect(found.map { "\($0.subject.location?.line ?? 0):\($0.subject.location?.column ?? 0)" } == ["4:19", "3:11"])
        // Values under data (as under env) are never printed: a ConfigMap may hold a credential.
        #expect(found.first?.message == "ConfigMap c: data.LOG_LEVEL is (redacted)")
        #expect(Self.findings(rule, good).isEmpty)
    }

    @Test func secretLookingValuesAreNotShown() throws {
        let rule = try Self.rule(Self.header + """
                match: {fact: compose-service}
                assert: {path: "command[all]", matches: "^[a-z]+$"}
            """)
        let found = Self.findings(rule, "services:\n  db:\n    image: x:1\n    command: [run, \"--password=hunter2\"]\n")
        #expect(found.count == 1)
        #expect(found.first?.message == "service db: services.db.command[1] is (redacted)")
        #expect(!(found.first?.message.contains("hunter2") ?? true))
    }

    // MARK: the command line

    static func writeRules(_ dir: TempDir, _ name: String = "rules/city.yaml", _ assertion: String = "{path: image, matches: \":[0-9]\"}") throws {
        try dir.write(name, """
            rampart: rules
            rules:
              - id: city/pinned-tag
                title: Image tag is not a version
                severity: high
                message: "container {{name}} uses image {{value}}; expected a version tag"
                remediation: Pin a version.
                references: ["https://example.org/city-standard"]
                match: {fact: container}
                assert: \(assertion)
            """)
    }

    @Test func scanWithRulesDirectoryReportsCustomFindings() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try Self.writeRules(dir)
        let manifest = try dir.write("pod.yaml", Self.pod)
        let r = try runRampart(["scan", manifest, "--rules", dir.path + "/rules", "--format", "json"])
        #expect(r.status == 1, "\(r.stderr)")
        let report = try JSONDecoder().decode(Report.self, from: Data(r.stdout.utf8))
        let mine = report.findings.filter { $0.ruleID == "city/pinned-tag" }
        #expect(mine.map { "\($0.subject.location?.line ?? 0):\($0.subject.location?.column ?? 0)" } == ["10:12"])
        #expect(mine.first?.message == "container web/app uses image nginx:latest; expected a version tag")
        #expect(mine.first?.stage == .manifests)
        #expect(report.rules.contains { $0.id == "city/pinned-tag" })
    }

    @Test func policyNamesCustomRulesRelativeToItself() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try Self.writeRules(dir, "policy/rules/city.yaml")
        let policy = try dir.write("policy/city.yaml", """
            rampart: policy
            name: city
            customRules: rules
            rules:
              severity: {city/pinned-tag: low}
            """)
        let manifest = try dir.write("pod.yaml", Self.pod)
        let r = try runRampart(["scan", manifest, "--policy", policy, "--format", "json", "--fail-on", "critical"])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try JSONDecoder().decode(Report.self, from: Data(r.stdout.utf8))
        #expect(report.findings.filter { $0.ruleID == "city/pinned-tag" }.map(\.severity) == [.low])
    }

    @Test func aBrokenRuleFileStopsTheRun() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try Self.writeRules(dir, "rules/city.yaml", "{path: imagee, exists: true}")
        let manifest = try dir.write("pod.yaml", Self.pod)
        let r = try runRampart(["scan", manifest, "--rules", dir.path + "/rules"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("city.yaml:10:20: path 'imagee' can never exist on container: 'imagee' is not a field of this fact (did you mean 'image'?)"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        let missing = try runRampart(["scan", manifest, "--rules", dir.path + "/nowhere"])
        #expect(missing.status == 2)
    }

    @Test func catalogAndExplainShowCustomRules() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try Self.writeRules(dir)
        let list = try runRampart(["rules", "--rules", dir.path + "/rules"])
        #expect(list.status == 0)
        #expect(list.stdout.contains("city/pinned-tag"))
        #expect(list.stdout.contains("k8s/privileged-container"))
        let explain = try runRampart(["explain", "city/pinned-tag", "--rules", dir.path + "/rules"])
        #expect(explain.status == 0, "\(explain.stderr)")
        #expect(explain.stdout.contains("Source: \(dir.path)/rules/city.yaml"), "\(explain.stdout)")
        let markdown = try runRampart(["rules", "--format", "markdown", "--rules", Self.examplesDir])
        #expect(markdown.stdout.contains("### city/compose-privileged"))
        #expect(markdown.stdout.contains("**Defined in:** \(Self.examplesDir)/builtin-equivalents.yaml (custom rule)"), "\(markdown.stdout.prefix(300))")
    }

    // MARK: equivalence with the built-in rules

    static let equivalents: [(custom: String, builtIn: String)] = [
        ("city/privileged-container", "k8s/privileged-container"),
        ("city/host-network", "k8s/host-network"),
        ("city/host-pid", "k8s/host-pid"),
        ("city/compose-privileged", "compose/privileged"),
        ("city/compose-host-network", "compose/host-network"),
        ("city/compose-host-pid", "compose/host-pid"),
    ]

    func compareEquivalents(_ root: String) throws -> Int {
        let custom = try CustomRules.load([Self.examplesDir])
        var evaluator = Evaluator(policy: try PolicyLoader.load("strict"), today: "2026-11-27")
        evaluator.custom = custom
        let report = evaluator.scan(paths: [root], generatedAt: "t")
        var compared = 0
        for pair in Self.equivalents {
            #expect(custom.contains { $0.description.id == pair.custom }, "\(pair.custom) is not shipped")
            func places(_ id: String) -> [String] {
                report.findings.filter { $0.ruleID == id }.map {
                    "\($0.subject.location?.file ?? ""):\($0.subject.location?.line ?? 0):\($0.subject.location?.column ?? 0) \($0.subject.resource ?? "") \($0.subject.fieldPath ?? "")"
                }.sorted()
            }
            let mine = places(pair.custom), theirs = places(pair.builtIn)
            #expect(mine == theirs, "\(pair.custom) vs \(pair.builtIn): only custom \(Set(mine).subtracting(theirs).sorted()), only built-in \(Set(theirs).subtracting(mine).sorted())")
            compared += theirs.count
        }
        return compared
    }

    @Test func equivalentsMatchBuiltInRulesOnTestdata() throws {
        let compared = try compareEquivalents(DocsTests.root.appendingPathComponent("testdata").path)
        #expect(compared > 0)
    }

    @Test(.enabled(if: SharedCorpus.available)) func equivalentsMatchBuiltInRulesOnTheSharedCorpus() throws {
        let compared = try compareEquivalents(try #require(SharedCorpus.path))
        #expect(compared > 0)
    }
}

@Suite struct CustomRuleSelfTestTests {
    @Test func examplesThatDisagreeWithTheRuleStopTheLoad() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write("city.yaml", """
            rampart: rules
            rules:
              - id: city/no-host-pid
                title: No hostPID
                severity: high
                message: "{{name}} sets {{path}}"
                remediation: Remove it.
                match: {fact: workload}
                assert: {not: {path: spec.hostPID, equals: true}}
                examples:
                  triggering:
                    - |
                      apiVersion: v1
                      kind: Pod
                      metadata: {name: p}
                      spec:
                        ↓hostPID: true
                        containers: [{name: a, image: a:1}]
                  nonTriggering:
                    - |
                      apiVersion: v1
                      kind: Pod
                      metadata: {name: p}
                      spec: {hostPID: true, containers: [{name: a, image: a:1}]}
            """)
        do {
            _ = try CustomRules.load([dir.path])
            Issue.record("loaded a rule whose examples disagree with it")
        } catch let error as CustomRuleError {
            #expect(error.problems == [
                "custom rules: \(dir.path)/city.yaml:3:5: city/no-host-pid: triggering example 1 gives findings at 5:12 but its ↓ markers are at 5:3",
                "custom rules: \(dir.path)/city.yaml:3:5: city/no-host-pid: non-triggering example 1 gives a finding at 4:17: p sets spec.hostPID",
            ])
        }
    }
}
