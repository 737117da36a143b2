import RampartCore

struct NoForwardSecrecy: TLSEndpointRule {
    static let description = RuleDescription(
        id: "tls/no-forward-secrecy", title: "No forward secrecy", severity: .medium,
        rationale: "With static RSA key exchange, anyone who later obtains the server's private key can decrypt every recorded session.",
        remediation: "Offer ECDHE (and TLS 1.3) suites and let the server prefer them; drop TLS_RSA_* suites.",
        references: [.nist80052("3.3.1"), .mozillaTLS("Intermediate compatibility")],
        triggering: [TLSExample.endpoint(#""protocols": ["TLSv1.2"], "suites": {"TLSv1.2": ["TLS_RSA_WITH_AES_128_GCM_SHA256"]}"#),
                     TLSExample.endpoint(#""protocols": ["TLSv1.2"], "suites": {"TLSv1.2": ["TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"]}, "serverEnforcesOrder": {"TLSv1.2": true}"#)],
        nonTriggering: [TLSExample.endpoint(#""protocols": ["TLSv1.2", "TLSv1.3"], "suites": {"TLSv1.2": ["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256"], "TLSv1.3": ["TLS_AES_128_GCM_SHA256"]}, "serverEnforcesOrder": {"TLSv1.2": true}"#)])

    /// Fires when no accepted suite is forward secret, or when the server's own first choice in its best
    /// version is not.
    func check(_ endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding] {
        let accepted = endpoint.acceptedTraits
        guard !accepted.isEmpty else { return [] }
        if !accepted.contains(where: { $0.traits.forwardSecret }) {
            return [context.finding(endpoint, "no accepted suite offers forward secrecy",
                                    evidence: accepted.prefix(6).map { "\($0.version): \($0.traits.name)" }.joined(separator: ", "))]
        }
        if let best = endpoint.protocols.last, endpoint.serverEnforcesOrder[best] == true,
           let first = endpoint.suites[best]?.first, !CipherSuiteTraits(first).forwardSecret {
            return [context.finding(endpoint, "the server prefers a suite without forward secrecy in \(best)",
                                    evidence: "\(best) server's first choice: \(first)")]
        }
        return []
    }
}
