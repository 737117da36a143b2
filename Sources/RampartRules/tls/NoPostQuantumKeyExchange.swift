import RampartCore

/// Harvest now, decrypt later: recorded traffic protected only by classical key exchange can be read once
/// a large quantum computer exists. Opt-in and informational until the city's transition date.
struct NoPostQuantumKeyExchange: TLSEndpointRule {
    static let description = RuleDescription(
        id: "tls/no-post-quantum-kex", title: "No post-quantum key exchange", severity: .info,
        rationale: "Traffic recorded today can be decrypted later by a quantum computer if its key exchange is classical (ECDH, finite-field DH) only. NIST standardised ML-KEM (FIPS 203) and plans to deprecate quantum-vulnerable key establishment after 2030 and disallow it after 2035 (NIST IR 8547); NSA CNSA 2.0 asks web servers to support and prefer quantum-resistant algorithms from 2025 and use them exclusively by 2033. Hybrid groups (X25519MLKEM768, SecP256r1MLKEM768, SecP384r1MLKEM1024) need TLS 1.3. Set `pqTransitionDate` (yyyy-mm-dd) to the city's deadline: from that day the finding is high.",
        remediation: "Enable TLS 1.3 with a hybrid ML-KEM group (X25519MLKEM768 is supported by OpenSSL 3.5, BoringSSL, rustls and current browsers) and prefer it over classical groups; for CNSA 2.0 systems use ML-KEM-1024 (SecP384r1MLKEM1024 or MLKEM1024).",
        references: [
            Reference("NIST FIPS 203 (ML-KEM)", url: "https://doi.org/10.6028/NIST.FIPS.203"),
            Reference("NIST SP 800-227 (Recommendations for Key-Encapsulation Mechanisms)", url: "https://doi.org/10.6028/NIST.SP.800-227"),
            Reference("NIST IR 8547 (Transition to Post-Quantum Cryptography Standards)", section: "4.1", url: "https://doi.org/10.6028/NIST.IR.8547.ipd"),
            Reference("NSA CNSA 2.0 Algorithms", url: "https://media.defense.gov/2022/Sep/07/2003071834/-1/-1/0/CSA_CNSA_2.0_ALGORITHMS_.PDF"),
            Reference("IANA TLS Supported Groups", url: "https://www.iana.org/assignments/tls-parameters/tls-parameters.xhtml#tls-parameters-8"),
        ],
        triggering: [
            TLSExample.endpoint(#""protocols": ["TLSv1.2", "TLSv1.3"], "suites": {"TLSv1.3": ["TLS_AES_128_GCM_SHA256"]}, "groups": ["x25519", "secp256r1"], "preferredGroup": "x25519""#),
            TLSExample.endpoint(#""protocols": ["TLSv1.2"], "suites": {"TLSv1.2": ["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"]}, "groups": ["secp256r1"]"#,
                                parameters: #""pqTransitionDate": "2031-01-01""#, today: "2026-06-01"),
        ],
        nonTriggering: [
            TLSExample.endpoint(#""protocols": ["TLSv1.3"], "suites": {"TLSv1.3": ["TLS_AES_128_GCM_SHA256"]}, "groups": ["X25519MLKEM768", "x25519"], "preferredGroup": "X25519MLKEM768""#),
        ],
        parameters: ["pqTransitionDate": "(none)"], optIn: true)

    func check(_ endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding] {
        guard !endpoint.protocols.isEmpty else { return [] }
        let pq = endpoint.groups.filter { GroupClass($0) == .postQuantum }
        guard pq.isEmpty else { return [] }
        let message: String
        if !endpoint.protocols.contains("TLSv1.3") {
            message = "TLS 1.3 is not accepted, so no post-quantum (ML-KEM) key exchange is possible"
        } else if endpoint.groups.isEmpty {
            message = "no key exchange group could be determined, so post-quantum (ML-KEM) key exchange was not seen"
        } else {
            message = "the server accepts only classical key exchange groups (\(endpoint.groups.joined(separator: ", "))); hybrid ML-KEM groups such as X25519MLKEM768 were offered and refused"
        }
        let (severity, note) = transition(context)
        return [context.finding(subject: Subject(endpoint: endpoint.endpoint), message + note,
                                evidence: "groups: \(endpoint.groups.isEmpty ? "none recorded" : endpoint.groups.joined(separator: ", "))",
                                severity: severity)]
    }

    /// High from the policy's transition date on; a date that does not parse counts as passed (fail closed).
    private func transition(_ context: RuleContext) -> (Severity?, String) {
        let date = context.parameters.string("pqTransitionDate", default: "")
        guard !date.isEmpty else { return (nil, "") }
        guard let deadline = CivilDate.days(date), date.count == 10 else {
            return (.high, " (pqTransitionDate '\(date)' is not a yyyy-mm-dd date; treated as passed)")
        }
        guard let today = CivilDate.days(context.today), today >= deadline else { return (nil, "; the policy's transition date is \(date)") }
        return (.high, "; the policy's transition date \(date) has passed")
    }
}
