/// What a TCP scan of one address found: how many ports were asked about, and a record for every port that
/// answered (open) or stayed silent (filtered, when few enough to list). Closed ports are only counted:
/// listing 65,000 of them would bury the evidence.
public struct HostPortFacts: Codable, Sendable, Hashable {
    /// Host as the user named it (name, literal, or the CIDR it came from).
    public var host: String
    /// The address scanned.
    public var ip: String
    /// The port specification as given (`top`, `all`, `22,80,8000-8100`).
    public var portSpec: String?
    /// How many ports were scanned, and how many of them were closed / filtered.
    public var portsScanned: Int?
    public var closedCount: Int?
    public var filteredCount: Int?
    /// Open ports (all of them) and filtered ports (when there are at most `PortFact.filteredListLimit`).
    /// UDP ports appear only when a protocol replied (`transport: udp`).
    public var ports: [PortFact]
    /// UDP: ports asked, ports that said closed (ICMP unreachable), and ports that stayed silent (open or
    /// filtered: UDP cannot tell, so they are never reported as open).
    public var udpPortSpec: String?
    public var udpPortsScanned: Int?
    public var udpClosedCount: Int?
    public var udpOpenFilteredCount: Int?

    public init(host: String, ip: String, portSpec: String? = nil, portsScanned: Int? = nil, closedCount: Int? = nil,
                filteredCount: Int? = nil, ports: [PortFact] = []) {
        self.host = host
        self.ip = ip
        self.portSpec = portSpec
        self.portsScanned = portsScanned
        self.closedCount = closedCount
        self.filteredCount = filteredCount
        self.ports = ports
    }

    public var openPorts: [PortFact] { ports.filter { $0.state == .open } }
}

/// A TCP port's state as a connect scan sees it.
public enum PortState: String, Codable, Sendable, Hashable {
    /// The handshake completed.
    case open
    /// The host answered with a reset (ECONNREFUSED).
    case closed
    /// No answer within the timeout, after retries (or an ICMP unreachable).
    case filtered
}

/// Whether a service let an anonymous client use it.
public enum AuthenticationState: String, Codable, Sendable, Hashable {
    /// The service answered a command that needs no credentials only when authentication is off
    /// (Redis +PONG, MongoDB listDatabases ok, MQTT CONNACK 0, HTTP API 200 ...).
    case notRequired = "not-required"
    /// The service refused the anonymous request (NOAUTH, Unauthorized, 401/403, CONNACK 5 ...).
    case required
    case unknown
}

/// One port: its state and, when open, what the identification probes proved about the service on it.
public struct PortFact: Codable, Sendable, Hashable {
    public static let filteredListLimit = 256

    public var port: Int
    public var state: PortState
    /// `udp` for a port found by the UDP scan; nil (or `tcp`) for the TCP scan.
    public var transport: String?
    /// Service proven by its own protocol reply: `ssh`, `http`, `redis`, `mongodb`, `tls`, ... `unknown` when
    /// the port is open but nothing matched; nil when not probed.
    public var service: String?
    /// Product and version as the service announced them (trimmed, printable, bounded).
    public var product: String?
    public var version: String?
    /// The port speaks TLS from the first byte (implicit TLS).
    public var tls: Bool?
    /// The plaintext protocol offers an upgrade to TLS (SMTP STARTTLS, PostgreSQL SSLRequest 'S', MySQL
    /// CLIENT_SSL, FTP AUTH TLS); nil when the protocol has no such upgrade or it was not asked.
    public var tlsUpgrade: Bool?
    /// Whether an anonymous request was served; nil when the protocol was not asked.
    public var authentication: AuthenticationState?
    /// The exact reply that proved the service (and its authentication state), trimmed, without secrets.
    public var evidence: String?
    /// Small protocol-specific facts (e.g. `http.authenticate: Basic`, `http.server: nginx`).
    public var details: [String: String]?

    public init(port: Int, state: PortState, service: String? = nil, product: String? = nil, version: String? = nil,
                tls: Bool? = nil, tlsUpgrade: Bool? = nil, authentication: AuthenticationState? = nil,
                evidence: String? = nil, details: [String: String]? = nil) {
        self.port = port
        self.state = state
        self.service = service
        self.product = product
        self.version = version
        self.tls = tls
        self.tlsUpgrade = tlsUpgrade
        self.authentication = authentication
        self.evidence = evidence
        self.details = details
    }
}
