#if canImport(Glibc)
import Glibc
#endif
import RampartCore

/// Why one exchange produced no server reply.
enum ExchangeFailure: Error, Equatable, CustomStringConvertible {
    /// Could not connect (after retries): the endpoint itself is unreachable.
    case connect(NetError)
    /// Connected, but the reply never came or ended early (timeout, reset, close).
    case network(NetError)
    /// The reply could not be decoded: not TLS, lying lengths, truncated.
    case wire(WireError)

    var description: String {
        switch self {
        case .connect(let e): "connect: \(e)"
        case .network(let e): "\(e)"
        case .wire(let e): "unexpected reply: \(e)"
        }
    }
}

/// Enumerates protocols, suites, groups and DH size at one address with raw ClientHellos, and runs the safe
/// weakness checks. Facts only. One prober per address; it is not shared between threads.
public struct TLSProber {
    public let address: SocketAddress
    public let serverName: String?
    public let options: TLSProbeOptions
    private(set) var facts: TLSEndpointFacts
    private var connections = 0
    private var rng = SystemRandomNumberGenerator()
    /// Set when the endpoint proved unreachable; later exchanges are skipped.
    private var fatal: String?
    /// How hellos were refused, for the message when none was accepted.
    private var refusals: [String] = []

    public init(host: String, address: SocketAddress, serverName: String?, options: TLSProbeOptions) {
        self.address = address
        self.serverName = serverName
        self.options = options
        facts = TLSEndpointFacts(host: host, ip: address.ip, port: address.port, sni: serverName)
    }

    /// Runs every check; returns the facts, or the reason the endpoint could not be probed at all.
    public mutating func run() -> Result<TLSEndpointFacts, NetError> {
        var results: [TLSVersion: [UInt16]] = [:]
        var failures = 0
        // Most likely first, so that an unreachable or non-TLS endpoint is given up quickly.
        let order: [TLSVersion] = [.tls12, .tls13, .tls11, .tls10, .sslv3, .sslv2].filter { options.versions.contains($0) }
        for version in order {
            guard fatal == nil else { break }
            facts.tested.append(version.rawValue)
            switch enumerate(version) {
            case .success(let accepted):
                if !accepted.isEmpty { results[version] = accepted }
            case .failure(let failure):
                facts.errors.append("\(version.rawValue): \(failure)")
                if case .connect(let e) = failure { fatal = e.description; return .failure(e) }
                // Another protocol answered: say so in user terms, once, rather than per version.
                if results.isEmpty, case .wire(.notTLS(let what)) = failure { return .failure(.other(what)) }
                failures += 1
                // Two versions in a row without any TLS answer: this is not a TLS endpoint, or it is hostile.
                if results.isEmpty && failures >= 2 {
                    return .failure(.other("no TLS reply: \(facts.errors.joined(separator: "; "))"))
                }
            }
        }
        guard !results.isEmpty else {
            var why = facts.errors
            if !refusals.isEmpty { why.append("hellos answered with: \(refusals.joined(separator: ", "))") }
            return .failure(.other(why.isEmpty ? "no SSL/TLS version accepted" : "no SSL/TLS version accepted (\(why.joined(separator: "; ")))"))
        }
        let accepted = TLSVersion.allCases.filter { results[$0] != nil }
        facts.protocols = accepted.map(\.rawValue)
        facts.tested.sort { (TLSVersionName.rank($0) ?? 0) < (TLSVersionName.rank($1) ?? 0) }
        for version in accepted {
            var suites = results[version]!
            if version != .sslv2, suites.count > 1 {
                let (ordered, enforced) = serverOrder(version, suites)
                suites = ordered
                facts.serverEnforcesOrder[version.rawValue] = enforced
            }
            facts.suites[version.rawValue] = suites.map { version == .sslv2 ? SSLv2.cipherSpecs[Int($0)].name : CipherSuite.name(for: $0) }
        }
        enumerateGroups(results)
        measureDH(results)
        checkFallback(accepted, results)
        if facts.weaknesses.compression == nil, accepted.contains(where: { $0 >= .sslv3 && $0 <= .tls12 }) {
            facts.weaknesses.compression = false
        }
        if facts.weaknesses.heartbeat == true, let v = accepted.last(where: { $0 >= .tls10 && $0 <= .tls12 }) {
            facts.weaknesses.heartbleed = heartbleed(v, results[v]!)
        }
        facts.handshakes = connections
        return .success(facts)
    }

    /// Connections used so far (for facts written by callers that add their own handshakes).
    public var handshakes: Int { connections }

    // MARK: Enumeration

