/// Plaintext protocols that upgrade one connection to TLS. Each has a preamble that ends with the server
/// waiting for a ClientHello; the TLS prober and the certificate probe run it on every connection they open.
public enum STARTTLSProtocol: String, CaseIterable, Codable, Sendable, Hashable {
    case smtp, imap, pop3, ftp, ldap, xmpp, postgres, mysql

    /// The well-known plaintext port(s) of each protocol, for `--starttls auto`.
    public static func guess(port: Int) -> STARTTLSProtocol? {
        switch port {
        case 25, 587, 2525: .smtp
        case 143: .imap
        case 110: .pop3
        case 21: .ftp
        case 389: .ldap
        case 5222: .xmpp
        case 5432: .postgres
        case 3306: .mysql
        default: nil
        }
    }

    /// The port a target without one is probed on.
    public var defaultPort: Int {
        switch self {
        case .smtp: 25
        case .imap: 143
        case .pop3: 110
        case .ftp: 21
        case .ldap: 389
        case .xmpp: 5222
        case .postgres: 5432
        case .mysql: 3306
        }
    }

    /// The protocol for a service name the port scan's identification records (`PortFact.service`).
    public static func forService(_ service: String) -> STARTTLSProtocol? {
        switch service {
        case "smtp": .smtp
        case "imap": .imap
        case "pop3": .pop3
        case "ftp": .ftp
        case "ldap": .ldap
        case "xmpp": .xmpp
        case "postgresql", "postgres": .postgres
        case "mysql": .mysql
        default: nil
        }
    }

    /// `--starttls` values: a protocol name, `postgresql` as an alias, or nil for anything else.
    public init?(argument: String) {
        let name = argument.lowercased()
        if name == "postgresql" { self = .postgres; return }
        self.init(rawValue: name)
    }
}

/// What the plaintext part of a STARTTLS conversation showed before the upgrade. Observed from greetings and
/// capability lists only: no credentials are ever sent.
public struct STARTTLSObservation: Sendable, Hashable {
    /// How the server lets a client log in before TLS (e.g. `AUTH PLAIN LOGIN advertised before STARTTLS`);
    /// nil when it does not, or the protocol does not show it.
    public var plaintextLogin: String?
    /// The server marks the upgrade as required (XMPP `<required/>`).
    public var required: Bool?
}

/// Why a STARTTLS preamble did not end with the server ready for TLS, in report words.
public enum STARTTLSError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server does not offer the upgrade (no STARTTLS capability, SSLRequest answered `N`, ...).
    case notOffered(STARTTLSProtocol, String)
    /// The server answered something this protocol does not allow at that point.
    case unexpected(STARTTLSProtocol, String)
    case network(STARTTLSProtocol, NetError)

    public var description: String {
        switch self {
        case .notOffered(let p, let why): "STARTTLS \(p.rawValue): the server does not offer TLS (\(why))"
        case .unexpected(let p, let why): "STARTTLS \(p.rawValue): unexpected reply: \(why)"
        case .network(let p, let e): "STARTTLS \(p.rawValue): \(e)"
        }
    }

    /// As a network error, for callers that report connection failures; the message names the protocol.
    public var netError: NetError {
        if case .network(let p, .timeout(let what)) = self { return .timeout("\(what) (STARTTLS \(p.rawValue))") }
        return .other(description)
    }

    /// A timeout or a reset during the preamble is worth another attempt; every other outcome is an answer.
    public var isRetryable: Bool {
        guard case .network(_, let e) = self else { return false }
        if case .timeout = e { return true }
        return e == .reset
    }
}
