import RampartCore

struct CertWeakKey: CertificateRule {
    static let description = RuleDescription(
        id: "cert/weak-key", title: "Weak certificate key", severity: .high,
        rationale: "RSA and DSA keys under 2048 bits and EC keys under 256 bits are below NIST's 112-bit security floor.",
        remediation: "Reissue the certificate with RSA 2048+ (3072 recommended) or ECDSA P-256+.",
        references: [Reference("NIST SP 800-57 Part 1 Rev. 5", section: "5.6.1"), .nist80052("3.5.1")],
        triggering: [TLSExample.endpoint(TLSExample.certificate(#""subject": "CN=portal.city.example", "keyType": "RSA", "keyBits": 1024"#))],
        nonTriggering: [TLSExample.endpoint(TLSExample.certificate(#""keyType": "RSA", "keyBits": 2048"#)),
                        TLSExample.endpoint(TLSExample.goodCertificate)],
        parameters: ["minRSABits": "2048", "minECBits": "256"])

    func check(_ c: CertificateFacts, of endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding] {
        let minRSA = context.parameters.int("minRSABits", default: 2048)
        let minEC = context.parameters.int("minECBits", default: 256)
        // Leaf and intermediates; a root's key is trusted by configuration, not by its size on the wire.
        return c.chain.enumerated().compactMap { i, cert in
            guard !(i > 0 && cert.selfSigned) else { return nil }
            let minimum: Int
            switch cert.keyType {
            case "RSA", "DSA": minimum = minRSA
            case "EC": minimum = minEC
            default: return nil
            }
            guard cert.keyBits > 0, cert.keyBits < minimum else { return nil }
            return context.finding(endpoint, "\(i == 0 ? "the certificate" : "chain certificate \(i)") has a \(cert.keyBits)-bit \(cert.keyType) key; at least \(minimum) bits required",
                                   evidence: "\(cert.subject): \(cert.keyType) \(cert.keyBits) bits", discriminator: String(i))
        }
    }
}

struct CertSHA1Signature: CertificateRule {
    static let description = RuleDescription(
        id: "cert/sha1-signature", title: "Certificate signed with SHA-1 or MD5", severity: .medium,
        rationale: "SHA-1 collisions are practical (SHAttered, 2017), so a SHA-1 signature no longer binds a certificate; browsers reject them.",
        remediation: "Reissue the certificate (and any intermediate) with a SHA-256 or stronger signature.",
        references: [Reference("CA/Browser Forum Baseline Requirements", section: "7.1.3.2"), .nist80052("3.5.1")],
        triggering: [TLSExample.endpoint(TLSExample.certificate(#""subject": "CN=portal.city.example", "signatureAlgorithm": "sha1WithRSAEncryption""#))],
        nonTriggering: [TLSExample.endpoint(TLSExample.goodCertificate)])

    func check(_ c: CertificateFacts, of endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding] {
        c.chain.enumerated().compactMap { i, cert in
            let alg = cert.signatureAlgorithm.lowercased()
            // Root signatures are not relied on (the root is trusted directly).
            guard !(i > 0 && cert.selfSigned), alg.contains("sha1") || alg.contains("md5") || alg.contains("md2") else { return nil }
            return context.finding(endpoint, "\(i == 0 ? "the certificate" : "chain certificate \(i)") is signed with \(cert.signatureAlgorithm)",
                                   evidence: "\(cert.subject): \(cert.signatureAlgorithm)", discriminator: String(i))
        }
    }
}