    /// Elimination: offer the remaining suites, record the server's pick, remove it, repeat; large offers
    /// are split into chunks so that no hello exceeds `maxSuitesPerHello`.
    mutating func enumerate(_ version: TLSVersion) -> Result<[UInt16], ExchangeFailure> {
        if version == .sslv2 { return enumerateSSLv2() }
        let candidates = CipherSuite.candidates(for: version).map(\.code)
        let size = max(1, options.maxSuitesPerHello)
        var accepted: [UInt16] = []
        var chunkStart = 0
        while chunkStart < candidates.count {
            var remaining = Array(candidates[chunkStart..<min(candidates.count, chunkStart + size)])
            chunkStart += size
            var rounds = 0
            while !remaining.isEmpty, rounds <= size {
                rounds += 1
                let reply: ServerReply
                switch exchange(hello(version, suites: remaining)) {
                case .success(let r): reply = r
                case .failure(.network(let e)) where e == .closed || e == .reset:
                    // Closing on an unsupported offer is a common way to say no.
                    refuse(e.description)
                    remaining = []
                    continue
                case .failure(let f):
                    return accepted.isEmpty ? .failure(f) : .success(accepted)
                }
                switch reply {
                case .hello(let sh, _):
                    guard negotiated(sh) == version.wire else {
                        // A lower version is the normal "not this one"; a higher or unknown one is a broken peer.
                        if negotiated(sh) > version.wire || TLSVersion(wire: negotiated(sh)) == nil {
                            return accepted.isEmpty ? .failure(.wire(.malformed("ServerHello version 0x\(hex16(negotiated(sh))) answers a \(version.rawValue) hello"))) : .success(accepted)
                        }
                        return .success(accepted)
                    }
                    guard let i = remaining.firstIndex(of: sh.suite) else {
                        facts.errors.append("\(version.rawValue): server chose suite 0x\(hex16(sh.suite)), which was not offered")
                        return .success(accepted)
                    }
                    remaining.remove(at: i)
                    accepted.append(sh.suite)
                    note(sh, version)
                case .alert(let alert):
                    refuse(alert.description)
                    if alert.code == 70 { return .success(accepted) } // protocol_version: none of this version
                    remaining = []
                case .sslv2:
                    return .success(accepted)
                }
            }
        }
        return .success(accepted)
    }

    private mutating func enumerateSSLv2() -> Result<[UInt16], ExchangeFailure> {
        switch exchange(ClientHello(version: .sslv2, suites: [], random: random())) {
        case .success(.sslv2(let hello)):
            // SSLv2 kinds are 24-bit; carried here as indexes into SSLv2.cipherSpecs (unknown kinds dropped).
            return .success(hello.cipherSpecs.compactMap { code in SSLv2.cipherSpecs.firstIndex { $0.code == code }.map { UInt16($0) } })
        case .success: return .success([])
        case .failure(.network(let e)) where e == .closed || e == .reset: return .success([])
        case .failure(let f): return .failure(f)
        }
    }

    private mutating func refuse(_ how: String) {
        if !refusals.contains(how), refusals.count < 5 { refusals.append(how) }
    }

    /// Records what any ServerHello tells about renegotiation, compression and heartbeat.
    private mutating func note(_ sh: ServerHello, _ version: TLSVersion) {
        guard version <= .tls12 else { return }
        if version >= .tls10 || facts.weaknesses.secureRenegotiation == nil {
            facts.weaknesses.secureRenegotiation = sh.hasSecureRenegotiation || (facts.weaknesses.secureRenegotiation == true && version < .tls10)
        }
        if sh.compression != 0 { facts.weaknesses.compression = true }
        if sh.hasHeartbeat { facts.weaknesses.heartbeat = true } else if facts.weaknesses.heartbeat == nil { facts.weaknesses.heartbeat = false }
    }

    /// The version a ServerHello settles on (supported_versions for TLS 1.3, HRR included).
    private func negotiated(_ sh: ServerHello) -> UInt16 { sh.version }

    /// Whether the server picks by its own preference, and the accepted suites in the order that applies.
    mutating func serverOrder(_ version: TLSVersion, _ accepted: [UInt16]) -> ([UInt16], Bool?) {
        guard let forward = pick(version, accepted), let backward = pick(version, accepted.reversed()) else { return (accepted, nil) }
        guard forward == backward else { return (accepted, false) }
        // Server order: find it by elimination over the accepted set (the first pick is known).
        var ordered = [forward]
        var remaining = accepted.filter { $0 != forward }
        while remaining.count > 1 {
            guard let next = pick(version, remaining) else { break }
            ordered.append(next)
            remaining.removeAll { $0 == next }
        }
        ordered += remaining
        return (ordered, true)
    }

