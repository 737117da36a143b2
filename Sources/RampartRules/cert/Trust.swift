import RampartCore

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
