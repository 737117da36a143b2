import RampartCore

struct WeakCipherNull: SuiteTraitRule {
    static let what = "NULL-encryption"
    static func matches(_ t: CipherSuiteTraits, version: String) -> Bool { t.isNull }
    static let description = RuleDescription(
        id: "tls/weak-cipher-null", title: "NULL cipher accepted", severity: .critical,
        rationale: "A NULL suite authenticates but does not encrypt: the traffic is plaintext on the wire.",
        remediation: "Remove NULL suites from the server's cipher list (OpenSSL: `!eNULL`).",
        references: [.nist80052("3.3.1"), .rfc(5246, section: "A.5")],
        triggering: [TLSExample.endpoint(#""protocols": ["TLSv1.2"], "suites": {"TLSv1.2": ["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_NULL_SHA256"]}"#)],
        nonTriggering: [TLSExample.endpoint(#""protocols": ["TLSv1.2"], "suites": {"TLSv1.2": ["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"]}"#)])
}

struct WeakCipherAnon: SuiteTraitRule {
    static let what = "anonymous (unauthenticated)"
    static func matches(_ t: CipherSuiteTraits, version: String) -> Bool { t.isAnonymous && !t.isNull }
    static let description = RuleDescription(
        id: "tls/weak-cipher-anon", title: "Anonymous key exchange accepted", severity: .critical,
        rationale: "Anonymous (DH_anon / ECDH_anon) suites authenticate no one; any machine in the path can impersonate the server.",
        remediation: "Remove anonymous suites (OpenSSL: `!aNULL`).",
        references: [.nist80052("3.3.1"), .rfc(5246, section: "A.5")],
        triggering: [TLSExample.endpoint(#""protocols": ["TLSv1.2"], "suites": {"TLSv1.2": ["TLS_DH_anon_WITH_AES_128_CBC_SHA"]}"#)],
        nonTriggering: [TLSExample.endpoint(#""protocols": ["TLSv1.2"], "suites": {"TLSv1.2": ["TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"]}"#)])
}

struct WeakCipherExport: SuiteTraitRule {
    static let what = "export-grade"
    static func matches(_ t: CipherSuiteTraits, version: String) -> Bool { t.isExport }
    static let description = RuleDescription(
        id: "tls/weak-cipher-export", title: "Export-grade cipher accepted (FREAK)", severity: .critical,
        rationale: "Export suites use 40/56-bit keys and 512-bit RSA/DH; FREAK and LOGJAM downgrade connections to them and break them in hours.",
        remediation: "Remove all EXPORT suites (OpenSSL: `!EXP`).",
        references: [.cve("CVE-2015-0204"), .cve("CVE-2015-4000"), .nist80052("3.3.1")],
        triggering: [TLSExample.endpoint(#""protocols": ["TLSv1.0"], "suites": {"TLSv1.0": ["TLS_RSA_EXPORT_WITH_RC4_40_MD5"]}"#)],
        nonTriggering: [TLSExample.endpoint(#""protocols": ["TLSv1.2"], "suites": {"TLSv1.2": ["TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"]}"#)])
}
