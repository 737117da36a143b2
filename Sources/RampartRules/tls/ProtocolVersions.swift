import RampartCore

/// Shared shape: one finding when a given protocol version is accepted, with its suites as evidence.
protocol ProtocolVersionRule: TLSEndpointRule {
    static var version: String { get }
    static var why: String { get }
}

extension ProtocolVersionRule {
    public func check(_ endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding] {
        guard endpoint.protocols.contains(Self.version) else { return [] }
        let suites = endpoint.suites[Self.version] ?? []
        return [context.finding(endpoint, "\(Self.version) is accepted; \(Self.why)",
                                evidence: "\(Self.version) accepted: \(suites.prefix(8).joined(separator: ", "))\(suites.count > 8 ? ", … (\(suites.count) suites)" : "")")]
    }
}

struct ProtocolSSLv2: ProtocolVersionRule {
    static let version = "SSLv2"
    static let why = "SSL 2.0 is broken by design and must not be offered (RFC 6176)."
    static let description = RuleDescription(
        id: "tls/protocol-sslv2", title: "SSL 2.0 accepted", severity: .critical,
        rationale: "SSL 2.0 has no protection of the handshake, weak MAC construction and export ciphers; a server speaking it also exposes its RSA key to DROWN.",
        remediation: "Disable SSLv2 on the server (and on every other service sharing the certificate's key).",
        references: [.rfc(6176), .nist80052("3.1"), .mozillaTLS("Intermediate compatibility")],
        triggering: [TLSExample.endpoint(#""protocols": ["SSLv2", "TLSv1.2"], "suites": {"SSLv2": ["SSL_CK_RC4_128_WITH_MD5"]}"#)],
        nonTriggering: [TLSExample.endpoint(#""protocols": ["TLSv1.2", "TLSv1.3"]"#)])
}

struct ProtocolSSLv3: ProtocolVersionRule {
    static let version = "SSLv3"
    static let why = "SSL 3.0 is deprecated (RFC 7568) and open to POODLE."
    static let description = RuleDescription(
        id: "tls/protocol-sslv3", title: "SSL 3.0 accepted", severity: .high,
        rationale: "SSL 3.0's CBC padding is not covered by the MAC (POODLE) and its only other cipher is RC4; RFC 7568 forbids it.",
        remediation: "Disable SSLv3; offer TLS 1.2 and TLS 1.3 only.",
        references: [.rfc(7568), .cve("CVE-2014-3566"), .nist80052("3.1")],
        triggering: [TLSExample.endpoint(#""protocols": ["SSLv3", "TLSv1.2"], "suites": {"SSLv3": ["TLS_RSA_WITH_AES_128_CBC_SHA"]}"#)],
        nonTriggering: [TLSExample.endpoint(#""protocols": ["TLSv1.2"]"#)])
}

struct ProtocolTLS10: ProtocolVersionRule {
    static let version = "TLSv1.0"
    static let why = "TLS 1.0 is deprecated (RFC 8996); offer TLS 1.2 or later."
    static let description = RuleDescription(
        id: "tls/protocol-tls10", title: "TLS 1.0 accepted", severity: .medium,
        rationale: "TLS 1.0 relies on SHA-1/MD5 in its PRF and predictable CBC IVs (BEAST); RFC 8996 deprecates it and PCI DSS and NIST SP 800-52r2 no longer allow it.",
        remediation: "Disable TLS 1.0 (e.g. nginx `ssl_protocols TLSv1.2 TLSv1.3;`).",
        references: [.rfc(8996), .nist80052("3.1"), .mozillaTLS("Intermediate compatibility")],
        triggering: [TLSExample.endpoint(#""protocols": ["TLSv1.0", "TLSv1.2"], "suites": {"TLSv1.0": ["TLS_RSA_WITH_3DES_EDE_CBC_SHA"]}"#)],
        nonTriggering: [TLSExample.endpoint(#""protocols": ["TLSv1.2", "TLSv1.3"]"#)])
}

struct ProtocolTLS11: ProtocolVersionRule {
    static let version = "TLSv1.1"
    static let why = "TLS 1.1 is deprecated (RFC 8996); offer TLS 1.2 or later."
    static let description = RuleDescription(
        id: "tls/protocol-tls11", title: "TLS 1.1 accepted", severity: .medium,
        rationale: "TLS 1.1 has no AEAD suites and depends on SHA-1/MD5; RFC 8996 deprecates it.",
        remediation: "Disable TLS 1.1.",
        references: [.rfc(8996), .nist80052("3.1")],
        triggering: [TLSExample.endpoint(#""protocols": ["TLSv1.1", "TLSv1.2"]"#)],
        nonTriggering: [TLSExample.endpoint(#""protocols": ["TLSv1.2", "TLSv1.3"]"#)])
}
