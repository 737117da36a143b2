import RampartCore

/// An overall grade in the style of the SSL Labs rating guide: start from A, apply documented caps, award
/// A+ for a clean A with long HSTS. The caps (the worst applies):
/// - F: SSLv2; export, NULL or anonymous suites; Heartbleed; no certificate; expired, not yet valid,
///   untrusted, self-signed or wrong-host certificate (SSL Labs shows T / M; here F); RSA key < 1024 bits;
///   DH < 1024 bits.
/// - C: SSLv3; RC4; TLS compression; no secure renegotiation; 64-bit block ciphers (SWEET32).
/// - B: TLS 1.0 or 1.1; DH < 2048 bits; RSA key < 2048 bits; no forward secrecy; incomplete chain;
///   SHA-1 signature.
/// - A-: TLS_FALLBACK_SCSV not honoured; no TLS 1.2 AEAD or TLS 1.3 suite.
/// - A+: no cap at all, and HSTS with max-age of at least 180 days.
public enum TLSGrader {
    public static let order = ["F", "E", "D", "C", "B", "A-", "A", "A+"]

    public static func grade(_ e: TLSEndpointFacts, today: String) -> (grade: String, reasons: [String]) {
        var caps: [(String, String)] = []
        func cap(_ g: String, _ why: String) { caps.append((g, why)) }
        let traits = e.acceptedTraits.map(\.traits)
        if e.protocols.contains("SSLv2") { cap("F", "SSLv2 accepted") }
        if traits.contains(where: \.isExport) { cap("F", "export suites") }
        if traits.contains(where: { $0.isNull || $0.isAnonymous }) { cap("F", "NULL or anonymous suites") }
        if e.weaknesses.heartbleed == true { cap("F", "Heartbleed") }
        if let c = e.certificate, let leaf = c.leaf {
            let now = CivilDate.days(today)
            if let end = CivilDate.days(leaf.notAfter), let now, end < now { cap("F", "certificate expired") }
            if let start = CivilDate.days(leaf.notBefore), let now, start > now { cap("F", "certificate not yet valid") }
            if !c.trusted { cap("F", "certificate not trusted (\(c.verifyError ?? "verification failed"))") }
            if !c.hostnameMatches { cap("F", "certificate name mismatch") }
            if ["RSA", "DSA"].contains(leaf.keyType), leaf.keyBits > 0 {
                if leaf.keyBits < 1024 { cap("F", "RSA key < 1024 bits") } else if leaf.keyBits < 2048 { cap("B", "RSA key < 2048 bits") }
            }
            if c.incompleteChain { cap("B", "incomplete chain") }
            if leaf.signatureAlgorithm.lowercased().contains("sha1") || leaf.signatureAlgorithm.lowercased().contains("md5") { cap("B", "SHA-1/MD5 signature") }
        } else {
            cap("F", "no certificate information")
        }
        if let dh = e.dhBits {
            if dh < 1024 { cap("F", "DH < 1024 bits") } else if dh < 2048 { cap("B", "DH < 2048 bits") }
        }
        if e.protocols.contains("SSLv3") { cap("C", "SSLv3 accepted") }
        if traits.contains(where: \.isRC4) { cap("C", "RC4 suites") }
        if e.weaknesses.compression == true { cap("C", "TLS compression") }
        if e.weaknesses.secureRenegotiation == false { cap("C", "no secure renegotiation") }
        if traits.contains(where: { $0.is64BitBlock && !$0.isExport }) { cap("C", "64-bit block ciphers (SWEET32)") }
        if e.protocols.contains("TLSv1.0") || e.protocols.contains("TLSv1.1") { cap("B", "TLS 1.0/1.1 accepted") }
        if !traits.isEmpty, !traits.contains(where: \.forwardSecret) { cap("B", "no forward secrecy") }
        if e.weaknesses.fallbackSCSV == false { cap("A-", "TLS_FALLBACK_SCSV not honoured") }
        if !traits.isEmpty, !traits.contains(where: \.isAEAD) { cap("A-", "no AEAD suites") }
        let worst = caps.map(\.0).min { rank($0) < rank($1) } ?? "A"
        var grade = worst
        if caps.isEmpty, let hsts = e.http?.header("strict-transport-security"), (HSTS(hsts).maxAge ?? 0) >= 15_552_000 {
            grade = "A+"
        }
        return (grade, caps.filter { $0.0 == worst }.map(\.1) + caps.filter { $0.0 != worst }.map { "\($0.1) (cap \($0.0))" })
    }

    static func rank(_ g: String) -> Int { order.firstIndex(of: g) ?? 0 }
}

struct TLSGrade: TLSEndpointRule {
    static let description = RuleDescription(
        id: "tls/grade", title: "TLS grade", severity: .info,
        rationale: "One letter summarises the endpoint in the style of the SSL Labs rating guide, with documented caps: F for SSLv2, export/NULL/anonymous suites, Heartbleed or an untrusted, expired or mismatched certificate; C for SSLv3, RC4, compression, no secure renegotiation or 64-bit ciphers; B for TLS 1.0/1.1, DH or RSA below 2048 bits, no forward secrecy, incomplete chain or SHA-1; A- without TLS_FALLBACK_SCSV or AEAD; A+ for a clean A with HSTS of 180 days or more.",
        remediation: "Fix the findings named in the grade's reasons; each names the cap it causes.",
        references: [Reference("Qualys SSL Labs SSL Server Rating Guide", section: "2009q (2020 caps)", url: "https://github.com/ssllabs/research/wiki/SSL-Server-Rating-Guide")],
        triggering: [TLSExample.endpoint(#""protocols": ["TLSv1.2", "TLSv1.3"], "suites": {"TLSv1.3": ["TLS_AES_128_GCM_SHA256"]}, "# + TLSExample.goodCertificate, today: "2026-01-01")],
        nonTriggering: [TLSExample.endpoint(#""protocols": []"#)])

    func check(_ endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding] {
        guard !endpoint.protocols.isEmpty else { return [] }
        let (grade, reasons) = TLSGrader.grade(endpoint, today: context.today)
        return [context.finding(endpoint, "grade \(grade)\(reasons.isEmpty ? "" : ": " + reasons.joined(separator: "; "))", evidence: "grade=\(grade)")]
    }
}
