import Foundation
import Testing
import RampartAudit
import RampartCore
@testable import RampartProbe
#if canImport(Glibc)
import Glibc
#endif

/// Servers OpenSSL 3 cannot be: SSLv3, SSLv2, RC4 and export answers, and hostile peers. Canned replies
/// from in-process loopback servers.
@Suite struct TLSScriptedServerTests {
    /// A legacy server: negotiates down to `maxVersion`, picks from `supported` in its own order (or the
    /// client's), optionally with compression, heartbeat, renegotiation_info and a heartbeat answer.
    static func legacyServer(maxVersion: UInt16, supported: [UInt16], serverOrder: Bool = true, compression: Bool = false,
                             heartbeat: Bool = false, renegotiationInfo: Bool = true, sslv2: [UInt32] = [],
                             minVersion: UInt16 = 0x0300) -> ScriptedServer {
        ScriptedServer { fd in
            guard let bytes = ScriptedServer.readHello(fd), let hello = ParsedClientHello(bytes) else { return }
            if hello.sslv2 {
                if !sslv2.isEmpty { ScriptedServer.send(fd, Canned.sslv2ServerHello(sslv2)) }
                return
            }
            let version = min(hello.clientVersion, maxVersion)
            guard version >= minVersion else { ScriptedServer.send(fd, Canned.alert(70, version: maxVersion)); return }
            let pick = serverOrder ? supported.first(where: hello.suites.contains) : hello.suites.first(where: supported.contains)
            guard let suite = pick else { ScriptedServer.send(fd, Canned.alert(40, version: version)); return }
            var ext: [(UInt16, [UInt8])] = []
            if renegotiationInfo && version > 0x0300 { ext.append((0xFF01, [0])) }
            if heartbeat && hello.extensions[0x000F] != nil { ext.append((0x000F, [1])) }
            let comp: UInt8 = compression && hello.compression.contains(1) ? 1 : 0
            ScriptedServer.send(fd, Canned.serverHello(version: version, suite: suite, compression: comp, extensions: ext)
                + Canned.record(22, version: version, Canned.serverHelloDone))
            // A heartbeat request gets an answer of the claimed length, as a vulnerable server would.
            if heartbeat, let next = ScriptedServer.readHello(fd), next.first == 24, next.count >= 8 {
                let claimed = Int(next[6]) << 8 | Int(next[7])
                ScriptedServer.send(fd, Canned.record(24, version: version, [2, next[6], next[7]] + [UInt8](repeating: 0x42, count: claimed + 16)))
            }
        }
    }

    @Test func detectsSSLv3WithServerOrderPoodleAndRC4() throws {
        let server = Self.legacyServer(maxVersion: 0x0300, supported: [0x000A, 0x0005], renegotiationInfo: false)
        defer { server.stop() }
        let facts = TLSTestSupport.probe(server.port, TLSTestSupport.options(timeout: 1, sni: nil))
        let e = try #require(facts.tls.first, "problems: \(facts.problems.map(\.message))")
        #expect(e.protocols == ["SSLv3"])
        #expect(e.suites["SSLv3"] == ["TLS_RSA_WITH_3DES_EDE_CBC_SHA", "TLS_RSA_WITH_RC4_128_SHA"])
        #expect(e.serverEnforcesOrder["SSLv3"] == true)
        #expect(e.weaknesses.secureRenegotiation == false)
        // Elimination: accepted + 1 per chunk, not one handshake per suite (350+).
        #expect(e.handshakes <= 16, "\(e.handshakes) handshakes")
        #expect(server.connectionCount == e.handshakes)
        let ids = Set(try TLSTestSupport.findings(facts).map(\.ruleID))
        for id in ["tls/protocol-sslv3", "tls/poodle", "tls/weak-cipher-rc4", "tls/weak-cipher-3des", "tls/no-secure-renegotiation", "tls/no-forward-secrecy"] {
            #expect(ids.contains(id), "\(id) missing from \(ids.sorted())")
        }
        let poodle = try #require(try TLSTestSupport.findings(facts).first { $0.ruleID == "tls/poodle" })
        #expect(poodle.evidence == "SSLv3 accepted: TLS_RSA_WITH_3DES_EDE_CBC_SHA")
        #expect(poodle.subject.endpoint?.port == server.port && poodle.subject.endpoint?.service == "tls")
    }

