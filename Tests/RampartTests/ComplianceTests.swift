import Foundation
import Testing
import RampartAudit
import RampartCore
import RampartPolicy
@testable import RampartReport
import RampartRules

/// Frameworks as data, control-by-control verdicts, stages, the inventory, and the auditor formats.
@Suite struct ComplianceTests {
    static let pod = """
    apiVersion: v1
    kind: Pod
    metadata: {name: web, namespace: prod}
    spec:
      hostNetwork: true
      containers:
      - name: app
        image: registry.city.example/web:1.2
        ports: [{containerPort: 8080}]
    """

    func judge(_ yaml: String?, framework: Framework, policy: Policy = Policy(name: "p"), facts extra: FactSet = FactSet()) -> ComplianceSummary? {
        var set = yaml.map { collect($0, name: "pod.yaml") } ?? FactSet()
        set.merge(extra)
        let report = Evaluator(policy: policy, today: "2026-06-01", frameworks: [framework]).evaluate(set, generatedAt: "t")
        return report.compliance?.first
    }

    static let framework = Framework(id: "t", name: "Test framework", version: "1", cites: ["Test Standard"], controls: [
        .init(id: "ns", title: "Host namespaces", rules: ["k8s/host-network", "k8s/host-pid"]),
        .init(id: "priv", title: "Privileged", rules: ["k8s/privileged-container"]),
        .init(id: "tls", title: "TLS versions", rules: ["tls/protocol-*"]),
        .init(id: "nothing", title: "Paperwork", note: "Not observable."),
        .init(id: "design", title: "Design level", rules: ["design/*"]),
    ])

    func status(_ s: ComplianceSummary?, _ id: String) -> ControlResult? { s?.controls.first { $0.id == id } }

    @Test func controlsPassFailOrAreNotAssessedNeverPassBySilence() throws {
        let s = try #require(judge(Self.pod, framework: Self.framework))
        let ns = try #require(status(s, "ns"))
        #expect(ns.status == .failed)
        #expect(ns.findings.map(\.ruleID) == ["k8s/host-network"] && ns.findings.first?.place == "pod.yaml:5:16")
        #expect(status(s, "priv")?.status == .passed && status(s, "priv")?.rules == ["k8s/privileged-container"])
        // Rules exist but no TLS endpoint was probed: not assessed, and the reason says what was missing.
        #expect(status(s, "tls")?.status == .notAssessed)
        #expect(status(s, "tls")?.reason == "no facts of the kind its rules read were scanned (live TLS endpoints)")
        #expect(status(s, "nothing")?.reason == "no Rampart rule covers this control" && status(s, "nothing")?.note == "Not observable.")
        // A glob for rules another stage adds: no rule matches yet, so not assessed.
        #expect(status(s, "design")?.status == .notAssessed)
        #expect((s.count(.passed), s.count(.failed), s.count(.notAssessed)) == (1, 1, 3))
    }

    @Test func nothingScannedMeansNothingPassed() throws {
        let s = try #require(judge(nil, framework: Self.framework))
        #expect(s.controls.allSatisfy { $0.status == .notAssessed })
    }

    @Test func disabledRulesAndSuppressedFindingsAreSaidSo() throws {
        var policy = Policy(name: "p")
        policy.disabled = ["k8s/privileged-container"]
        policy.waivers = [Waiver(rule: "k8s/host-network", subject: "*", reason: "agent", owner: "ops", expires: "2027-01-01")]
        let s = try #require(judge(Self.pod, framework: Self.framework, policy: policy))
        #expect(status(s, "priv")?.status == .notAssessed)
        #expect(status(s, "priv")?.reason == "the policy disables every rule that covers it (k8s/privileged-container)")
        // A waived finding does not fail the control, and the count of what was waived stays visible.
        #expect(status(s, "ns")?.status == .passed && status(s, "ns")?.suppressed == 1)
    }

