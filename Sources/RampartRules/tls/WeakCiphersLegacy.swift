import RampartCore

struct WeakCipherRC4: SuiteTraitRule {
    static let what = "RC4"
    static func matches(_ t: CipherSuiteTraits, version: String) -> Bool { t.isRC4 && !t.isExport }
    static let description = RuleDescription(
        id: "tls/weak-cipher-rc4", title: "RC4 cipher accepted", severity: .high,
        rationale: "RC4's keystream biases let an attacker recover repeated plaintext such as cookies; RFC 7465 prohibits RC4 in TLS.",
        remediation: "Remove RC4 suites (OpenSSL: `!RC4`).",
        references: [.rfc(7465), .nist80052("3.3.1")],
        triggering: [TLSExample.endpoint(#""protocols": ["TLSv1.2"], "suites": {"TLSv1.2": ["TLS_RSA_WITH_RC4_128_SHA"]}"#)],
        nonTriggering: [TLSExample.endpoint(#""protocols": ["TLSv1.2"], "suites": {"TLSv1.2": ["TLS_RSA_WITH_AES_128_GCM_SHA256"]}"#)])
}

struct WeakCipher3DES: SuiteTraitRule {
    static let what = "64-bit block (3DES, IDEA, RC2)"
    static func matches(_ t: CipherSuiteTraits, version: String) -> Bool { t.is64BitBlock && !t.isDES && !t.isExport }
    static let description = RuleDescription(
        id: "tls/weak-cipher-3des", title: "64-bit block cipher accepted (SWEET32)", severity: .medium,
        rationale: "With a 64-bit block, a birthday collision after about 32 GB of traffic on one connection reveals plaintext (SWEET32).",
        remediation: "Remove 3DES, IDEA and RC2 suites (OpenSSL: `!3DES:!IDEA:!RC2`).",
        references: [.cve("CVE-2016-2183"), .nist80052("3.3.1")],
        triggering: [TLSExample.endpoint(#""protocols": ["TLSv1.0"], "suites": {"TLSv1.0": ["TLS_RSA_WITH_3DES_EDE_CBC_SHA"]}"#)],
        nonTriggering: [TLSExample.endpoint(#""protocols": ["TLSv1.2"], "suites": {"TLSv1.2": ["TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"]}"#)])
}

struct WeakCipherDES: SuiteTraitRule {
    static let what = "single-DES"
    static func matches(_ t: CipherSuiteTraits, version: String) -> Bool { t.isDES && !t.isExport }
    static let description = RuleDescription(
        id: "tls/weak-cipher-des", title: "Single DES cipher accepted", severity: .high,
        rationale: "DES has a 56-bit key, exhaustively searchable with commodity hardware; RFC 5469 removed it from TLS.",
        remediation: "Remove DES suites (OpenSSL: `!DES`).",
        references: [.rfc(5469), .nist80052("3.3.1")],
        triggering: [TLSExample.endpoint(#""protocols": ["TLSv1.0"], "suites": {"TLSv1.0": ["TLS_RSA_WITH_DES_CBC_SHA"]}"#)],
        nonTriggering: [TLSExample.endpoint(#""protocols": ["TLSv1.0"], "suites": {"TLSv1.0": ["TLS_RSA_WITH_AES_128_CBC_SHA"]}"#)])
}
