import Foundation
import Testing
import RampartCore
@testable import RampartProbe

/// The fuzz seeds (testdata/fuzz/, docs/fuzzing.md) through the entry points the fuzz targets call, with the
/// outcome a user would see; and every input a fuzz target ever crashed on (testdata/fuzz/regressions/), which
/// must now end cleanly.
@Suite struct FuzzRegressionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func seed(_ target: String, _ name: String) throws -> [UInt8] {
        let path = root.appendingPathComponent("testdata/fuzz/\(target)/\(name)").path
        return try #require(FileManager.default.contents(atPath: path).map { [UInt8]($0) }, "missing seed \(path)")
    }

    /// What the `tls-record` target does with its input: control byte, then the flight in two reads.
    static func decode(_ input: [UInt8]) throws -> ServerReply? {
        guard let control = input.first else { return nil }
        let bytes = Array(input.dropFirst())
        var decoder = ServerReplyDecoder(wantKeyExchange: control & 1 != 0)
        let split = min(bytes.count, Int(control >> 1) * 4)
        if let reply = try decoder.feed(Array(bytes[..<split])) { return reply }
        return try decoder.feed(Array(bytes[split...]))
    }

    // MARK: Inputs a fuzz target crashed on

    /// Found by the CI smoke run of `starttls`: a MySQL error packet whose stated length (5) is shorter than
    /// the error header it claims, with more bytes after it; the message slice ran backwards and trapped.
    @Test func starttlsMySQLErrorPacketShorterThanItsHeader() throws {
        let input = try Self.seed("regressions", "starttls-mysql-error-shorter-than-header")
        #expect(input.first == 7)   // the target's protocol byte: MySQL
        guard case .failure(let problem) = MySQLGreeting.parse(Array(input.dropFirst())) else {
            Issue.record("an error packet must not parse as a greeting")
            return
        }
        #expect(problem.description.hasPrefix("greeting is an error packet"))
    }

    // MARK: TLS flights captured from openssl s_server

    @Test(arguments: ["tls13", "tls13-split"])
    func tls13FlightIsAServerHelloForTLS13(_ name: String) throws {
        guard case .hello(let hello, _)? = try Self.decode(Self.seed("tls-record", name)) else {
            Issue.record("no ServerHello"); return
        }
        #expect(hello.version == 0x0304)
        #expect(!hello.isHelloRetryRequest)
        #expect(hello.keyShareGroup != nil)
    }

    @Test func tls12ECDHEFlightNamesItsCurve() throws {
        guard case .hello(let hello, let kex)? = try Self.decode(Self.seed("tls-record", "tls12-ecdhe-split")) else {
            Issue.record("no ServerHello"); return
        }
        #expect(hello.version == 0x0303)
        #expect(hello.suite == 0xC02F)
        #expect(kex?.curve != nil)
    }

    @Test func tls12DHEFlightMeasuresThePrime() throws {
        guard case .hello(let hello, let kex)? = try Self.decode(Self.seed("tls-record", "tls12-dhe")) else {
            Issue.record("no ServerHello"); return
        }
        #expect(hello.suite == 0x009E)
        #expect((kex?.dhPrimeBits ?? 0) >= 2048)
    }

    @Test func helloRetryRequestAsksForP384() throws {
        guard case .hello(let hello, _)? = try Self.decode(Self.seed("tls-record", "hrr")) else {
            Issue.record("no HelloRetryRequest"); return
        }
        #expect(hello.isHelloRetryRequest)
        #expect(hello.keyShareGroup == 0x0018)
    }

    @Test func alertAndSSLv2() throws {
        #expect(try Self.decode(Self.seed("tls-record", "alert")) == .alert(TLSAlert(level: 2, code: 40)))
        guard case .sslv2(let hello)? = try Self.decode(Self.seed("tls-record", "sslv2-split")) else {
            Issue.record("no SSLv2 SERVER-HELLO"); return
        }
        #expect(hello.cipherSpecs == [0x0700C0, 0x010080])
    }

    @Test func plainHTTPOnATLSPortIsNamed() throws {
        #expect(throws: WireError.notTLS("the server answered in plain HTTP ('HTTP/1.1 400 Bad Request'), not TLS")) {
            _ = try Self.decode(Self.seed("tls-record", "plain-http"))
        }
    }

    // MARK: Services, replayed by ScriptedPeer

    /// What the `banner` target does: read a banner as `ServiceIdentifier.identify` does, then identify it.
    static func banner(_ input: [UInt8]) -> PortFact? {
        let context = ScriptedPeer(input).context()
        guard let stream = context.open() else { return nil }
        let banner = (try? stream.read(until: BannerProbes.bannerComplete, limit: 4096, wait: 1).get()) ?? []
        guard !banner.isEmpty, let match = BannerProbes.identify(banner, stream: stream, context: context) else { return nil }
        return ServiceIdentifier.apply(match, to: PortFact(port: 1, state: .open), tls: false)
    }

    @Test(arguments: [
        ("ssh", "ssh", "OpenSSH_9.6p1 Debian-4"), ("smtp", "smtp", "mail.example.gov ESMTP Postfix"),
        ("ftp", "ftp", "(vsFTPd 3.0.5)"), ("pop3", "pop3", "Dovecot ready."), ("imap", "imap", "[CAPABILITY IMAP4rev1 STARTTLS] Dovecot ready."),
        ("vnc", "vnc", nil), ("telnet", "telnet", nil), ("mysql", "mysql", "MySQL"),
    ] as [(String, String, String?)])
    func bannerSeedsAreIdentified(_ name: String, _ service: String, _ product: String?) throws {
        let fact = try #require(Self.banner(Self.seed("banner", name)))
        #expect(fact.service == service)
        #expect(fact.product == product)
    }

    @Test func smtpAndFTPSeedsOfferTLS() throws {
        #expect(try Self.banner(Self.seed("banner", "smtp"))?.tlsUpgrade == true)
        #expect(try Self.banner(Self.seed("banner", "ftp"))?.tlsUpgrade == true)
        let refused = try #require(Self.banner(Self.seed("banner", "mysql-refused")))
        #expect(refused.authentication == .required)
        #expect(refused.evidence == "greeting error 1130: Host '192.0.2.9' is not allowed to connect to this MySQL server")
    }

    /// What the `datastore` target does: the first byte picks the probe.
    static func datastore(_ input: [UInt8]) -> PortFact? {
        guard let control = input.first else { return nil }
        let context = ScriptedPeer(Array(input.dropFirst())).context()
        let probes: [(ServiceProbeContext) -> ServiceMatch?] = [
            DatastoreProbes.redis, DatastoreProbes.memcached, DatastoreProbes.mongodb, DatastoreProbes.postgresql,
            DatastoreProbes.mqtt, TLSHelloDetector.detect,
        ]
        return probes[Int(control) % probes.count](context).map { ServiceIdentifier.apply($0, to: PortFact(port: 1, state: .open), tls: false) }
    }

    @Test(arguments: [
        ("redis-open", "redis", "7.2.4", AuthenticationState.notRequired), ("redis-auth", "redis", nil, .required),
        ("memcached", "memcached", "1.6.29", .notRequired), ("mongodb-open", "mongodb", "7.0.14", .notRequired),
        ("mongodb-auth", "mongodb", "7.0.14", .required), ("mqtt", "mqtt", nil, .required),
    ] as [(String, String, String?, AuthenticationState)])
    func datastoreSeedsAreIdentified(_ name: String, _ service: String, _ version: String?, _ auth: AuthenticationState) throws {
        let fact = try #require(Self.datastore(Self.seed("datastore", name)))
        #expect(fact.service == service)
        #expect(fact.version == version)
        #expect(fact.authentication == auth)
    }

    @Test func postgresAndTLSSeeds() throws {
        #expect(try Self.datastore(Self.seed("datastore", "postgresql"))?.tlsUpgrade == true)
        #expect(try Self.datastore(Self.seed("datastore", "tls"))?.service == "tls")
    }

    @Test(arguments: [
        ("elasticsearch", "elasticsearch"), ("docker", "docker"), ("etcd", "etcd"), ("kubernetes", "kubernetes-api"),
        ("kubelet", "kubelet"), ("basic-auth", "http"), ("chunked", "opensearch"),
    ])
    func httpAPISeedsAreIdentified(_ name: String, _ service: String) throws {
        let match = try #require(HTTPProbes.identify(ScriptedPeer(Self.seed("http-api", name)).context()))
        #expect(match.service == service)
    }

    @Test func scriptedPeerSplitsRepliesAndEndsEveryRead() {
        #expect(ScriptedPeer.split(Array("a~~~~b~~~~".utf8)) == [Array("a".utf8), Array("b".utf8), []])
        #expect(ScriptedPeer.split([]) == [[]])
        // A peer that never completes a reply: the read ends at the reply's end, not at the wait.
        let stream = ScriptedPeer(Array("+PON".utf8)).context().open()
        let start = Date()
        let reply = stream?.exchange(Array("PING\r\n".utf8), until: { $0.last == 0x0A }, limit: 512, wait: 30)
        #expect(reply == Array("+PON".utf8))
        #expect(Date().timeIntervalSince(start) < 5)
    }
}
