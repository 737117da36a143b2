import RampartCore

/// TLS 1.3 0-RTT data can be replayed by anyone who recorded it (RFC 8446 8, E.5).
struct EarlyDataAccepted: TLSEndpointRule {
    static let description = RuleDescription(
        id: "tls/early-data-accepted", title: "TLS 1.3 early data (0-RTT) accepted", severity: .medium,
        rationale: "Early data is sent before the handshake completes and is not protected against replay: an attacker who recorded it can send it again, and the server will act on it again. For a city service that means a repeated form submission, payment or state change unless every 0-RTT request is idempotent and the server enforces replay protection.",
        remediation: "Disable 0-RTT (nginx `ssl_early_data off;`, OpenSSL `SSL_CTX_set_max_early_data(ctx, 0)`), or accept it only for safe methods and reject replays (RFC 8470: answer 425 Too Early).",
        references: [.rfc(8446, section: "8"), .rfc(8446, section: "E.5"), .rfc(8470)],
        triggering: [TLSExample.endpoint(#""protocols": ["TLSv1.3"], "suites": {"TLSv1.3": ["TLS_AES_128_GCM_SHA256"]}, "resumption": {"tls13Ticket": true, "maxEarlyData": 16384, "earlyData": true}"#)],
        nonTriggering: [TLSExample.endpoint(#""protocols": ["TLSv1.3"], "suites": {"TLSv1.3": ["TLS_AES_128_GCM_SHA256"]}, "resumption": {"tls13Ticket": true, "maxEarlyData": 0, "earlyData": false}"#)])

    func check(_ endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding] {
        guard let r = endpoint.resumption, r.earlyData == true else { return [] }
        return [context.finding(endpoint, "the server accepted TLS 1.3 early data (0-RTT), which an attacker can replay",
                                evidence: "resumed with a ticket allowing \(r.maxEarlyData ?? 0) bytes of early data; early data accepted")]
    }
}
