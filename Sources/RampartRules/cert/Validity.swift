import RampartCore

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
