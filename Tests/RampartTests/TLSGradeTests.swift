import Testing
import RampartCore
@testable import RampartRules

/// The grade's documented caps, each on its own.
@Suite struct TLSGradeTests {
    static func clean() -> TLSEndpointFacts {
        var e = TLSEndpointFacts(host: "portal.city.example", ip: "203.0.113.10", port: 443, sni: "portal.city.example")
        e.protocols = ["TLSv1.2", "TLSv1.3"]
        e.suites = ["TLSv1.2": ["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"], "TLSv1.3": ["TLS_AES_128_GCM_SHA256"]]
        e.weaknesses = TLSWeaknessFacts(secureRenegotiation: true, compression: false, fallbackSCSV: true, heartbeat: false)
        var cert = CertificateFacts()
        cert.trusted = true
        var leaf = CertificateInfo()
        leaf.subject = "CN=portal.city.example"
        leaf.notBefore = "2026-01-01T00:00:00Z"
        leaf.notAfter = "2027-01-01T00:00:00Z"
        leaf.keyType = "EC"
        leaf.keyBits = 256
        leaf.signatureAlgorithm = "ecdsa-with-SHA256"
        cert.chain = [leaf]
        e.certificate = cert
        var http = HTTPFacts()
        http.status = 200
        http.headers = [HTTPHeaderField(name: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains")]
        e.http = http
        return e
    }

    static func grade(_ change: (inout TLSEndpointFacts) -> Void) -> String {
        var e = clean()
        change(&e)
        return TLSGrader.grade(e, today: "2026-06-01").grade
    }

    @Test func cleanEndpointWithLongHSTSGetsAPlus() {
        #expect(Self.grade { _ in } == "A+")
        #expect(Self.grade { $0.http = nil } == "A")
    }

    @Test func capsApply() {
        #expect(Self.grade { $0.protocols.insert("TLSv1.0", at: 0) } == "B")
        #expect(Self.grade { $0.dhBits = 1024 } == "B")
        #expect(Self.grade { $0.weaknesses.fallbackSCSV = false } == "A-")
        #expect(Self.grade { $0.protocols.insert("SSLv3", at: 0) } == "C")
        #expect(Self.grade { $0.suites["TLSv1.2"]?.append("TLS_RSA_WITH_RC4_128_SHA") } == "C")
        #expect(Self.grade { $0.weaknesses.compression = true } == "C")
        #expect(Self.grade { $0.protocols.insert("SSLv2", at: 0) } == "F")
        #expect(Self.grade { $0.suites["TLSv1.2"]?.append("TLS_RSA_EXPORT_WITH_RC4_40_MD5") } == "F")
        #expect(Self.grade { $0.certificate?.trusted = false } == "F")
        #expect(Self.grade { $0.certificate?.chain[0].notAfter = "2026-05-01T00:00:00Z" } == "F")
        #expect(Self.grade { $0.certificate = nil } == "F")
        #expect(Self.grade { $0.weaknesses.heartbleed = true } == "F")
    }

    @Test func worstCapWinsAndEveryReasonIsListed() {
        var e = Self.clean()
        e.protocols.insert("TLSv1.0", at: 0)
        e.protocols.insert("SSLv3", at: 0)
        let (grade, reasons) = TLSGrader.grade(e, today: "2026-06-01")
        #expect(grade == "C")
        #expect(reasons.first == "SSLv3 accepted")
        #expect(reasons.contains("TLS 1.0/1.1 accepted (cap B)"))
    }
}