    @Test func rulesMapByTheirReferencesToo() throws {
        let cites = Framework(id: "cis", name: "CIS", version: "v1.9", cites: ["CIS Kubernetes Benchmark v1.9"], controls: [
            .init(id: "5.2.5", title: "Host network"), .init(id: "5.2.2", title: "Privileged", sections: ["-"]),
        ])
        let rules = RuleRegistry.descriptions
        #expect(cites.mapping(rules)[0].rules.map(\.id) == ["k8s/host-network"])
        // `sections: ["-"]` opts a control out of reference mapping.
        #expect(cites.mapping(rules)[1].rules.isEmpty)
        let s = try #require(judge(Self.pod, framework: cites))
        #expect(status(s, "5.2.5")?.status == .failed)
    }

    @Test func shippedFrameworksLoadAndNameOnlyRealRules() throws {
        let frameworks = try FrameworkLoader.shipped()
        #expect(Set(frameworks.map(\.id)) == ["pss-baseline", "pss-restricted", "cis-kubernetes-1.9", "nsa-cisa-kubernetes-1.2",
                                              "mozilla-tls-5.7", "nist-sp-800-52r2", "owasp-asvs-4.0.3", "vn-decree-85-2016",
                                              "vn-circular-12-2022", "vn-circular-31-2017"])
        let ids = RuleRegistry.descriptions.map(\.id)
        for f in frameworks {
            #expect(!f.version.isEmpty)
            for control in f.controls {
                for pattern in control.rules where !pattern.hasPrefix("design/") && !pattern.hasPrefix("drift/") {
                    // A typo in a framework file would silently leave a control unassessed.
                    #expect(ids.contains { Glob.matches(pattern, $0) }, "\(f.id) \(control.id): '\(pattern)' matches no rule")
                }
            }
        }
        let pss = try FrameworkLoader.load("pss-baseline")
        #expect(pss.controls.map(\.id).contains("privileged-containers") && pss.version == "Kubernetes v1.31")
    }

    @Test func shippedFrameworksAreEmbeddedUpToDate() throws {
        let dir = DocsTests.root.appendingPathComponent("policies/frameworks")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".yaml") }
        #expect(Set(files.map { String($0.dropLast(5)) }) == Set(FrameworkLoader.shippedIDs), "run scripts/gen-profiles.sh")
        for file in files {
            let onDisk = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
            let normalised = onDisk.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
                .joined(separator: "\n").trimmingCharacters(in: .newlines)
            #expect(FrameworkLoader.shippedText(String(file.dropLast(5))) == normalised, "\(file) is stale: run scripts/gen-profiles.sh")
        }
    }

    @Test(arguments: [
        ("rampart: framework\nid: x\nname: X\nversion: '1'\ncontrols: []\n", "f.yaml:5:11: controls must be a non-empty list"),
        ("rampart: framework\nid: x\nname: X\nversion: '1'\ncontrols:\n- {id: a, title: A, rule: [k8s/x]}\n", "f.yaml:6:21: unknown control key 'rule'"),
        ("rampart: framework\nid: x\nname: X\nversion: '1'\ncontrols:\n- {id: a, title: A}\n- {id: a, title: B}\n", "f.yaml:7:3: control 'a' is listed twice"),
        ("rampart: policy\nid: x\nname: X\nversion: '1'\ncontrols:\n- {id: a, title: A}\n", "f.yaml:1:10: a framework file starts with 'rampart: framework'"),
        ("rampart: framework\nname: X\nversion: '1'\ncontrols:\n- {id: a, title: A}\n", "f.yaml:1:1: framework needs a non-empty 'id'"),
    ])
    func frameworkFileErrorsNameFileAndLine(text: String, expected: String) {
        do {
            _ = try FrameworkLoader.parse(Array(text.utf8), file: "f.yaml")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".hasPrefix(expected), "\(error)")
        }
    }

    @Test func shardReportsMergeTheirVerdicts() throws {
        // Shard 1 saw a pod with hostNetwork; shard 2 saw a clean pod and nothing else.
        let evaluator = Evaluator(policy: Policy(name: "p"), today: "2026-06-01", frameworks: [Self.framework])
        let a = evaluator.evaluate(collect(Self.pod, name: "a.yaml"), generatedAt: "t")
        let clean = Self.pod.replacingOccurrences(of: "hostNetwork: true", with: "hostNetwork: false").replacingOccurrences(of: "web", with: "api")
        let b = evaluator.evaluate(collect(clean, name: "b.yaml"), generatedAt: "t")
        #expect(b.compliance?.first.map { status($0, "ns")?.status } == .passed)
        let merged = ReportOperations.merge([b, a], generatedAt: "t")
        let s = try #require(merged.compliance?.first)
        #expect(status(s, "ns")?.status == .failed && status(s, "ns")?.findings.first?.place == "a.yaml:5:16")
        #expect(status(s, "priv")?.status == .passed && status(s, "tls")?.status == .notAssessed)
        #expect(merged.inventory?.workloads.map(\.name) == ["web", "api"])
    }

    @Test func stageComesFromTheRuleDomain() {
        let cases: [(String, Stage)] = [("design/unencrypted-flow", .design), ("drift/undeclared-port", .drift),
                                        ("k8s/host-network", .manifests), ("compose/privileged", .manifests),
                                        ("tls/protocol-tls10", .live), ("cert/expired", .live), ("http/hsts-missing", .live),
                                        ("port/redis-unauthenticated", .live), ("input/unparsable", .input),
                                        ("policy/waiver-expired", .input), ("custom", .input)]
        for (id, stage) in cases { #expect(Stage(ruleID: id) == stage, "\(id)") }
        #expect(ReportFixtures.privileged.stage == .manifests)
    }

    @Test func jsonAndSarifCarryTheStage() throws {
        let report = ReportFixtures.mixed
        let json = try #require(try JSONSerialization.jsonObject(with: Data(ReportWriter.render(report, as: .json).utf8)) as? [String: Any])
        let stages = (json["findings"] as? [[String: Any]] ?? []).compactMap { $0["stage"] as? String }
        #expect(stages.count == report.findings.count && Set(stages) == ["manifests", "live", "design"])
        let sarif = try #require(try JSONSerialization.jsonObject(with: Data(ReportWriter.render(report, as: .sarif).utf8)) as? [String: Any])
        let results = ((sarif["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
        #expect(results.count == report.findings.count)
        for r in results {
            let stage = (r["properties"] as? [String: Any])?["stage"] as? String
            #expect(stage == Stage(ruleID: r["ruleId"] as? String ?? "").rawValue)
        }
        // Reports written before stages existed still decode; the stage is derived.
        var old = try #require(json["findings"] as? [[String: Any]])[0]
        old["stage"] = nil
        let finding = try JSONDecoder().decode(Finding.self, from: JSONSerialization.data(withJSONObject: old))
        #expect(finding.stage == nil && finding.effectiveStage == Stage(ruleID: finding.ruleID))
    }
}

/// The inventory lists what was scanned, including what no rule found anything in.
@Suite struct InventoryTests {
    static let example = DocsTests.root.appendingPathComponent("testdata/examples/city-portal").path
    static let evidence = DocsTests.root.appendingPathComponent("testdata/examples/city-portal-live/evidence.json").path

    @Test func manifestsGiveWorkloadsAndComposeServices() throws {
        let r = try runRampart(["scan", Self.example, "--format", "json"])
        let report = try JSONDecoder().decode(Report.self, from: Data(r.stdout.utf8))
        let inv = try #require(report.inventory)
        let web = try #require(inv.workloads.first { $0.name == "portal-web" })
        #expect(web.kind == "Deployment" && web.namespace == "portal" && web.ports == [8080])
        #expect(web.location?.file.hasSuffix("k8s/portal.yaml") == true && web.location?.line == 8)
        #expect(web.images == ["registry.city.example/portal/web:2.4.1"])
        // A clean Compose service is listed as much as one with findings.
        let names = inv.composeServices.map(\.name)
        #expect(names == ["opendata-api", "db", "monitor"])
        #expect(inv.composeServices.first { $0.name == "db" }?.ports == ["5432:5432"])
    }

    @Test func streamingScanAndEvidenceGiveTheSameInventory() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let evidence = (dir.path as NSString).appendingPathComponent("e.json")
        let streamed = try runRampart(["scan", Self.example, "--format", "json"])
        _ = try runRampart(["scan", Self.example, "--format", "json", "--evidence", evidence])
        let judged = try runRampart(["evaluate", evidence, "--format", "json"])
        let a = try JSONDecoder().decode(Report.self, from: Data(streamed.stdout.utf8))
        let b = try JSONDecoder().decode(Report.self, from: Data(judged.stdout.utf8))
        #expect(a.inventory == b.inventory && a.inventory != nil)
    }

    @Test func liveFactsGiveEveryOpenPortAndCertificateExpiry() throws {
        let r = try runRampart(["evaluate", Self.evidence, "--format", "json"])
        #expect(r.status == 1, "\(r.stderr)")
        let inv = try #require(try JSONDecoder().decode(Report.self, from: Data(r.stdout.utf8)).inventory)
        let host = try #require(inv.hosts.first)
        // Port 22 has no finding of its own but is listed with its service.
        #expect(host.openPorts.map(\.port) == [22, 443, 5432, 6379])
        #expect(host.openPorts.first?.service == "ssh" && host.openPorts.first?.product == "OpenSSH")
        #expect(host.openPorts.last?.authentication == "not-required")
        let tls = try #require(inv.endpoints.first)
        #expect(tls.protocols == ["TLSv1.0", "TLSv1.2", "TLSv1.3"] && tls.suites["TLSv1.3"]?.count == 2)
        #expect(tls.certificate?.notAfter == "2026-12-20T00:00:00Z" && tls.certificate?.subject == "CN=portal.city.example")

        let md = try runRampart(["evaluate", Self.evidence, "--format", "markdown"]).stdout
        #expect(md.contains("| 10.20.0.5 | 22 | ssh | OpenSSH 9.2p1 |  |  |"))
        #expect(md.contains("| portal.city.example:443 (10.20.0.10) | TLSv1.0, TLSv1.2, TLSv1.3 |"))
        let text = try runRampart(["evaluate", Self.evidence, "-v"]).stdout
        #expect(text.contains("    22/tcp  ssh  OpenSSH 9.2p1"))
        #expect(!(try runRampart(["evaluate", Self.evidence]).stdout.contains("Inventory")), "inventory is verbose-only in text")
    }
}

/// The command line for frameworks.
@Suite struct ComplianceCLITests {
    @Test func scanWithFrameworksAddsSummaries() throws {
        let r = try runRampart(["scan", InventoryTests.example, "--framework", "pss-baseline", "--framework", "mozilla-tls-5.7", "--format", "json"])
        #expect(r.status == 1, "\(r.stderr)")
        let report = try JSONDecoder().decode(Report.self, from: Data(r.stdout.utf8))
        let summaries = try #require(report.compliance)
        #expect(summaries.map(\.framework) == ["pss-baseline", "mozilla-tls-5.7"])
        let pss = summaries[0]
        #expect(pss.controls.first { $0.id == "privileged-containers" }?.status == .failed)
        #expect(pss.controls.first { $0.id == "privileged-containers" }?.findings.first?.place.hasSuffix("portal.yaml:63:25") == true)
        #expect(pss.controls.first { $0.id == "host-ports" }?.status == .passed)
        // Manifests only: nothing of Mozilla's TLS guideline was assessed.
        #expect(summaries[1].controls.allSatisfy { $0.status == .notAssessed })

        let text = try runRampart(["scan", InventoryTests.example, "--framework", "pss-baseline"]).stdout
        #expect(text.contains("Kubernetes Pod Security Standards — Baseline Kubernetes v1.31: 9 passed, 2 failed, 0 not assessed of 11"))
        #expect(text.contains("FAILED        privileged-containers  Privileged Containers  (k8s/privileged-container)"))
    }

    @Test func unknownFrameworkIsAUsageErrorBeforeAnyWork() throws {
        let r = try runRampart(["scan", InventoryTests.example, "--framework", "iso-27001"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("unknown framework 'iso-27001'") && r.stderr.contains("pss-baseline"))
        // Probe refuses at parse time too, so no target is contacted.
        let p = try runRampart(["probe", "127.0.0.1:9", "--framework", "nope"])
        #expect(p.status == 2 && p.stderr.contains("unknown framework 'nope'"))
        let file = try runRampart(["scan", InventoryTests.example, "--framework", "/nonexistent/f.yaml"])
        #expect(file.status == 2 && file.stderr.contains("/nonexistent/f.yaml"))
    }

    @Test func rulesForAFrameworkAndTheFrameworkList() throws {
        let r = try runRampart(["rules", "--framework", "cis-kubernetes-1.9"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("CIS Kubernetes Benchmark v1.9.0 (cis-kubernetes-1.9)\n"))
        #expect(r.stdout.contains("5.2.5  Minimize containers sharing the host network namespace\n    k8s/host-network\n"))
        #expect(r.stdout.contains("5.3.1  The CNI in use supports NetworkPolicies\n    (no rule: always reported as not assessed)\n"))
        let md = try runRampart(["rules", "--framework", "pss-baseline", "--format", "markdown"])
        #expect(md.stdout.contains("| privileged-containers | Privileged Containers | `k8s/privileged-container` |"))
        let list = try runRampart(["frameworks"])
        #expect(list.status == 0 && list.stdout.split(separator: "\n").count == FrameworkLoader.shippedIDs.count)
        #expect(list.stdout.contains("vn-decree-85-2016"))
        #expect(try runRampart(["rules", "--framework", "nope"]).status == 2)
    }

    @Test func markdownLimitFlag() throws {
        #expect(try runRampart(["scan", InventoryTests.example, "--markdown-limit", "12"]).status == 2)
        #expect(try runRampart(["scan", InventoryTests.example, "--markdown-limit", "huge"]).status == 2)
        let r = try runRampart(["scan", InventoryTests.example, "--format", "markdown", "--markdown-limit", "4096"])
        #expect(r.status == 1)
        #expect(r.stdout.utf8.count <= 4096 && r.stdout.contains("## Left out to fit 4096 bytes"))
    }
}

/// Markdown that fits a PR comment or a CI step summary, with many findings.
@Suite struct MarkdownLimitTests {
    static func many(_ n: Int) -> Report {
        let severities: [Severity] = [.critical, .high, .medium, .low, .info]
        let findings = (0..<n).map { i in
            Finding(ruleID: "k8s/rule-\(i % 40)", severity: severities[i % severities.count], title: "Title \(i % 40)",
                    message: "Finding number \(i) with a message long enough to take some room in a table row ü",
                    subject: Subject(location: SourceLocation(file: "deploy/app-\(i / 100).yaml", line: i % 100 + 1, column: 3),
                                     resource: "Deployment/prod/app-\(i)", fieldPath: "spec.template.spec.containers[0].image"),
                    evidence: "image: app:\(i)", remediation: "Pin the image.", references: [.cisKubernetes("5.5.1")])
        }
        var report = ReportFixtures.report(findings, sources: (0..<(n / 100 + 1)).map { "deploy/app-\($0).yaml" })
        report.compliance = [ComplianceSummary(framework: "t", name: "Test", version: "1", controls: [
            ControlResult(id: "c1", title: "C1", status: .failed, rules: ["k8s/rule-0"],
                          findings: findings.prefix(50).map { ControlFinding(ruleID: $0.ruleID, fingerprint: $0.fingerprint, severity: $0.severity, place: "x") }),
        ])]
        return report
    }

    @Test(arguments: [MarkdownWriter.pullRequestCommentLimit, MarkdownWriter.stepSummaryLimit])
    func fitsAndSaysWhatWasLeftOut(limit: Int) throws {
        let report = Self.many(20_000)
        let full = ReportWriter.render(report, as: .markdown)
        #expect(full.utf8.count > limit)
        let md = ReportWriter.render(report, as: .markdown, options: RenderOptions(markdownLimit: limit))
        #expect(md.utf8.count <= limit)
        // The verdict, the counts and the compliance overview always stay.
        #expect(md.contains("| Result | **FAIL**") && md.contains("| Critical | 4000 | 0 | fails the run |"))
        #expect(md.contains("| Test | 1 | 0 | 1 | 0 | c1 |"))
        // Most severe first: every critical is shown before any info finding.
        let shownCritical = md.components(separatedBy: "\n").filter { $0.hasPrefix("| k8s/rule-") }.count
        #expect(shownCritical > 0)
        #expect(md.contains("### Critical (4000)"))
        #expect(!md.contains("### Info (4000)") || md.contains("### Low (4000)"))
        let left = try #require(md.range(of: "## Left out to fit \(limit) bytes"))
        let note = md[left.lowerBound...]
        #expect(note.contains("of 20000 active findings ("))
        #expect(note.contains("The list of \(report.sources.count) sources scanned."))
        #expect(note.contains("The control-by-control compliance tables."))
    }

    @Test func leftOutCountsAddUp() throws {
        let report = Self.many(3_000)
        let md = ReportWriter.render(report, as: .markdown, options: RenderOptions(markdownLimit: 65_536))
        let rows = md.components(separatedBy: "\n").filter { $0.hasPrefix("| k8s/rule-") }.count
        let line = try #require(md.components(separatedBy: "\n").first { $0.hasPrefix("- ") && $0.contains("active findings") })
        let leftOut = Int(line.dropFirst(2).prefix { $0.isNumber }) ?? -1
        #expect(rows + leftOut == 3_000, "\(rows) shown + \(leftOut) left out")
        // Nothing left out: no note, identical to the unlimited report.
        let small = Self.many(10)
        #expect(ReportWriter.render(small, as: .markdown, options: RenderOptions(markdownLimit: 65_536)) == ReportWriter.render(small, as: .markdown))
    }

    @Test func tinyLimitStillHolds() {
        let md = ReportWriter.render(Self.many(500), as: .markdown, options: RenderOptions(markdownLimit: 600))
        #expect(md.utf8.count <= 600 && md.hasSuffix("… cut to 600 bytes\n"))
    }
}

/// The HTML report's auditor sections.
@Suite struct HTMLAuditorTests {
    @Test func chartComplianceInventoryAndRemediation() {
        let html = ReportWriter.render(ReportFixtures.auditor, as: .html)
        #expect(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\""))
        #expect(html.contains("<text x=\"0\" y=\"26\" class=\"label\">Design</text>") && html.contains("class=\"label\">Live</text>"))
        #expect(html.contains("<rect x=\"90\" y=\"") && html.contains("<title>Manifests: 1 critical</title>"))
        #expect(html.contains("<h2>Compliance</h2>") && html.contains("<span class=\"status st-failed\">FAILED</span>"))
        #expect(html.contains("Hostile bad \\u{202E}evil &lt;script&gt;"))
        // A framework's URL that is not http(s) is not linked.
        #expect(!html.contains("href=\"javascript") && !html.contains("<a href=\"javascript"))
        #expect(html.contains("<h3>Open ports</h3>") && html.contains("<td class=\"num\">22</td><td>ssh</td>"))
        #expect(html.contains("<td>2026-12-31T00:00:00Z</td><td>yes</td>"))
        #expect(html.contains("<dd class=\"remediation\">Remove securityContext.privileged.</dd>"))
        for needle in ["<link", "src=", "@import", "url(", "<script", "style=\""] { #expect(!html.contains(needle), "html has \(needle)") }
    }

    @Test func remediationMarkdownBecomesEscapedHTML() {
        #expect(MarkdownToHTML.render("Set `runAsNonRoot: true`.\n\n- drop <ALL>\n- add `NET_BIND`") ==
                "<p>Set <code>runAsNonRoot: true</code>.</p><ul><li>drop &lt;ALL&gt;</li><li>add <code>NET_BIND</code></li></ul>")
        #expect(MarkdownToHTML.render("odd ` tick <b>") == "odd ` tick &lt;b&gt;")
    }
}

/// The HTML report in a real browser: no console error, no request for anything outside the page. Runs
/// scripts/check-html.sh, which says so and passes when Chromium is not installed.
@Suite struct HTMLBrowserTests {
    @Test func rendersInHeadlessChromiumWithoutOutsideRequests() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let pages = try [("auditor", ReportFixtures.auditor), ("hostile", ReportFixtures.hostileReport), ("mixed", ReportFixtures.mixed)].map {
            try dir.write("\($0.0).html", ReportWriter.render($0.1, as: .html))
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [DocsTests.root.appendingPathComponent("scripts/check-html.sh").path] + pages
        let log = try dir.write("log.txt", "")
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        defer { try? handle.close() }
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        // Bounded: each page gets at most 60 s inside the script.
        let deadline = Date().addingTimeInterval(240)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(process.terminationStatus == 0, "\(output)")
        if output.contains("Chromium not installed") { return }
        #expect(output.components(separatedBy: "OK (no console errors, no outside requests)").count == pages.count + 1, "\(output)")
    }
}
