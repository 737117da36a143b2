import RampartCore

struct NoTLS13: TLSEndpointRule {
    static let description = RuleDescription(
        id: "tls/no-tls13", title: "TLS 1.3 not offered", severity: .low,
        rationale: "TLS 1.3 removes legacy key exchange and ciphers, encrypts more of the handshake and is required by NIST SP 800-52r2 for government servers since 2024.",
        remediation: "Enable TLS 1.3 alongside TLS 1.2.",
        references: [.rfc(8446), .nist80052("3.1")],
        triggering: [TLSExample.endpoint(#""tested": ["TLSv1.2", "TLSv1.3"], "protocols": ["TLSv1.2"]"#)],
        nonTriggering: [TLSExample.endpoint(#""tested": ["TLSv1.2", "TLSv1.3"], "protocols": ["TLSv1.2", "TLSv1.3"]"#),
                        TLSExample.endpoint(#""tested": ["TLSv1.2"], "protocols": ["TLSv1.2"]"#)])

    func check(_ endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding] {
        // Only when 1.3 was tested: a probe limited to older versions proves nothing.
        guard endpoint.tested.contains("TLSv1.3") || endpoint.tested.isEmpty, !endpoint.protocols.isEmpty,
              !endpoint.protocols.contains("TLSv1.3") else { return [] }
        return [context.finding(endpoint, "TLS 1.3 is not offered; best version is \(endpoint.protocols.last ?? "none")",
                                evidence: "accepted: \(endpoint.protocols.joined(separator: ", "))")]
    }
}

struct MinVersion: TLSEndpointRule {
    static let description = RuleDescription(
        id: "tls/min-version", title: "Protocol below the policy's minimum", severity: .high,
        rationale: "The policy sets the oldest protocol version a service may accept; anything older widens the attack surface the policy was written to exclude.",
        remediation: "Disable the versions below the policy's minTLSVersion.",
        references: [.nist80052("3.1"), .mozillaTLS("Recommended configurations")],
        triggering: [TLSExample.endpoint(#""protocols": ["TLSv1.2", "TLSv1.3"]"#, parameters: #""minTLSVersion": "TLSv1.3""#)],
        nonTriggering: [TLSExample.endpoint(#""protocols": ["TLSv1.2", "TLSv1.3"]"#, parameters: #""minTLSVersion": "TLSv1.2""#),
                        TLSExample.endpoint(#""protocols": ["TLSv1.0"]"#)],
        parameters: ["minTLSVersion": "(none: no check) — e.g. TLSv1.2"])

    func check(_ endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding] {
        let minimum = context.parameters.string("minTLSVersion", default: "")
        guard !minimum.isEmpty, let floor = TLSVersionName.rank(minimum) else { return [] }
        let below = endpoint.protocols.filter { (TLSVersionName.rank($0) ?? Int.max) < floor }
        guard !below.isEmpty else { return [] }
        return [context.finding(endpoint, "accepts \(below.joined(separator: ", ")); the policy's minimum is \(minimum)",
                                evidence: "accepted: \(endpoint.protocols.joined(separator: ", "))")]
    }
}
