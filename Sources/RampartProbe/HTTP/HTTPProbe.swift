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

    /// One GET over an open stream (the certificate probe's TLS session); records status, headers and
    /// cookie attributes.
    static func get(over stream: any ByteStream, host: String, port: Int, wait: Double) -> HTTPFacts {
        var facts = HTTPFacts()
        guard case .success = stream.send(request(host: host, port: port, defaultPort: 443)) else {
            facts.error = "could not send the HTTP request"
            return facts
        }
        let bytes = (try? stream.read(until: { HTTPResponse.headerEnd($0) != nil }, limit: maxHeaderBytes, wait: wait).get()) ?? []
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

    /// Plain HTTP GET on `address`; records status and Location only (never followed, so a redirect cannot
    /// lead a probe out of scope; user info in it is dropped before it is stored).
    public static func plainRedirect(address: SocketAddress, host: String, timeout: Double, via dialer: Dialer) -> PlainHTTPRedirect {
        var result = PlainHTTPRedirect(port: address.port)
        let stream: PlainStream
        switch PlainStream.open(address, via: dialer, timeout: timeout, total: timeout * 2) {
        case .success(let s): stream = s
        case .failure(let e):
            result.error = e.description
            return result
        }
        defer { stream.close() }
        if case .failure(let e) = stream.send(request(host: host, port: address.port, defaultPort: 80)) {
            result.error = e.description
            return result
        }
        switch stream.read(until: { HTTPResponse.headerEnd($0) != nil }, limit: maxHeaderBytes, wait: timeout * 2) {
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

    /// Headers whose values hold URLs, where user info may appear.
    static let urlHeaders: Set<String> = ["location", "content-location", "refresh", "link"]

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
            // Values come from the peer: no control or bidi characters, and no credentials in URLs.
            let lowered = name.lowercased()
            var text = ProbeText.printable(String(value.prefix(4096)))
            if urlHeaders.contains(lowered) { text = ProbeText.withoutUserInfo(text) }
            headers.append(HTTPHeaderField(name: ProbeText.printable(String(name)), value: text))
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
