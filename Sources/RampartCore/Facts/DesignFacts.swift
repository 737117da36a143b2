/// The design of a system (a `rampart: design` file and everything it includes): what services it has, who
/// owns them, which zone each lives in, what data each handles and which flows cross which boundary.
/// Loaded by `RampartDesign`; judged by `design/*` rules and, against manifests and live facts, by drift rules.
/// Every element knows where it was declared, and `fields` holds the place of each key the element declared,
/// so that a finding about `encrypted: false` lands on that line rather than on the element.
public struct DesignModel: Codable, Sendable, Equatable {
    /// The root design file as the user named it.
    public var file: String
    /// The root file and every included file, in load order.
    public var files: [String]
    /// The `rampart: design` header of the root file.
    public var location: SourceLocation
    public var system: DesignSystem
    public var zones: [DesignZone]
    /// Everything that runs: web apps, APIs, brokers, identity providers, gateways, consoles.
    public var services: [DesignService]
    /// Everything that stores: databases, caches, object stores, queues with persistence. Same shape as a
    /// service (so flows, endpoints and links work alike); `section` tells them apart.
    public var datastores: [DesignService]
    public var flows: [DesignFlow]
    /// The central monitoring feed the system's logs go to (Circular 31/2017), when one is declared.
    public var monitoring: DesignMonitoring?

    public init(file: String, files: [String] = [], location: SourceLocation, system: DesignSystem,
                zones: [DesignZone] = [], services: [DesignService] = [], datastores: [DesignService] = [],
                flows: [DesignFlow] = [], monitoring: DesignMonitoring? = nil) {
        self.file = file
        self.files = files.isEmpty ? [file] : files
        self.location = location
        self.system = system
        self.zones = zones
        self.services = services
        self.datastores = datastores
        self.flows = flows
        self.monitoring = monitoring
    }

    /// Services then datastores: every element a flow may name.
    public var elements: [DesignService] { services + datastores }

    public func element(named name: String) -> DesignService? {
        services.first { $0.name == name } ?? datastores.first { $0.name == name }
    }

    public func zone(named name: String) -> DesignZone? {
        zones.first { $0.name == name }
    }

    /// The zone an element lives in, when it declares one that exists.
    public func zone(of element: DesignService) -> DesignZone? {
        element.zone.flatMap { zone(named: $0) }
    }
}

/// Where a design key was declared. `fields` maps a key path relative to the element (`encrypted`,
/// `criteria.personalDataSubjects`, `endpoints[0].tls`) to the place of its value.
public protocol DesignLocated {
    var location: SourceLocation { get }
    var fields: [String: SourceLocation] { get }
}

extension DesignLocated {
    /// The place of `field`, or of the element when the field was not written (a missing field is a finding
    /// about the element).
    public func location(of field: String) -> SourceLocation {
        fields[field] ?? location
    }
}

// MARK: - System and Decree 85/2016 level criteria

public struct DesignSystem: Codable, Sendable, Equatable, DesignLocated {
    public var name: String
    public var agency: String?
    public var owner: String?
    public var contact: String?
    /// Declared security level under Decree 85/2016/ND-CP (1–5); nil when the design does not declare one.
    public var level: Int?
    /// The facts that decide the level (Decree 85/2016 Arts. 7–11).
    public var criteria: DesignLevelCriteria
    public var location: SourceLocation
    public var fields: [String: SourceLocation]

    public init(name: String, agency: String? = nil, owner: String? = nil, contact: String? = nil, level: Int? = nil,
                criteria: DesignLevelCriteria = DesignLevelCriteria(), location: SourceLocation,
                fields: [String: SourceLocation] = [:]) {
        self.name = name
        self.agency = agency
        self.owner = owner
        self.contact = contact
        self.level = level
        self.criteria = criteria
        self.location = location
        self.fields = fields
    }
}

/// The facts Decree 85/2016 Arts. 7–11 decide a level from. Unknown (nil) facts never raise the level; the
/// level rule says which facts were missing.
public struct DesignLevelCriteria: Codable, Sendable, Equatable {
    /// Whom the system serves.
    public enum Audience: String, Codable, Sendable, CaseIterable {
        /// The agency's own internal operations.
        case `internal`
        case citizens, businesses
        /// Other state agencies.
        case agencies
    }

