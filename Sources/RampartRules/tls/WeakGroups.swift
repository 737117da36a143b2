import RampartCore

/// Key exchange groups that are breakable or deprecated. Findings name each group, so that a server
/// with several gets one finding per group (the discriminator keeps their fingerprints apart).
struct WeakGroup: TLSEndpointRule {
    static let description = RuleDescription(
        id: "tls/weak-group", title: "Weak key exchange group accepted", severity: .high,
        rationale: "The key exchange protects every session key. Curves below 128-bit security (secp160, secp192, secp224) and small binary curves (sect163 to sect239) are within reach of well-funded attackers, and the whole session falls with them.",
        remediation: "Remove these groups from the server's supported groups; offer x25519, secp256r1, secp384r1 (and a hybrid ML-KEM group such as X25519MLKEM768 where available).",
        references: [.rfc(8422, section: "5.1.1"), .rfc(8446, section: "4.2.7"),
                     Reference("NIST SP 800-57 Part 1 Rev. 5", section: "5.6.1.1 Table 2", url: "https://doi.org/10.6028/NIST.SP.800-57pt1r5")],
        triggering: [TLSExample.endpoint(#""protocols": ["TLSv1.2"], "suites": {"TLSv1.2": ["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"]}, "groups": ["secp256r1", "secp192r1", "sect163k1"]"#)],
        nonTriggering: [TLSExample.endpoint(#""protocols": ["TLSv1.3"], "suites": {"TLSv1.3": ["TLS_AES_128_GCM_SHA256"]}, "groups": ["x25519", "secp256r1", "x448", "ffdhe2048", "X25519MLKEM768"]"#)])

    func check(_ endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding] {
        endpoint.groupClasses.compactMap { group in
            guard case .weak(let why) = group.kind else { return nil }
            return context.finding(endpoint, "the server accepts key exchange group \(group.name), \(why); expected groups of at least 128-bit security",
                                   evidence: "group \(group.name) accepted", discriminator: group.name)
        }
    }
}

struct LegacyGroup: TLSEndpointRule {
    static let description = RuleDescription(
        id: "tls/legacy-group", title: "Deprecated key exchange group accepted", severity: .low,
        rationale: "RFC 8422 deprecates every elliptic curve for TLS except secp256r1, secp384r1, secp521r1, x25519 and x448; the deprecated ones (secp256k1, the larger binary curves, the TLS 1.2 brainpool points) are rarely reviewed in implementations and cannot be used with TLS 1.3.",
        remediation: "Limit the supported groups to x25519, secp256r1, secp384r1, x448, ffdhe2048 or larger, and hybrid ML-KEM groups.",
        references: [.rfc(8422, section: "5.1.1"), .rfc(8734), .rfc(8446, section: "4.2.7")],
        triggering: [TLSExample.endpoint(#""protocols": ["TLSv1.2"], "suites": {"TLSv1.2": ["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"]}, "groups": ["secp256r1", "brainpoolP256r1", "secp256k1"]"#)],
        nonTriggering: [TLSExample.endpoint(#""protocols": ["TLSv1.3"], "suites": {"TLSv1.3": ["TLS_AES_128_GCM_SHA256"]}, "groups": ["x25519", "brainpoolP256r1tls13", "secp384r1"]"#)])

    func check(_ endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding] {
        endpoint.groupClasses.compactMap { group in
            guard case .legacy(let why) = group.kind else { return nil }
            return context.finding(endpoint, "the server accepts key exchange group \(group.name), \(why)",
                                   evidence: "group \(group.name) accepted", discriminator: group.name)
        }
    }
}
