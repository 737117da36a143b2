/// A time-limited exception: a rule waived for subjects matching a glob, with a reason, an owner and an
/// expiry date after which it stops waiving (and says so).
public struct Waiver: Codable, Sendable, Hashable {
    /// Rule id or glob.
    public var rule: String
    /// Glob over the subject: resource (`Deployment/prod/*`), file path, or `host:port`.
    public var subject: String
    public var reason: String
    public var owner: String
    /// `yyyy-mm-dd`, inclusive.
    public var expires: String
    /// Where the waiver was declared, for messages about it.
    public var declaredAt: SourceLocation?

    public init(rule: String, subject: String, reason: String, owner: String, expires: String, declaredAt: SourceLocation? = nil) {
        self.rule = rule
        self.subject = subject
        self.reason = reason
        self.owner = owner
        self.expires = expires
        self.declaredAt = declaredAt
    }

    public func matches(_ finding: Finding) -> Bool {
        guard Glob.matches(rule, finding.ruleID) else { return false }
        let s = finding.subject
        let candidates = [s.resource, s.location?.file, s.endpoint.map { "\($0.host):\($0.port.map(String.init) ?? "")" },
                          s.endpoint?.ip.map { "\($0):\(s.endpoint?.port.map(String.init) ?? "")" }, s.fieldPath.map { "\(s.resource ?? ""):\($0)" }]
        return candidates.compactMap { $0 }.contains { Glob.matches(subject, $0) }
    }

    /// True when `today` (yyyy-mm-dd) is after the expiry date. ISO dates compare as strings.
    public func isExpired(today: String) -> Bool { today > expires }
}

/// Shell-style globs: `*` matches any run of characters (slashes included), `?` one character.
public enum Glob {
    public static func matches(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern.utf8), t = Array(text.utf8)
        var pi = 0, ti = 0, star = -1, mark = 0
        // Linear backtracking over the last star: bounded by |p| * |t|.
        while ti < t.count {
            if pi < p.count, p[pi] == UInt8(ascii: "?") || p[pi] == t[ti] {
                pi += 1; ti += 1
            } else if pi < p.count, p[pi] == UInt8(ascii: "*") {
                star = pi; mark = ti; pi += 1
            } else if star >= 0 {
                pi = star + 1; mark += 1; ti = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == UInt8(ascii: "*") { pi += 1 }
        return pi == p.count
    }
}
