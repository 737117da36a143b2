import RampartCore

struct WeakDH: TLSEndpointRule {
    static let description = RuleDescription(
        id: "tls/weak-dh", title: "Weak Diffie-Hellman parameters (LOGJAM)", severity: .high,
        rationale: "Finite-field DH below 2048 bits is within reach of precomputation attacks (LOGJAM showed 512-bit broken and 1024-bit within a nation-state budget).",
        remediation: "Use a DH group of at least 2048 bits (RFC 7919 ffdhe2048 or larger), or drop DHE in favour of ECDHE.",
        references: [.cve("CVE-2015-4000"), .rfc(7919), .nist80052("3.3.1")],
        triggering: [TLSExample.endpoint(#""protocols": ["TLSv1.2"], "suites": {"TLSv1.2": ["TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"]}, "dhBits": 1024"#)],
        nonTriggering: [TLSExample.endpoint(#""protocols": ["TLSv1.2"], "suites": {"TLSv1.2": ["TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"]}, "dhBits": 2048"#)],
        parameters: ["minDHBits": "2048"])

    func check(_ endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding] {
        let minimum = context.parameters.int("minDHBits", default: 2048)
        guard let bits = endpoint.dhBits, bits < minimum else { return [] }
        let dhe = endpoint.acceptedTraits.filter { $0.traits.keyExchange == "DHE" }.map(\.traits.name)
        return [context.finding(endpoint, "DHE uses a \(bits)-bit prime; the policy requires at least \(minimum) bits",
                                evidence: "DH prime \(bits) bits with \(dhe.first ?? "DHE")")]
    }
}
