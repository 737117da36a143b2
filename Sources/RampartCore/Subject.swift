/// What a finding is about: a place in a file (with the resource and field), a network endpoint,
/// or an element of the design. One struct rather than an enum so that writers can render any of them
/// without switching, and so that drift findings can carry both a file place and an endpoint.
public struct Subject: Codable, Sendable, Hashable {
    /// Where in an input file, when the subject came from one.
    public var location: SourceLocation?
    /// `Kind/namespace/name` for Kubernetes, `service NAME` for Compose, element id for the design.
    public var resource: String?
    /// Dotted field path inside the resource, e.g. `spec.template.spec.containers[0].image`.
    public var fieldPath: String?
    /// Live endpoint, for findings from probes.
    public var endpoint: Endpoint?

    public init(location: SourceLocation? = nil, resource: String? = nil, fieldPath: String? = nil, endpoint: Endpoint? = nil) {
        self.location = location
        self.resource = resource
        self.fieldPath = fieldPath
        self.endpoint = endpoint
    }

    /// Identity that does not move when unrelated lines move: file, resource, field, endpoint; no line numbers.
    public var identity: String {
        var parts: [String] = []
        if let file = location?.file { parts.append(file) }
        if let resource { parts.append(resource) }
        if let fieldPath { parts.append(fieldPath) }
        if let endpoint { parts.append(endpoint.identity) }
        return parts.joined(separator: "|")
    }

    /// Short human form: `file:line:col resource field` or `host:port`.
    public var displayName: String {
        if let endpoint { return endpoint.displayName }
        var parts: [String] = []
        if let location { parts.append(location.description) }
        if let resource { parts.append(resource) }
        return parts.joined(separator: " ")
    }
}

/// A live network endpoint as a finding subject.
public struct Endpoint: Codable, Sendable, Hashable {
    /// Host as the user named it (name or literal).
    public var host: String
    /// The address actually probed, when a name resolved to several.
    public var ip: String?
    public var port: Int?
    /// `tcp` or `udp`.
    public var transport: String
    /// SNI sent, when any.
    public var sni: String?
    /// Application protocol, e.g. `tls`, `http`, `redis`.
    public var service: String?

    public init(host: String, ip: String? = nil, port: Int? = nil, transport: String = "tcp", sni: String? = nil, service: String? = nil) {
        self.host = host
        self.ip = ip
        self.port = port
        self.transport = transport
        self.sni = sni
        self.service = service
    }

    public var identity: String {
        "\(host)|\(ip ?? "")|\(port.map(String.init) ?? "")/\(transport)"
    }

    public var displayName: String {
        // Brackets only separate an IPv6 literal from a port that follows it.
        let h = host.contains(":") && port != nil ? "[\(host)]" : host
        var s = port.map { "\(h):\($0)/\(transport)" } ?? h
        if let ip, ip != host { s += " (\(ip))" }
        return s
    }
}
