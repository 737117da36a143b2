import Foundation
import Testing
import RampartAudit
import RampartCore
@testable import RampartProbe
#if canImport(Glibc)
import Glibc
#endif

/// Issue 10's live items: hostile lengths, scope for every connection, time budgets, SIGPIPE, peer URLs
/// with credentials, and plain-text answers on TLS ports. Every server is on loopback and stopped in `defer`.
@Suite struct ProbeTrustTests {
    static let fast = ServiceProbeOptions(connectTimeout: 1, readTimeout: 0.5, bannerWait: 0.3)

    struct NoServer: Error {}

    static func server(host: String = "127.0.0.1", handler: @escaping @Sendable (ServerConnection) -> Void) throws -> ScriptedServer {
        guard let server = ScriptedServer(host: host, handler: handler) else { throw NoServer() }
        return server
    }

    // MARK: Lengths from the peer

    @Test func negativeAndHugeContentLengthDoNotTrap() throws {
        let negative = Array("HTTP/1.1 200 OK\r\nContent-Length: -5\r\nServer: liar\r\n\r\nhello".utf8)
        let parsed = try #require(ServiceHTTPResponse.parse(negative))
        #expect(parsed.status == 200)
        #expect(parsed.bodyText == "hello")
        let huge = Array("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\nhi".utf8)
        #expect(ServiceHTTPResponse.parse(huge)?.bodyText == "hi")
        // The same over the wire, through identification: the run survives and names the service.
        let server = try Self.server(handler: { c in
            _ = c.read(until: { ServiceHTTPResponse.headerEnd($0) != nil }, wait: 1)
            c.write("HTTP/1.1 200 OK\r\nContent-Length: -1\r\nServer: liar/1.0\r\n\r\nbody")
        })
        defer { server.stop() }
        let fact = ServiceIdentifier.identify(server.address, options: Self.fast)
        #expect(fact.service == "http")
        #expect(fact.product == "liar/1.0")
    }

    @Test func redisBulkLengthNearIntMaxDoesNotOverflow() throws {
        #expect(DatastoreProbes.bulkComplete(Array("$9223372036854775807\r\nabc".utf8)) == false)
        #expect(DatastoreProbes.bulkComplete(Array("$3\r\nabc\r\n".utf8)) == true)
        #expect(DatastoreProbes.bulkComplete(Array("$-1\r\n".utf8)) == true)
        let server = try Self.server(handler: { c in
            guard Script.line(c) == "PING" else { return }
            c.write("+PONG\r\n")
            guard Script.line(c).hasPrefix("INFO") else { return }
            c.write("$9223372036854775807\r\nredis_version:7.2.4\r\n")
            _ = c.read(wait: 1)
        })
        defer { server.stop() }
        let fact = ServiceIdentifier.identify(server.address, options: Self.fast)
        #expect(fact.service == "redis")
        #expect(fact.authentication == .notRequired)
    }

    @Test func mysqlErrorPacketShorterThanItsOwnHeader() {
        // Announced length 0, yet an error packet: the message slice must not run backwards.
        let packet: [UInt8] = [0x00, 0x00, 0x00, 0x00, 0xFF, 0x15, 0x04, 0x41, 0x42]
        let match = BannerProbes.mysql(packet)
        #expect(match?.service == "mysql")
        #expect(match?.evidence == "greeting error 1045: ")
    }

    // MARK: Plain-text answers on a TLS port

