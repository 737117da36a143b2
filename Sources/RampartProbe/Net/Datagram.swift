#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What one UDP question got back.
public enum DatagramOutcome: Sendable, Equatable {
    /// A datagram from the peer that the caller's check accepted.
    case reply([UInt8])
    /// The host said the port is closed (ICMP port unreachable, seen as ECONNREFUSED on a connected socket).
    case closed
    /// Nothing acceptable arrived within the tries: the port is open or filtered; UDP cannot tell which.
    case silent
}

extension Dialer {
    /// Sends `payload` to `address` over UDP and waits up to `timeout` seconds for a datagram that `accept`
    /// takes, resending up to `retries` more times; never past the deadline. The scope is checked as for
    /// TCP: an address outside it is refused before any packet is sent. At most 64 datagrams are read per
    /// try (a peer flooding junk cannot hold the probe), each at most 65,535 bytes.
    public func exchangeDatagram(_ payload: [UInt8], with address: SocketAddress, timeout: Double, retries: Int,
                                 pace: (() -> Void)? = nil, accept: ([UInt8]) -> Bool) -> Result<DatagramOutcome, NetError> {
        NetRuntime.prepare()
        if let refusal = refusal(for: address) { return .failure(refusal) }
        let family = address.isIPv6 ? AF_INET6 : AF_INET
        let fd = socket(family, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return .failure(.other("socket: \(String(cString: strerror(errno)))")) }
        defer { Glibc.close(fd) }
        // A connected UDP socket receives only this peer's datagrams and hears its ICMP port unreachable.
        guard let rc = address.withSockaddr({ Glibc.connect(fd, $0, $1) }) else { return .failure(.other("not an IP address: \(address.ip)")) }
        guard rc == 0 else { return .failure(Connection.error(for: errno)) }
        var buffer = [UInt8](repeating: 0, count: 65535)
        for _ in 0...max(0, min(retries, 10)) {
            pace?()
            guard Clock.now < deadline else { return .failure(.budgetExhausted) }
            let sent = payload.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0 {
                if errno == ECONNREFUSED { return .success(.closed) }
                return .failure(Connection.error(for: errno))
            }
            let end = min(deadline, Clock.now + timeout)
            var reads = 0
            while reads < 64 {
                let left = end - Clock.now
                guard left > 0 else { break }
                var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let ready = Connection.pollRetrying(&pfd, timeout: left)
                guard ready > 0 else { break }
                reads += 1
                let n = buffer.withUnsafeMutableBytes { Glibc.recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
                if n < 0 {
                    if errno == ECONNREFUSED { return .success(.closed) }
                    if errno == EINTR || errno == EAGAIN { continue }
                    return .failure(Connection.error(for: errno))
                }
                let datagram = Array(buffer[0..<n])
                if accept(datagram) { return .success(.reply(datagram)) }
            }
        }
        return Clock.now >= deadline ? .failure(.budgetExhausted) : .success(.silent)
    }
}
