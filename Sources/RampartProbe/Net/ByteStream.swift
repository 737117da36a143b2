#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one byte stream every probe talks over: plain TCP (`PlainStream`), or TLS on top of it (`TLSStream`). Every read names how long it
/// may wait, and the stream itself has an overall deadline, so no peer can hold a probe past its timeout.
public protocol ByteStream: AnyObject {
    func send(_ bytes: [UInt8]) -> Result<Void, NetError>
    /// Next bytes, at most `max`, waiting at most `wait` seconds (and never past the stream's deadline).
    /// Empty means the peer closed.
    func receive(max: Int, wait: Double) -> Result<[UInt8], NetError>
    func close()
}

extension ByteStream {
    /// Reads until `stop` accepts the bytes so far, the peer closes, `limit` bytes arrive, or `wait` seconds
    /// pass. Returns what arrived (possibly empty); the error only when nothing did.
    public func read(until stop: ([UInt8]) -> Bool, limit: Int, wait: Double) -> Result<[UInt8], NetError> {
        let end = Clock.now + wait
        var out: [UInt8] = []
        while out.count < limit, !stop(out) {
            let left = end - Clock.now
            guard left > 0 else { return out.isEmpty ? .failure(.timeout("waiting for a reply")) : .success(out) }
            switch receive(max: min(8192, limit - out.count), wait: left) {
            case .success(let chunk):
                if chunk.isEmpty { return out.isEmpty ? .failure(.closed) : .success(out) }
                out += chunk
            case .failure(let e):
                return out.isEmpty ? .failure(e) : .success(out)
            }
        }
        return .success(out)
    }

    /// Sends `request`, then reads as `read(until:)` does; empty on any failure.
    public func exchange(_ request: [UInt8], until stop: ([UInt8]) -> Bool, limit: Int, wait: Double) -> [UInt8] {
        guard case .success = send(request) else { return [] }
        return (try? read(until: stop, limit: limit, wait: wait).get()) ?? []
    }
}

/// Plain TCP: a `Connection` (opened through a `Dialer`) with reads that honour a per-call wait.
public final class PlainStream: ByteStream {
    let connection: Connection
    let deadline: Double

    init(_ connection: Connection, deadline: Double) {
        self.connection = connection
        self.deadline = deadline
    }

    /// Connects through `dialer` (scope, budget); the stream ends within `total` seconds and never after
    /// the dialer's deadline.
    static func open(_ address: SocketAddress, via dialer: Dialer, timeout: Double, total: Double) -> Result<PlainStream, NetError> {
        dialer.connect(to: address, timeout: timeout, total: total).map { PlainStream($0, deadline: min(Clock.now + total, dialer.deadline)) }
    }

    public func send(_ bytes: [UInt8]) -> Result<Void, NetError> { connection.send(bytes) }

    public func receive(max: Int, wait: Double) -> Result<[UInt8], NetError> {
        let fd = connection.descriptor
        guard fd >= 0 else { return .failure(.closed) }
        let end = min(Clock.now + wait, deadline)
        while true {
            let left = end - Clock.now
            guard left > 0 else { return .failure(.timeout("waiting for data")) }
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let rc = poll(&pfd, 1, Int32((left * 1000).rounded(.up)))
            if rc < 0 { if errno == EINTR { continue }; return .failure(.other(String(cString: strerror(errno)))) }
            if rc == 0 { return .failure(.timeout("waiting for data")) }
            var buffer = [UInt8](repeating: 0, count: max)
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, max, 0) }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return .failure(errno == ECONNRESET ? .reset : .other(String(cString: strerror(errno))))
            }
            return .success(Array(buffer[0..<n]))
        }
    }

    public func close() { connection.close() }
}

