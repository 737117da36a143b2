import Foundation
import Testing
import RampartCore

/// The port scan as a user runs it from the command line, against a scripted Redis on 127.0.0.1.
@Suite struct PortCommandTests {
    @Test func scanJudgeAndReevaluateEvidence() throws {
        let redis = try #require(ScriptedServer(handler: ServiceProbeTests.redisOpen))
        defer { redis.stop() }
        let evidence = FileManager.default.temporaryDirectory.appendingPathComponent("rampart-ports-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: evidence) }
        let live = try runRampart(["probe", "127.0.0.1", "--ports", "\(redis.port)", "--service-timeout", "1", "--format", "json", "--evidence", evidence])
        #expect(live.status == 1, "stderr: \(live.stderr)")
        #expect(live.stdout.contains("port/redis-unauthenticated"))
        #expect(live.stdout.contains("PING -> +PONG"))
        // The saved facts judge the same way offline, without the listener.
        redis.stop()
        let offline = try runRampart(["evaluate", evidence, "--format", "json"])
        #expect(offline.status == 1)
        #expect(offline.stdout.contains("port/redis-unauthenticated"))
    }

    @Test func cidrWithoutScopeExitsTwo() throws {
        let r = try runRampart(["probe", "10.0.0.0/24", "--ports", "80"])
        #expect(r.status == 2)
        #expect((r.stdout + r.stderr).contains("--scope"))
    }

    @Test func badPortSpecIsAUsageError() throws {
        let r = try runRampart(["probe", "127.0.0.1", "--ports", "80-70"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("80-70"))
    }
}

/// One command against a host: ports and services, and the TLS audit of every port that speaks TLS.
@Suite struct ProbeWithPortsTests {
    @Test func portScanFeedsTheTLSAudit() throws {
        let pki = try CertLiveTests.shared.get()
        let tls = try OpenSSLServer(["-cert", "self.pem", "-key", "self.key", "-www"], in: pki)
        defer { tls.stop() }
        let redis = try #require(ScriptedServer(handler: ServiceProbeTests.redisOpen))
        defer { redis.stop() }
        let r = try runRampart(["probe", "127.0.0.1", "--ports", "\(tls.port),\(redis.port)", "--service-timeout", "1",
                                "--timeout", "2", "--sni", "localhost", "--format", "json"])
        #expect(r.status == 1, "\(r.stderr)")
        let report = try JSONDecoder().decode(Report.self, from: Data(r.stdout.utf8))
        let ids = Set(report.findings.map(\.ruleID))
        #expect(ids.contains("port/redis-unauthenticated"))
        #expect(ids.contains("cert/self-signed"), "\(ids.sorted())")
        // The TLS findings are about the TLS port, and only it was TLS-audited.
        let tlsPorts = Set(report.findings.filter { $0.ruleID.hasPrefix("cert/") || $0.ruleID.hasPrefix("tls/") }.compactMap { $0.subject.endpoint?.port })
        #expect(tlsPorts == [tls.port])
        // --no-tls keeps it to the port scan.
        let portsOnly = try runRampart(["probe", "127.0.0.1", "--ports", "\(tls.port)", "--no-tls", "--service-timeout", "1", "--format", "json"])
        #expect(!portsOnly.stdout.contains("cert/self-signed"))
    }
}
