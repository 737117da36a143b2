import RampartCore

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
