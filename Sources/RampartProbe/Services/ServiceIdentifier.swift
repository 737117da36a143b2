import Foundation
import RampartCore

/// Timing of the identification probes.
public struct ServiceProbeOptions: Sendable, Hashable {
    /// Seconds to connect.
    public var connectTimeout: Double = 2
    /// Seconds each probe waits for a reply (and for a banner on connect).
    public var readTimeout: Double = 2
    /// Seconds to listen for a banner before speaking first.
    public var bannerWait: Double = 1
    /// Open ports identified at once.
    public var parallelism: Int = 16
    /// Scope and time budget every identification connection goes through.
    public var dialer = Dialer.unrestricted

    public init(connectTimeout: Double = 2, readTimeout: Double = 2, bannerWait: Double = 1, parallelism: Int = 16) {
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
        self.bannerWait = bannerWait
        self.parallelism = parallelism
    }
}

/// What one probe established. `nil` from a probe means "this is not my protocol".
struct ServiceMatch: Sendable {
    var service: String
    var product: String?
    var version: String?
    var tlsUpgrade: Bool?
    var authentication: AuthenticationState?
    var evidence: String
    var details: [String: String] = [:]
}

/// Everything a probe needs: where to connect, the host name to present, and the timings.
struct ServiceProbeContext: Sendable {
    let address: SocketAddress
    /// Host name for HTTP Host and TLS SNI; the address when the user named a literal.
    let hostName: String
    let options: ServiceProbeOptions
    /// When set, streams are wrapped in TLS (for the probes that run inside a TLS port).
    var useTLS = false
    /// Replaces the network for fuzzing and tests: each `open()` returns this closure's stream. A scan never
    /// sets it (it is not public), so the parsing code runs unchanged over bytes held in memory.
    var connect: (@Sendable () -> (any ByteStream)?)? = nil

    var wait: Double { options.readTimeout }

    func open() -> (any ByteStream)? {
        if let connect { return connect() }
        let total = options.connectTimeout + options.bannerWait + options.readTimeout * 4
        guard case .success(let plain) = PlainStream.open(address, via: options.dialer, timeout: options.connectTimeout, total: total) else { return nil }
        guard useTLS else { return plain }
        return try? TLSStream.open(over: plain, config: TLSClientConfig(serverName: hostName), wait: options.readTimeout).get()
    }
}

/// Says what answers on an open TCP port, by speaking protocols to it: first it listens for a banner
/// (SSH, FTP, SMTP, Telnet, MySQL, VNC, POP3, IMAP speak first), then it tries TLS, HTTP (with the
/// HTTP APIs of Elasticsearch, Docker, Kubernetes, kubelet and etcd), Redis, Memcached, MongoDB,
/// PostgreSQL and MQTT, each on a fresh connection, until one of them gets its own protocol's reply.
/// The port number is never used to decide. Every probe is read-only: no writes, no credentials.
public enum ServiceIdentifier {
    public static func identify(_ address: SocketAddress, hostName: String? = nil, options: ServiceProbeOptions = ServiceProbeOptions()) -> PortFact {
        var context = ServiceProbeContext(address: address, hostName: hostName ?? address.ip, options: options)
        var fact = PortFact(port: address.port, state: .open)

        guard let first = context.open() else {
            fact.service = "unknown"
            fact.evidence = "open in the scan, but the probe's connection failed"
            return fact
        }
        let banner = (try? first.read(until: BannerProbes.bannerComplete, limit: 4096, wait: options.bannerWait).get()) ?? []
        if !banner.isEmpty {
            let id = BannerProbes.identify(banner, stream: first, context: context)
            first.close()
            return apply(id ?? unknown(banner), to: fact, tls: false)
        }
        first.close()

        // TLS, then HTTP, each alone: they are the most common answers, and a server that handles one
        // connection at a time (OpenSSL's s_server, many embedded devices) must not be kept busy by other
        // probes while they wait. The remaining probes run at once, each on its own connection, so that a
        // port that never answers costs a few read timeouts rather than one per protocol. The first match
        // in this order wins: Redis, Memcached, MongoDB, PostgreSQL, MQTT.
        if let hello = TLSHelloDetector.detect(context) {
            fact.tls = true
            context.useTLS = true
            // Inside TLS: services that speak first (SMTPS, IMAPS, POP3S, FTPS), then the HTTP family (HTTPS,
            // Kubernetes, kubelet, Docker TLS, etcd) and MQTT over TLS.
            if let inner = bannerInside(context) ?? HTTPProbes.identify(context) ?? DatastoreProbes.mqtt(context) {
                return apply(inner, to: fact, tls: true)
            }
            return apply(hello, to: fact, tls: true)
        }
        if let http = HTTPProbes.identify(context) { return apply(http, to: fact, tls: false) }
        let probes: [@Sendable (ServiceProbeContext) -> ServiceMatch?] = [
            DatastoreProbes.redis, DatastoreProbes.memcached, DatastoreProbes.mongodb, DatastoreProbes.postgresql, DatastoreProbes.mqtt,
        ]
        let plainContext = context
        let matches = concurrently(probes.map { probe in { probe(plainContext) } })
        if let match = matches.compactMap({ $0 }).first { return apply(match, to: fact, tls: false) }
        fact.service = "unknown"
        fact.tls = false
        fact.evidence = "accepted the connection but answered none of the probes (no banner, no TLS, HTTP, Redis, Memcached, MongoDB, PostgreSQL or MQTT reply)"
        return fact
    }

    /// A banner read through TLS, identified as on a plain port; nil when the service inside waits for the client.
    static func bannerInside(_ context: ServiceProbeContext) -> ServiceMatch? {
        guard let stream = context.open() else { return nil }
        defer { stream.close() }
        let banner = (try? stream.read(until: BannerProbes.bannerComplete, limit: 4096, wait: context.options.bannerWait).get()) ?? []
        guard !banner.isEmpty else { return nil }
        return BannerProbes.identify(banner, stream: stream, context: context) ?? unknown(banner)
    }

    /// Runs each task on its own thread and returns their results in order.
    static func concurrently(_ tasks: [@Sendable () -> ServiceMatch?]) -> [ServiceMatch?] {
        WorkPool.map(tasks, threads: tasks.count) { $0() }
    }

    static func unknown(_ banner: [UInt8]) -> ServiceMatch {
        ServiceMatch(service: "unknown", evidence: "banner: \(ProbeText.text(banner, limit: 120))")
    }

    static func apply(_ id: ServiceMatch, to fact: PortFact, tls: Bool) -> PortFact {
        var fact = fact
        fact.service = id.service
        fact.product = id.product.map { ProbeText.text($0, limit: 120) }
        fact.version = id.version.map { ProbeText.text($0, limit: 60) }
        fact.tls = tls
        fact.tlsUpgrade = id.tlsUpgrade
        fact.authentication = id.authentication
        fact.evidence = ProbeText.text(id.evidence, limit: 300)
        // Detail values are the peer's words: printable ASCII only, bounded.
        fact.details = id.details.isEmpty ? nil : id.details.mapValues { ProbeText.text($0, limit: 120) }
        return fact
    }
}