    @Test func detectsSSLv2ForDrown() throws {
        let server = Self.legacyServer(maxVersion: 0x0301, supported: [0x002F], sslv2: [0x010080, 0x0700C0], minVersion: 0x0301)
        defer { server.stop() }
        let facts = TLSTestSupport.probe(server.port, TLSTestSupport.options(timeout: 1, sni: nil))
        let e = try #require(facts.tls.first, "problems: \(facts.problems.map(\.message))")
        #expect(e.protocols == ["SSLv2", "TLSv1.0"])
        #expect(e.suites["SSLv2"] == ["SSL_CK_RC4_128_WITH_MD5", "SSL_CK_DES_192_EDE3_CBC_WITH_MD5"])
        let ids = Set(try TLSTestSupport.findings(facts).map(\.ruleID))
        #expect(ids.isSuperset(of: ["tls/protocol-sslv2", "tls/drown", "tls/protocol-tls10", "tls/cbc-in-tls10"]), "\(ids.sorted())")
    }

    @Test func detectsExportRC4ClientOrderCompressionAndHeartbleed() throws {
        let server = Self.legacyServer(maxVersion: 0x0301, supported: [0x0004, 0x0003, 0x0014], serverOrder: false,
                                       compression: true, heartbeat: true, minVersion: 0x0301)
        defer { server.stop() }
        let facts = TLSTestSupport.probe(server.port, TLSTestSupport.options(timeout: 1, sni: nil))
        let e = try #require(facts.tls.first, "problems: \(facts.problems.map(\.message))")
        #expect(e.protocols == ["TLSv1.0"])
        #expect(Set(e.suites["TLSv1.0"] ?? []) == ["TLS_RSA_EXPORT_WITH_RC4_40_MD5", "TLS_RSA_WITH_RC4_128_MD5", "TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA"])
        #expect(e.serverEnforcesOrder["TLSv1.0"] == false)
        #expect(e.weaknesses.compression == true)
        #expect(e.weaknesses.heartbeat == true)
        #expect(e.weaknesses.heartbleed == true)
        let ids = Set(try TLSTestSupport.findings(facts).map(\.ruleID))
        #expect(ids.isSuperset(of: ["tls/weak-cipher-export", "tls/weak-cipher-rc4", "tls/compression", "tls/heartbleed"]), "\(ids.sorted())")
    }

    @Test func detectsIgnoredFallbackSCSV() throws {
        // TLS 1.0 to 1.2, and a downgraded hello carrying TLS_FALLBACK_SCSV is served instead of refused.
        let server = Self.legacyServer(maxVersion: 0x0303, supported: [0xC02F, 0xC013], minVersion: 0x0301)
        defer { server.stop() }
        let facts = TLSTestSupport.probe(server.port, TLSTestSupport.options(timeout: 1, sni: nil))
        let e = try #require(facts.tls.first, "problems: \(facts.problems.map(\.message))")
        #expect(e.protocols == ["TLSv1.0", "TLSv1.1", "TLSv1.2"])
        #expect(e.weaknesses.fallbackSCSV == false)
        #expect(e.weaknesses.heartbeat == false && e.weaknesses.heartbleed == nil)
        #expect(Set(try TLSTestSupport.findings(facts).map(\.ruleID)).contains("tls/no-fallback-scsv"))
    }

    @Test func heartbeatWithoutHeartbleed() throws {
        // Echoes the heartbeat extension but, like a patched server, never answers an over-long request.
        let server = ScriptedServer { fd in
            guard let bytes = ScriptedServer.readHello(fd), let hello = ParsedClientHello(bytes), !hello.sslv2 else { return }
            guard hello.clientVersion == 0x0303, !hello.offersTLS13, hello.suites.contains(0x009C) else {
                ScriptedServer.send(fd, Canned.alert(70))
                return
            }
            ScriptedServer.send(fd, Canned.serverHello(version: 0x0303, suite: 0x009C, extensions: [(0xFF01, [0]), (0x000F, [1])])
                + Canned.record(22, version: 0x0303, Canned.serverHelloDone))
            ScriptedServer.waitForClose(fd, seconds: 2)
        }
        defer { server.stop() }
        let facts = TLSTestSupport.probe(server.port, TLSTestSupport.options(timeout: 1, sni: nil))
        let e = try #require(facts.tls.first, "problems: \(facts.problems.map(\.message))")
        #expect(e.weaknesses.heartbeat == true)
        #expect(e.weaknesses.heartbleed == false)
        #expect(!Set(try TLSTestSupport.findings(facts).map(\.ruleID)).contains("tls/heartbleed"))
    }