    private mutating func pick(_ version: TLSVersion, _ suites: [UInt16]) -> UInt16? {
        if case .success(.hello(let sh, _)) = exchange(hello(version, suites: suites)), negotiated(sh) == version.wire, suites.contains(sh.suite) {
            return sh.suite
        }
        return nil
    }

    // MARK: Groups, DH, fallback, heartbeat

    /// TLS 1.3: offer groups with no key share; the HelloRetryRequest names the server's choice. Without
    /// TLS 1.3, ECDHE in TLS 1.2 and below: the ServerKeyExchange names the curve.
    mutating func enumerateGroups(_ results: [TLSVersion: [UInt16]]) {
        var remaining: [UInt16]
        var found: [UInt16] = []
        if let suites = results[.tls13] {
            remaining = NamedGroup.tls13
            while !remaining.isEmpty, found.count <= NamedGroup.tls13.count {
                var h = hello(.tls13, suites: suites)
                h.groups = remaining
                h.keyShares = []
                guard case .success(.hello(let sh, _)) = exchange(h), let g = sh.keyShareGroup, remaining.contains(g) else { break }
                found.append(g)
                remaining.removeAll { $0 == g }
            }
        } else if let version = results.keys.filter({ $0 >= .tls10 && $0 <= .tls12 }).max(),
                  case let ecdhe = results[version]!.filter({ CipherSuite.suite($0)?.traits.keyExchange == "ECDHE" }), !ecdhe.isEmpty {
            remaining = NamedGroup.ecdhe
            while !remaining.isEmpty, found.count <= NamedGroup.ecdhe.count {
                var h = hello(version, suites: ecdhe)
                h.groups = remaining
                guard case .success(.hello(_, let kx?)) = exchange(h, wantKeyExchange: true), let g = kx.curve, remaining.contains(g) else { break }
                found.append(g)
                remaining.removeAll { $0 == g }
            }
        }
        facts.groups = found.map(NamedGroup.name)
        let preference = groupPreference(results, accepted: found)
        facts.preferredGroup = preference.preferred.map(NamedGroup.name)
        facts.serverGroupOrder = preference.serverOrder
    }

    /// The DH prime size the server uses with DHE suites.
    mutating func measureDH(_ results: [TLSVersion: [UInt16]]) {
        guard let version = results.keys.filter({ $0 >= .sslv3 && $0 <= .tls12 }).max() else { return }
        let dhe = results[version]!.filter { CipherSuite.suite($0)?.traits.keyExchange == "DHE" }
        guard !dhe.isEmpty else { return }
        if case .success(.hello(_, let kx?)) = exchange(hello(version, suites: dhe), wantKeyExchange: true), let bits = kx.dhPrimeBits {
            facts.dhBits = bits
        }
    }

    /// RFC 7507: a hello below the server's best version carrying TLS_FALLBACK_SCSV must be refused.
    mutating func checkFallback(_ accepted: [TLSVersion], _ results: [TLSVersion: [UInt16]]) {
        let legacy = accepted.filter { $0 >= .sslv3 && $0 <= .tls12 }
        guard let best = accepted.last, let lower = legacy.last(where: { $0 < best }), let suites = results[lower] else { return }
        var h = hello(lower, suites: suites)
        h.fallbackSCSV = true
        switch exchange(h) {
        case .success(.alert(let a)): facts.weaknesses.fallbackSCSV = a.code == 86 || a.code == 70
        case .success(.hello(let sh, _)): facts.weaknesses.fallbackSCSV = negotiated(sh) != lower.wire
        default: break
        }
    }

    /// CVE-2014-0160, safely: a heartbeat request claiming 16 bytes more than it carries. RFC 6520 says to
    /// drop it silently; a vulnerable server answers (with 16 bytes of its memory, which are discarded).
    mutating func heartbleed(_ version: TLSVersion, _ suites: [UInt16]) -> Bool? {
        var h = hello(version, suites: suites)
        h.offerHeartbeat = true
        guard let conn = connect() else { return nil }
        defer { conn.close() }
        guard case .success = conn.send(h.encode()) else { return nil }
        var decoder = ServerReplyDecoder(wantKeyExchange: true)
        // Read the server's first flight to ServerHelloDone, then send the request.
        var done = false
        for _ in 0..<64 where !done {
            guard case .success(let chunk) = conn.receive(max: 16384), !chunk.isEmpty else { return nil }
            if let reply = try? decoder.feed(chunk) {
                guard case .hello = reply else { return nil }
                done = true
            }
        }
        guard done else { return nil }
        let payload = [UInt8](repeating: 0x41, count: 16)
        var message: [UInt8] = [1]
        message.put16(payload.count + 16)
        message += payload + [UInt8](repeating: 0, count: 16) // padding the RFC requires; the claim is 16 bytes over
        var record: [UInt8] = [24]
        record.put16(version.wire)
        record.putVector(message, width: 2)
        guard case .success = conn.send(record) else { return nil }
        for _ in 0..<64 {
            switch conn.receive(max: 16384) {
            case .success(let bytes) where !bytes.isEmpty:
                if bytes.first == 24 { return true }
                if bytes.first == 21 { return false }
            default:
                return false
            }
        }
        return false
    }

