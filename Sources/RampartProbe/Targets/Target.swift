import RampartCore

/// A live target as the user named it: `host`, `host:port`, `[v6]:port`, an IP literal or an
/// `https://host[:port]/` URL. Parsing only; resolution and scope checks come after.
public struct Target: Sendable, Hashable, CustomStringConvertible {
    /// Host name or IP literal, without brackets.
    public var host: String
    /// Port if the user gave one (or the URL scheme implies it).
    public var port: Int?
    /// `https`, `http` or nil.
    public var scheme: String?
    /// The text the user wrote, for messages and report subjects.
    public var original: String

    public init(host: String, port: Int? = nil, scheme: String? = nil, original: String? = nil) {
        self.host = host
        self.port = port
        self.scheme = scheme
        self.original = original ?? host
    }

    public var description: String { original }

    public enum ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        case empty
        case badPort(String)
        case badHost(String)
        case unsupportedScheme(String)

        public var description: String {
            switch self {
            case .empty: "empty target"
            case .badPort(let t): "'\(t)': port must be a number from 1 to 65535"
            case .badHost(let t): "'\(t)': not a host name or IP address"
            case .unsupportedScheme(let t): "'\(t)': only https:// and http:// URLs are accepted"
            }
        }
    }

    public static func parse(_ text: String) -> Result<Target, ParseError> {
        var rest = Substring(text.trimmingWhitespace)
        guard !rest.isEmpty else { return .failure(.empty) }
        var scheme: String?
        let parts = rest.split(separator: "://", maxSplits: 1, omittingEmptySubsequences: false)
        if parts.count == 2 {
            let s = parts[0].lowercased()
            guard s == "https" || s == "http" else { return .failure(.unsupportedScheme(text)) }
            scheme = s
            rest = parts[1]
            // Drop path, query and user info.
            if let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { rest = rest[..<slash] }
            if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        }
        var host: Substring
        var portText: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return .failure(.badHost(text)) }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty { return .failure(.badHost(text)) }
        } else if rest.filter({ $0 == ":" }).count == 1 {
            let colon = rest.firstIndex(of: ":")!
            host = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
        } else {
            // No colon, or a bare IPv6 literal (several colons).
            host = rest
        }
        var port: Int?
        if let portText {
            guard let p = Int(portText), (1...65535).contains(p) else { return .failure(.badPort(text)) }
            port = p
        } else if let scheme {
            port = scheme == "https" ? 443 : 80
        }
        let hostString = String(host)
        guard isValidHost(hostString) else { return .failure(.badHost(text)) }
        return .success(Target(host: hostString, port: port, scheme: scheme, original: text.trimmingWhitespace))
    }

    /// A DNS name (letters, digits, hyphens, dots, underscores; no label starts or ends with a hyphen,
    /// RFC 1123 section 2.1) or an IP literal.
    static func isValidHost(_ host: String) -> Bool {
        guard !host.isEmpty, host.utf8.count <= 253 else { return false }
        if Resolver.isLiteral(host) { return true }
        if host.contains(":") { return false }
        return host.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-") && label.allSatisfy { $0.isLetter && $0.isASCII || $0.isNumber && $0.isASCII || $0 == "-" || $0 == "_" }
        }
    }
}