    /// How widely an infrastructure system is shared (Art. 4.2 shared infrastructure).
    public enum SharedScope: String, Codable, Sendable, CaseIterable, Comparable {
        case none, body, sector, province, national

        private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
        public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
    }

    public var serves: [Audience]
    /// Highest level of online public service provided (1–4), per the levels of online public services.
    public var onlinePublicServiceLevel: Int?
    /// Number of data subjects whose personal data the system processes.
    public var personalDataSubjects: Int?
    public var sharedInfrastructure: SharedScope?
    /// Must run 24/7 and accept no unplanned stop.
    public var operates24x7: Bool?
    /// Industrial control of construction works (Art. 10, 11).
    public var industrialControl: Bool?
    /// Directly serves national defence / security or handles state secrets (Art. 11).
    public var stateSecrets: Bool?
    /// Part of national critical information infrastructure (Art. 11).
    public var nationalCritical: Bool?

    public init(serves: [Audience] = [], onlinePublicServiceLevel: Int? = nil, personalDataSubjects: Int? = nil,
                sharedInfrastructure: SharedScope? = nil, operates24x7: Bool? = nil, industrialControl: Bool? = nil,
                stateSecrets: Bool? = nil, nationalCritical: Bool? = nil) {
        self.serves = serves
        self.onlinePublicServiceLevel = onlinePublicServiceLevel
        self.personalDataSubjects = personalDataSubjects
        self.sharedInfrastructure = sharedInfrastructure
        self.operates24x7 = operates24x7
        self.industrialControl = industrialControl
        self.stateSecrets = stateSecrets
        self.nationalCritical = nationalCritical
    }
}

// MARK: - Zones

/// A trust boundary. `trust` orders zones: higher is more trusted (internet 0, DMZ 1, application 2, data 3,
/// management 4 by default), so "crosses a boundary" and "goes up in trust" are plain comparisons.
public struct DesignZone: Codable, Sendable, Equatable, DesignLocated {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case internet, dmz, application, data, management, field, partner, other

        /// Default trust when the design does not set one.
        public var defaultTrust: Int {
            switch self {
            case .internet: 0
            case .partner, .field: 1
            case .dmz: 1
            case .application, .other: 2
            case .data: 3
            case .management: 4
            }
        }
    }

    public var name: String
    public var kind: Kind
    public var trust: Int
    public var description: String?
    public var location: SourceLocation
    public var fields: [String: SourceLocation]

    public init(name: String, kind: Kind, trust: Int? = nil, description: String? = nil, location: SourceLocation,
                fields: [String: SourceLocation] = [:]) {
        self.name = name
        self.kind = kind
        self.trust = trust ?? kind.defaultTrust
        self.description = description
        self.location = location
        self.fields = fields
    }
}

// MARK: - Data

/// Classification of data, ordered from least to most sensitive.
public enum DataClassification: String, Codable, Sendable, CaseIterable, Comparable {
    case `public`
    case `internal`
    case personal
    /// Sensitive personal data (Decree 13/2023 Art. 2.4: health, biometrics, location, …).
    case sensitivePersonal = "sensitive-personal"
    case confidential
    /// State secrets.
    case secret

    private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }

    public var isPersonal: Bool { self == .personal || self == .sensitivePersonal }
}

/// A kind of data a service handles or a flow carries.
public struct DesignData: Codable, Sendable, Equatable {
    public var name: String
    public var classification: DataClassification
    public var location: SourceLocation

    public init(name: String, classification: DataClassification, location: SourceLocation) {
        self.name = name
        self.classification = classification
        self.location = location
    }
}

// MARK: - Services and datastores

public struct DesignService: Codable, Sendable, Equatable, DesignLocated {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case web, api, worker, broker
        case identityProvider = "identity-provider"
        case iotGateway = "iot-gateway"
        case adminConsole = "admin-console"
        case gateway, monitoring
        case database, cache
        case objectStore = "object-store"
        case queue, other