    @Test func httpServerOnATLSPortIsNamedInUserTerms() throws {
        var decoder = ServerReplyDecoder()
        #expect(throws: WireError.notTLS("the server answered in plain HTTP ('HTTP/1.1 400 Bad Request'), not TLS")) {
            _ = try decoder.feed(Array("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".utf8))
        }
        let server = try Self.server(handler: { c in
            _ = c.read(wait: 1)
            c.write("HTTP/1.1 400 Bad Request\r\nServer: nginx\r\nContent-Length: 0\r\n\r\n")
        })
        defer { server.stop() }
        let facts = TLSAudit.run(targets: [Target(host: "127.0.0.1", port: server.port)], options: TLSTestSupport.options(timeout: 1, sni: nil))
        let message = try #require(facts.problems.first?.message)
        #expect(facts.tls.isEmpty)
        #expect(message == "127.0.0.1:\(server.port): the server answered in plain HTTP ('HTTP/1.1 400 Bad Request'), not TLS")
        #expect(!message.contains("content type"))
    }

    @Test func otherPlaintextRepliesAreNamed() throws {
        #expect(PlaintextReply.describe(Array("SSH-2.0-OpenSSH_9.6\r\n".utf8)) == "the server sent an SSH banner ('SSH-2.0-OpenSSH_9.6'), not TLS")
        #expect(PlaintextReply.describe(Array("220 mail.city.example ESMTP\r\n".utf8))?.hasPrefix("the server sent a plain-text greeting ('220 mail.city.example ESMTP'") == true)
        #expect(PlaintextReply.describe([0x17, 0x03, 0x03, 0x00, 0x02]) == nil)
    }

    // MARK: Credentials in peer URLs

    @Test func userInfoIsStrippedFromPeerURLs() throws {
        #expect(ProbeText.withoutUserInfo("http://user:pass@portal.city.example/login") == "http://portal.city.example/login")
        #expect(ProbeText.withoutUserInfo("//admin:s3cret@host:8443/x?a=b@c") == "//host:8443/x?a=b@c")
        #expect(ProbeText.withoutUserInfo("</a>; rel=next, <https://u@h/>") == "</a>; rel=next, <https://h/>")
        #expect(ProbeText.withoutUserInfo("https://host/path@not-userinfo") == "https://host/path@not-userinfo")
        #expect(ProbeText.printable("ok\u{1B}]8;;x\u{07}\u{202E}txt") == "ok?]8;;x??txt")

        let server = try Self.server(handler: { c in
            _ = c.read(until: { ServiceHTTPResponse.headerEnd($0) != nil }, wait: 1)
            c.write("HTTP/1.1 301 Moved Permanently\r\nLocation: http://user:pass@127.0.0.1/\u{1B}[2J\r\nContent-Length: 0\r\n\r\n")
        })
        defer { server.stop() }
        let redirect = HTTPProbe.plainRedirect(address: server.address, host: "127.0.0.1", timeout: 1, via: .unrestricted)
        #expect(redirect.status == 301)
        #expect(redirect.location == "http://127.0.0.1/?[2J")
        let fact = ServiceIdentifier.identify(server.address, options: Self.fast)
        #expect(fact.details?["http.location"]?.contains("pass") == false)
    }

    @Test func peerStringsCarryNoControlBytes() {
        let match = ServiceMatch(service: "docker", version: "1.0\u{1B}[2J", evidence: "ok", details: ["docker.os": "linux\u{1B}]0;owned\u{07}"])
        let fact = ServiceIdentifier.apply(match, to: PortFact(port: 2375, state: .open), tls: false)
        #expect(fact.details?["docker.os"] == "linux.]0;owned.")
        #expect(fact.version == "1.0.[2J")
        if case .failure(let e) = HTTPResponse.parse(Array("HTTP/1.1 abc\u{1B}[31m\r\n\r\n".utf8)) {
            #expect(e.description == "bad HTTP status line 'HTTP/1.1 abc.[31m'")
        } else {
            Issue.record("accepted a bad status line")
        }
    }

    // MARK: Scope holds for every connection

    @Test func dialerRefusesAddressesOutsideTheScopeBeforeAnyPacket() throws {
        let outside = try Self.server(host: "127.0.0.2", handler: { _ in })
        defer { outside.stop() }
        let scope = try Scope.parse("127.0.0.1").get()
        let dialer = Dialer(scope: scope)
        #expect(throws: NetError.outOfScope("127.0.0.2:\(outside.port)")) { try dialer.connect(to: outside.address, timeout: 1).get() }
        // In scope by name: the name's resolved addresses, and only those.
        let named = Dialer(scope: try Scope.parse("portal.city.example").get(), namedAddresses: ["127.0.0.2"])
        let c = try named.connect(to: outside.address, timeout: 1).get()
        c.close()
        Thread.sleep(forTimeInterval: 0.1)
        #expect(outside.accepted == 1)
    }

    @Test func everyModeStaysInScope() throws {
        let outside = try Self.server(host: "127.0.0.2", handler: { c in _ = c.read(wait: 1) })
        defer { outside.stop() }
        let target = try PortTarget.parse("127.0.0.2:\(outside.port)").get()
        var options = ProbeRunOptions()
        options.scope = try Scope.parse("127.0.0.1").get()
        options.tls = TLSTestSupport.options(timeout: 1, sni: nil)
        options.httpRedirectPort = outside.port
        let tls = ProbeRun.collect(targets: [target], options: options)
        options.ports = try PortSpec.parse("\(outside.port)").get()
        let ports = ProbeRun.collect(targets: [target], options: options)
        Thread.sleep(forTimeInterval: 0.1)
        #expect(outside.accepted == 0)
        for facts in [tls, ports] {
            #expect(facts.problems.map(\.kind) == [.targetUnreachable])
            #expect(facts.problems.first?.message.contains("not inside the scope") == true, "\(facts.problems)")
        }
    }

    @Test func cliRefusesOutOfScopeTargetsWithExitTwo() throws {
        let outside = try Self.server(host: "127.0.0.2", handler: { c in _ = c.read(wait: 1) })
        defer { outside.stop() }
        let r = try runRampart(["probe", "127.0.0.2:\(outside.port)", "--scope", "127.0.0.1", "--timeout", "1"])
        #expect(r.status == 2, "\(r.stdout) \(r.stderr)")
        #expect(r.stdout.contains("input/target-unreachable") && r.stdout.contains("not inside the scope"))
        #expect(outside.accepted == 0)
    }

    // MARK: Time budgets

    /// A TLS 1.2 server that answers every hello correctly, after `delay` seconds.
    static func slowServer(delay: Double) -> ScriptedServer {
        ScriptedServer { fd in
            guard let bytes = ScriptedServer.readHello(fd), let hello = ParsedClientHello(bytes), !hello.sslv2 else { return }
            Thread.sleep(forTimeInterval: delay)
            guard hello.clientVersion >= 0x0303, let suite = hello.suites.first(where: { $0 != 0x00FF && $0 != 0x5600 }) else {
                ScriptedServer.send(fd, Canned.alert(70)); return
            }
            ScriptedServer.send(fd, Canned.serverHello(version: 0x0303, suite: suite) + Canned.record(22, version: 0x0303, Canned.serverHelloDone))
        }
    }

    @Test func perTargetBudgetCutsAHoldingServerShortAsIncomplete() throws {
        let server = Self.slowServer(delay: 0.25)
        defer { server.stop() }
        let start = Date()
        let facts = TLSAudit.run(targets: [Target(host: "127.0.0.1", port: server.port)], options: TLSTestSupport.options(timeout: 2, sni: nil),
                                 budget: ProbeBudget(targetSeconds: 1))
        let elapsed = Date().timeIntervalSince(start)
        #expect(elapsed < 3, "took \(elapsed)s")
        let messages = facts.problems.map(\.message)
        #expect(messages.contains("127.0.0.1:\(server.port): incomplete: the per-target time budget (--target-timeout 1s) ran out; results are partial, not passed"), "\(messages)")
        let ids = try TLSTestSupport.findings(facts).map(\.ruleID)
        #expect(ids.contains("input/target-unreachable"))
    }

    @Test func maxTimeEndsTheRunWithExitTwo() throws {
        let server = Self.slowServer(delay: 0.25)
        defer { server.stop() }
        let start = Date()
        let r = try runRampart(["probe", "127.0.0.1:\(server.port)", "--timeout", "2", "--max-time", "1", "--no-http"])
        let elapsed = Date().timeIntervalSince(start)
        #expect(r.status == 2, "\(r.stdout) \(r.stderr)")
        #expect(r.stdout.contains("--max-time 1s"), "\(r.stdout)")
        #expect(elapsed < 5, "took \(elapsed)s")
    }

    @Test func portModeBudgetReportsIdentificationCutShort() throws {
        // Accepts and never speaks: identification would wait out every probe's read timeout.
        let silent = try Self.server(handler: { c in _ = c.read(until: { _ in false }, wait: 5) })
        defer { silent.stop() }
        var options = PortAuditOptions()
        options.scan = PortScanOptions(concurrency: 4, timeout: 1, retries: 0)
        options.probes = ServiceProbeOptions(connectTimeout: 1, readTimeout: 2, bannerWait: 1)
        options.budget = ProbeBudget(targetSeconds: 1)
        let start = Date()
        let facts = PortAudit.run(targets: [try PortTarget.parse("127.0.0.1").get()], ports: try PortSpec.parse("\(silent.port)").get(), options: options)
        let elapsed = Date().timeIntervalSince(start)
        #expect(elapsed < 2.5, "took \(elapsed)s")
        #expect(facts.problems.map(\.message) == ["127.0.0.1: incomplete: the per-target time budget (--target-timeout 1s) ran out; results are partial, not passed"])
    }

    // MARK: SIGPIPE

    @Test func netLayerIgnoresSIGPIPEOnceForTheProcess() throws {
        _ = Dialer.unrestricted.connect(to: SocketAddress(ip: "127.0.0.1", port: 9), timeout: 0.1)
        var current = sigaction()
        sigaction(SIGPIPE, nil, &current)
        // SIG_IGN is the handler value 1.
        #expect(current.__sigaction_handler.sa_handler.map { unsafeBitCast($0, to: Int.self) } == 1)
    }

    @Test func cliIgnoresSIGPIPEFromStartUpAndSurvivesAPeerThatVanishes() throws {
        // Answers the first hello with a ServerHello and a truncated certificate, then resets: OpenSSL's
        // alert then goes to a peer that has gone.
        let server = ScriptedServer { fd in
            guard ScriptedServer.readHello(fd) != nil else { return }
            let certificate = Canned.handshake(11, [0x00, 0xFF, 0xFF] + [UInt8](repeating: 0x30, count: 3000))
            ScriptedServer.send(fd, Canned.serverHello(version: 0x0303, suite: 0xC02F) + Canned.record(22, version: 0x0303, Array(certificate.prefix(3000))))
            Thread.sleep(forTimeInterval: 0.3)
            ScriptedServer.reset(fd)
        }
        defer { server.stop() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: rampartExecutable)
        process.arguments = ["probe", "127.0.0.1:\(server.port)", "--timeout", "1", "--retries", "0", "-q"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // SigIgn is a hex mask; SIGPIPE (13) is bit 12.
        var ignored = false
        for _ in 0..<100 where process.isRunning && !ignored {
            if let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
               let line = status.split(separator: "\n").first(where: { $0.hasPrefix("SigIgn:") }),
               let mask = UInt64(line.dropFirst("SigIgn:".count).trimmingCharacters(in: .whitespaces), radix: 16) {
                ignored = mask & (1 << 12) != 0
            }
            if !ignored { usleep(20_000) }
        }
        process.waitUntilExit()
        #expect(ignored)
        #expect(process.terminationReason == .exit, "killed by signal \(process.terminationStatus)")
        #expect(process.terminationStatus == 2)
    }
}