    @Test func splitsLargeOffersForFragileServers() throws {
        // A server that drops any hello with more than 64 suites still gets enumerated.
        let inner = Self.legacyServer(maxVersion: 0x0303, supported: [0xC030, 0x009D], minVersion: 0x0303)
        defer { inner.stop() }
        let server = ScriptedServer { (fd: Int32) in
            guard let bytes = ScriptedServer.readHello(fd), let hello = ParsedClientHello(bytes) else { return }
            guard hello.sslv2 || hello.suites.count <= 64 else { return }
            // Relay to the well-behaved server.
            guard case .success(let c) = Connection.connect(to: SocketAddress(ip: "127.0.0.1", port: inner.port), timeout: 1, via: .unrestricted) else { return }
            _ = c.send(bytes)
            if case .success(let reply) = PlainStream(c, deadline: Clock.now + 3).read(until: { _ in false }, limit: 4096, wait: 3) { ScriptedServer.send(fd, reply) }
        }
        defer { server.stop() }
        var options = TLSTestSupport.options(timeout: 1, sni: nil)
        options.maxSuitesPerHello = 60
        let facts = TLSTestSupport.probe(server.port, options)
        let e = try #require(facts.tls.first, "problems: \(facts.problems.map(\.message))")
        #expect(e.suites["TLSv1.2"] == ["TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_RSA_WITH_AES_256_GCM_SHA384"])
        #expect(e.serverEnforcesOrder["TLSv1.2"] == true)
    }

    // MARK: Hostile peers

    static func hostile(_ name: String, _ handler: @escaping @Sendable (Int32) -> Void) -> (String, ScriptedServer) {
        (name, ScriptedServer(handler))
    }

    @Test func hostileServersEndInTimeWithAnErrorEntry() throws {
        let servers: [(String, ScriptedServer)] = [
            Self.hostile("garbage") { fd in
                _ = ScriptedServer.readHello(fd)
                ScriptedServer.send(fd, Array("SSH-2.0-OpenSSH_9.2p1 Debian\r\n".utf8) + (0..<200).map { UInt8(truncatingIfNeeded: $0 &* 37) })
            },
            Self.hostile("silence") { fd in ScriptedServer.waitForClose(fd) },
            Self.hostile("drip") { fd in
                _ = ScriptedServer.readHello(fd)
                for b in Canned.serverHello(version: 0x0303, suite: 0xC02F).prefix(4) {
                    ScriptedServer.send(fd, [b])
                    var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                    if poll(&pfd, 1, 1000) > 0 { return } // client gave up
                }
            },
            Self.hostile("reset") { fd in
                _ = ScriptedServer.readHello(fd)
                ScriptedServer.reset(fd)
            },
            Self.hostile("huge record") { fd in
                _ = ScriptedServer.readHello(fd)
                ScriptedServer.send(fd, [22, 3, 3, 0xFF, 0xFF, 2, 0, 0])
                ScriptedServer.waitForClose(fd, seconds: 2)
            },
            Self.hostile("truncated ServerHello") { fd in
                _ = ScriptedServer.readHello(fd)
                ScriptedServer.send(fd, Array(Canned.serverHello(version: 0x0303, suite: 0xC02F).prefix(30)))
            },
            Self.hostile("wrong version") { fd in
                _ = ScriptedServer.readHello(fd)
                ScriptedServer.send(fd, Canned.serverHello(version: 0x0305, suite: 0xC02F))
            },
            Self.hostile("alert flood") { fd in
                _ = ScriptedServer.readHello(fd)
                ScriptedServer.send(fd, (0..<500).flatMap { _ in Canned.alert(0, version: 0x0303) })
            },
        ]
        defer { servers.forEach { $0.1.stop() } }
        var options = TLSTestSupport.options(timeout: 1, sni: nil)
        options.concurrency = 16
        options.perHost = 16
        let start = Date()
        let facts = TLSAudit.run(targets: servers.map { Target(host: "127.0.0.1", port: $0.1.port) }, options: options)
        let elapsed = Date().timeIntervalSince(start)
        #expect(facts.tls.isEmpty, "hostile servers produced endpoint facts: \(facts.tls.map { "\($0.port): \($0.protocols)" })")
        #expect(facts.problems.count == servers.count)
        for (name, server) in servers {
            let problem = facts.problems.first { $0.source == "127.0.0.1:\(server.port)" }
            #expect(problem?.kind == .targetUnreachable, "\(name): no problem entry")
            #expect(problem.map { !$0.message.isEmpty } == true)
        }
        // Every probe ends within a few timeouts even though they run side by side.
        #expect(elapsed < 8, "hostile probes took \(elapsed)s")
        let ids = try TLSTestSupport.findings(facts).map(\.ruleID)
        #expect(ids.filter { $0 == "input/target-unreachable" }.count == servers.count)
    }

    @Test func refusedAndUnresolvableTargetsAreErrorEntries() throws {
        let port = TLSTestSupport.freePort()
        let facts = TLSAudit.run(targets: [Target(host: "127.0.0.1", port: port), Target(host: "no-such-host.invalid", port: 443)],
                                 options: TLSTestSupport.options(timeout: 1, sni: nil))
        #expect(facts.tls.isEmpty)
        let messages = facts.problems.map(\.message)
        #expect(messages.contains { $0.contains("connection refused") }, "\(messages)")
        #expect(messages.contains { $0.contains("name resolution failed") }, "\(messages)")
    }
}
