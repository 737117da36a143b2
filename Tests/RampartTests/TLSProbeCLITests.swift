import Foundation
import Testing
import RampartCore

/// `rampart probe` end to end: the contract's exit codes, formats and evidence.
@Suite struct TLSProbeCLITests {
    @Test func probeReportsGatesAndSavesEvidence() throws {
        let pki = try CertLiveTests.shared.get()
        let server = try OpenSSLServer(["-cert", "self.pem", "-key", "self.key", "-www"], in: pki)
        defer { server.stop() }
        let evidence = pki.path("evidence-\(server.port).json")
        let r = try runRampart(["probe", "127.0.0.1:\(server.port)", "--sni", "localhost", "--timeout", "2", "--format", "json",
                                "--evidence", evidence])
        // A self-signed certificate is high: the default gate fails.
        #expect(r.status == 1, "\(r.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let findings = report?["findings"] as? [[String: Any]] ?? []
        #expect(findings.contains { $0["ruleID"] as? String == "cert/self-signed" }, "\(r.stdout.prefix(400))")
        // The evidence judges again offline, under another policy, with the same TLS facts.
        let saved = try JSONDecoder().decode(FactSet.self, from: Data(contentsOf: URL(fileURLWithPath: evidence)))
        #expect(saved.tls.first?.port == server.port)
        let again = try runRampart(["evaluate", evidence, "--policy", "mozilla-modern", "--format", "json"])
        #expect(again.status == 1)
        #expect(again.stdout.contains("tls/min-version"), "TLS 1.2 is below the modern profile's floor")
    }

    @Test func badTargetsAreUsageErrors() throws {
        let r = try runRampart(["probe", "https://host:99999/"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("port must be a number"), "\(r.stderr)")
        let none = try runRampart(["probe"])
        #expect(none.status == 2)
        let both = try runRampart(["probe", "--sni", "a", "--no-sni", "127.0.0.1"])
        #expect(both.status == 2)
    }

    @Test func targetsFileErrorsNameTheLine() throws {
        let pki = try CertLiveTests.shared.get()
        try pki.write("targets.txt", "# city portals\n127.0.0.1:443\nportal.city.example:notaport\n")
        let r = try runRampart(["probe", "--targets", pki.path("targets.txt")])
        #expect(r.status == 2)
        #expect(r.stderr.contains("targets.txt:3:"), "\(r.stderr)")
    }

    @Test func unreachableTargetIsAFindingNotACrash() throws {
        let port = TLSTestSupport.freePort()
        let r = try runRampart(["probe", "127.0.0.1:\(port)", "--timeout", "1", "--retries", "0"])
        // A target that could not be audited is an input problem: exit 2, and a finding in the report.
        #expect(r.status == 2, "\(r.stdout) \(r.stderr)")
        #expect(r.stdout.contains("input/target-unreachable") && r.stdout.contains("connection refused"))
    }
}
