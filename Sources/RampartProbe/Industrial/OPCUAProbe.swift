import RampartCore

/// OPC UA (binary, opc.tcp) identification and endpoint listing, read-only: Hello -> Acknowledge, then
/// OpenSecureChannel with SecurityPolicy#None (what the discovery services allow every client), then
/// GetEndpoints, which lists every endpoint's security mode, security policy and user token types. No
/// session is created, nothing is browsed, read or written. (OPC 10000-6 UA Part 6, 7.1 OPC UA
/// Connection Protocol and 6.7 secure channel; OPC 10000-4 Part 4, 5.4.4 GetEndpoints.)
public enum OPCUAProbe {
    public static let policyNone = "http://opcfoundation.org/UA/SecurityPolicy#None"

    public struct Endpoint: Sendable, Equatable {
        public var url: String
        /// 1 None, 2 Sign, 3 SignAndEncrypt.
        public var securityMode: UInt32
        public var securityPolicy: String
        /// 0 anonymous, 1 user name, 2 certificate, 3 issued token.
        public var tokenTypes: [UInt32]

        public var modeName: String { [1: "None", 2: "Sign", 3: "SignAndEncrypt"][securityMode] ?? "mode \(securityMode)" }
        public var policyName: String { securityPolicy.split(separator: "#").last.map(String.init) ?? securityPolicy }
        public var offersNone: Bool { securityMode == 1 || securityPolicy == OPCUAProbe.policyNone }
    }

    /// What a server answered to a message: the message type, and the body after the 8-byte header.
    public enum Reply: Sendable, Equatable {
        case acknowledge
        case error(code: UInt32, reason: String)
        case openChannel(channelID: UInt32, tokenID: UInt32)
        case endpoints([Endpoint])
        /// A ServiceFault or a response this probe does not decode.
        case fault(UInt32)
    }

    // MARK: Requests

    static func string(_ s: String?) -> [UInt8] {
        guard let s else { return [0xFF, 0xFF, 0xFF, 0xFF] }
        var out: [UInt8] = []
        out.putLE32(UInt32(s.utf8.count))
        return out + Array(s.utf8)
    }

    static func message(_ type: String, _ body: [UInt8]) -> [UInt8] {
        var out = Array(type.utf8) + [UInt8(ascii: "F")]
        out.putLE32(UInt32(body.count + 8))
        return out + body
    }

    static func requestHeader(handle: UInt32) -> [UInt8] {
        var h: [UInt8] = [0x00, 0x00] + [UInt8](repeating: 0, count: 8) // null token, timestamp 0
        h.putLE32(handle)
        h.putLE32(UInt32(0)) // return diagnostics
        h += string(nil) // audit entry id
        h.putLE32(UInt32(10000)) // timeout hint
        return h + [0x00, 0x00, 0x00] // additional header: null ExtensionObject
    }

    public static func hello(endpointURL: String) -> [UInt8] {
        var body: [UInt8] = []
        for v: UInt32 in [0, 65536, 65536, 1 << 20, 0] { body.putLE32(v) }
        return message("HEL", body + string(endpointURL))
    }

    public static let openSecureChannel: [UInt8] = {
        var body: [UInt8] = []
        body.putLE32(UInt32(0)) // secure channel id
        body += string(policyNone) + string(nil) + string(nil) // policy, no certificate, no thumbprint
        body.putLE32(UInt32(1)); body.putLE32(UInt32(1)) // sequence number, request id
        body += [0x01, 0x00, 0xBE, 0x01] // OpenSecureChannelRequest (446)
        body += requestHeader(handle: 1)
        for v: UInt32 in [0, 0, 1] { body.putLE32(v) } // protocol version, Issue, mode None
        body.putLE32(UInt32(0)) // empty client nonce
        body.putLE32(UInt32(600_000)) // requested lifetime
        return message("OPN", body)
    }()

    public static func getEndpoints(channelID: UInt32, tokenID: UInt32, endpointURL: String) -> [UInt8] {
        var body: [UInt8] = []
        for v in [channelID, tokenID, 2, 2] { body.putLE32(v) } // channel, token, sequence, request id
        body += [0x01, 0x00, 0xAC, 0x01] // GetEndpointsRequest (428)
        body += requestHeader(handle: 2) + string(endpointURL)
        body += string(nil) + string(nil) // no locale ids, no profile uris (null arrays)
        return message("MSG", body)
    }

    // MARK: Replies

    static func frameComplete(_ b: [UInt8]) -> Bool {
        guard b.count >= 8 else { return false }
        let size = Int(b[4]) | Int(b[5]) << 8 | Int(b[6]) << 16 | Int(b[7]) << 24
        return b.count >= size
    }

