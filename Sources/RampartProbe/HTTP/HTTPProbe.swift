#if canImport(Glibc)
import Glibc
#endif
import COpenSSL
import RampartCore

/// One HTTP/1.1 GET for the security headers, over the TLS session the certificate probe opened, and the
/// plain-HTTP redirect check. Reads are bounded (64 KiB of headers) and end at the deadline.
public enum HTTPProbe {
    static let maxHeaderBytes = 65536

    static func request(host: String, port: Int, defaultPort: Int) -> [UInt8] {
        let h = host.contains(":") ? "[\(host)]" : host
        let authority = port == defaultPort ? h : "\(h):\(port)"
        return Array("GET / HTTP/1.1\r\nHost: \(authority)\r\nUser-Agent: rampart-probe\r\nAccept: */*\r\nConnection: close\r\n\r\n".utf8)
    }

    static func get(over ssl: OpaquePointer, fd: Int32, host: String, port: Int, deadline: Double) -> HTTPFacts {
        var facts = HTTPFacts()
        let req = request(host: host, port: port, defaultPort: 443)
        var written = 0
        var rounds = 0
        while written < req.count {
            rounds += 1
            let n = req[written...].withUnsafeBytes { SSL_write(ssl, $0.baseAddress, Int32($0.count)) }
            if n > 0 { written += Int(n); continue }
            guard rounds < 1000, CertificateProbe.wait(for: SSL_get_error(ssl, n), fd: fd, deadline: deadline) else {
                facts.error = "could not send the HTTP request"
                return facts
            }
        }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16384)
        rounds = 0
        while bytes.count < maxHeaderBytes, HTTPResponse.headerEnd(bytes) == nil, rounds < 10_000 {
            rounds += 1
            let n = buffer.withUnsafeMutableBytes { SSL_read(ssl, $0.baseAddress, Int32(min($0.count, maxHeaderBytes - bytes.count))) }
            if n > 0 { bytes += buffer.prefix(Int(n)); continue }
            let err = SSL_get_error(ssl, n)
            if err == SSL_ERROR_ZERO_RETURN { break }
            guard CertificateProbe.wait(for: err, fd: fd, deadline: deadline) else { break }
        }
        ERR_clear_error()
        switch HTTPResponse.parse(bytes) {
        case .success(let r):
            facts.status = r.status
            facts.headers = r.headers.filter { $0.name != "set-cookie" }
            facts.cookies = r.headers.filter { $0.name == "set-cookie" }.compactMap { HTTPResponse.cookie($0.value) }
        case .failure(let e):
            facts.error = e.description
        }
        return facts
    }

    /// Plain HTTP GET on `address`; records status and Location only.
    public static func plainRedirect(address: SocketAddress, host: String, timeout: Double) -> PlainHTTPRedirect {
        var result = PlainHTTPRedirect(port: address.port)
        let conn: Connection
        switch Connection.connect(to: address, timeout: timeout, totalTimeout: timeout * 2) {
        case .success(let c): conn = c
        case .failure(let e):
            result.error = e.description
            return result
        }
        defer { conn.close() }
        if case .failure(let e) = conn.send(request(host: host, port: address.port, defaultPort: 80)) {
            result.error = e.description
            return result
        }
        switch conn.receive(until: { HTTPResponse.headerEnd($0) != nil }, limit: maxHeaderBytes) {
        case .success(let bytes):
            switch HTTPResponse.parse(bytes) {
            case .success(let r):
                result.status = r.status
                result.location = r.headers.first { $0.name == "location" }?.value
            case .failure(let e): result.error = e.description
            }
        case .failure(let e): result.error = e.description
        }
        return result
    }
}

/// Status line and headers of an HTTP/1.x response. Lenient about line endings, strict about size.
public enum HTTPResponse {
    public struct Head: Sendable, Equatable {
        public var status: Int
        public var headers: [HTTPHeaderField]
    }

    static func headerEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for i in 0...(bytes.count - 4) where bytes[i] == 13 && bytes[i + 1] == 10 && bytes[i + 2] == 13 && bytes[i + 3] == 10 {
            return i
        }
        return nil
    }

    public static func parse(_ bytes: [UInt8]) -> Result<Head, HTTPError> {
        guard !bytes.isEmpty else { return .failure(HTTPError("no HTTP response")) }
        let end = headerEnd(bytes) ?? bytes.count
        let text = String(decoding: bytes.prefix(end), as: UTF8.self)
        // "\r\n" is one Character in Swift, so split on any newline rather than on "\n".
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        guard let statusLine = lines.first, statusLine.hasPrefix("HTTP/") else {
            return .failure(HTTPError("not an HTTP response: '\(String(statusLine(bytes).prefix(40)))'"))
        }
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, let status = Int(parts[1]), (100...999).contains(status) else {
            return .failure(HTTPError("bad HTTP status line '\(String(statusLine.prefix(60)))'"))
        }
        lines.removeFirst()
        var headers: [HTTPHeaderField] = []
        for line in lines.prefix(500) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingSpaces
            let value = line[line.index(after: colon)...].trimmingSpaces
            guard !name.isEmpty else { continue }
            headers.append(HTTPHeaderField(name: String(name), value: String(value.prefix(4096))))
        }
        return .success(Head(status: status, headers: headers))
    }

    private static func statusLine(_ bytes: [UInt8]) -> String {
        String(decoding: bytes.prefix(80).prefix { $0 != 10 && $0 != 13 }.map { $0 < 32 || $0 > 126 ? 46 : $0 }, as: UTF8.self)
    }

    /// Name and attributes of a Set-Cookie value; the value itself is dropped here, at the source.
    public static func cookie(_ header: String) -> CookieFacts? {
        let parts = header.split(separator: ";").map { $0.trimmingSpaces }
        guard let pair = parts.first, let eq = pair.firstIndex(of: "=") else { return nil }
        let name = String(pair[..<eq].trimmingSpaces)
        guard !name.isEmpty else { return nil }
        var secure = false, httpOnly = false
        var sameSite: String?
        for attr in parts.dropFirst() {
            let kv = attr.split(separator: "=", maxSplits: 1).map { $0.trimmingSpaces }
            switch kv.first?.lowercased() ?? "" {
            case "secure": secure = true
            case "httponly": httpOnly = true
            case "samesite": sameSite = kv.count > 1 ? String(kv[1]) : ""
            default: break
            }
        }
        return CookieFacts(name: name, secure: secure, httpOnly: httpOnly, sameSite: sameSite)
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return s
    }
}

public struct HTTPError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
