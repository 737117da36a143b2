import Foundation
import Testing

/// The port scan as a user runs it from the command line, against a scripted Redis on 127.0.0.1.
@Suite struct PortCommandTests {
    @Test func scanJudgeAndReevaluateEvidence() throws {
        let redis = try #require(ScriptedServer(handler: ServiceProbeTests.redisOpen))
        defer { redis.stop() }
        let evidence = FileManager.default.temporaryDirectory.appendingPathComponent("rampart-ports-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: evidence) }
        let live = try runRampart(["ports", "127.0.0.1:\(redis.port)", "--service-timeout", "1", "--format", "json", "--evidence", evidence])
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
        let r = try runRampart(["ports", "10.0.0.0/24", "--ports", "80"])
        #expect(r.status == 2)
        #expect((r.stdout + r.stderr).contains("--scope"))
    }

    @Test func badPortSpecIsAUsageError() throws {
        let r = try runRampart(["ports", "127.0.0.1", "--ports", "80-70"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("80-70"))
    }
}
