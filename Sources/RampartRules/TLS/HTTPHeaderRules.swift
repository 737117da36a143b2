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

private func http(_ headers: String, status: Int = 200, extra: String = "") -> String {
    TLSExample.endpoint("\"protocols\": [\"TLSv1.3\"], \"http\": {\"status\": \(status), \"headers\": [\(headers)]\(extra.isEmpty ? "" : ", " + extra)}")
}

private func header(_ name: String, _ value: String) -> String { "{\"name\": \"\(name)\", \"value\": \"\(value)\"}" }

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

struct CSPMissing: RequiredHeaderRule {
    static let headerNames = ["content-security-policy"]
    static let description = RuleDescription(
        id: "http/csp-missing", title: "No Content-Security-Policy", severity: .low,
        rationale: "A Content-Security-Policy limits where scripts may come from, turning most injected markup (XSS) into inert text.",
        remediation: "Send a Content-Security-Policy, starting from `default-src 'self'`.",
        references: [Reference("W3C Content Security Policy Level 3", url: "https://www.w3.org/TR/CSP3/"), .owasp("Content Security Policy Cheat Sheet")],
        triggering: [http(header("strict-transport-security", "max-age=31536000"))],
        nonTriggering: [http(header("content-security-policy", "default-src 'self'"))])
}

struct XCTOMissing: HTTPResponseRule {
    static let description = RuleDescription(
        id: "http/xcto-missing", title: "No X-Content-Type-Options: nosniff", severity: .low,
        rationale: "Without nosniff, browsers may guess a response's type and run an uploaded file as script.",
        remediation: "Send `X-Content-Type-Options: nosniff`.",
        references: [Reference("WHATWG Fetch Standard", section: "X-Content-Type-Options", url: "https://fetch.spec.whatwg.org/#x-content-type-options-header"), .owasp("HTTP Headers Cheat Sheet")],
        triggering: [http(header("x-content-type-options", "sniff-please"))],
        nonTriggering: [http(header("x-content-type-options", "nosniff"))])

    func check(_ h: HTTPFacts, of endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding] {
        guard h.header("x-content-type-options")?.lowercased().contains("nosniff") != true else { return [] }
        return [context.finding(endpoint, "X-Content-Type-Options is \(h.header("x-content-type-options").map { "'\($0)'" } ?? "missing"); expected nosniff",
                                evidence: "GET / → \(h.status ?? 0)")]
    }
}

struct FrameProtectionMissing: HTTPResponseRule {
    static let description = RuleDescription(
        id: "http/frame-protection-missing", title: "No clickjacking protection", severity: .low,
        rationale: "A page that any site may frame can be overlaid with decoys so that users click on it unknowingly (clickjacking).",
        remediation: "Send `Content-Security-Policy: frame-ancestors 'self'` (or `X-Frame-Options: DENY`/`SAMEORIGIN`).",
        references: [.rfc(7034), Reference("W3C Content Security Policy Level 3", section: "frame-ancestors", url: "https://www.w3.org/TR/CSP3/#directive-frame-ancestors")],
        triggering: [http(header("content-security-policy", "default-src 'self'"))],
        nonTriggering: [http(header("x-frame-options", "DENY")), http(header("content-security-policy", "frame-ancestors 'none'"))])

    func check(_ h: HTTPFacts, of endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding] {
        if h.header("x-frame-options") != nil { return [] }
        if h.header("content-security-policy")?.lowercased().contains("frame-ancestors") == true { return [] }
        return [context.finding(endpoint, "neither X-Frame-Options nor CSP frame-ancestors is set", evidence: "GET / → \(h.status ?? 0)")]
    }
}

struct ReferrerPolicyMissing: RequiredHeaderRule {
    static let headerNames = ["referrer-policy"]
    static let description = RuleDescription(
        id: "http/referrer-policy-missing", title: "No Referrer-Policy", severity: .low,
        rationale: "Without a Referrer-Policy, full URLs (which in e-government services may carry case numbers or tokens) leak to third-party sites.",
        remediation: "Send `Referrer-Policy: strict-origin-when-cross-origin` or stricter.",
        references: [Reference("W3C Referrer Policy", url: "https://www.w3.org/TR/referrer-policy/"), .owasp("HTTP Headers Cheat Sheet")],
        triggering: [http(header("x-frame-options", "DENY"))],
        nonTriggering: [http(header("referrer-policy", "no-referrer"))])
}

struct CookieInsecure: HTTPResponseRule {
    static let description = RuleDescription(
        id: "http/cookie-insecure", title: "Cookie without Secure, HttpOnly or SameSite", severity: .medium,
        rationale: "A cookie without Secure can be sent over plain HTTP; without HttpOnly it is readable by injected script; without SameSite it rides along on cross-site requests (CSRF).",
        remediation: "Set cookies with `Secure; HttpOnly; SameSite=Lax` (or Strict).",
        references: [.rfc(6265, section: "4.1.2.5"), .owasp("Session Management Cheat Sheet")],
        triggering: [http("", extra: #""cookies": [{"name": "SESSIONID", "secure": false, "httpOnly": true, "sameSite": "Lax"}]"#)],
        nonTriggering: [http("", extra: #""cookies": [{"name": "SESSIONID", "secure": true, "httpOnly": true, "sameSite": "Strict"}]"#)])

    func check(_ h: HTTPFacts, of endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding] {
        h.cookies.compactMap { c in
            var missing: [String] = []
            if !c.secure { missing.append("Secure") }
            if !c.httpOnly { missing.append("HttpOnly") }
            if c.sameSite == nil || c.sameSite?.isEmpty == true { missing.append("SameSite") }
            guard !missing.isEmpty else { return nil }
            // The cookie's name only: its value may be a session secret.
            return context.finding(endpoint, "cookie '\(c.name)' is set without \(missing.joined(separator: ", "))",
                                   evidence: "Set-Cookie: \(c.name)=…", discriminator: c.name)
        }
    }
}

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
