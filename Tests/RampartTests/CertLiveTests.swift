import Foundation
import Testing
import RampartAudit
import RampartCore
import RampartProbe

/// Real handshakes through OpenSSL against `openssl s_server` with a PKI made at test time.
@Suite struct CertLiveTests {
    /// One PKI for the suite: key generation is the slow part.
    static let shared: Result<TestPKI, any Error> = Result {
        let pki = try TestPKI()
        try pki.leaf("good")
        try pki.leaf("expired", expired: true)
        try pki.leaf("self", signer: .selfSigned)
        try pki.leaf("wronghost", host: "other.example")
        try pki.leaf("weak", key: .rsa(1024))
        try pki.leaf("sha1", digest: "sha1")
        try pki.leaf("ecdsa", key: .ec)
        try pki.write("misordered.pem", try String(contentsOfFile: pki.path("root.pem"), encoding: .utf8) + String(contentsOfFile: pki.path("int.pem"), encoding: .utf8))
        return pki
    }

    struct Outcome {
        var facts: FactSet
        var endpoint: TLSEndpointFacts
        var certificate: CertificateFacts
        var ids: Set<String>
        var findings: [Finding]
    }

    /// Serves `leaf` (with `chain`), probes it with the test root as trust anchor, and judges the result.
    static func serve(_ leaf: String, chain: String? = "int.pem", extra: [String] = []) throws -> Outcome {
        let pki = try shared.get()
        var args = ["-cert", "\(leaf).pem", "-key", "\(leaf).key", "-www"] + extra
        if let chain { args += ["-cert_chain", chain] }
        let server = try OpenSSLServer(args, in: pki)
        defer { server.stop() }
        var options = TLSTestSupport.options(timeout: 2, sni: "localhost", caFile: pki.path("root.pem"))
        options.versions = [.tls12, .tls13]
        let facts = TLSTestSupport.probe(server.port, options)
        guard let endpoint = facts.tls.first else {
            throw TLSTestSupport.CommandError(description: "no endpoint facts: \(facts.problems.map(\.message))")
        }
        guard let certificate = endpoint.certificate else {
            throw TLSTestSupport.CommandError(description: "no certificate facts: \(endpoint.errors)")
        }
        let findings = try TLSTestSupport.findings(facts, today: TLSTestSupport.today())
        return Outcome(facts: facts, endpoint: endpoint, certificate: certificate, ids: Set(findings.map(\.ruleID)), findings: findings)
    }

    static let certRules: Set<String> = ["cert/expired", "cert/expiring-soon", "cert/not-yet-valid", "cert/untrusted", "cert/hostname-mismatch",
                                          "cert/self-signed", "cert/weak-key", "cert/sha1-signature", "cert/incomplete-chain", "cert/chain-order"]

    @Test func goodChainIsTrustedAndClean() throws {
        let o = try Self.serve("good")
        let c = o.certificate
        #expect(c.trusted, "\(c.verifyError ?? "")")
        #expect(c.hostnameMatches && c.chainInOrder && !c.incompleteChain)
        #expect(c.chain.count == 2)
        let leaf = try #require(c.leaf)
        #expect(leaf.subject == "CN=localhost" && leaf.issuer == "CN=Rampart Test Intermediate")
        #expect(leaf.keyType == "RSA" && leaf.keyBits == 2048)
        #expect(leaf.signatureAlgorithm == "sha256WithRSAEncryption")
        #expect(leaf.subjectAltNames == ["DNS:localhost"])
        #expect(!leaf.selfSigned && leaf.sha256.count == 64)
        #expect(c.negotiatedProtocol == "TLSv1.3")
        #expect(o.ids.isDisjoint(with: Self.certRules), "\(o.ids.sorted())")
        #expect(o.ids.contains("cert/no-ocsp-stapling"))
        let grade = try #require(o.findings.first { $0.ruleID == "tls/grade" })
        #expect(grade.evidence == "grade=A", "\(grade.message)")
    }

