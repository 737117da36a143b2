import Foundation
import RampartCore

/// RTSP (RFC 2326 / RFC 7826) identification, read-only and without credentials: OPTIONS, then DESCRIBE of
/// the root URL. A 200 to DESCRIBE with a session description means the stream description is served to
/// anyone; 401 means the server asks for credentials. Nothing is SETUP or PLAYed.
public enum RTSPProbe {
    public struct Response: Sendable, Equatable {
        public var status: Int
        public var headers: [String: String]
    }

    public static func request(_ method: String, url: String, cseq: Int) -> [UInt8] {
        var text = "\(method) \(url) RTSP/1.0\r\nCSeq: \(cseq)\r\nUser-Agent: rampart\r\n"
        if method == "DESCRIBE" { text += "Accept: application/sdp\r\n" }
        return Array((text + "\r\n").utf8)
    }

    static func headerEnd(_ b: [UInt8]) -> Bool {
        b.count >= 4 && (b.count > 16384 || b.indices.dropFirst(3).contains { b[$0 - 3] == 13 && b[$0 - 2] == 10 && b[$0 - 1] == 13 && b[$0] == 10 })
    }

    /// Decodes the status line and headers; nil unless the reply starts `RTSP/1.0 NNN` or `RTSP/2.0 NNN`.
    public static func parse(_ bytes: [UInt8]) -> Response? {
        let text = String(decoding: bytes.prefix(16384), as: UTF8.self)
        let lines = text.components(separatedBy: "\r\n")
        guard let first = lines.first else { return nil }
        let parts = first.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0] == "RTSP/1.0" || parts[0] == "RTSP/2.0",
              parts[1].count == 3, let status = Int(parts[1]), (100...599).contains(status) else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst().prefix(64) {
            if line.isEmpty { break }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            headers[name] = ProbeText.text(String(line[line.index(after: colon)...]), limit: 200)
        }
        return Response(status: status, headers: headers)
    }

    static func identify(_ context: ServiceProbeContext) -> ServiceMatch? {
        guard let s = context.open() else { return nil }
        defer { s.close() }
        let host = context.address.isIPv6 ? "[\(context.hostName)]" : context.hostName
        let url = "rtsp://\(host):\(context.address.port)/"
        guard let options = parse(s.exchange(request("OPTIONS", url: url, cseq: 1), until: headerEnd, limit: 16384, wait: context.wait)) else { return nil }
        var details: [String: String] = [:]
        if let methods = options.headers["public"] { details["rtsp.public"] = methods }
        let server = options.headers["server"]
        let describe = parse(s.exchange(request("DESCRIBE", url: url, cseq: 2), until: headerEnd, limit: 16384, wait: context.wait))
        let auth: AuthenticationState
        let said: String
        switch describe?.status {
        case 200?: auth = .notRequired; said = "200 (stream description served without credentials)"
        case 401?:
            auth = .required; said = "401"
            if let scheme = describe?.headers["www-authenticate"]?.split(separator: " ").first { details["rtsp.authenticate"] = String(scheme) }
        case let code?: auth = .unknown; said = String(code)
        case nil: auth = .unknown; said = "no RTSP reply"
        }
        if let code = describe?.status { details["rtsp.describe"] = String(code) }
        return ServiceMatch(service: "rtsp", product: server, authentication: auth,
                            evidence: "OPTIONS -> \(options.status); DESCRIBE \(url) without credentials -> \(said)", details: details)
    }
}
