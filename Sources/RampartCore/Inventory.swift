/// What a run looked at, listed whether or not anything was found there: an auditor hands this on as the
/// record of what was in scope. Built from facts only (never from findings).
public struct Inventory: Codable, Sendable, Hashable {
    /// Systems and their services from a design model. Empty until a design loader fills it.
    public var systems: [InventorySystem] = []
    public var workloads: [InventoryWorkload] = []
    public var composeServices: [InventoryComposeService] = []
    /// Live TLS endpoints with the protocols and suites they accept and their certificate.
    public var endpoints: [InventoryEndpoint] = []
    /// Port-scanned addresses with every open port and the service identified on it.
    public var hosts: [InventoryHost] = []

    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        systems = try c.decodeIfPresent([InventorySystem].self, forKey: .systems) ?? []
        workloads = try c.decodeIfPresent([InventoryWorkload].self, forKey: .workloads) ?? []
        composeServices = try c.decodeIfPresent([InventoryComposeService].self, forKey: .composeServices) ?? []
        endpoints = try c.decodeIfPresent([InventoryEndpoint].self, forKey: .endpoints) ?? []
        hosts = try c.decodeIfPresent([InventoryHost].self, forKey: .hosts) ?? []
    }

    public var isEmpty: Bool {
        systems.isEmpty && workloads.isEmpty && composeServices.isEmpty && endpoints.isEmpty && hosts.isEmpty
    }

    public mutating func merge(_ other: Inventory) {
        systems += other.systems
        workloads += other.workloads
        composeServices += other.composeServices
        endpoints += other.endpoints
        hosts += other.hosts
    }

    /// Stable order, so that the same facts give the same report bytes whatever order files were read in.
    public func sorted() -> Inventory {
        var s = self
        s.systems.sort { $0.name < $1.name }
        s.workloads.sort { ($0.location?.file ?? "", $0.location?.line ?? 0, $0.name) < ($1.location?.file ?? "", $1.location?.line ?? 0, $1.name) }
        s.composeServices.sort { ($0.location?.file ?? "", $0.location?.line ?? 0, $0.name) < ($1.location?.file ?? "", $1.location?.line ?? 0, $1.name) }
        s.endpoints.sort { ($0.host, $0.ip, $0.port) < ($1.host, $1.ip, $1.port) }
        s.hosts.sort { ($0.host, $0.ip) < ($1.host, $1.ip) }
        return s
    }
}

/// A system of the design and its services (filled by the design stage).
public struct InventorySystem: Codable, Sendable, Hashable {
    public var name: String
    /// Declared security level (Decree 85/2016, 1–5), when the design states it.
    public var level: Int?
    public var services: [String]
    public var location: SourceLocation?

    public init(name: String, level: Int? = nil, services: [String] = [], location: SourceLocation? = nil) {
        self.name = name
        self.level = level
        self.services = services
        self.location = location
    }
}

/// A Kubernetes object that runs pods.
public struct InventoryWorkload: Codable, Sendable, Hashable {
    public var kind: String
    public var namespace: String
    public var name: String
    public var location: SourceLocation?
    public var images: [String]
    /// `containerPort`s declared, in order, without duplicates.
    public var ports: [Int]

    public init(kind: String, namespace: String, name: String, location: SourceLocation?, images: [String], ports: [Int]) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.location = location
        self.images = images
        self.ports = ports
    }
}

/// A Docker Compose service.
public struct InventoryComposeService: Codable, Sendable, Hashable {
    public var name: String
    public var location: SourceLocation?
    public var image: String?
    /// `ports` entries as written (short syntax) or `published:target` (long syntax).
    public var ports: [String]

    public init(name: String, location: SourceLocation?, image: String?, ports: [String]) {
        self.name = name
        self.location = location
        self.image = image
        self.ports = ports
    }
}

/// A live TLS endpoint.
public struct InventoryEndpoint: Codable, Sendable, Hashable {
    public var host: String
    public var ip: String
    public var port: Int
    public var sni: String?
    /// Accepted protocol versions, oldest first.
    public var protocols: [String]
    /// Accepted suites per protocol version (IANA names).
    public var suites: [String: [String]]
    public var certificate: InventoryCertificate?
    /// HTTP status of the GET over TLS, when one was made.
    public var httpStatus: Int?

    public init(host: String, ip: String, port: Int, sni: String?, protocols: [String], suites: [String: [String]],
                certificate: InventoryCertificate?, httpStatus: Int?) {
        self.host = host
        self.ip = ip
        self.port = port
        self.sni = sni
        self.protocols = protocols
        self.suites = suites
        self.certificate = certificate
        self.httpStatus = httpStatus
    }
}

/// The leaf certificate an endpoint served.
public struct InventoryCertificate: Codable, Sendable, Hashable {
    public var subject: String
    public var issuer: String
    public var notBefore: String
    public var notAfter: String
    public var keyType: String
    public var keyBits: Int
    public var signatureAlgorithm: String
    public var subjectAltNames: [String]
    public var trusted: Bool

    public init(subject: String, issuer: String, notBefore: String, notAfter: String, keyType: String, keyBits: Int,
                signatureAlgorithm: String, subjectAltNames: [String], trusted: Bool) {
        self.subject = subject
        self.issuer = issuer
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.keyType = keyType
        self.keyBits = keyBits
        self.signatureAlgorithm = signatureAlgorithm
        self.subjectAltNames = subjectAltNames
        self.trusted = trusted
    }
}

/// One scanned address: counts, and every open port.
public struct InventoryHost: Codable, Sendable, Hashable {
    public var host: String
    public var ip: String
    public var portsScanned: Int?
    public var closed: Int?
    public var filtered: Int?
    public var openPorts: [InventoryPort]

    public init(host: String, ip: String, portsScanned: Int?, closed: Int?, filtered: Int?, openPorts: [InventoryPort]) {
        self.host = host
        self.ip = ip
        self.portsScanned = portsScanned
        self.closed = closed
        self.filtered = filtered
        self.openPorts = openPorts
    }
}

/// An open port and what answered on it.
public struct InventoryPort: Codable, Sendable, Hashable {
    public var port: Int
    /// Identified service (`ssh`, `http`, `redis` …), `unknown`, or nil when not probed.
    public var service: String?
    public var product: String?
    public var version: String?
    public var tls: Bool?
    /// `not-required`, `required` or `unknown`, when the protocol was asked.
    public var authentication: String?

    public init(port: Int, service: String?, product: String?, version: String?, tls: Bool?, authentication: String?) {
        self.port = port
        self.service = service
        self.product = product
        self.version = version
        self.tls = tls
        self.authentication = authentication
    }
}
