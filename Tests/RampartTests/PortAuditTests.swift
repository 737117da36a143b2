import Foundation
import Testing
import RampartCore
import RampartRules
@testable import RampartAudit
@testable import RampartProbe

@Suite struct PortAuditTests {
    static func options(scope: String? = nil) -> PortAuditOptions {
        var o = PortAuditOptions()
        o.scan = PortScanOptions(concurrency: 64, timeout: 0.5, retries: 0)
        o.probes = ServiceProbeOptions(connectTimeout: 1, readTimeout: 0.6, bannerWait: 0.3)
        o.scope = scope.map { try! Scope.parse($0).get() }
        return o
    }

    static func findings(_ facts: FactSet) -> [Finding] {
        PortRules.all.flatMap { rule in rule.init().check(Facts(facts), RuleContext(description: rule.description)) }
    }

    @Test func scanIdentifyAndJudge() throws {
        let redis = try #require(ScriptedServer(handler: ServiceProbeTests.redisOpen))
        defer { redis.stop() }
        let mqtt = try #require(ScriptedServer(handler: ServiceProbeTests.mqtt(returnCode: 5)))
        defer { mqtt.stop() }
        let closed = PortScannerTests.closedPort()
        let spec = PortSpec(ports: [redis.port, mqtt.port, closed], text: "\(redis.port),\(mqtt.port),\(closed)")
        let facts = PortAudit.run(targets: [try PortTarget.parse("127.0.0.1").get()], ports: spec, options: Self.options())
        #expect(facts.problems.isEmpty)
        let host = try #require(facts.hosts.first)
        #expect(host.portsScanned == 3 && host.closedCount == 1)
        #expect(host.openPorts.map(\.port) == [redis.port, mqtt.port].sorted())
        let found = Self.findings(facts)
        let redisFinding = try #require(found.first { $0.ruleID == "port/redis-unauthenticated" })
        #expect(redisFinding.subject.endpoint == Endpoint(host: "127.0.0.1", ip: "127.0.0.1", port: redis.port, transport: "tcp", service: "redis"))
        #expect(redisFinding.evidence == "PING -> +PONG (no AUTH asked)")
        #expect(found.contains { $0.ruleID == "port/datastore-exposed" && $0.subject.endpoint?.port == redis.port })
        #expect(found.contains { $0.ruleID == "port/version-disclosed" && $0.subject.endpoint?.port == redis.port })
        // The broker refused the anonymous client: no mqtt-anonymous finding.
        #expect(!found.contains { $0.ruleID == "port/mqtt-anonymous" })
        // Evidence round-trips through JSON, so `rampart evaluate` judges the same facts.
        let decoded = try JSONDecoder().decode(FactSet.self, from: JSONEncoder().encode(facts))
        #expect(decoded.hosts == facts.hosts)
    }

    @Test func cidrWithoutScopeIsRefusedBeforeAnyPacket() throws {
        let server = try #require(ScriptedServer { c in _ = c.read(wait: 0.2) })
        defer { server.stop() }
        let spec = PortSpec(ports: [server.port], text: String(server.port))
        let facts = PortAudit.run(targets: [try PortTarget.parse("127.0.0.0/30").get()], ports: spec, options: Self.options())
        #expect(facts.hosts.isEmpty)
        let problem = try #require(facts.problems.first)
        #expect(problem.kind == .targetUnreachable && problem.source == "127.0.0.0/30" && problem.message.contains("--scope"))
        let outside = PortAudit.run(targets: [try PortTarget.parse("127.0.0.0/30").get()], ports: spec, options: Self.options(scope: "127.0.1.0/24"))
        #expect(outside.hosts.isEmpty && outside.problems.count == 1)
        Thread.sleep(forTimeInterval: 0.1)
        #expect(server.accepted == 0)
    }

    @Test func cidrInsideScopeIsScannedAndOtherTargetsGoOn() throws {
        let server = try #require(ScriptedServer { c in _ = c.read(wait: 0.2) })
        defer { server.stop() }
        var options = Self.options(scope: "127.0.0.0/8")
        options.identify = false
        let spec = PortSpec(ports: [server.port], text: String(server.port))
        let targets = [try PortTarget.parse("127.0.0.0/30").get(), try PortTarget.parse("10.0.0.0/24").get()]
        let facts = PortAudit.run(targets: targets, ports: spec, options: options)
        #expect(facts.hosts.count == 4)
        #expect(facts.hosts.first { $0.ip == "127.0.0.1" }?.openPorts.map(\.port) == [server.port])
        #expect(facts.problems.contains { $0.source == "10.0.0.0/24" && $0.message.contains("not inside the scope") })
    }

    @Test func namesResolveAndSilentHostsAreProblems() throws {
        let full = try #require(ScriptedServer(backlog: 0, accept: false) { _ in })
        defer { full.stop() }
        var fillers: [Connection] = []
        for _ in 0..<3 { if case .success(let c) = Connection.connect(to: full.address, timeout: 0.2, via: .unrestricted) { fillers.append(c) } }
        let facts = PortAudit.run(targets: [try PortTarget.parse("127.0.0.1:\(full.port)").get()],
                                  ports: try PortSpec.parse("top").get(), options: Self.options())
        // host:port scans that port only; no answer at all is a problem that names the address.
        #expect(facts.hosts.first?.portsScanned == 1)
        #expect(facts.hosts.first?.ports.first?.state == .filtered)
        #expect(facts.problems.first?.message.contains("no answer") == true)
        _ = fillers
        let server = try #require(ScriptedServer { c in _ = c.read(wait: 0.2) })
        defer { server.stop() }
        let named = PortAudit.run(targets: [try PortTarget.parse("localhost:\(server.port)").get()], ports: try PortSpec.parse("top").get(), options: Self.options())
        #expect(named.hosts.contains { $0.host == "localhost" && $0.ip == "127.0.0.1" && $0.openPorts.count == 1 })
    }
}
