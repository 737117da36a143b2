import RampartCore

struct ServerVersionDisclosed: HTTPResponseRule {
    static let description = RuleDescription(
        id: "http/server-version-disclosed", title: "Server software version disclosed", severity: .low,
        rationale: "A version in Server or X-Powered-By tells attackers which known vulnerabilities to try, without any probing.",
        remediation: "Hide versions (nginx `server_tokens off;`, Apache `ServerTokens Prod`, remove X-Powered-By).",
        references: [.rfc(9110, section: "10.2.4"), .owasp("HTTP Headers Cheat Sheet")],
        triggering: [http(header("server", "nginx/1.22.1"))],
        nonTriggering: [http(header("server", "nginx"))])

    func check(_ h: HTTPFacts, of endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding] {
        ["server", "x-powered-by", "x-aspnet-version"].compactMap { name in
            guard let value = h.header(name), value.contains(where: \.isNumber) else { return nil }
            return context.finding(endpoint, "the \(name) header discloses a version: '\(value)'", evidence: "\(name): \(value)", discriminator: name)
        }
    }
}
