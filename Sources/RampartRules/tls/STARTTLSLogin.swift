import RampartCore

/// Plaintext protocols whose upgrade to TLS is optional: an active attacker removes the STARTTLS offer from
/// the capability list (STARTTLS stripping) and the client carries on in clear. Judged from what the server
/// advertised before the upgrade; the probe never sends credentials.
struct STARTTLSPlaintextLogin: TLSEndpointRule {
    static let description = RuleDescription(
        id: "tls/starttls-plaintext-login", title: "Login offered before STARTTLS", severity: .medium,
        rationale: "The server offers STARTTLS but still offers login before it (SMTP AUTH, IMAP LOGIN without LOGINDISABLED, POP3 USER/PASS, XMPP SASL PLAIN without <required/>). A client that is misconfigured, or whose STARTTLS offer an attacker strips from the capability list, sends the password in clear.",
        remediation: "Offer authentication only after STARTTLS (Postfix smtpd_tls_auth_only = yes; Dovecot ssl = required / disable_plaintext_auth = yes; XMPP <required/> in starttls), or move clients to implicit TLS ports (465, 993, 995).",
        references: [.rfc(3207, section: "4"), .rfc(2595, section: "3.2"), .rfc(8314, section: "3"), .nist80053("SC-8")],
        triggering: [TLSExample.endpoint(#""starttls": "smtp", "protocols": ["TLSv1.2", "TLSv1.3"], "plaintextLogin": "AUTH PLAIN LOGIN advertised before STARTTLS""#)],
        nonTriggering: [
            TLSExample.endpoint(#""starttls": "smtp", "protocols": ["TLSv1.2", "TLSv1.3"]"#),
            TLSExample.endpoint(#""protocols": ["TLSv1.2", "TLSv1.3"]"#),
        ])

    func check(_ endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding] {
        guard let proto = endpoint.starttls, let login = endpoint.plaintextLogin else { return [] }
        return [context.finding(endpoint, "\(proto) server offers STARTTLS but also login before it: \(login); expected login only after the upgrade",
                                evidence: login)]
    }
}

/// XMPP says outright whether the upgrade is mandatory; a server that does not require it accepts a
/// stream that stays in clear, which is what a stripping attacker arranges.
struct STARTTLSOptional: TLSEndpointRule {
    static let description = RuleDescription(
        id: "tls/starttls-optional", title: "STARTTLS not required", severity: .low,
        rationale: "The server advertises STARTTLS without marking it required, so a session that never upgrades is accepted: an attacker who strips the offer keeps the whole stream in clear.",
        remediation: "Require TLS for client streams (e.g. c2s_require_encryption = true in Prosody, starttls_required in ejabberd).",
        references: [.rfc(6120, section: "5.3.1"), .nist80053("SC-8")],
        triggering: [TLSExample.endpoint(#""starttls": "xmpp", "protocols": ["TLSv1.2", "TLSv1.3"], "starttlsRequired": false"#)],
        nonTriggering: [TLSExample.endpoint(#""starttls": "xmpp", "protocols": ["TLSv1.2", "TLSv1.3"], "starttlsRequired": true"#)])

    func check(_ endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding] {
        guard let proto = endpoint.starttls, endpoint.starttlsRequired == false else { return [] }
        return [context.finding(endpoint, "\(proto) server offers STARTTLS without <required/>; expected the upgrade to be mandatory",
                                evidence: "stream features: starttls without required")]
    }
}
