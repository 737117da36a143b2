import RampartCore

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
