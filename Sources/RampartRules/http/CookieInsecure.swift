import RampartCore

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
