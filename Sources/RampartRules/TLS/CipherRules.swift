import RampartCore

/// Shared shape: one finding per endpoint listing every accepted suite with a bad trait, by version.
protocol SuiteTraitRule: TLSEndpointRule {
    static func matches(_ traits: CipherSuiteTraits, version: String) -> Bool
    static var what: String { get }
}

extension SuiteTraitRule {
    public func check(_ endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding] {
        let bad = endpoint.acceptedTraits.filter { Self.matches($0.traits, version: $0.version) }
        guard !bad.isEmpty else { return [] }
        let versions = bad.map(\.version).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let evidence = versions.map { v in "\(v) accepted: " + bad.filter { $0.version == v }.map(\.traits.name).joined(separator: ", ") }
        return [context.finding(endpoint, "\(bad.count) \(Self.what) suite\(bad.count == 1 ? "" : "s") accepted (\(versions.joined(separator: ", ")))",
                                evidence: evidence.joined(separator: "; "))]
    }
}

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

struct NoForwardSecrecy: TLSEndpointRule {
    static let description = RuleDescription(
        id: "tls/no-forward-secrecy", title: "No forward secrecy", severity: .medium,
        rationale: "With static RSA key exchange, anyone who later obtains the server's private key can decrypt every recorded session.",
        remediation: "Offer ECDHE (and TLS 1.3) suites and let the server prefer them; drop TLS_RSA_* suites.",
        references: [.nist80052("3.3.1"), .mozillaTLS("Intermediate compatibility")],
        triggering: [TLSExample.endpoint(#""protocols": ["TLSv1.2"], "suites": {"TLSv1.2": ["TLS_RSA_WITH_AES_128_GCM_SHA256"]}"#),
                     TLSExample.endpoint(#""protocols": ["TLSv1.2"], "suites": {"TLSv1.2": ["TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"]}, "serverEnforcesOrder": {"TLSv1.2": true}"#)],
        nonTriggering: [TLSExample.endpoint(#""protocols": ["TLSv1.2", "TLSv1.3"], "suites": {"TLSv1.2": ["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256"], "TLSv1.3": ["TLS_AES_128_GCM_SHA256"]}, "serverEnforcesOrder": {"TLSv1.2": true}"#)])

    /// Fires when no accepted suite is forward secret, or when the server's own first choice in its best
    /// version is not.
    func check(_ endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding] {
        let accepted = endpoint.acceptedTraits
        guard !accepted.isEmpty else { return [] }
        if !accepted.contains(where: { $0.traits.forwardSecret }) {
            return [context.finding(endpoint, "no accepted suite offers forward secrecy",
                                    evidence: accepted.prefix(6).map { "\($0.version): \($0.traits.name)" }.joined(separator: ", "))]
        }
        if let best = endpoint.protocols.last, endpoint.serverEnforcesOrder[best] == true,
           let first = endpoint.suites[best]?.first, !CipherSuiteTraits(first).forwardSecret {
            return [context.finding(endpoint, "the server prefers a suite without forward secrecy in \(best)",
                                    evidence: "\(best) server's first choice: \(first)")]
        }
        return []
    }
}

struct SuiteNotAllowed: TLSEndpointRule {
    static let description = RuleDescription(
        id: "tls/suite-not-allowed", title: "Cipher suite outside the policy's allowed list", severity: .medium,
        rationale: "The policy names the suites a service may accept (e.g. Mozilla's intermediate list); any other suite is a deviation to remove or justify.",
        remediation: "Restrict the server's cipher list to the policy's allowedSuites.",
        references: [.mozillaTLS("Recommended configurations"), .nist80052("3.3.1")],
        triggering: [TLSExample.endpoint(#""protocols": ["TLSv1.2"], "suites": {"TLSv1.2": ["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA"]}"#,
                                         parameters: #""allowedSuites": ["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"]"#)],
        nonTriggering: [TLSExample.endpoint(#""protocols": ["TLSv1.2"], "suites": {"TLSv1.2": ["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"]}"#,
                                            parameters: #""allowedSuites": ["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"]"#),
                        TLSExample.endpoint(#""protocols": ["TLSv1.2"], "suites": {"TLSv1.2": ["TLS_RSA_WITH_AES_128_CBC_SHA"]}"#)],
        parameters: ["allowedSuites": "[] (empty: no check) — IANA suite names"])

    func check(_ endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding] {
        let allowed = Set(context.parameters.list("allowedSuites", default: []))
        guard !allowed.isEmpty else { return [] }
        return endpoint.protocols.compactMap { version in
            let extra = (endpoint.suites[version] ?? []).filter { !allowed.contains($0) }
            guard !extra.isEmpty else { return nil }
            return context.finding(endpoint, "\(extra.count) \(version) suite\(extra.count == 1 ? "" : "s") not in the policy's allowedSuites",
                                   evidence: "\(version) accepted: \(extra.joined(separator: ", "))", discriminator: version)
        }
    }
}
