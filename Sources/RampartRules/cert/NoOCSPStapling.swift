import RampartCore

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
