#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RampartCore

/// Why a network operation failed, in words fit for a report.
public enum NetError: Error, Sendable, Equatable, CustomStringConvertible {
    case resolve(String)
    case refused
    case timeout(String)
    case reset
    case closed
    case unreachable(String)
    /// The address lies outside `--scope`; nothing was sent to it.
    case outOfScope(String)
    /// The target's (or the run's) time budget ran out before this connection.
    case budgetExhausted
    case other(String)

    public var description: String {
        switch self {
        case .resolve(let m): "name resolution failed: \(m)"
        case .refused: "connection refused"
        case .timeout(let what): "timed out \(what)"
        case .reset: "connection reset by peer"
        case .closed: "connection closed by peer"
        case .unreachable(let m): "unreachable: \(m)"
        case .outOfScope(let a): "\(a) is outside --scope; refused before any packet was sent"
        case .budgetExhausted: "time budget exhausted before the connection"
        case .other(let m): m
        }
    }
}

/// A resolved socket address (IPv4 or IPv6) with its port.
public struct SocketAddress: Sendable, Hashable, CustomStringConvertible {
    public let ip: String
    public let port: Int
    public var isIPv6: Bool { ip.contains(":") }

    public init(ip: String, port: Int) {
        self.ip = ip
        self.port = port
    }

    public var description: String { isIPv6 ? "[\(ip)]:\(port)" : "\(ip):\(port)" }

    /// Fills a sockaddr_storage for connect(2); nil if `ip` is not a literal address.
    func withSockaddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R? {
        if isIPv6 {
            var a = sockaddr_in6()
            a.sin6_family = sa_family_t(AF_INET6)
            a.sin6_port = in_port_t(UInt16(port).bigEndian)
            guard inet_pton(AF_INET6, ip, &a.sin6_addr) == 1 else { return nil }
            return withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in6>.size)) } }
        }
        var a = sockaddr_in()
        a.sin_family = sa_family_t(AF_INET)
        a.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, ip, &a.sin_addr) == 1 else { return nil }
        return withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
    }
}

/// Name resolution to every A / AAAA address, in the order the resolver gives, without duplicates.
public enum Resolver {
    public static func resolve(_ host: String) -> Result<[String], NetError> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, nil, &hints, &result)
        guard rc == 0, let first = result else {
            return .failure(.resolve("\(host): \(String(cString: gai_strerror(rc)))"))
        }
        defer { freeaddrinfo(first) }
        var ips: [String] = []
        var node: UnsafeMutablePointer<addrinfo>? = first
        while let n = node {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(n.pointee.ai_addr, n.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 {
                let ip = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                if !ips.contains(ip) { ips.append(ip) }
            }
            node = n.pointee.ai_next
        }
        return ips.isEmpty ? .failure(.resolve("\(host): no addresses")) : .success(ips)
    }

    /// True when `text` is an IPv4 or IPv6 literal.
    public static func isLiteral(_ text: String) -> Bool {
        var v4 = in_addr(), v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }
}

/// A blocking TCP connection in which every operation has a deadline, so no peer can hold a probe longer
/// than its timeout: not by silence, not by dripping one byte a second, not by a huge announced length.
public final class Connection: @unchecked Sendable {
    public let address: SocketAddress
    private var fd: Int32
    /// Monotonic deadline (seconds) after which every read and write fails with a timeout.
    private let deadline: Double

    /// Connects through `dialer` (scope and time budget) within `timeout` seconds; the whole conversation
    /// must end within `totalTimeout` (default: three times the connect timeout).
    public static func connect(to address: SocketAddress, timeout: Double, totalTimeout: Double? = nil, via dialer: Dialer) -> Result<Connection, NetError> {
        dialer.connect(to: address, timeout: timeout, total: totalTimeout)
    }

