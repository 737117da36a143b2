import RampartCore

/// Shared shape: rules about the HTTP response served over TLS (only when one was received).
protocol HTTPResponseRule: TLSEndpointRule {
    func check(_ http: HTTPFacts, of endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding]
}

extension HTTPResponseRule {
    public func check(_ endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding] {
        guard let http = endpoint.http, http.status != nil else { return [] }
        return check(http, of: endpoint, context)
    }
}

func http(_ headers: String, status: Int = 200, extra: String = "") -> String {
    TLSExample.endpoint("\"protocols\": [\"TLSv1.3\"], \"http\": {\"status\": \(status), \"headers\": [\(headers)]\(extra.isEmpty ? "" : ", " + extra)}")
}

func header(_ name: String, _ value: String) -> String { "{\"name\": \"\(name)\", \"value\": \"\(value)\"}" }

/// Shared shape: a response header that should be present.
protocol RequiredHeaderRule: HTTPResponseRule {
    static var headerNames: [String] { get }
    static func satisfied(_ h: HTTPFacts) -> Bool
}

extension RequiredHeaderRule {
    static func satisfied(_ h: HTTPFacts) -> Bool { headerNames.contains { h.header($0) != nil } }

    func check(_ h: HTTPFacts, of endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding] {
        guard !Self.satisfied(h) else { return [] }
        return [context.finding(endpoint, "the response has no \(Self.headerNames.joined(separator: " or ")) header", evidence: "GET / → \(h.status ?? 0)")]
    }
}