    /// Decodes one OPC UA message; nil when the bytes are not OPC UA (or are cut short or malformed).
    public static func parse(_ bytes: [UInt8]) -> Reply? { try? decode(bytes) }

    static func decode(_ bytes: [UInt8]) throws -> Reply? {
        var r = WireReader(bytes)
        let type = String(decoding: try r.take(3, "message type"), as: UTF8.self)
        guard try r.u8("chunk type") == UInt8(ascii: "F") else { return nil }
        let size = Int(try r.u32le("message size"))
        guard size >= 8 else { return nil }
        var m = try r.sub(size - 8, "message body")
        switch type {
        case "ACK":
            _ = try m.take(20, "acknowledge")
            return .acknowledge
        case "ERR":
            let code = try m.u32le("error")
            return .error(code: code, reason: DeviceText.clean(try byteString(&m) ?? [], limit: 120))
        case "OPN":
            _ = try m.u32le("secure channel id")
            _ = try byteString(&m); _ = try byteString(&m); _ = try byteString(&m)
            _ = try m.take(8, "sequence header")
            let typeID = try nodeID(&m)
            guard typeID == 449 else { return .fault(try serviceResult(&m)) }
            let result = try serviceResult(&m)
            guard result == 0 else { return .fault(result) }
            _ = try m.u32le("server protocol version")
            let channel = try m.u32le("channel id")
            let token = try m.u32le("token id")
            return .openChannel(channelID: channel, tokenID: token)
        case "MSG":
            _ = try m.take(16, "channel, token and sequence header")
            let typeID = try nodeID(&m)
            guard typeID == 431 else { return .fault(try serviceResult(&m)) }
            let result = try serviceResult(&m)
            guard result == 0 else { return .fault(result) }
            let count = try m.i32le("endpoint count")
            // An endpoint takes at least 40 bytes: a count the message cannot hold is a lie, not a loop bound.
            guard count >= -1, Int(count) * 40 <= m.remaining else { throw WireError.malformed("endpoint count \(count)") }
            var endpoints: [Endpoint] = []
            for _ in 0..<max(0, Int(count)) { endpoints.append(try endpoint(&m)) }
            return .endpoints(endpoints)
        default:
            return nil
        }
    }

    /// A String or ByteString: int32 length, -1 for null.
    static func byteString(_ r: inout WireReader) throws -> [UInt8]? {
        let length = try r.i32le("string length")
        if length == -1 { return nil }
        guard length >= 0 else { throw WireError.malformed("string length \(length)") }
        return try r.take(Int(length), "string")
    }

    static func text(_ r: inout WireReader) throws -> String { DeviceText.clean(try byteString(&r) ?? [], limit: 200) }

    /// A NodeId; returns the numeric id in namespace 0 (or -1 for other forms, which are skipped).
    static func nodeID(_ r: inout WireReader) throws -> Int {
        let encoding = try r.u8("node id encoding")
        var id = -1
        switch encoding & 0x3F {
        case 0: id = Int(try r.u8("node id"))
        case 1: _ = try r.u8("namespace"); id = Int(try r.u16le("node id"))
        case 2: let ns = try r.u16le("namespace"); let v = Int(try r.u32le("node id")); id = ns == 0 ? v : -1
        case 3, 5: _ = try r.u16le("namespace"); _ = try byteString(&r)
        case 4: _ = try r.take(18, "guid node id")
        default: throw WireError.malformed("node id encoding \(encoding)")
        }
        if encoding & 0x80 != 0 { _ = try byteString(&r) }
        if encoding & 0x40 != 0 { _ = try r.u32le("server index") }
        return id
    }

    /// Reads a ResponseHeader and returns its ServiceResult.
    static func serviceResult(_ r: inout WireReader) throws -> UInt32 {
        _ = try r.take(12, "timestamp and request handle")
        let result = try r.u32le("service result")
        let mask = try r.u8("diagnostic info mask")
        guard mask & 0x40 == 0 else { throw WireError.malformed("nested diagnostic info") }
        for bit: UInt8 in [0x01, 0x02, 0x04, 0x08] where mask & bit != 0 { _ = try r.i32le("diagnostic index") }
        if mask & 0x10 != 0 { _ = try byteString(&r) }
        if mask & 0x20 != 0 { _ = try r.u32le("inner status") }
        try skipStrings(&r)
        _ = try nodeID(&r)
        if try r.u8("extension object encoding") != 0 { _ = try byteString(&r) }
        return result
    }

