import Foundation
import Testing
import RampartCore
import RampartPolicy
import RampartRules
@testable import RampartReport

/// Ways a run could pass by mistake, leak, or drift (issue 10): each test fails on the code before the fix.
@Suite struct TrustTests {
    let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: prod}\nspec:\n  containers:\n  - {name: app, image: app:1.0, securityContext: {privileged: true}}\n"

    // MARK: nothing scanned

    @Test func nothingScannedIsAnInputError() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try FileManager.default.createDirectory(atPath: dir.path + "/empty", withIntermediateDirectories: true)
        try dir.write("other/readme.txt", "not yaml")
        try dir.write("other/values.json", "{}")
        for args in [["scan", dir.path + "/empty"], ["scan", dir.path + "/other"]] {
            let r = try runRampart(args)
            #expect(r.status == 2, "\(args): \(r.stderr)")
            #expect(r.stderr.contains("rampart: no input scanned: "), "\(r.stderr)")
            #expect(r.stderr.contains("pass --allow-empty if an empty input is expected"))
        }
        let stdin = try runRampart(["scan", "-"], stdin: "")
        #expect(stdin.status == 2)
        #expect(stdin.stderr.contains("no input scanned: standard input held no Kubernetes, Compose or design document"), "\(stdin.stderr)")
        let foreign = try runRampart(["scan", "-"], stdin: "just: a mapping\n")
        #expect(foreign.status == 2)
        let empty = try runRampart(["scan", dir.path + "/empty"])
        #expect(empty.stderr.contains("no .yaml, .yml or .json files found in"), "\(empty.stderr)")
        let crdOnly = try dir.write("crd/crd.yaml", "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: x.example.com}\n")
        let crd = try runRampart(["scan", crdOnly])
        #expect(crd.status == 2 && crd.stderr.contains("1 file read, but none held a document Rampart judges"), "\(crd.stderr)")
        #expect(try runRampart(["scan", "-", "--allow-empty", "-q"], stdin: "").status == 0)
        #expect(try runRampart(["scan", dir.path + "/empty", "--allow-empty", "-q"]).status == 0)
    }

    // MARK: evidence

    @Test func evaluateRefusesWhatIsNotEvidence() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let cases: [(String, String)] = [
            ("{}", "field \"kind\" missing; expected \"rampart-evidence\""),
            ("[1, 2]", "not Rampart evidence (not a JSON object)"),
            (#"{"kind": "something-else", "version": 2}"#, "kind is \"something-else\""),
            (#"{"kind": "rampart-evidence", "version": 99}"#, "evidence version 99 is not supported"),
            (#"{"kind": "rampart-evidence"}"#, "field \"version\" missing"),
            (#"{"kind": "rampart-evidence", "version": 2, "documents": [{"file": "a.yaml", "index": 0}]}"#,
             "field \"format\" missing at documents[0]"),
            (#"{"kind": "rampart-evidence", "version": 2, "sources": "a.yaml"}"#, "field \"sources\" has the wrong type (expected a list)"),
            (#"{"kind": "rampart-evidence", "version": 2, "documents": [{"file": "a", "index": 0, "format": "kubernetes", "nodes": [{"type": "mapping", "count": 1, "line": 1, "column": 1}]}]}"#,
             "the node list ends inside a sequence or mapping"),
        ]
        for (i, (json, expected)) in cases.enumerated() {
            let path = try dir.write("e\(i).json", json)
            let r = try runRampart(["evaluate", path])
            #expect(r.status == 2, "\(json)")
            #expect(r.stderr.contains(expected), "\(json): \(r.stderr)")
            #expect(!r.stderr.contains("DecodingError") && !r.stderr.contains("CodingKeys"), "\(r.stderr)")
        }
        // A report is named as such.
        let report = try runRampart(["scan", "-", "--format", "json", "-q"], stdin: pod)
        let reportPath = try dir.write("report.json", report.stdout)
        let r = try runRampart(["evaluate", reportPath])
        #expect(r.status == 2 && r.stderr.contains("this is a Rampart report, not evidence"), "\(r.stderr)")
    }

    @Test func evidenceIsPrivateAndCarriesItsKind() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let evidence = dir.path + "/facts.json"
        // Even an existing world-readable file ends up 0600.
        #expect(FileManager.default.createFile(atPath: evidence, contents: Data(), attributes: [.posixPermissions: 0o644]))
        _ = try runRampart(["scan", "-", "--evidence", evidence, "-q"], stdin: pod)
        let attributes = try FileManager.default.attributesOfItem(atPath: evidence)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: evidence))) as? [String: Any])
        #expect(object["kind"] as? String == "rampart-evidence")
        #expect(object["version"] as? Int == FactSet.currentVersion)
    }

    @Test func deeplyNestedDocumentsRoundTripThroughEvidence() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        // 250 levels: under the loader's 256, far over what nested JSON coders accept.
        var yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep, namespace: prod}\ndata:\n"
        var indent = "  "
        for i in 0..<247 {
            yaml += indent + "k\(i):\n"
            indent += "  "
        }
        yaml += indent + "leaf: x\n"
        let manifest = try dir.write("deep.yaml", yaml)
        let evidence = dir.path + "/facts.json"
        let first = try runRampart(["scan", manifest, "--evidence", evidence, "--format", "json", "--allow-empty"])
        #expect(first.status != 2, "\(first.stderr)")
        #expect(FileManager.default.fileExists(atPath: evidence), "\(first.stderr)")
        let again = try runRampart(["evaluate", evidence, "--format", "json"])
        #expect(again.status == first.status, "\(again.stderr)")
        let a = try JSONDecoder().decode(Report.self, from: Data(first.stdout.utf8))
        let b = try JSONDecoder().decode(Report.self, from: Data(again.stdout.utf8))
        #expect(a.findings.map(\.fingerprint) == b.findings.map(\.fingerprint))
        // And the tree is the same tree.
        let facts = try JSONDecoder().decode(FactSet.self, from: Data(contentsOf: URL(fileURLWithPath: evidence)))
        #expect(facts.documents.first?.root == parseRoot(yaml))
    }

    @Test func secretsAreRedactedInEvidenceAndJudgedTheSame() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let example = RepoPaths.root.appendingPathComponent("testdata/examples/city-portal").path
        let evidence = dir.path + "/facts.json"
        let first = try runRampart(["scan", example, "--evidence", evidence, "--format", "json"])
        let saved = try String(contentsOfFile: evidence, encoding: .utf8)
        for secret in ["s3cr3t-do-not-ship", "example-password"] { #expect(!saved.contains(secret), "\(secret) leaked into evidence") }
        #expect(saved.contains("redacted:len=18:hmac-sha256="))
        let again = try runRampart(["evaluate", evidence, "--format", "json"])
        #expect(first.status == 1 && again.status == 1, "\(again.stderr)")
        let a = try JSONDecoder().decode(Report.self, from: Data(first.stdout.utf8))
        let b = try JSONDecoder().decode(Report.self, from: Data(again.stdout.utf8))
        #expect(!a.findings.isEmpty)
        #expect(a.findings.map(\.fingerprint) == b.findings.map(\.fingerprint))
        #expect(a.findings.map(\.message) == b.findings.map(\.message))
        // Secret data, a flagged Compose URL password and KEY=value list entries.
        let manifests = """
            apiVersion: v1
            kind: Secret
            metadata: {name: db, namespace: prod}
            stringData: {password: hunter2-prod}
            data: {token: c2VjcmV0LXRva2Vu}
            ---
            services:
              api:
                image: api:1.0
                environment:
                  - DB_URL=postgres://app:pa55word-x@db/app
                  - API_TOKEN=tok-12345-abc
            """
        let path = try dir.write("m.yaml", manifests)
        let scanned = try runRampart(["scan", path, "--evidence", evidence, "--format", "json"])
        let text = try String(contentsOfFile: evidence, encoding: .utf8)
        for secret in ["hunter2-prod", "c2VjcmV0LXRva2Vu", "pa55word-x", "tok-12345-abc"] { #expect(!text.contains(secret), "\(secret)") }
        #expect(text.contains("app:redacted:len=10:hmac-sha256=") && text.contains("API_TOKEN=redacted:len=13:"))
        let judged = try runRampart(["evaluate", evidence, "--format", "json"])
        let x = try JSONDecoder().decode(Report.self, from: Data(scanned.stdout.utf8))
        let y = try JSONDecoder().decode(Report.self, from: Data(judged.stdout.utf8))
        #expect(x.findings.map(\.fingerprint) == y.findings.map(\.fingerprint))
        #expect(x.findings.contains { $0.ruleID == "compose/secret-in-environment" })
        // The opt-out keeps them.
        _ = try runRampart(["scan", path, "--evidence", evidence, "--evidence-include-secrets", "-q"])
        #expect(try String(contentsOfFile: evidence, encoding: .utf8).contains("hunter2-prod"))
    }

    // MARK: report versions

    @Test func reportsOfAnUnknownMajorVersionAreRefused() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let report = try runRampart(["scan", "-", "--format", "json", "-q"], stdin: pod)
        let good = try dir.write("good.json", report.stdout)
        let future = try dir.write("future.json", report.stdout.replacingOccurrences(of: "\"schemaVersion\" : \"1.1\"", with: "\"schemaVersion\" : \"99.0\""))
        #expect(report.stdout.contains("\"schemaVersion\" : \"1.1\""))
        // A 1.0 report (before relatedLocations) is the same major version: still read.
        let older = try dir.write("older.json", report.stdout.replacingOccurrences(of: "\"schemaVersion\" : \"1.1\"", with: "\"schemaVersion\" : \"1.0\""))
        #expect(try runRampart(["report", "render", older]).status != 2)
        let expected = "future.json: report schemaVersion \"99.0\" is not supported"
        for args in [["report", "render", future], ["report", "merge", good, future], ["report", "diff", good, future],
                     ["report", "diff", future, good]] {
            let r = try runRampart(args)
            #expect(r.status == 2, "\(args)")
            #expect(r.stderr.contains(expected), "\(args): \(r.stderr)")
            #expect(r.stdout.isEmpty)
        }
        let baseline = try runRampart(["scan", "-", "--baseline", future], stdin: pod)
        #expect(baseline.status == 2 && baseline.stderr.contains(expected), "\(baseline.stderr)")
        let missing = try dir.write("missing.json", #"{"findings": []}"#)
        let r = try runRampart(["report", "render", missing])
        #expect(r.status == 2 && r.stderr.contains("field \"schemaVersion\" missing"), "\(r.stderr)")
        let bad = try dir.write("bad.json", report.stdout.replacingOccurrences(of: "\"failOn\" : \"high\"", with: "\"failOn\" : 3"))
        let typed = try runRampart(["report", "render", bad])
        #expect(typed.status == 2 && typed.stderr.contains("field \"failOn\" has the wrong type"), "\(typed.stderr)")
        #expect(!typed.stderr.contains("DecodingError"))
    }

    // MARK: policies

    func policyErrors(_ text: String) throws -> ProcessResult {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = try dir.write("city.yaml", text)
        return try runRampart(["scan", "-", "--policy", path], stdin: pod)
    }

    @Test func policyNamesThatMatchNothingAreErrorsWithSuggestions() throws {
        let cases: [(String, String)] = [
            ("rampart: policy\nname: x\nrules:\n  disable: [k8s/privileged-containr]\n",
             "city.yaml:4:13: rules.disable names no rule 'k8s/privileged-containr' (did you mean 'k8s/privileged-container'?)"),
            ("rampart: policy\nname: x\nrules:\n  enable:\n    - k8s/image-not-pinned-by-digest\n",
             "city.yaml:5:7: rules.enable names no rule 'k8s/image-not-pinned-by-digest'"),
            ("rampart: policy\nname: x\nrules:\n  severity:\n    k8s/host-netwrk: low\n",
             "city.yaml:5:5: rules.severity names no rule 'k8s/host-netwrk' (did you mean 'k8s/host-network'?)"),
            ("rampart: policy\nname: x\nrules:\n  disable: [\"k9s/*\"]\n", "city.yaml:4:13: rules.disable glob 'k9s/*' matches no rule"),
            ("rampart: policy\nname: x\nwaivers:\n  - rule: k8s/hostnetwork\n    subject: '*'\n    reason: r\n    owner: o\n    expires: 2030-01-01\n",
             "city.yaml:4:11: waivers[].rule names no rule 'k8s/hostnetwork' (did you mean 'k8s/host-network'?)"),
            ("rampart: policy\nname: x\nparameters:\n  allowedRegistrys: [registry.city.example]\n",
             "city.yaml:4:3: unknown parameter 'allowedRegistrys' (did you mean 'allowedRegistries'?)"),
            ("name: x\nrules: {disable: [k8s/host-network]}\n", "city.yaml:1:1: not a policy file: it must start with `rampart: policy`"),
            ("rampart: polcy\nname: x\n", "city.yaml:1:10: not a policy file"),
        ]
        for (text, expected) in cases {
            let r = try policyErrors(text)
            #expect(r.status == 2, "\(text)")
            #expect(r.stderr.contains(expected), "\(text)\n\(r.stderr)")
        }
        // Real names pass.
        let ok = try policyErrors("rampart: policy\nname: x\nrules:\n  disable: [\"k8s/*\", k8s/host-network]\nparameters:\n  allowedRegistries: [r.example]\n")
        #expect(ok.status == 0, "\(ok.stderr)")
    }

    @Test func everyPolicyExampleInTheDocsIsValid() throws {
        let ids = RuleRegistry.all.map { $0.description.id }
        let parameters = Set(RuleRegistry.all.flatMap { $0.description.parameters.keys })
        var checked = 0
        for doc in ["docs/policies.md", "docs/cli.md", "README.md"] {
            guard let text = try? String(contentsOf: RepoPaths.root.appendingPathComponent(doc), encoding: .utf8) else { continue }
            for block in text.components(separatedBy: "```yaml\n").dropFirst() {
                let yaml = block.components(separatedBy: "```").first ?? ""
                guard yaml.contains("rampart: policy") else { continue }
                let policy = try PolicyLoader.parse(Array(yaml.utf8), file: doc)
                #expect(PolicyValidator.problems(policy, ruleIDs: ids, parameterNames: parameters) == [], "\(doc)")
                checked += 1
            }
        }
        #expect(checked >= 1)
        // Shipped profiles are policies too.
        for name in PolicyLoader.shippedNames {
            let policy = try PolicyLoader.load(name)
            #expect(PolicyValidator.problems(policy, ruleIDs: ids, parameterNames: parameters) == [], "\(name)")
        }
    }

    // MARK: terminal injection

    @Test func reportDiffAndErrorsEscapeControlCharacters() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let evil = "\u{1B}]0;owned\u{07}\u{1B}[2J\u{202E}gpj.yaml"
        let old = ReportFixtures.report([], sources: [])
        var hostile = ReportFixtures.hostileFinding
        hostile.subject = Subject(location: SourceLocation(file: evil, line: 1, column: 1), resource: "Pod/x/\(evil)")
        hostile.message = "header value \(evil)"
        let new = ReportFixtures.report([hostile], sources: [evil])
        let oldPath = try dir.write("old.json", ReportWriter.render(old, as: .json))
        let newPath = try dir.write("new.json", ReportWriter.render(new, as: .json))
        let diff = try runRampart(["report", "diff", oldPath, newPath])
        #expect(diff.status == 1)
        #expect(diff.stdout.contains("\\u{1B}]0;owned"), "\(diff.stdout)")
        for control in ["\u{1B}", "\u{07}", "\u{202E}"] { #expect(!diff.stdout.contains(control)) }
        // A hostile file name in an error message.
        let badPath = try dir.write("bad\u{1B}[31m.json", "{}")
        for args in [["report", "render", badPath], ["evaluate", badPath], ["scan", "-", "--baseline", badPath]] {
            let r = try runRampart(args, stdin: pod)
            #expect(r.status == 2)
            #expect(!r.stderr.contains("\u{1B}"), "\(args): \(r.stderr)")
            #expect(r.stderr.contains("bad\\u{1B}[31m.json"), "\(args): \(r.stderr)")
        }
    }

    @Test func targetsFileLinesAreEscapedInErrors() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let targets = try dir.write("targets.txt", "bad host\u{1B}]8;;x\u{07}name:99999\n")
        let r = try runRampart(["probe", "--targets", targets])
        #expect(r.status == 2)
        #expect(!r.stderr.contains("\u{1B}") && !r.stderr.contains("\u{07}"), "\(r.stderr)")
        let usage = try runRampart(["scan", "-", "--fail-on", "x\u{1B}[2J"], stdin: pod)
        #expect(usage.status == 2 && !usage.stderr.contains("\u{1B}"), "\(usage.stderr)")
    }

    @Test func oneTerminalEscapeForEveryControlClass() {
        let s = "a\u{1B}[31mb\u{9B}c\u{7}d\u{2066}e\u{202A}f\u{85}g\tz"
        let out = TerminalText.escape(s)
        #expect(out == "a\\u{1B}[31mb\\u{9B}c\\u{07}d\\u{2066}e\\u{202A}f\\u{85}g\tz")
        #expect(Escape.terminal(s) == out)
    }

    // MARK: links from reports

    @Test func sarifHelpCarriesOnlyHTTPLinks() throws {
        var finding = ReportFixtures.hostileFinding
        finding.remediation = "See [the fix](javascript:alert(1)) or [docs](https://example.org/fix) and\n[ref]: data:text/html,x"
        let rule = RuleDescription(id: finding.ruleID, title: "t", severity: .high, rationale: "r",
                                   remediation: finding.remediation,
                                   references: [Reference("Evil", url: "javascript:alert(1)")], triggering: [], nonTriggering: [])
        let report = ReportFixtures.report([finding], rules: [rule])
        let sarif = ReportWriter.render(report, as: .sarif)
        let run = try ReportSARIFTests.run(report)
        let entry = try #require(((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        let help = try #require(entry.first?["help"] as? [String: Any])
        let markdown = try #require(help["markdown"] as? String)
        #expect(!markdown.contains("](javascript:"), "\(markdown)")
        #expect(!markdown.contains("]: data:"), "\(markdown)")
        #expect(markdown.contains("[docs](https://example.org/fix)"))
        #expect(!(help["text"] as? String ?? "").contains("<javascript:"))
        #expect(entry.first?["helpUri"] == nil)
        #expect(try Python.schemaErrors(sarif, schemaPath: RepoPaths.sarifSchema) == nil)
    }

    // MARK: stable names

    /// Runs the CLI from `directory`, as a user in that directory would.
    func runIn(_ directory: String, _ arguments: [String], stdinFile: String = "/dev/null") throws -> ProcessResult {
        try runShell("cd '\(directory)' && exec '\(rampartExecutable)' " + arguments.map { "'\($0)'" }.joined(separator: " ") + " < '\(stdinFile)'")
    }

    func runShell(_ command: String) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ProcessResult(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    @Test func fingerprintsAndURIsDoNotDependOnHowThePathIsSpelled() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write("k8s/pod.yaml", pod)
        var fingerprints: [[String]] = []
        var uris: [[String]] = []
        for spelling in ["k8s", "./k8s", dir.path + "/k8s", "k8s/../k8s/"] {
            let json = try runIn(dir.path, ["scan", spelling, "--format", "json"])
            #expect(json.status == 1, "\(spelling): \(json.stderr)")
            let report = try JSONDecoder().decode(Report.self, from: Data(json.stdout.utf8))
            #expect(report.findings.allSatisfy { $0.subject.location?.file == "k8s/pod.yaml" }, "\(spelling)")
            fingerprints.append(report.findings.map(\.fingerprint))
            let sarif = try runIn(dir.path, ["scan", spelling, "--format", "sarif"])
            let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any])
            let run = try #require((log["runs"] as? [[String: Any]])?.first)
            let results = try #require(run["results"] as? [[String: Any]])
            uris.append(results.compactMap { r in
                ((r["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
                    .flatMap { $0["artifactLocation"] as? [String: Any] }?["uri"] as? String
            })
            let invocation = try #require((run["invocations"] as? [[String: Any]])?.first)
            let working = (invocation["workingDirectory"] as? [String: Any])?["uri"] as? String
            #expect(working?.hasPrefix("file:///") == true && working?.hasSuffix("/") == true, "\(String(describing: working))")
            let base = (run["originalUriBaseIds"] as? [String: Any])?["%SRCROOT%"] as? [String: Any]
            #expect(base?["uri"] as? String == working)
        }
        #expect(!fingerprints[0].isEmpty)
        #expect(Set(fingerprints.map { $0.joined(separator: ",") }).count == 1)
        #expect(Set(uris.map { $0.joined(separator: ",") }).count == 1 && uris[0].allSatisfy { $0 == "k8s/pod.yaml" })
    }

    // MARK: SARIF

    @Test func sarifSaysWhenTheRunDidNotSucceedAndNamesStdin() throws {
        let broken = try runRampart(["scan", "-", "--format", "sarif"], stdin: "apiVersion: v1\nkind: Pod\nmetadata: {name: [oops\n")
        #expect(broken.status == 2)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(broken.stdout.utf8)) as? [String: Any])
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let invocation = try #require((run["invocations"] as? [[String: Any]])?.first)
        #expect(invocation["executionSuccessful"] as? Bool == false)
        let ok = try runRampart(["scan", "-", "--format", "sarif"], stdin: pod)
        #expect(ok.status == 1)
        #expect(ok.stdout.contains("\"executionSuccessful\" : true"))
        #expect(ok.stdout.contains("\"uri\" : \"stdin\""), "\(ok.stdout)")
        #expect(!ok.stdout.contains("%3Cstdin%3E"))
        #expect(try Python.schemaErrors(ok.stdout, schemaPath: RepoPaths.sarifSchema) == nil)
    }

    @Test func sarifRuleNamesAreUniqueAcrossTheCatalog() {
        let names = RuleRegistry.all.map { SARIFWriter.ruleName($0.description.id) }
        #expect(Set(names).count == names.count)
        #expect(SARIFWriter.ruleName("k8s/host-network") != SARIFWriter.ruleName("compose/host-network"))
        #expect(names.allSatisfy { $0.allSatisfy { $0.isLetter || $0.isNumber } })
    }

    // MARK: CLI output

    @Test func outputDashIsStandardOutput() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let input = try dir.write("pod.yaml", pod)
        let r = try runIn(dir.path, ["scan", "-", "--output", "sarif=-", "-q"], stdinFile: input)
        #expect(r.stdout.contains("\"version\" : \"2.1.0\""), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/-"))
        let two = try runRampart(["scan", "-", "--output", "sarif=-", "--format", "json"], stdin: pod)
        #expect(two.status == 2 && two.stderr.contains("only one report can go to standard output"))
    }

    @Test func badOutputIsOneLineNotTheUsage() throws {
        let r = try runRampart(["scan", "-", "--output", "pdf=x.pdf"], stdin: pod)
        #expect(r.status == 2)
        #expect(r.stderr.contains("--output takes FORMAT=PATH"))
        #expect(!r.stderr.contains("USAGE"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
    }

    // MARK: JUnit

    @Test func junitFailsOnlyWhatFailsTheGate() throws {
        let low = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: x}\ndata:\n  a: '1'\n  a: '2'\n"
        let passing = try runRampart(["scan", "-", "--format", "junit"], stdin: low)
        #expect(passing.status == 0)
        #expect(passing.stdout.contains("<testsuites") && passing.stdout.contains("failures=\"0\""), "\(passing.stdout)")
        #expect(!passing.stdout.contains("<failure"))
        #expect(passing.stdout.contains("input/duplicate-key") && passing.stdout.contains("Below the gate (high)"))
        let failing = try runRampart(["scan", "-", "--format", "junit", "--fail-on", "medium"], stdin: low)
        #expect(failing.status == 1 && failing.stdout.contains("<failure"))
    }

    // MARK: HTML remediation

    @Test func remediationMarkdownBecomesSafeHTML() {
        #expect(MarkdownToHTML.render("Set `securityContext.privileged` to **false**; see [PSS](https://kubernetes.io/docs/) *now*.")
            == "Set <code>securityContext.privileged</code> to <strong>false</strong>; see <a href=\"https://kubernetes.io/docs/\" rel=\"noopener noreferrer\">PSS</a> <em>now</em>.")
        #expect(MarkdownToHTML.render("Steps:\n- drop `ALL`\n- add back one\n\nThen redeploy.")
            == "<p>Steps:</p><ul><li>drop <code>ALL</code></li><li>add back one</li></ul><p>Then redeploy.</p>")
        let hostile = MarkdownToHTML.render("[x](javascript:alert(1)) <script>alert(1)</script> `<b>` a * b")
        #expect(!hostile.contains("<script") && !hostile.contains("href=\"javascript") && !hostile.contains("<b>"))
        #expect(hostile.contains("&lt;script&gt;") && hostile.contains("<code>&lt;b&gt;</code>") && hostile.contains("a * b"))
        var finding = ReportFixtures.privileged
        finding.remediation = "Set `privileged: false`."
        let html = ReportWriter.render(ReportFixtures.report([finding]), as: .html)
        #expect(html.contains("<dd class=\"remediation\">Set <code>privileged: false</code>.</dd>"), "\(html)")
    }

    // MARK: streaming writers

    @Test func streamedJSONAndSARIFEqualTheWholeDocumentWriters() throws {
        // Fixtures (hostile strings, empty reports, unsorted merges) and real scans of testdata.
        var reports = ReportFixtures.all.map(\.1)
        for dir in ["testdata/examples/city-portal", "testdata/k8s", "testdata/compose"] {
            let r = try runRampart(["scan", RepoPaths.root.appendingPathComponent(dir).path, "--format", "json", "--allow-empty"])
            reports.append(try JSONDecoder().decode(Report.self, from: Data(r.stdout.utf8)))
        }
        var unsorted = ReportFixtures.mixed
        unsorted.findings.reverse()
        unsorted.root = "/srv/city repo"
        reports.append(unsorted)
        for report in reports {
            var streamed = ""
            var chunks = 0
            ReportWriter.write(report, as: .json) { streamed += $0; chunks += 1 }
            let whole = JSONReportWriter.renderWhole(report)
            #expect(streamed == whole, "\(firstDifference(streamed, whole))")
            var sarif = ""
            ReportWriter.write(report, as: .sarif) { sarif += $0 }
            let wholeSARIF = SARIFWriter.renderWhole(report)
            #expect(sarif == wholeSARIF, "\(firstDifference(sarif, wholeSARIF))")
        }
        #expect(reports.count >= 9)
    }

    func firstDifference(_ a: String, _ b: String) -> String {
        let x = Array(a.utf8), y = Array(b.utf8)
        var i = 0
        while i < x.count, i < y.count, x[i] == y[i] { i += 1 }
        let from = max(0, i - 80)
        return "at byte \(i):\n---streamed\n\(String(decoding: x[from..<min(x.count, i + 80)], as: UTF8.self))\n---whole\n\(String(decoding: y[from..<min(y.count, i + 80)], as: UTF8.self))"
    }
}
