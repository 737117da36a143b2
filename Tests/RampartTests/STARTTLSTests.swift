import Foundation
import Testing
import RampartAudit
import RampartCore
@testable import RampartProbe

/// STARTTLS: each protocol's preamble in front of a real `openssl s_server`, the full TLS audit through it
/// (the same answers as direct TLS), the login-before-upgrade rules, and hostile plaintext peers.
@Suite struct STARTTLSTests {
    static func backend() throws -> (TestPKI, OpenSSLServer) {
        let pki = try CertLiveTests.shared.get()
        let server = try OpenSSLServer(["-cert", "good.pem", "-key", "good.key", "-cert_chain", "int.pem", "-www",
                                        "-min_protocol", "TLSv1.2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:AES128-SHA"], in: pki)
        return (pki, server)
    }

    static func options(_ proto: STARTTLSProtocol?, pki: TestPKI) -> TLSProbeOptions {
        var o = TLSTestSupport.options(timeout: 2, caFile: pki.path("root.pem"))
        o.starttls = proto
        return o
    }

    /// The audit through each protocol's upgrade finds what the direct audit of the same server finds.
    @Test(arguments: STARTTLSProtocol.allCases)
    func fullAuditThroughUpgradeAgreesWithDirectTLS(_ proto: STARTTLSProtocol) throws {
        let (pki, backend) = try Self.backend()
        defer { backend.stop() }
        let front = STARTTLSFrontEnd(proto, backend: backend.port)
        defer { front.stop() }
        let direct = try #require(TLSTestSupport.probe(backend.port, Self.options(nil, pki: pki)).tls.first)
        let facts = TLSTestSupport.probe(front.port, Self.options(proto, pki: pki))
        let upgraded = try #require(facts.tls.first, "\(facts.problems.map(\.message))")
        #expect(upgraded.starttls == proto.rawValue)
        #expect(upgraded.protocols == ["TLSv1.2", "TLSv1.3"])
        #expect(upgraded.protocols == direct.protocols)
        #expect(upgraded.suites == direct.suites, "\(upgraded.suites) vs \(direct.suites)")
        #expect(upgraded.groups == direct.groups)
        #expect(upgraded.certificate?.trusted == true, "\(upgraded.errors)")
        #expect(upgraded.certificate?.chain.first?.sha256 == direct.certificate?.chain.first?.sha256)
        #expect(upgraded.http == nil, "no HTTP inside a mail or database session")
        #expect(upgraded.endpoint.service == "\(proto.rawValue)+starttls")
        let ids = Set(try TLSTestSupport.findings(facts, today: TLSTestSupport.today()).map(\.ruleID))
        #expect(ids.contains("tls/weak-cipher-3des") == false && !ids.contains("tls/starttls-plaintext-login"))
    }

    @Test(arguments: [STARTTLSProtocol.smtp, .imap, .pop3, .xmpp])
    func loginBeforeUpgradeIsAFinding(_ proto: STARTTLSProtocol) throws {
        let (pki, backend) = try Self.backend()
        defer { backend.stop() }
        let front = STARTTLSFrontEnd(proto, backend: backend.port, behaviour: .init(loginBeforeTLS: true, required: false))
        defer { front.stop() }
        var o = Self.options(proto, pki: pki)
        o.versions = [.tls12]
        let facts = TLSTestSupport.probe(front.port, o)
        let findings = try TLSTestSupport.findings(facts, today: TLSTestSupport.today())
        let f = try #require(findings.first { $0.ruleID == "tls/starttls-plaintext-login" }, "\(facts.problems.map(\.message))")
        let expected = [STARTTLSProtocol.smtp: "AUTH PLAIN LOGIN advertised before STARTTLS",
                        .imap: "LOGIN allowed before STARTTLS (no LOGINDISABLED; AUTH=PLAIN)",
                        .pop3: "USER/PASS advertised before STLS",
                        .xmpp: "SASL PLAIN offered and STARTTLS not required"][proto]
        #expect(f.message == "\(proto.rawValue) server offers STARTTLS but also login before it: \(expected ?? ""); expected login only after the upgrade")
        #expect(f.subject.endpoint?.port == front.port)
        #expect(findings.contains { $0.ruleID == "tls/starttls-optional" } == (proto == .xmpp))
    }