    /// Opens the socket; only `Dialer.connect` calls this, after its scope and budget checks.
    static func open(_ address: SocketAddress, timeout: Double, total: Double) -> Result<Connection, NetError> {
        guard timeout > 0, total > 0 else { return .failure(.budgetExhausted) }
        let family = address.isIPv6 ? AF_INET6 : AF_INET
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return .failure(.other("socket: \(String(cString: strerror(errno)))")) }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let flags = fcntl(fd, F_GETFL, 0)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        let start = Clock.now
        guard let rc = address.withSockaddr({ Glibc.connect(fd, $0, $1) }) else {
            Glibc.close(fd)
            return .failure(.other("not an IP address: \(address.ip)"))
        }
        if rc != 0 {
            guard errno == EINPROGRESS else {
                let e = errno
                Glibc.close(fd)
                return .failure(Connection.error(for: e))
            }
            var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            let ready = Connection.pollRetrying(&pfd, timeout: timeout)
            if ready == 0 { Glibc.close(fd); return .failure(.timeout("connecting after \(format(timeout))s")) }
            var err: Int32 = 0
            var len = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len)
            if ready < 0 || err != 0 { Glibc.close(fd); return .failure(Connection.error(for: err != 0 ? err : errno)) }
        }
        return .success(Connection(fd: fd, address: address, deadline: start + total))
    }

    private init(fd: Int32, address: SocketAddress, deadline: Double) {
        self.fd = fd
        self.address = address
        self.deadline = deadline
    }

    deinit { close() }

    public func close() {
        if fd >= 0 { Glibc.close(fd); fd = -1 }
    }

    /// Raw descriptor, for handing the connected socket to OpenSSL.
    public var descriptor: Int32 { fd }

    public func send(_ bytes: [UInt8]) -> Result<Void, NetError> {
        var sent = 0
        while sent < bytes.count {
            var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            let remaining = deadline - Clock.now
            guard remaining > 0, Connection.pollRetrying(&pfd, timeout: remaining) > 0 else { return .failure(.timeout("sending")) }
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                return .failure(Connection.error(for: errno))
            }
            sent += n
        }
        return .success(())
    }

    /// Reads whatever arrives next, at most `max` bytes. Empty means the peer closed cleanly.
    public func receive(max: Int) -> Result<[UInt8], NetError> {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let remaining = deadline - Clock.now
        guard remaining > 0 else { return .failure(.timeout("waiting for data")) }
        let ready = Connection.pollRetrying(&pfd, timeout: remaining)
        guard ready > 0 else { return .failure(.timeout("waiting for data")) }
        var buffer = [UInt8](repeating: 0, count: max)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.recv(fd, $0.baseAddress, max, 0) }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN { return receive(max: max) }
                return .failure(Connection.error(for: errno))
            }
            return .success(Array(buffer[0..<n]))
        }
    }

    /// Reads exactly `count` bytes (or fails: closed, reset, timeout). Never allocates more than `count`.
    public func receive(exactly count: Int) -> Result<[UInt8], NetError> {
        var out: [UInt8] = []
        out.reserveCapacity(count)
        while out.count < count {
            switch receive(max: count - out.count) {
            case .success(let chunk):
                if chunk.isEmpty { return .failure(.closed) }
                out += chunk
            case .failure(let e): return .failure(e)
            }
        }
        return .success(out)
    }

    static func error(for code: Int32) -> NetError {
        switch code {
        case ECONNREFUSED: .refused
        case ECONNRESET, EPIPE: .reset
        case ETIMEDOUT: .timeout("connecting")
        case EHOSTUNREACH, ENETUNREACH: .unreachable(String(cString: strerror(code)))
        default: .other(String(cString: strerror(code)))
        }
    }

    static func pollRetrying(_ pfd: inout pollfd, timeout: Double) -> Int32 {
        let end = Clock.now + timeout
        while true {
            let left = max(0, end - Clock.now)
            let rc = poll(&pfd, 1, Int32(min(left * 1000, Double(Int32.max))))
            if rc < 0, errno == EINTR { continue }
            return rc
        }
    }
}

/// Monotonic seconds.
public enum Clock {
    public static var now: Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}

func format(_ seconds: Double) -> String {
    seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
}