        /// Kinds that store data; a service of such a kind is judged like a datastore.
        public var stores: Bool {
            switch self {
            case .database, .cache, .objectStore, .queue: true
            default: false
            }
        }
    }

    /// Which list of the design file declared it.
    public enum Section: String, Codable, Sendable { case services, datastores }

    /// Who may reach the service.
    public enum Exposure: String, Codable, Sendable, CaseIterable {
        /// Anyone on the internet.
        case `public`
        /// Named partners (other agencies, contractors), over the internet or a private link.
        case partner
        /// Only inside the system.
        case `internal`
        /// Only from the management zone.
        case management
    }

    /// How tenants of a shared service are kept apart (Decree 85/2016 Art. 4.2).
    public enum TenantIsolation: String, Codable, Sendable, CaseIterable {
        case none, logical, physical
    }

    public var name: String
    public var section: Section
    public var kind: Kind
    public var zone: String?
    public var owner: String?
    public var exposure: Exposure
    public var description: String?
    public var endpoints: [DesignEndpoint]
    public var data: [DesignData]
    public var replicas: Int?
    /// Backed up (true / false), nil when not said.
    public var backup: Bool?
    /// Sends its logs to the central monitoring feed.
    public var monitored: Bool?
    /// Encrypts stored data (datastores).
    public var encryptedAtRest: Bool?
    /// Serves several agencies or bodies (shared infrastructure).
    public var multiTenant: Bool?
    public var tenantIsolation: TenantIsolation?
    /// What implements it in manifests and on the network; drift rules follow these.
    public var implementedBy: [DesignLink]
    /// An actor outside the system (residents, a partner's cloud, field devices): drawn for its flows, but not
    /// deployed by the system's manifests, so drift does not ask for an implementation. Nil when not said.
    public var external: Bool?
    public var location: SourceLocation
    public var fields: [String: SourceLocation]

    public init(name: String, section: Section = .services, kind: Kind, zone: String? = nil, owner: String? = nil,
                exposure: Exposure = .internal, description: String? = nil, endpoints: [DesignEndpoint] = [],
                data: [DesignData] = [], replicas: Int? = nil, backup: Bool? = nil, monitored: Bool? = nil,
                encryptedAtRest: Bool? = nil, multiTenant: Bool? = nil, tenantIsolation: TenantIsolation? = nil,
                implementedBy: [DesignLink] = [], external: Bool? = nil, location: SourceLocation,
                fields: [String: SourceLocation] = [:]) {
        self.name = name
        self.section = section
        self.kind = kind
        self.zone = zone
        self.owner = owner
        self.exposure = exposure
        self.description = description
        self.endpoints = endpoints
        self.data = data
        self.replicas = replicas
        self.backup = backup
        self.monitored = monitored
        self.encryptedAtRest = encryptedAtRest
        self.multiTenant = multiTenant
        self.tenantIsolation = tenantIsolation
        self.implementedBy = implementedBy
        self.external = external
        self.location = location
        self.fields = fields
    }

    /// Declared `external: true`: outside what the system deploys.
    public var isExternal: Bool { external == true }

    /// Declared under `datastores:` or of a storing kind.
    public var isDatastore: Bool { section == .datastores || kind.stores }

    /// The most sensitive data it handles, nil when it declares none.
    public var highestClassification: DataClassification? { data.map(\.classification).max() }

    /// `service NAME` or `datastore NAME`, the subject's resource in findings.
    public var resourceName: String { "\(isDatastore ? "datastore" : "service") \(name)" }
}

/// Authentication an endpoint or flow requires.
public enum DesignAuthentication: String, Codable, Sendable, CaseIterable {
    case none, password, token, oidc, saml, apiKey = "api-key", mtls, certificate
    /// Unknown to the designer; judged like `none` where it matters, and reported.
    case unknown
}

/// A named TLS configuration level, from weakest to strongest. `none` is plaintext.
public enum TLSProfile: String, Codable, Sendable, CaseIterable, Comparable {
    case none
    /// Accepts TLS 1.0 / 1.1 (legacy clients).
    case old
    /// TLS 1.2 and 1.3 with forward-secret AEAD suites.
    case intermediate
    /// TLS 1.3 only.
    case modern

    private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }

    /// The lowest protocol version the profile accepts, as `TLSv1.2`; nil for plaintext.
    public var minimumVersion: String? {
        switch self {
        case .none: nil
        case .old: "TLSv1.0"
        case .intermediate: "TLSv1.2"
        case .modern: "TLSv1.3"
        }
    }
}