    @Test(arguments: STARTTLSProtocol.allCases)
    func upgradeNotOfferedIsAnErrorNamingTheTarget(_ proto: STARTTLSProtocol) throws {
        let (pki, backend) = try Self.backend()
        defer { backend.stop() }
        let front = STARTTLSFrontEnd(proto, backend: backend.port, behaviour: .init(offer: false))
        defer { front.stop() }
        let facts = TLSTestSupport.probe(front.port, Self.options(proto, pki: pki))
        #expect(facts.tls.isEmpty)
        let message = try #require(facts.problems.first?.message)
        let why = [STARTTLSProtocol.smtp: "EHLO lists no STARTTLS", .imap: "CAPABILITY lists no STARTTLS", .pop3: "CAPA lists no STLS",
                   .ftp: "AUTH TLS answered 502 Command not implemented", .ldap: "StartTLS extended operation answered resultCode 2 (protocolError: not supported)",
                   .xmpp: "stream features list no starttls", .postgres: "SSLRequest answered 'N'",
                   .mysql: "greeting from 8.0.36-test does not set CLIENT_SSL"][proto] ?? ""
        #expect(message == "127.0.0.1:\(front.port): STARTTLS \(proto.rawValue): the server does not offer TLS (\(why))")
    }

    /// Port mode: an SMTP service found by the scan gets the audit through STARTTLS without being asked.
    @Test func portScanChainsIdentifiedServicesToTheUpgradedAudit() throws {
        let (pki, backend) = try Self.backend()
        defer { backend.stop() }
        let front = STARTTLSFrontEnd(.smtp, backend: backend.port, behaviour: .init(loginBeforeTLS: true))
        defer { front.stop() }
        var options = ProbeRunOptions()
        options.tls = Self.options(nil, pki: pki)
        options.ports = try PortSpec.parse("\(front.port)").get()
        let facts = ProbeRun.collect(targets: [try PortTarget.parse("127.0.0.1").get()], options: options)
        #expect(facts.hosts.first?.openPorts.first?.service == "smtp")
        let endpoint = try #require(facts.tls.first, "\(facts.problems.map(\.message))")
        #expect(endpoint.starttls == "smtp" && endpoint.port == front.port)
        #expect(endpoint.protocols == ["TLSv1.2", "TLSv1.3"])
        #expect(endpoint.plaintextLogin == "AUTH PLAIN LOGIN advertised before STARTTLS")
    }

