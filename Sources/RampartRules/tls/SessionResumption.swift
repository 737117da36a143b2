import RampartCore

/// No way to resume a session: every connection pays a full handshake. Performance, not a weakness, so
/// opt-in and informational, like the scanners that report it.
struct NoSessionResumption: TLSEndpointRule {
    static let description = RuleDescription(
        id: "tls/no-session-resumption", title: "No TLS session resumption", severity: .info,
        rationale: "Without session resumption (session IDs or tickets in TLS 1.2, tickets in TLS 1.3) every connection needs a full handshake with a public-key operation, which slows clients on mobile networks and makes the server easier to exhaust.",
        remediation: "Enable a session cache or session tickets (nginx `ssl_session_cache shared:SSL:10m;`, `ssl_session_tickets on;` with rotated ticket keys).",
        references: [.rfc(5077), .rfc(8446, section: "2.2")],
        triggering: [TLSExample.endpoint(#""protocols": ["TLSv1.2", "TLSv1.3"], "suites": {"TLSv1.3": ["TLS_AES_128_GCM_SHA256"]}, "resumption": {"sessionID": false, "ticket": false, "tls13Ticket": false}"#)],
        nonTriggering: [
            TLSExample.endpoint(#""protocols": ["TLSv1.2", "TLSv1.3"], "suites": {"TLSv1.3": ["TLS_AES_128_GCM_SHA256"]}, "resumption": {"sessionID": true, "ticket": false, "tls13Ticket": true}"#),
            TLSExample.endpoint(#""protocols": ["TLSv1.3"], "suites": {"TLSv1.3": ["TLS_AES_128_GCM_SHA256"]}"#),
        ],
        optIn: true)

    func check(_ endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding] {
        guard let r = endpoint.resumption else { return [] }
        let results = [("session ID", r.sessionID), ("TLS 1.2 ticket", r.ticket), ("TLS 1.3 ticket", r.tls13Ticket)]
        let tested = results.filter { $0.1 != nil }
        guard !tested.isEmpty, tested.allSatisfy({ $0.1 == false }) else { return [] }
        return [context.finding(endpoint, "the server resumed no session (tried: \(tested.map(\.0).joined(separator: ", ")))",
                                evidence: tested.map { "\($0.0): not resumed" }.joined(separator: "; "))]
    }
}
