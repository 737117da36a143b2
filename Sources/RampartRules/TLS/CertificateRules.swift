import RampartCore

/// Shared shape: rules about the served certificate.
protocol CertificateRule: TLSEndpointRule {
    func check(_ certificate: CertificateFacts, of endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding]
}

extension CertificateRule {
    public func check(_ endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding] {
        guard let certificate = endpoint.certificate else { return [] }
        return check(certificate, of: endpoint, context)
    }
}

private let leafGood = #""subject": "CN=portal.city.example", "notBefore": "2025-06-01T00:00:00Z", "notAfter": "2026-06-01T00:00:00Z", "keyType": "EC", "keyBits": 256, "signatureAlgorithm": "ecdsa-with-SHA256""#

struct CertExpired: CertificateRule {
    static let description = RuleDescription(
        id: "cert/expired", title: "Certificate expired", severity: .critical,
        rationale: "Clients refuse an expired certificate, or users learn to click through warnings — which trains them to accept an attacker's certificate.",
        remediation: "Renew the certificate and automate renewal (ACME).",
        references: [.rfc(5280, section: "4.1.2.5"), .nist80052("3.5.1")],
        triggering: [TLSExample.endpoint(TLSExample.certificate(#""subject": "CN=portal.city.example", "notBefore": "2024-01-01T00:00:00Z", "notAfter": "2025-01-01T00:00:00Z""#), today: "2026-01-01")],
        nonTriggering: [TLSExample.endpoint(TLSExample.certificate(leafGood), today: "2026-01-01")])

    func check(_ c: CertificateFacts, of endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding] {
        guard let leaf = c.leaf, let end = CivilDate.days(leaf.notAfter), let today = CivilDate.days(context.today), end < today else { return [] }
        return [context.finding(endpoint, "the certificate expired on \(leaf.notAfter.prefix(10)), \(today - end) days ago",
                                evidence: "\(leaf.subject) notAfter \(leaf.notAfter)")]
    }
}

struct CertExpiringSoon: CertificateRule {
    static let description = RuleDescription(
        id: "cert/expiring-soon", title: "Certificate expires soon", severity: .medium,
        rationale: "A certificate close to expiry will break the service unless renewal happens in time; renewal usually fails silently.",
        remediation: "Renew now and automate renewal; alert well before expiry.",
        references: [.rfc(5280, section: "4.1.2.5"), .nist80053("SC-17")],
        triggering: [TLSExample.endpoint(TLSExample.certificate(#""subject": "CN=portal.city.example", "notBefore": "2025-10-01T00:00:00Z", "notAfter": "2026-01-15T00:00:00Z""#), today: "2026-01-01")],
        nonTriggering: [TLSExample.endpoint(TLSExample.certificate(leafGood), today: "2026-01-01"),
                        TLSExample.endpoint(TLSExample.certificate(#""notAfter": "2026-01-15T00:00:00Z""#), parameters: #""certExpiryWarningDays": 7"#, today: "2026-01-01")],
        parameters: ["certExpiryWarningDays": "30"])

    func check(_ c: CertificateFacts, of endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding] {
        let warn = context.parameters.int("certExpiryWarningDays", default: 30)
        guard let leaf = c.leaf, let end = CivilDate.days(leaf.notAfter), let today = CivilDate.days(context.today),
              end >= today, end - today <= warn else { return [] }
        return [context.finding(endpoint, "the certificate expires on \(leaf.notAfter.prefix(10)), in \(end - today) days (warning threshold \(warn) days)",
                                evidence: "\(leaf.subject) notAfter \(leaf.notAfter)")]
    }
}

struct CertNotYetValid: CertificateRule {
    static let description = RuleDescription(
        id: "cert/not-yet-valid", title: "Certificate not yet valid", severity: .high,
        rationale: "A certificate whose notBefore lies in the future is refused by clients; it usually means a wrong clock or a premature deployment.",
        remediation: "Deploy a currently valid certificate and check the issuing system's clock.",
        references: [.rfc(5280, section: "4.1.2.5")],
        triggering: [TLSExample.endpoint(TLSExample.certificate(#""notBefore": "2026-03-01T00:00:00Z", "notAfter": "2027-03-01T00:00:00Z""#), today: "2026-01-01")],
        nonTriggering: [TLSExample.endpoint(TLSExample.certificate(leafGood), today: "2026-01-01")])

    func check(_ c: CertificateFacts, of endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding] {
        guard let leaf = c.leaf, let start = CivilDate.days(leaf.notBefore), let today = CivilDate.days(context.today), start > today else { return [] }
        return [context.finding(endpoint, "the certificate is valid only from \(leaf.notBefore.prefix(10))", evidence: "\(leaf.subject) notBefore \(leaf.notBefore)")]
    }
}

struct CertUntrusted: CertificateRule {
    static let description = RuleDescription(
        id: "cert/untrusted", title: "Certificate chain not trusted", severity: .high,
        rationale: "A chain that does not verify to a trusted root cannot be told apart from an attacker's; clients either fail or are trained to ignore warnings.",
        remediation: "Serve a certificate from a CA in the clients' trust store (or the policy's CA bundle), with the full intermediate chain.",
        references: [.rfc(5280, section: "6"), .nist80052("3.5")],
        triggering: [TLSExample.endpoint(TLSExample.certificate(leafGood + #", "issuer": "CN=Unknown CA""#, #""trusted": false, "verifyCode": 19, "verifyError": "self-signed certificate in certificate chain""#))],
        nonTriggering: [TLSExample.endpoint(TLSExample.goodCertificate)])

    /// Expiry, self-signed leaves and missing intermediates have their own rules; this one covers the rest.
    func check(_ c: CertificateFacts, of endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding] {
        guard !c.trusted, !c.incompleteChain, c.leaf?.selfSigned != true, ![9, 10].contains(c.verifyCode) else { return [] }
        return [context.finding(endpoint, "the chain does not verify: \(c.verifyError ?? "unknown error")",
                                evidence: "verify error \(c.verifyCode) for \(c.leaf?.subject ?? "no certificate") issued by \(c.leaf?.issuer ?? "?")")]
    }
}

struct CertHostnameMismatch: CertificateRule {
    static let description = RuleDescription(
        id: "cert/hostname-mismatch", title: "Certificate does not match the host name", severity: .high,
        rationale: "Clients check the name they connected to against the certificate's subjectAltName; a mismatch fails the connection or teaches users to ignore warnings.",
        remediation: "Serve a certificate whose subjectAltName covers every name the service is reached by.",
        references: [.rfc(9525), .rfc(5280, section: "4.2.1.6")],
        triggering: [TLSExample.endpoint(TLSExample.certificate(#""subject": "CN=other.city.example", "subjectAltNames": ["DNS:other.city.example"]"#, #""hostnameMatches": false, "checkedName": "portal.city.example""#))],
        nonTriggering: [TLSExample.endpoint(TLSExample.goodCertificate)])

    func check(_ c: CertificateFacts, of endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding] {
        guard !c.hostnameMatches, let leaf = c.leaf else { return [] }
        return [context.finding(endpoint, "the certificate does not cover '\(c.checkedName ?? endpoint.host)'",
                                evidence: "subject \(leaf.subject); SANs: \(leaf.subjectAltNames.prefix(10).joined(separator: ", "))")]
    }
}

struct CertSelfSigned: CertificateRule {
    static let description = RuleDescription(
        id: "cert/self-signed", title: "Self-signed certificate", severity: .high,
        rationale: "A self-signed leaf proves nothing to clients that do not pin it; users learn to click through the warning.",
        remediation: "Use a certificate issued by the city's CA or a public CA.",
        references: [.rfc(5280, section: "6.1"), .nist80052("3.5")],
        triggering: [TLSExample.endpoint(TLSExample.certificate(#""subject": "CN=portal.city.example", "issuer": "CN=portal.city.example", "selfSigned": true"#, #""trusted": false, "verifyCode": 18"#))],
        nonTriggering: [TLSExample.endpoint(TLSExample.goodCertificate),
                        TLSExample.endpoint(TLSExample.certificate(#""selfSigned": true"#, #""trusted": true"#))])

    func check(_ c: CertificateFacts, of endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding] {
        // A self-signed leaf that verifies is pinned in the given CA file: accepted by choice.
        guard let leaf = c.leaf, leaf.selfSigned, !c.trusted else { return [] }
        return [context.finding(endpoint, "the server's certificate is self-signed", evidence: "subject = issuer = \(leaf.subject)")]
    }
}

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

struct CertIncompleteChain: CertificateRule {
    static let description = RuleDescription(
        id: "cert/incomplete-chain", title: "Incomplete certificate chain", severity: .medium,
        rationale: "Without the intermediate certificates, clients that do not fetch or cache them (most non-browser clients) fail to verify the server.",
        remediation: "Serve the leaf followed by every intermediate up to (not including) the root.",
        references: [.rfc(8446, section: "4.4.2"), .rfc(5246, section: "7.4.2")],
        triggering: [TLSExample.endpoint(TLSExample.certificate(leafGood, #""trusted": false, "incompleteChain": true, "verifyCode": 20, "verifyError": "unable to get local issuer certificate""#))],
        nonTriggering: [TLSExample.endpoint(TLSExample.goodCertificate)])

    func check(_ c: CertificateFacts, of endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding] {
        guard c.incompleteChain, let leaf = c.leaf else { return [] }
        return [context.finding(endpoint, "the server sent \(c.chain.count) certificate\(c.chain.count == 1 ? "" : "s"); the issuer of '\(leaf.subject)' is missing",
                                evidence: "issuer not served: \(leaf.issuer)")]
    }
}

struct CertChainOrder: CertificateRule {
    static let description = RuleDescription(
        id: "cert/chain-order", title: "Certificate chain out of order", severity: .low,
        rationale: "TLS 1.2 requires each certificate to be followed by its issuer; strict clients fail on a misordered or padded chain.",
        remediation: "Serve the leaf first, then each issuer in turn; remove unrelated certificates.",
        references: [.rfc(5246, section: "7.4.2"), .rfc(8446, section: "4.4.2")],
        triggering: [TLSExample.endpoint(TLSExample.certificate(leafGood, #""chainInOrder": false"#))],
        nonTriggering: [TLSExample.endpoint(TLSExample.goodCertificate)])

    func check(_ c: CertificateFacts, of endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding] {
        guard !c.chainInOrder else { return [] }
        return [context.finding(endpoint, "a certificate in the served chain is not followed by its issuer",
                                evidence: c.chain.map(\.subject).joined(separator: " → "))]
    }
}

struct CertNoOCSPStapling: CertificateRule {
    static let description = RuleDescription(
        id: "cert/no-ocsp-stapling", title: "No OCSP stapling", severity: .info,
        rationale: "Without a stapled OCSP response, clients query the CA (leaking which sites users visit) or skip revocation checks.",
        remediation: "Enable OCSP stapling (nginx `ssl_stapling on;`).",
        references: [.rfc(6066, section: "8"), .rfc(6960)],
        triggering: [TLSExample.endpoint(TLSExample.certificate(leafGood, #""trusted": true, "ocspStapled": false"#))],
        nonTriggering: [TLSExample.endpoint(TLSExample.goodCertificate)])

    func check(_ c: CertificateFacts, of endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding] {
        // Only meaningful for publicly trusted chains; a private CA rarely runs a responder.
        guard !c.ocspStapled, c.trusted else { return [] }
        return [context.finding(endpoint, "the server did not staple an OCSP response", evidence: "status_request sent; no CertificateStatus")]
    }
}
