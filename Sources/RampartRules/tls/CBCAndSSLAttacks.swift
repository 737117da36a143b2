import RampartCore

struct CBCInTLS10: SuiteTraitRule {
    static let what = "CBC-mode (BEAST)"
    static func matches(_ t: CipherSuiteTraits, version: String) -> Bool { t.isCBC && version == "TLSv1.0" }
    static let description = RuleDescription(
        id: "tls/cbc-in-tls10", title: "CBC suites in TLS 1.0 (BEAST)", severity: .low,
        rationale: "TLS 1.0 uses the previous record's last block as the IV, which lets a chosen-plaintext attacker decrypt cookies (BEAST); clients mitigate it with 1/n-1 splitting, the server cannot.",
        remediation: "Disable TLS 1.0; failing that, prefer AEAD suites in TLS 1.2.",
        references: [.cve("CVE-2011-3389"), .rfc(8996)],
        triggering: [TLSExample.endpoint(#""protocols": ["TLSv1.0"], "suites": {"TLSv1.0": ["TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"]}"#)],
        nonTriggering: [TLSExample.endpoint(#""protocols": ["TLSv1.2"], "suites": {"TLSv1.2": ["TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"]}"#)])
}

struct Poodle: SuiteTraitRule {
    static let what = "CBC-mode (POODLE)"
    static func matches(_ t: CipherSuiteTraits, version: String) -> Bool { t.isCBC && version == "SSLv3" }
    static let description = RuleDescription(
        id: "tls/poodle", title: "SSL 3.0 with CBC suites (POODLE)", severity: .high,
        rationale: "SSL 3.0 does not cover CBC padding with its MAC; an attacker who can make the client retry decrypts one byte per 256 requests (POODLE).",
        remediation: "Disable SSLv3.",
        references: [.cve("CVE-2014-3566"), .rfc(7568)],
        triggering: [TLSExample.endpoint(#""protocols": ["SSLv3"], "suites": {"SSLv3": ["TLS_RSA_WITH_AES_128_CBC_SHA"]}"#)],
        nonTriggering: [TLSExample.endpoint(#""protocols": ["TLSv1.2"], "suites": {"TLSv1.2": ["TLS_RSA_WITH_AES_128_CBC_SHA"]}"#)])
}

struct Drown: TLSEndpointRule {
    static let description = RuleDescription(
        id: "tls/drown", title: "SSLv2 enabled (DROWN)", severity: .critical,
        rationale: "A server that speaks SSLv2 is a decryption oracle for its RSA key: recorded TLS sessions using the same key can be decrypted (DROWN).",
        remediation: "Disable SSLv2 everywhere the key or certificate is used, and consider replacing the key.",
        references: [.cve("CVE-2016-0800"), .rfc(6176)],
        triggering: [TLSExample.endpoint(#""protocols": ["SSLv2", "TLSv1.2"], "suites": {"SSLv2": ["SSL_CK_RC4_128_EXPORT40_WITH_MD5"]}"#)],
        nonTriggering: [TLSExample.endpoint(#""protocols": ["TLSv1.2"]"#)])

    func check(_ endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding] {
        guard endpoint.protocols.contains("SSLv2") else { return [] }
        let kinds = endpoint.suites["SSLv2"] ?? []
        return [context.finding(endpoint, "SSLv2 is accepted with \(kinds.count) cipher kind\(kinds.count == 1 ? "" : "s"); the RSA key is exposed to DROWN",
                                evidence: "SSLv2 accepted: \(kinds.joined(separator: ", "))")]
    }
}