/// Where a service answers.
public struct DesignEndpoint: Codable, Sendable, Equatable, DesignLocated {
    public var name: String?
    public var host: String?
    public var port: Int
    /// Application protocol: `https`, `http`, `mqtt`, `mqtts`, `postgres`, `redis`, `grpc`, `ssh`, …
    public var `protocol`: String
    /// `tcp` or `udp`.
    public var transport: String
    public var tls: TLSProfile
    public var authentication: DesignAuthentication
    /// Exposure of this endpoint when it differs from its service's (e.g. a public service's admin port).
    public var exposure: DesignService.Exposure?
    /// An administrative interface (console, management API, SSH).
    public var admin: Bool
    public var location: SourceLocation
    public var fields: [String: SourceLocation]

    public init(name: String? = nil, host: String? = nil, port: Int, protocol: String, transport: String = "tcp",
                tls: TLSProfile = .none, authentication: DesignAuthentication = .unknown,
                exposure: DesignService.Exposure? = nil, admin: Bool = false, location: SourceLocation,
                fields: [String: SourceLocation] = [:]) {
        self.name = name
        self.host = host
        self.port = port
        self.protocol = `protocol`
        self.transport = transport
        self.tls = tls
        self.authentication = authentication
        self.exposure = exposure
        self.admin = admin
        self.location = location
        self.fields = fields
    }

    /// `exposure` or the service's.
    public func effectiveExposure(in service: DesignService) -> DesignService.Exposure {
        exposure ?? service.exposure
    }
}

/// A link from a design element to what implements it.
public struct DesignLink: Codable, Sendable, Equatable, Hashable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// A Kubernetes workload (Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod) by name.
        case workload
        /// A Kubernetes Service by name.
        case kubernetesService = "k8s-service"
        /// A Kubernetes Ingress by name.
        case ingress
        /// A Compose service by name.
        case compose
        /// A host name or address the service answers on (live probes).
        case host
    }

    public var kind: Kind
    public var name: String
    /// Kubernetes namespace, when the link names one.
    public var namespace: String?
    public var location: SourceLocation

    public init(kind: Kind, name: String, namespace: String? = nil, location: SourceLocation) {
        self.kind = kind
        self.name = name
        self.namespace = namespace
        self.location = location
    }
}

// MARK: - Flows

/// Data moving from one element to another (the client side is `from`).
public struct DesignFlow: Codable, Sendable, Equatable, DesignLocated {
    public var name: String?
    public var from: String
    public var to: String
    public var `protocol`: String
    public var port: Int?
    public var data: [DataClassification]
    /// nil when the design does not say; rules treat unknown as not encrypted and say so.
    public var encrypted: Bool?
    public var authenticated: Bool?
    /// Both sides authenticate (mutual TLS or equivalent).
    public var mutual: Bool?
    public var location: SourceLocation
    public var fields: [String: SourceLocation]

    public init(name: String? = nil, from: String, to: String, protocol: String, port: Int? = nil,
                data: [DataClassification] = [], encrypted: Bool? = nil, authenticated: Bool? = nil, mutual: Bool? = nil,
                location: SourceLocation, fields: [String: SourceLocation] = [:]) {
        self.name = name
        self.from = from
        self.to = to
        self.protocol = `protocol`
        self.port = port
        self.data = data
        self.encrypted = encrypted
        self.authenticated = authenticated
        self.mutual = mutual
        self.location = location
        self.fields = fields
    }

    /// `from -> to (protocol)`, the subject's resource in findings.
    public var resourceName: String { "flow \(from) -> \(to)" + (port.map { ":\($0)" } ?? "") }

    public var highestClassification: DataClassification? { data.max() }
}

// MARK: - Monitoring

/// The central monitoring feed (Circular 31/2017: systems of level 3 and above send their logs to the
/// monitoring system of their ministry / province, which connects to the national one).
public struct DesignMonitoring: Codable, Sendable, Equatable, DesignLocated {
    /// Who receives the feed (e.g. the provincial SOC).
    public var central: String?
    /// Where the logs go (host:port or URL).
    public var endpoint: String?
    public var protocol_: String?
    public var location: SourceLocation
    public var fields: [String: SourceLocation]

    public init(central: String? = nil, endpoint: String? = nil, protocol: String? = nil, location: SourceLocation,
                fields: [String: SourceLocation] = [:]) {
        self.central = central
        self.endpoint = endpoint
        self.protocol_ = `protocol`
        self.location = location
        self.fields = fields
    }

    /// A feed counts only when it names a receiver or an endpoint.
    public var isDeclared: Bool { central != nil || endpoint != nil }

    private enum CodingKeys: String, CodingKey {
        case central, endpoint, protocol_ = "protocol", location, fields
    }
}