    static func skipStrings(_ r: inout WireReader) throws {
        let count = try r.i32le("array length")
        guard count >= -1, Int(count) * 4 <= r.remaining else { throw WireError.malformed("array length \(count)") }
        for _ in 0..<max(0, Int(count)) { _ = try byteString(&r) }
    }

    static func endpoint(_ r: inout WireReader) throws -> Endpoint {
        let url = try text(&r)
        _ = try byteString(&r); _ = try byteString(&r) // application uri, product uri
        let mask = try r.u8("localized text mask")
        if mask & 0x01 != 0 { _ = try byteString(&r) }
        if mask & 0x02 != 0 { _ = try byteString(&r) }
        _ = try r.u32le("application type")
        _ = try byteString(&r); _ = try byteString(&r) // gateway, discovery profile
        try skipStrings(&r) // discovery urls
        _ = try byteString(&r) // server certificate
        let mode = try r.u32le("security mode")
        let policy = try text(&r)
        let tokenCount = try r.i32le("user token count")
        guard tokenCount >= -1, Int(tokenCount) * 20 <= r.remaining else { throw WireError.malformed("user token count \(tokenCount)") }
        var tokens: [UInt32] = []
        for _ in 0..<max(0, Int(tokenCount)) {
            _ = try byteString(&r)
            tokens.append(try r.u32le("token type"))
            _ = try byteString(&r); _ = try byteString(&r); _ = try byteString(&r)
        }
        _ = try byteString(&r) // transport profile
        _ = try r.u8("security level")
        return Endpoint(url: url, securityMode: mode, securityPolicy: policy, tokenTypes: tokens)
    }

    // MARK: Probe

    static func identify(_ context: ServiceProbeContext) -> ServiceMatch? {
        guard let s = context.open() else { return nil }
        defer { s.close() }
        let host = context.address.isIPv6 ? "[\(context.hostName)]" : context.hostName
        let url = "opc.tcp://\(host):\(context.address.port)"
        let limit = 1 << 20
        guard let ack = parse(s.exchange(hello(endpointURL: url), until: frameComplete, limit: limit, wait: context.wait)) else { return nil }
        // OPC UA has its own security (policies, modes, user tokens): it is judged on those, not as a protocol
        // without authentication.
        var details: [String: String] = [:]
        switch ack {
        case .acknowledge: break
        case .error(let code, let reason):
            return ServiceMatch(service: "opcua", evidence: "Hello -> Error 0x\(String(code, radix: 16)) \(reason)", details: details)
        default: return nil
        }
        let opened = parse(s.exchange(openSecureChannel, until: frameComplete, limit: limit, wait: context.wait))
        guard case .openChannel(let channel, let token)? = opened else {
            return ServiceMatch(service: "opcua", evidence: "Hello -> Acknowledge; OpenSecureChannel (SecurityPolicy#None) -> \(describe(opened))", details: details)
        }
        let listed = parse(s.exchange(getEndpoints(channelID: channel, tokenID: token, endpointURL: url), until: frameComplete, limit: limit, wait: context.wait))
        guard case .endpoints(let endpoints)? = listed else {
            return ServiceMatch(service: "opcua", evidence: "Hello -> Acknowledge; OpenSecureChannel -> ok; GetEndpoints -> \(describe(listed))", details: details)
        }
        // Close the channel politely; the reply does not matter.
        var close: [UInt8] = []
        for v in [channel, token, 3, 3] { close.putLE32(v) }
        _ = s.send(message("CLO", close + [0x01, 0x00, 0xC4, 0x01] + requestHeader(handle: 3)))
        let modes = endpoints.map { "\($0.policyName)/\($0.modeName)" }
        var seen: Set<String> = []
        details["opcua.endpoints"] = modes.filter { seen.insert($0).inserted }.joined(separator: ", ")
        details["opcua.securityNone"] = endpoints.contains(where: \.offersNone) ? "true" : "false"
        let anonymous = endpoints.contains { $0.tokenTypes.contains(0) }
        details["opcua.anonymous"] = anonymous ? "true" : "false"
        return ServiceMatch(service: "opcua", authentication: endpoints.isEmpty ? .unknown : anonymous ? .notRequired : .required,
                            evidence: "GetEndpoints -> \(endpoints.count) endpoints: \(details["opcua.endpoints"] ?? "")", details: details)
    }

    static func describe(_ reply: Reply?) -> String {
        switch reply {
        case .error(let code, let reason)?: "Error 0x\(String(code, radix: 16)) \(reason)"
        case .fault(let code)?: "service fault 0x\(String(code, radix: 16))"
        case nil: "no OPC UA reply"
        default: "unexpected message"
        }
    }
}
