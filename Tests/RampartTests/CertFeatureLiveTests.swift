import Foundation
import Testing
import RampartAudit
import RampartCore
import RampartProbe

/// OCSP must-staple and certificate transparency against `openssl s_server`, with certificates made at
/// test time: one carries the TLS feature extension and an SCT list, one carries neither.
@Suite struct CertFeatureLiveTests {
    static let shared: Result<TestPKI, any Error> = Result {
        let pki = try TestPKI()
        try pki.leaf("plain")
        // One syntactically valid SCT (RFC 6962 3.2): v1, log id, timestamp, no extensions, ECDSA/SHA-256
        // signature bytes. Nothing verifies it; the probe records where SCTs came from.
        let sct: [UInt8] = [0] + [UInt8](repeating: 0x11, count: 32) + [UInt8](repeating: 0, count: 8) + [0, 0, 4, 3, 0, 8] + [UInt8](repeating: 0x30, count: 8)
        let entry = [UInt8(sct.count >> 8), UInt8(sct.count & 0xFF)] + sct
        let list = [UInt8(entry.count >> 8), UInt8(entry.count & 0xFF)] + entry
        let der = [0x04, UInt8(list.count)] + list
        let hex = der.map { String(format: "%02X", $0) }.joined(separator: ":")
        try pki.openssl(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "staple.key", "-out", "staple.csr", "-subj", "/CN=localhost"])
        try pki.write("staple.ext", "subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\ntlsfeature=status_request\n1.3.6.1.4.1.11129.2.4.2=DER:\(hex)\n")
        try pki.openssl(["x509", "-req", "-in", "staple.csr", "-CA", "int.pem", "-CAkey", "int.key", "-CAcreateserial", "-days", "365",
                         "-sha256", "-extfile", "staple.ext", "-out", "staple.pem"])
        // A signed OCSP response for the leaf (status unknown: the test CA keeps no index), to staple.
        try pki.openssl(["ocsp", "-issuer", "int.pem", "-cert", "staple.pem", "-reqout", "staple-req.der", "-no_nonce"])
        try pki.write("ocsp-index.txt", "")
        try pki.openssl(["ocsp", "-index", "ocsp-index.txt", "-rsigner", "int.pem", "-rkey", "int.key", "-CA", "int.pem",
                         "-reqin", "staple-req.der", "-respout", "staple-ocsp.der", "-ndays", "1"])
        return pki
    }

    static func serve(_ leaf: String, extra: [String] = [], policy: String = "default") throws -> (CertificateFacts, [Finding]) {
        let pki = try shared.get()
        let server = try OpenSSLServer(["-cert", "\(leaf).pem", "-key", "\(leaf).key", "-cert_chain", "int.pem", "-www"] + extra, in: pki)
        defer { server.stop() }
        var options = TLSTestSupport.options(timeout: 2, sni: "localhost", caFile: pki.path("root.pem"))
        options.versions = [.tls12, .tls13]
        let facts = TLSTestSupport.probe(server.port, options)
        let certificate = try #require(facts.tls.first?.certificate, "problems: \(facts.problems.map(\.message))")
        return (certificate, try TLSTestSupport.findings(facts, policy: policy, today: TLSTestSupport.today()))
    }

    @Test func mustStapleWithoutStapleIsReported() throws {
        let (c, findings) = try Self.serve("staple")
        #expect(c.mustStaple == true)
        #expect(!c.ocspStapled)
        #expect(c.scts == ["certificate"])
        let f = try #require(findings.first { $0.ruleID == "cert/must-staple-not-honoured" }, "\(findings.map(\.ruleID))")
        #expect(f.severity == .high)
        #expect(f.message == "the certificate requires OCSP stapling (TLS feature status_request) but the server sent no OCSP response")
    }

    @Test func mustStapleHonouredWhenTheServerStaples() throws {
        let (c, findings) = try Self.serve("staple", extra: ["-status_file", "staple-ocsp.der"])
        #expect(c.mustStaple == true)
        #expect(c.ocspStapled)
        #expect(!findings.contains { $0.ruleID == "cert/must-staple-not-honoured" })
    }

    @Test func plainCertificateHasNoMustStapleAndNoSCT() throws {
        let (c, findings) = try Self.serve("plain", policy: "strict")
        #expect(c.mustStaple == false)
        #expect(c.scts == [])
        #expect(!findings.contains { $0.ruleID == "cert/must-staple-not-honoured" })
        let f = try #require(findings.first { $0.ruleID == "cert/no-sct" }, "\(findings.map(\.ruleID))")
        #expect(f.message.hasPrefix("the server presented no Signed Certificate Timestamp"))
    }
}
