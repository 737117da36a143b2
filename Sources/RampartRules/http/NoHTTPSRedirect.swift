import RampartCore

struct NoHTTPSRedirect: TLSEndpointRule {
    static let description = RuleDescription(
        id: "http/no-https-redirect", title: "Plain HTTP does not redirect to HTTPS", severity: .medium,
        rationale: "A plain-HTTP port that serves content instead of redirecting keeps users on an unencrypted, modifiable channel.",
        remediation: "Answer every plain-HTTP request with a 301/308 redirect to the https:// URL.",
        references: [.rfc(6797, section: "7.2"), .nist80053("SC-8")],
        triggering: [TLSExample.endpoint(#""protocols": ["TLSv1.3"], "http": {"status": 200, "plainRedirect": {"port": 80, "status": 200}}"#)],
        nonTriggering: [TLSExample.endpoint(#""protocols": ["TLSv1.3"], "http": {"status": 200, "plainRedirect": {"port": 80, "status": 301, "location": "https://portal.city.example/"}}"#),
                        TLSExample.endpoint(#""protocols": ["TLSv1.3"], "http": {"status": 200}"#)])

    func check(_ endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding] {
        guard let r = endpoint.http?.plainRedirect, !r.redirectsToHTTPS else { return [] }
        let seen = r.error.map { "no HTTP answer (\($0))" } ?? "status \(r.status.map(String.init) ?? "?")\(r.location.map { " to \($0)" } ?? "")"
        // A closed plain-HTTP port is not a missing redirect.
        if r.error != nil && r.status == nil { return [] }
        return [context.finding(endpoint, "plain HTTP on port \(r.port) answered \(seen); expected a redirect to https://",
                                evidence: "http://\(endpoint.host):\(r.port)/ → \(seen)")]
    }
}
