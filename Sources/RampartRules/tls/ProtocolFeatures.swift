import RampartCore

struct NoSecureRenegotiation: TLSEndpointRule {
    static let description = RuleDescription(
        id: "tls/no-secure-renegotiation", title: "Secure renegotiation not supported", severity: .medium,
        rationale: "Without the RFC 5746 renegotiation_info extension, an attacker can splice their own request in front of a victim's session (CVE-2009-3555).",
        remediation: "Upgrade the TLS library; every maintained one supports RFC 5746.",
        references: [.rfc(5746), .cve("CVE-2009-3555")],
        triggering: [TLSExample.endpoint(#""protocols": ["TLSv1.2"], "weaknesses": {"secureRenegotiation": false}"#)],
        nonTriggering: [TLSExample.endpoint(#""protocols": ["TLSv1.2"], "weaknesses": {"secureRenegotiation": true}"#),
                        TLSExample.endpoint(#""protocols": ["TLSv1.3"]"#)])

    func check(_ endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding] {
        guard endpoint.weaknesses.secureRenegotiation == false else { return [] }
        return [context.finding(endpoint, "the server's hello carries no renegotiation_info extension (RFC 5746)",
                                evidence: "ServerHello without renegotiation_info")]
    }
}

struct Compression: TLSEndpointRule {
    static let description = RuleDescription(
        id: "tls/compression", title: "TLS compression enabled (CRIME)", severity: .high,
        rationale: "Compressing secrets together with attacker-chosen data leaks them through the compressed length (CRIME).",
        remediation: "Disable TLS-level compression (OpenSSL: SSL_OP_NO_COMPRESSION; default in current versions).",
        references: [.cve("CVE-2012-4929"), .rfc(7457, section: "2.6")],
        triggering: [TLSExample.endpoint(#""protocols": ["TLSv1.2"], "weaknesses": {"compression": true}"#)],
        nonTriggering: [TLSExample.endpoint(#""protocols": ["TLSv1.2"], "weaknesses": {"compression": false}"#)])

    func check(_ endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding] {
        guard endpoint.weaknesses.compression == true else { return [] }
        return [context.finding(endpoint, "the server chose DEFLATE compression when offered", evidence: "ServerHello compression_method = 1 (DEFLATE)")]
    }
}

struct NoFallbackSCSV: TLSEndpointRule {
    static let description = RuleDescription(
        id: "tls/no-fallback-scsv", title: "TLS_FALLBACK_SCSV not honoured", severity: .low,
        rationale: "A server with several protocol versions that ignores TLS_FALLBACK_SCSV lets an attacker force clients that retry down to the oldest one.",
        remediation: "Upgrade the TLS library, or accept a single protocol version.",
        references: [.rfc(7507)],
        triggering: [TLSExample.endpoint(#""protocols": ["TLSv1.0", "TLSv1.2"], "weaknesses": {"fallbackSCSV": false}"#)],
        nonTriggering: [TLSExample.endpoint(#""protocols": ["TLSv1.0", "TLSv1.2"], "weaknesses": {"fallbackSCSV": true}"#)])

    func check(_ endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding] {
        guard endpoint.weaknesses.fallbackSCSV == false else { return [] }
        return [context.finding(endpoint, "a downgraded hello carrying TLS_FALLBACK_SCSV was accepted instead of refused with inappropriate_fallback",
                                evidence: "accepted: \(endpoint.protocols.joined(separator: ", "))")]
    }
}
