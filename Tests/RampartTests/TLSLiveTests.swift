import Foundation
import Testing
import RampartAudit
import RampartCore
import RampartProbe

/// Protocol, suite, order, group and DH enumeration against real `openssl s_server` configurations.
@Suite struct TLSLiveTests {
    static func serve(_ args: [String], options: TLSProbeOptions = TLSTestSupport.options(timeout: 2)) throws -> (FactSet, TLSEndpointFacts, Set<String>) {
        let pki = try CertLiveTests.shared.get()
        let server = try OpenSSLServer(["-cert", "good.pem", "-key", "good.key", "-cert_chain", "int.pem", "-www"] + args, in: pki)
        defer { server.stop() }
        var o = options
        o.caFile = pki.path("root.pem")
        let facts = TLSTestSupport.probe(server.port, o)
        guard let e = facts.tls.first else { throw TLSTestSupport.CommandError(description: "no facts: \(facts.problems.map(\.message))") }
        return (facts, e, Set(try TLSTestSupport.findings(facts, today: TLSTestSupport.today()).map(\.ruleID)))
    }

    @Test func tls12OnlyWithServerOrder() throws {
        let order = ["ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-RSA-CHACHA20-POLY1305", "ECDHE-RSA-AES128-GCM-SHA256", "AES128-SHA"]
        let (_, e, ids) = try Self.serve(["-no_tls1_3", "-serverpref", "-cipher", order.joined(separator: ":"), "-groups", "P-384:X25519"])
        #expect(e.protocols == ["TLSv1.2"])
        #expect(e.suites["TLSv1.2"] == ["TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
                                        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA"])
        #expect(e.serverEnforcesOrder["TLSv1.2"] == true)
        #expect(Set(e.groups) == ["secp384r1", "x25519"], "\(e.groups)")
        #expect(e.weaknesses.secureRenegotiation == true && e.weaknesses.compression == false)
        #expect(ids.contains("tls/no-tls13"))
        #expect(!ids.contains("tls/no-forward-secrecy"))
        // Elimination, not one handshake per suite: 4 accepted out of 350.
        #expect(e.handshakes < 40, "\(e.handshakes) handshakes")
    }

    @Test func tls13OnlyWithGroups() throws {
        let (_, e, ids) = try Self.serve(["-tls1_3", "-ciphersuites", "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256", "-groups", "P-256:X25519"])
        #expect(e.protocols == ["TLSv1.3"])
        #expect(Set(e.suites["TLSv1.3"] ?? []) == ["TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"])
        #expect(Set(e.groups) == ["secp256r1", "x25519"], "\(e.groups)")
        #expect(e.weaknesses.fallbackSCSV == nil)
        #expect(!ids.contains("tls/no-tls13") && !ids.contains("tls/protocol-tls10"))
    }

    @Test func legacyServerWithTLS10CBCAndWeakDH() throws {
        let pki = try CertLiveTests.shared.get()
        if !FileManager.default.fileExists(atPath: pki.path("dh1024.pem")) {
            try pki.openssl(["dhparam", "-out", "dh1024.pem", "1024"])
        }
        let (facts, e, ids) = try Self.serve(["-no_tls1_3", "-min_protocol", "TLSv1", "-cipher", "DHE-RSA-AES128-SHA:AES128-SHA:AES256-SHA:@SECLEVEL=0",
                                              "-dhparam", "dh1024.pem"])
        #expect(e.protocols == ["TLSv1.0", "TLSv1.1", "TLSv1.2"])
        #expect(Set(e.suites["TLSv1.0"] ?? []) == ["TLS_DHE_RSA_WITH_AES_128_CBC_SHA", "TLS_RSA_WITH_AES_128_CBC_SHA", "TLS_RSA_WITH_AES_256_CBC_SHA"])
        #expect(e.dhBits == 1024)
        #expect(e.weaknesses.fallbackSCSV == true)
        for id in ["tls/protocol-tls10", "tls/protocol-tls11", "tls/cbc-in-tls10", "tls/weak-dh", "tls/no-tls13"] {
            #expect(ids.contains(id), "\(id) missing from \(ids.sorted())")
        }
        let f = try #require(try TLSTestSupport.findings(facts).first { $0.ruleID == "tls/protocol-tls10" })
        #expect(f.evidence?.hasPrefix("TLSv1.0 accepted: TLS_") == true)
        #expect(f.subject.endpoint?.sni == "localhost" && f.subject.endpoint?.ip == "127.0.0.1")
        // Under Mozilla intermediate the same facts also break the policy's version floor.
        let mozilla = Set(try TLSTestSupport.findings(facts, policy: "mozilla-intermediate").map(\.ruleID))
        #expect(mozilla.contains("tls/min-version") && mozilla.contains("tls/suite-not-allowed"))
    }

    @Test func everyResolvedAddressIsProbed() throws {
        let pki = try CertLiveTests.shared.get()
        let server = try OpenSSLServer(["-cert", "good.pem", "-key", "good.key", "-tls1_3", "-www"], in: pki)
        defer { server.stop() }
        guard case .success(let ips) = Resolver.resolve("localhost") else { Issue.record("localhost does not resolve"); return }
        var o = TLSTestSupport.options(timeout: 1, sni: nil)
        o.versions = [.tls13]
        o.http = false
        let facts = TLSAudit.run(targets: [Target(host: "localhost", port: server.port)], options: o)
        // The server listens on 127.0.0.1 only: that address is probed; any other (::1) is an error entry.
        #expect(facts.tls.count + facts.problems.count == ips.count)
        #expect(facts.tls.map(\.ip) == ["127.0.0.1"])
        #expect(facts.tls.first?.sni == "localhost")
    }

    @Test func ipv6LiteralTarget() throws {
        let pki = try CertLiveTests.shared.get()
        let server = try OpenSSLServer(["-cert", "good.pem", "-key", "good.key", "-cert_chain", "int.pem", "-www", "-tls1_3"], in: pki, ipv6: true)
        defer { server.stop() }
        let target = try Target.parse("[::1]:\(server.port)").get()
        var o = TLSTestSupport.options(timeout: 2, sni: "localhost", caFile: pki.path("root.pem"))
        o.versions = [.tls12, .tls13]
        let facts = TLSAudit.run(targets: [target], options: o)
        let e = try #require(facts.tls.first, "\(facts.problems.map(\.message))")
        #expect(e.ip == "::1" && e.protocols == ["TLSv1.3"])
        #expect(e.certificate?.trusted == true)
        #expect(facts.sources == ["[::1]:\(server.port)"])
    }

    @Test func noSNIOption() throws {
        var o = TLSTestSupport.options(timeout: 2, sni: nil)
        o.noSNI = true
        o.versions = [.tls13]
        let (_, e, _) = try Self.serve(["-tls1_3"], options: o)
        #expect(e.sni == nil)
        #expect(e.certificate?.checkedName == "127.0.0.1")
        #expect(e.certificate?.hostnameMatches == false)
    }
}
