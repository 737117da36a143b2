import RampartCore

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
