import RampartCore

/// A certificate that promises a stapled OCSP response (RFC 7633) on a server that does not staple:
/// clients that enforce the promise (Firefox) refuse the connection, and the rest lose revocation checking.
struct CertMustStapleNotHonoured: CertificateRule {
    static let description = RuleDescription(
        id: "cert/must-staple-not-honoured", title: "OCSP must-staple certificate served without a stapled response", severity: .high,
        rationale: "The certificate carries the TLS feature extension with status_request (OCSP must-staple, RFC 7633): the server promised to staple an OCSP response on every handshake. Without one, clients that enforce the promise refuse the connection (an outage), and the others have no fresh revocation status.",
        remediation: "Enable OCSP stapling on the server (nginx `ssl_stapling on; ssl_stapling_verify on;`, Apache `SSLUseStapling on`) and make sure it can reach the CA's OCSP responder, or reissue the certificate without must-staple.",
        references: [.rfc(7633, section: "4.2"), .rfc(6066, section: "8"), .rfc(6960)],
        triggering: [TLSExample.endpoint(TLSExample.certificate(leafGood, #""trusted": true, "ocspStapled": false, "mustStaple": true"#))],
        nonTriggering: [
            TLSExample.endpoint(TLSExample.certificate(leafGood, #""trusted": true, "ocspStapled": true, "mustStaple": true"#)),
            TLSExample.endpoint(TLSExample.certificate(leafGood, #""trusted": true, "ocspStapled": false, "mustStaple": false"#)),
        ])

    func check(_ c: CertificateFacts, of endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding] {
        guard c.mustStaple == true, !c.ocspStapled else { return [] }
        return [context.finding(endpoint, "the certificate requires OCSP stapling (TLS feature status_request) but the server sent no OCSP response",
                                evidence: "TLS feature extension 1.3.6.1.5.5.7.1.24 lists status_request; status_request sent, no CertificateStatus")]
    }
}
