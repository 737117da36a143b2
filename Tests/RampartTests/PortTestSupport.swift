import Foundation
#if canImport(Glibc)
import Glibc
#endif
@testable import RampartProbe

/// One accepted connection of a scripted test server, with bounded reads.
final class ServerConnection: @unchecked Sendable {
    let fd: Int32
    init(fd: Int32) { self.fd = fd }

    /// Bytes that arrive within `wait` seconds (empty on timeout or close).
    func read(max: Int = 65536, wait: Double = 2) -> [UInt8] {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&pfd, 1, Int32(wait * 1000)) > 0 else { return [] }
        var buffer = [UInt8](repeating: 0, count: max)
        let n = recv(fd, &buffer, max, 0)
        return n > 0 ? Array(buffer[0..<n]) : []
    }

    /// Reads until `done` accepts the bytes, the peer closes, or `wait` passes.
    func read(until done: ([UInt8]) -> Bool, wait: Double = 2) -> [UInt8] {
        let end = Date().addingTimeInterval(wait)
        var out: [UInt8] = []
        while !done(out), Date() < end {
            let chunk = read(wait: max(0.01, end.timeIntervalSinceNow))
            if chunk.isEmpty { break }
            out += chunk
        }
        return out
    }

    @discardableResult
    func write(_ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            sent += n
        }
        return true
    }

    func write(_ text: String) { write(Array(text.utf8)) }
}

/// A scripted TCP server on 127.0.0.1 (or ::1), on an ephemeral port unless one is asked for: each accepted
/// connection runs `handler` on its own thread. Stopped (listener closed, handlers' sockets shut down) by
/// `stop()`, which tests call in `defer`.
final class ScriptedServer: @unchecked Sendable {
    let port: Int
    let host: String
    private let listener: Int32
    private let lock = NSLock()
    private var stopped = false
    private var connections: [Int32] = []
    private(set) var acceptedCount = 0

    init?(host: String = "127.0.0.1", port: Int = 0, backlog: Int32 = 64, accept: Bool = true, handler: @escaping @Sendable (ServerConnection) -> Void) {
        let v6 = host.contains(":")
        let fd = socket(v6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        let address = SocketAddress(ip: host, port: port)
        guard address.withSockaddr({ bind(fd, $0, $1) }) == 0, listen(fd, backlog) == 0 else { close(fd); return nil }
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        let bound = withUnsafeBytes(of: &storage) { raw -> Int in
            let hi = Int(raw[2]), lo = Int(raw[3])
            return hi << 8 | lo
        }
        self.port = bound
        self.host = host
        self.listener = fd
        guard accept else { return }
        Thread.detachNewThread { [self] in self.acceptLoop(handler) }
    }

    var address: SocketAddress { SocketAddress(ip: host, port: port) }

    private func acceptLoop(_ handler: @escaping @Sendable (ServerConnection) -> Void) {
        while true {
            var pfd = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pfd, 1, 50)
            lock.lock()
            let done = stopped
            lock.unlock()
            if done { return }
            guard ready > 0 else { continue }
            let client = Glibc.accept(listener, nil, nil)
            guard client >= 0 else { continue }
            lock.lock()
            connections.append(client)
            acceptedCount += 1
            lock.unlock()
            Thread.detachNewThread {
                handler(ServerConnection(fd: client))
                self.finish(client)
            }
        }
    }

    private func finish(_ fd: Int32) {
        lock.lock()
        defer { lock.unlock() }
        if let i = connections.firstIndex(of: fd) {
            connections.remove(at: i)
            close(fd)
        }
    }

    var accepted: Int {
        lock.lock(); defer { lock.unlock() }
        return acceptedCount
    }

    /// Idempotent: a second call does nothing (closing the listener twice could close a reused descriptor).
    func stop() {
        lock.lock()
        if stopped { lock.unlock(); return }
        stopped = true
        for c in connections { shutdown(c, Int32(SHUT_RDWR)) }
        lock.unlock()
        // The accept loop notices within one poll interval; the listener closes after it.
        Thread.sleep(forTimeInterval: 0.06)
        close(listener)
    }
}

/// Small protocol helpers the scripted servers share.
enum Script {
    /// Answers every HTTP request on the connection with `respond(method, path)`.
    static func http(_ respond: @escaping @Sendable (String, String) -> (Int, [String: String], String)) -> @Sendable (ServerConnection) -> Void {
        { c in
            let request = c.read(until: { ServiceHTTPResponse.headerEnd($0) != nil })
            let line = String(decoding: request.prefix { $0 != 13 }, as: UTF8.self).split(separator: " ")
            guard line.count >= 2 else { return }
            let (status, headers, body) = respond(String(line[0]), String(line[1]))
            var text = "HTTP/1.1 \(status) \(status == 200 ? "OK" : status == 401 ? "Unauthorized" : status == 403 ? "Forbidden" : "Not Found")\r\n"
            for (k, v) in headers { text += "\(k): \(v)\r\n" }
            text += "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
            c.write(text)
        }
    }

    /// Reads one CRLF-terminated line.
    static func line(_ c: ServerConnection) -> String {
        String(decoding: c.read(until: { $0.last == 0x0A }), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    // Minimal BSON for the MongoDB server.
    enum BSON {
        case double(Double), string(String), int32(Int32), bool(Bool), docs([[(String, BSON)]])
    }

    static func bson(_ fields: [(String, BSON)]) -> [UInt8] {
        var body: [UInt8] = []
        for (k, v) in fields {
            let key = Array(k.utf8) + [0]
            switch v {
            case .double(let d): body += [0x01] + key + withUnsafeBytes(of: d.bitPattern.littleEndian) { Array($0) }
            case .string(let s): body += [0x02] + key + le(Int32(s.utf8.count + 1)) + Array(s.utf8) + [0]
            case .int32(let i): body += [0x10] + key + le(i)
            case .bool(let b): body += [0x08] + key + [b ? 1 : 0]
            case .docs(let docs):
                // An array is a document keyed "0", "1", ...; each element an embedded document (0x03).
                var items: [UInt8] = []
                for (i, d) in docs.enumerated() { items += [0x03] + Array(String(i).utf8) + [0] + bson(d) }
                body += [0x04] + key + le(Int32(items.count + 5)) + items + [0]
            }
        }
        return le(Int32(body.count + 5)) + body + [0]
    }

    static func le(_ v: Int32) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
}

