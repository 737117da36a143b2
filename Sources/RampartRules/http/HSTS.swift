import RampartCore

/// Parsed Strict-Transport-Security (RFC 6797 6.1).
struct HSTS {
    var maxAge: Int?
    var includeSubDomains: Bool

    init(_ value: String) {
        maxAge = nil
        includeSubDomains = false
        for directive in value.split(separator: ";") {
            let kv = directive.split(separator: "=", maxSplits: 1).map { $0.filter { $0 != " " && $0 != "\"" } }
            switch kv.first?.lowercased() ?? "" {
            case "max-age": maxAge = kv.count > 1 ? Int(kv[1]) : nil
            case "includesubdomains": includeSubDomains = true
            default: break
            }
        }
    }
}

struct HSTSMissing: HTTPResponseRule {
    static let description = RuleDescription(
        id: "http/hsts-missing", title: "No HSTS header", severity: .medium,
        rationale: "Without Strict-Transport-Security, a user's first plain-HTTP request can be intercepted and the session stripped of TLS.",
        remediation: "Send `Strict-Transport-Security: max-age=31536000; includeSubDomains` on every HTTPS response.",
        references: [.rfc(6797), .owasp("HTTP Strict Transport Security Cheat Sheet")],
        triggering: [http(header("content-type", "text/html"))],
        nonTriggering: [http(header("strict-transport-security", "max-age=63072000; includeSubDomains"))])

    func check(_ h: HTTPFacts, of endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding] {
        guard h.header("strict-transport-security") == nil else { return [] }
        return [context.finding(endpoint, "the HTTPS response has no Strict-Transport-Security header", evidence: "GET / → \(h.status ?? 0)")]
    }
}

struct HSTSShortMaxAge: HTTPResponseRule {
    static let description = RuleDescription(
        id: "http/hsts-short-max-age", title: "HSTS max-age too short", severity: .low,
        rationale: "A short max-age lets the protection lapse between visits; the HSTS preload list requires at least one year.",
        remediation: "Raise max-age to at least the policy's hstsMinAge (one year by default).",
        references: [.rfc(6797, section: "6.1.1"), Reference("HSTS preload list requirements", url: "https://hstspreload.org/")],
        triggering: [http(header("strict-transport-security", "max-age=3600"))],
        nonTriggering: [http(header("strict-transport-security", "max-age=31536000; includeSubDomains"))],
        parameters: ["hstsMinAge": "31536000"])

    func check(_ h: HTTPFacts, of endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding] {
        let minimum = context.parameters.int("hstsMinAge", default: 31_536_000)
        guard let value = h.header("strict-transport-security") else { return [] }
        let age = HSTS(value).maxAge ?? 0
        guard age < minimum else { return [] }
        return [context.finding(endpoint, "HSTS max-age is \(age) seconds; the policy requires at least \(minimum)", evidence: "Strict-Transport-Security: \(value)")]
    }
}

struct HSTSNoSubdomains: HTTPResponseRule {
    static let description = RuleDescription(
        id: "http/hsts-no-subdomains", title: "HSTS without includeSubDomains", severity: .low,
        rationale: "Without includeSubDomains, sibling hosts can be reached over plain HTTP and used to set cookies for the parent domain.",
        remediation: "Add includeSubDomains once every subdomain serves HTTPS.",
        references: [.rfc(6797, section: "6.1.2")],
        triggering: [http(header("strict-transport-security", "max-age=31536000"))],
        nonTriggering: [http(header("strict-transport-security", "max-age=31536000; includeSubDomains"))])

    func check(_ h: HTTPFacts, of endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding] {
        guard let value = h.header("strict-transport-security"), !HSTS(value).includeSubDomains else { return [] }
        return [context.finding(endpoint, "HSTS does not include subdomains", evidence: "Strict-Transport-Security: \(value)")]
    }
}
