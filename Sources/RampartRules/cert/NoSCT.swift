import RampartCore

/// Certificate transparency: publicly trusted certificates must come with Signed Certificate Timestamps,
/// or browsers distrust them. Opt-in, since a city's private CA issues certificates no log has seen.
struct CertNoSCT: CertificateRule {
    static let description = RuleDescription(
        id: "cert/no-sct", title: "No certificate transparency (no SCTs)", severity: .low,
        rationale: "Signed Certificate Timestamps prove a certificate was published in public Certificate Transparency logs, where a mis-issued certificate for the city's names can be noticed. Chrome and Safari reject publicly trusted certificates without enough SCTs. SCTs may come in the certificate, in the TLS extension, or in the stapled OCSP response; none was seen.",
        remediation: "Use a CA that embeds SCTs in its certificates (all public CAs do), or serve them in the signed_certificate_timestamp TLS extension. For a private CA, leave this rule off.",
        references: [.rfc(6962, section: "3.3"), .rfc(9162)],
        triggering: [TLSExample.endpoint(TLSExample.certificate(leafGood, #""trusted": true, "scts": []"#))],
        nonTriggering: [
            TLSExample.endpoint(TLSExample.certificate(leafGood, #""trusted": true, "scts": ["certificate", "certificate"]"#)),
            TLSExample.endpoint(TLSExample.certificate(leafGood, #""trusted": true, "scts": ["tls-extension"]"#)),
        ],
        optIn: true)

    func check(_ c: CertificateFacts, of endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding] {
        guard let scts = c.scts, scts.isEmpty, c.leaf != nil else { return [] }
        return [context.finding(endpoint, "the server presented no Signed Certificate Timestamp (none in the certificate, the TLS extension or a stapled OCSP response)",
                                evidence: "signed_certificate_timestamp requested; 0 SCTs")]
    }
}