    @Test func expiredCertificate() throws {
        let o = try Self.serve("expired")
        #expect(o.certificate.leaf?.notAfter == "2021-01-01T00:00:00Z")
        #expect(o.ids.contains("cert/expired"))
        #expect(!o.ids.contains("cert/untrusted"), "expiry has its own rule")
        #expect(o.findings.first { $0.ruleID == "tls/grade" }?.evidence == "grade=F")
    }

    @Test func selfSignedCertificate() throws {
        let o = try Self.serve("self", chain: nil)
        #expect(o.certificate.leaf?.selfSigned == true)
        #expect(!o.certificate.trusted)
        #expect(o.ids.contains("cert/self-signed"))
        #expect(!o.ids.contains("cert/untrusted") && !o.ids.contains("cert/incomplete-chain"))
    }

    @Test func wrongHostName() throws {
        let o = try Self.serve("wronghost")
        #expect(o.certificate.trusted)
        #expect(!o.certificate.hostnameMatches)
        let f = try #require(o.findings.first { $0.ruleID == "cert/hostname-mismatch" })
        #expect(f.message.contains("'localhost'") && f.evidence?.contains("DNS:other.example") == true)
    }

    @Test func weakKey() throws {
        let o = try Self.serve("weak", extra: ["-cipher", "DEFAULT:@SECLEVEL=0"])
        #expect(o.certificate.leaf?.keyBits == 1024)
        let f = try #require(o.findings.first { $0.ruleID == "cert/weak-key" })
        #expect(f.message.contains("1024-bit RSA"))
    }

    @Test func sha1Signature() throws {
        let o = try Self.serve("sha1", extra: ["-cipher", "DEFAULT:@SECLEVEL=0"])
        #expect(o.certificate.leaf?.signatureAlgorithm == "sha1WithRSAEncryption")
        #expect(o.ids.contains("cert/sha1-signature"))
    }

    @Test func missingIntermediate() throws {
        let o = try Self.serve("good", chain: nil)
        #expect(o.certificate.chain.count == 1)
        #expect(o.certificate.incompleteChain && !o.certificate.trusted)
        #expect(o.ids.contains("cert/incomplete-chain"))
        #expect(!o.ids.contains("cert/untrusted"))
    }

    @Test func misorderedChain() throws {
        let o = try Self.serve("good", chain: "misordered.pem")
        #expect(o.certificate.chain.map(\.subject) == ["CN=localhost", "CN=Rampart Test Root", "CN=Rampart Test Intermediate"])
        #expect(!o.certificate.chainInOrder)
        #expect(o.ids.contains("cert/chain-order"))
    }

    @Test func ecdsaCertificate() throws {
        let o = try Self.serve("ecdsa")
        #expect(o.certificate.leaf?.keyType == "EC" && o.certificate.leaf?.keyBits == 256)
        #expect(o.certificate.leaf?.signatureAlgorithm == "sha256WithRSAEncryption", "signed by the RSA intermediate")
        let suites = o.endpoint.suites["TLSv1.2"] ?? []
        #expect(!suites.isEmpty && suites.allSatisfy { !$0.contains("_RSA_") }, "\(suites)")
        #expect(suites.contains("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"))
        #expect(o.ids.isDisjoint(with: Self.certRules), "\(o.ids.sorted())")
    }

    @Test func systemStoreDoesNotTrustTheTestRoot() throws {
        let pki = try Self.shared.get()
        let server = try OpenSSLServer(["-cert", "good.pem", "-key", "good.key", "-cert_chain", "int.pem", "-www"], in: pki)
        defer { server.stop() }
        var options = TLSTestSupport.options(timeout: 2, sni: "localhost")
        options.versions = [.tls13]
        let facts = TLSTestSupport.probe(server.port, options)
        let c = try #require(facts.tls.first?.certificate)
        #expect(!c.trusted && !c.incompleteChain)
        #expect(Set(try TLSTestSupport.findings(facts).map(\.ruleID)).contains("cert/untrusted"))
    }
}