    @Test func cliProbeWithStarttls() throws {
        let (_, backend) = try Self.backend()
        defer { backend.stop() }
        let front = STARTTLSFrontEnd(.smtp, backend: backend.port, behaviour: .init(loginBeforeTLS: true))
        defer { front.stop() }
        let r = try runRampart(["probe", "127.0.0.1:\(front.port)", "--starttls", "smtp", "--sni", "localhost", "--timeout", "2", "--format", "json", "--fail-on", "critical"])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let findings = report?["findings"] as? [[String: Any]] ?? []
        #expect(findings.contains { $0["ruleID"] as? String == "tls/starttls-plaintext-login" }, "\(r.stdout.prefix(600))")
        let bad = try runRampart(["probe", "127.0.0.1:1", "--starttls", "smtps"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--starttls must be one of smtp, imap, pop3, ftp, ldap, xmpp, postgres, mysql, or auto; got 'smtps'"), "\(bad.stderr)")
    }

    @Test func autoPicksTheProtocolFromThePort() {
        #expect(STARTTLSProtocol.guess(port: 587) == .smtp)
        #expect(STARTTLSProtocol.guess(port: 389) == .ldap)
        #expect(STARTTLSProtocol.guess(port: 443) == nil)
        #expect(STARTTLSProtocol(argument: "PostgreSQL") == .postgres)
        #expect(STARTTLSProtocol.forService("postgresql") == .postgres)
    }

    // MARK: Hostile plaintext peers

    enum Hostile: String, CaseIterable, Sendable { case garbage, silence, drip, oversized, closes }

    @Test(arguments: [STARTTLSProtocol.smtp, .imap, .pop3, .ftp, .xmpp, .mysql], Hostile.allCases)
    func hostileGreetingsAreBoundedErrors(_ proto: STARTTLSProtocol, _ how: Hostile) throws {
        let server = ScriptedServer { fd in
            switch how {
            case .garbage: STARTTLSFrontEnd.send(fd, [0x16, 0x03, 0x01, 0xFF, 0xFF, 0x00, 0x0A, 0x0D])
            case .silence: ScriptedServer.waitForClose(fd, seconds: 4)
            case .drip:
                for byte in Array("220-".utf8) + [UInt8](repeating: 0x41, count: 40) {
                    STARTTLSFrontEnd.send(fd, [byte])
                    usleep(100_000)
                }
            case .oversized: STARTTLSFrontEnd.send(fd, [0xFF, 0xFF, 0xFF, 0x00] + [UInt8](repeating: 0x41, count: 20_000))
            case .closes: break
            }
        }
        defer { server.stop() }
        var o = TLSTestSupport.options(timeout: 1)
        o.starttls = proto
        let start = Date()
        let facts = TLSTestSupport.probe(server.port, o)
        #expect(Date().timeIntervalSince(start) < 6)
        #expect(facts.tls.isEmpty)
        let message = try #require(facts.problems.first?.message)
        #expect(message.hasPrefix("127.0.0.1:\(server.port): "), "\(message)")
        #expect(message.contains("STARTTLS \(proto.rawValue)") || message.contains("timed out") || message.contains("closed"), "\(message)")
    }

    @Test func ldapAndPostgresRepliesAreCheckedNotTrusted() throws {
        // LDAP: absurd outer lengths, truncated, wrong operation, missing result code.
        let cases: [([UInt8], String)] = [
            ([0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF], "not an LDAP message"),
            ([0x30, 0x0C, 0x02, 0x01, 0x01, 0x78, 0x07, 0x0A], "incomplete reply"),
            ([0x30, 0x05, 0x02, 0x01, 0x01, 0x65, 0x00], "operation 0x65"),
            ([0x30, 0x05, 0x02, 0x01, 0x01, 0x78, 0x00], "without a result code"),
            ([0x30, 0x05, 0x02, 0x7F, 0x01, 0x78, 0x00], "without an operation"),
        ]
        for (reply, expected) in cases {
            let server = ScriptedServer { fd in
                _ = STARTTLSFrontEnd.readExactly(fd, 31)
                STARTTLSFrontEnd.send(fd, reply)
                ScriptedServer.waitForClose(fd, seconds: 3)
            }
            defer { server.stop() }
            var o = TLSTestSupport.options(timeout: 1)
            o.starttls = .ldap
            let facts = TLSTestSupport.probe(server.port, o)
            let message = facts.problems.first?.message ?? ""
            #expect(message.contains("STARTTLS ldap: unexpected reply") && message.contains(expected), "\(message)")
        }
        if case .failure(let problem) = MySQLGreeting.parse([0x05, 0, 0, 0, 0x0A, 0x41, 0x41, 0x41, 0x41]) {
            #expect(problem.description == "greeting too short for its capability flags")
        } else {
            Issue.record("a five-byte greeting parsed")
        }
        let greeting = try MySQLGreeting.parse(STARTTLSFrontEnd.mysqlGreeting(ssl: true)).get()
        #expect(greeting.capabilities & MySQLGreeting.clientSSL != 0 && greeting.version == "8.0.36-test")
    }

    /// The `starttls` fuzz seeds (testdata/fuzz/starttls/) through the preamble the fuzz target runs, with
    /// the outcome a user would see.
    @Test(arguments: [
        ("smtp-auth", "ok: AUTH PLAIN advertised before STARTTLS"),
        ("imap", "ok: -"),
        ("pop3", "ok: USER/PASS advertised before STLS"),
        ("ldap-ok", "ok: -"),
        ("ldap-absurd", "STARTTLS ldap: unexpected reply: not an LDAP message: 30 84 FF FF FF FF"),
        ("xmpp", "ok: SASL PLAIN offered and STARTTLS not required"),
        ("postgres", "ok: -"),
        ("mysql-absurd", "STARTTLS mysql: unexpected reply: incomplete reply (5 bytes): FF FF FF 00 0A"),
    ])
    func fuzzSeedsGiveTheExpectedOutcome(_ name: String, _ expected: String) throws {
        let input = try FuzzRegressionTests.seed("starttls", name)
        let proto = STARTTLSProtocol.allCases[Int(input[0]) % STARTTLSProtocol.allCases.count]
        let stream = ScriptedPeer.Stream(peer: ScriptedPeer(Array(input.dropFirst())))
        switch STARTTLSPreamble.run(proto, on: stream, host: "fuzz.invalid", wait: 0.1) {
        case .success(let seen): #expect("ok: \(seen.plaintextLogin ?? "-")" == expected)
        case .failure(let e): #expect(e.description == expected)
        }
    }
}
