import Foundation
import Testing
import RampartCore

/// The command line as users script against it: exit codes, stdin, outputs, evidence.
@Suite struct CLITests {
    let broken = "apiVersion: v1\nkind: Pod\nmetadata: {name: [oops\n"
    let clean = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: portal}\ndata: {mode: public}\n"

    @Test func cleanInputPassesWithExitZero() throws {
        let r = try runRampart(["scan", "-", "--no-color"], stdin: clean)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
    }

    @Test func unparsableInputIsAFindingAndExitsTwo() throws {
        let r = try runRampart(["scan", "-", "--format", "json"], stdin: broken)
        #expect(r.status == 2)
        #expect(r.stderr.contains("not fully scanned"))
        let report = try JSONDecoder().decode(Report.self, from: Data(r.stdout.utf8))
        #expect(report.findings.first?.ruleID == "input/unparsable")
        #expect(report.findings.first?.subject.location?.file == "<stdin>")
        // The text report does not call an incomplete scan a pass.
        let text = try runRampart(["scan", "-", "--no-color"], stdin: broken)
        #expect(text.stdout.contains("INCOMPLETE: 1 input not fully scanned"), "\(text.stdout)")
        #expect(!text.stdout.contains("PASS"))
    }

    /// A wrongly shaped Compose file is an input error, as in Kubernetes: it must not pass a gate, whatever the gate.
    @Test func composeShapeErrorExitsTwoAtItsLine() throws {
        let compose = "services:\n  web:\n    image: nginx:1.27\n    ports: \"8080:80\"\n"
        let r = try runRampart(["scan", "-", "--format", "json", "--fail-on", "critical"], stdin: compose)
        #expect(r.status == 2, "\(r.stdout)\(r.stderr)")
        let report = try JSONDecoder().decode(Report.self, from: Data(r.stdout.utf8))
        let shape = try #require(report.findings.first { $0.ruleID == "input/invalid-shape" })
        #expect(shape.subject.location == SourceLocation(file: "<stdin>", line: 4, column: 12))
        #expect(shape.subject.fieldPath == "services.web.ports")
        #expect(shape.message == "ports is a scalar; expected a list")
        #expect(!report.findings.contains { $0.ruleID.hasPrefix("compose/invalid") })
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try runRampart(["scan"]).status == 2)
        #expect(try runRampart(["scan", "x.yaml", "--format", "pdf"]).status == 2)
        #expect(try runRampart(["scan", "x.yaml", "--output", "sarif"]).status == 2)
        #expect(try runRampart(["scan", "-", "--policy", "nonexistent-profile"], stdin: clean).status == 2)
        let explain = try runRampart(["explain", "k8s/no-such-rule"])
        #expect(explain.status == 2 && explain.stderr.contains("no rule"))
    }

    @Test func failOnMovesTheGate() throws {
        // A duplicate key is a medium finding: below the default gate, at a medium gate.
        let dup = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: x}\ndata:\n  a: '1'\n  a: '2'\n"
        #expect(try runRampart(["scan", "-", "-q"], stdin: dup).status == 0)
        #expect(try runRampart(["scan", "-", "-q", "--fail-on", "medium"], stdin: dup).status == 1)
    }

    @Test func evidenceCanBeJudgedAgainWithoutTheFiles() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let manifest = try dir.write("m.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: x}\ndata:\n  a: '1'\n  a: '2'\n")
        let evidence = dir.path + "/facts.json"
        let first = try runRampart(["scan", manifest, "--evidence", evidence, "--format", "json"])
        try FileManager.default.removeItem(atPath: manifest)
        let again = try runRampart(["evaluate", evidence, "--format", "json", "--fail-on", "medium"])
        #expect(again.status == 1)
        let a = try JSONDecoder().decode(Report.self, from: Data(first.stdout.utf8))
        let b = try JSONDecoder().decode(Report.self, from: Data(again.stdout.utf8))
        #expect(a.findings.map(\.fingerprint) == b.findings.map(\.fingerprint))
        #expect(try runRampart(["evaluate", dir.path + "/missing.json"]).status == 2)
    }

    @Test func outputsGoToFilesAndTextToStdout() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let r = try runRampart(["scan", "-", "--output", "json=\(dir.path)/r.json", "--no-color"], stdin: clean)
        #expect(r.status == 0)
        #expect(FileManager.default.fileExists(atPath: dir.path + "/r.json"))
        #expect(!r.stdout.isEmpty)
        #expect(!r.stdout.contains("\u{1B}["), "no colour when stdout is not a terminal")
    }

    @Test func rulesAndExplainComeFromTheCatalog() throws {
        let rules = try runRampart(["rules"])
        #expect(rules.status == 0 && rules.stdout.contains("input/unparsable"))
        let explain = try runRampart(["explain", "input/duplicate-key"])
        #expect(explain.status == 0 && explain.stdout.contains("last"))
    }
}

@Suite struct ReportCommandTests {
    @Test func diffAndMergeKeyOnFingerprints() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dup = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: x}\ndata:\n  a: '1'\n  a: '2'\n"
        let old = try runRampart(["scan", "-", "--format", "json"], stdin: dup)
        try dir.write("old.json", old.stdout)
        let fixedAndNew = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: x}\ndata:\n  a: '1'\n  b: '2'\n  b: '3'\n"
        let new = try runRampart(["scan", "-", "--format", "json"], stdin: fixedAndNew)
        try dir.write("new.json", new.stdout)
        let diff = try runRampart(["report", "diff", dir.path + "/old.json", dir.path + "/new.json"])
        #expect(diff.status == 1)
        #expect(diff.stdout.contains("1 new, 1 fixed, 0 unchanged"), "\(diff.stdout)")
        let same = try runRampart(["report", "diff", dir.path + "/old.json", dir.path + "/old.json"])
        #expect(same.status == 0 && same.stdout.contains("0 new, 0 fixed, 1 unchanged"))
        let merged = try runRampart(["report", "merge", dir.path + "/old.json", dir.path + "/new.json", dir.path + "/old.json"])
        let report = try JSONDecoder().decode(Report.self, from: Data(merged.stdout.utf8))
        #expect(report.findings.count == 2)
        #expect(try runRampart(["report", "diff", dir.path + "/nope.json", dir.path + "/old.json"]).status == 2)
    }
}