    // MARK: Plumbing

    func hello(_ version: TLSVersion, suites: [UInt16]) -> ClientHello {
        var r = rng
        var random = [UInt8](repeating: 0, count: 32)
        for i in 0..<32 { random[i] = UInt8.random(in: 0...255, using: &r) }
        return ClientHello(version: version, suites: suites, serverName: serverName,
                           groups: version == .tls13 ? NamedGroup.tls13 : NamedGroup.ecdhe,
                           keyShares: version == .tls13 ? [NamedGroup.x25519] : [],
                           offerCompression: version <= .tls12 && version >= .sslv3,
                           offerHeartbeat: version >= .tls10 && version <= .tls12,
                           random: random)
    }

    private mutating func random() -> [UInt8] {
        (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
    }

    /// Connects with pacing and bounded retries (timeouts and resets only: a refusal is an answer).
    private mutating func connect() -> Connection? {
        switch connectResult() {
        case .success(let c): return c
        case .failure: return nil
        }
    }

    private mutating func connectResult() -> Result<Connection, NetError> {
        var last: NetError = .other("not attempted")
        for attempt in 0...max(0, options.retries) {
            if options.delay > 0, connections > 0 || attempt > 0 { NetRuntime.pause(seconds: options.delay, until: options.dialer.deadline) }
            connections += 1
            switch options.dialer.connect(to: address, timeout: options.timeout, total: options.timeout) {
            case .success(let c):
                guard let proto = options.starttls else { return .success(c) }
                switch prepare(c, proto) {
                case .success: return .success(c)
                case .failure(let e):
                    c.close()
                    last = e.netError
                    if e.isRetryable { continue }
                    return .failure(last)
                }
            case .failure(let e):
                last = e
                if case .timeout = e { continue }
                if e == .reset { continue }
                return .failure(e)
            }
        }
        return .failure(last)
    }

    /// The connection-preparation hook: the STARTTLS preamble, so that every hello of the enumeration goes
    /// to a server waiting for TLS. The first preamble's observations are recorded.
    private mutating func prepare(_ connection: Connection, _ proto: STARTTLSProtocol) -> Result<Void, STARTTLSError> {
        let stream = PlainStream(connection, deadline: options.dialer.deadline)
        switch STARTTLSPreamble.run(proto, on: stream, host: serverName ?? facts.host, wait: options.timeout) {
        case .success(let seen):
            if facts.starttls == nil {
                facts.starttls = proto.rawValue
                facts.plaintextLogin = seen.plaintextLogin
                facts.starttlsRequired = seen.required
            }
            return .success(())
        case .failure(let e):
            return .failure(e)
        }
    }

    /// One ClientHello, one reply.
    mutating func exchange(_ hello: ClientHello, wantKeyExchange: Bool = false) -> Result<ServerReply, ExchangeFailure> {
        if let fatal { return .failure(.connect(.other(fatal))) }
        let conn: Connection
        switch connectResult() {
        case .success(let c): conn = c
        case .failure(let e): return .failure(.connect(e))
        }
        defer { conn.close() }
        if case .failure(let e) = conn.send(hello.encode()) { return .failure(.network(e)) }
        var decoder = ServerReplyDecoder(wantKeyExchange: wantKeyExchange)
        // Bounded: each read is at least one byte, the decoder refuses more than 64 records of bounded size.
        var total = 0
        while total <= 64 * ServerReplyDecoder.maxRecord {
            switch conn.receive(max: 16384) {
            case .success(let bytes):
                if bytes.isEmpty { return .failure(total == 0 ? .network(.closed) : .wire(.truncated("reply (connection closed after \(total) bytes)"))) }
                total += bytes.count
                do {
                    if let reply = try decoder.feed(bytes) { return .success(reply) }
                } catch let e as WireError {
                    return .failure(.wire(e))
                } catch {
                    return .failure(.wire(.malformed("\(error)")))
                }
            case .failure(let e):
                if total > 0, case .timeout = e { return .failure(.wire(.truncated("reply (\(total) bytes, then nothing within \(format(options.timeout))s)"))) }
                return .failure(.network(e))
            }
        }
        return .failure(.wire(.malformed("reply too long")))
    }
}
