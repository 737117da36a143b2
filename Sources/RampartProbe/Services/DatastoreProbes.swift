import RampartCore
/// Datastores and brokers that wait for the client to speak: Redis (PING), Memcached (stats), MongoDB
/// (OP_MSG hello, buildInfo, listDatabases), PostgreSQL (SSLRequest) and MQTT (CONNECT without credentials).
/// Each request is the protocol's own harmless question; the reply's structure decides, never the port.
enum DatastoreProbes {
    // MARK: Redis (RESP)

    static func redis(_ context: ServiceProbeContext) -> ServiceMatch? {
        guard let s = context.open() else { return nil }
        defer { s.close() }
        let reply = s.exchange(Array("PING\r\n".utf8), until: { $0.last == 0x0A }, limit: 512, wait: context.wait)
        let line = ProbeText.text(reply.prefix { $0 != 0x0D && $0 != 0x0A }, limit: 120)
        if line == "+PONG" {
            var version: String?
            let info = s.exchange(Array("INFO server\r\n".utf8), until: { bulkComplete($0) }, limit: 16384, wait: context.wait)
            for l in String(decoding: info, as: UTF8.self).split(whereSeparator: { $0.isNewline }) where l.hasPrefix("redis_version:") {
                version = String(l.dropFirst("redis_version:".count))
            }
            return ServiceMatch(service: "redis", product: "Redis", version: version, authentication: .notRequired,
                                  evidence: "PING -> +PONG (no AUTH asked)")
        }
        // NOAUTH (requirepass / ACL), NOPERM, DENIED (protected mode): Redis refusing an anonymous client.
        for refusal in ["-NOAUTH", "-NOPERM", "-DENIED", "-ERR AUTH"] where line.hasPrefix(refusal) {
            return ServiceMatch(service: "redis", product: "Redis", authentication: .required, evidence: "PING -> \(line)")
        }
        return nil
    }

    /// A RESP bulk string (`$len\r\n...\r\n`) has all its bytes.
    static func bulkComplete(_ b: [UInt8]) -> Bool {
        guard b.first == UInt8(ascii: "$"), let nl = b.firstIndex(of: 0x0A), let length = Int(String(decoding: b[1..<nl].filter { $0 != 0x0D }, as: UTF8.self)) else {
            return b.first == UInt8(ascii: "-") && b.last == 0x0A
        }
        // The peer's length, checked by subtraction so that `$9223372036854775807` cannot overflow.
        let have = b.count - (nl + 1)
        return length < 0 || length <= have - 2
    }

    // MARK: Memcached (text protocol)

    static func memcached(_ context: ServiceProbeContext) -> ServiceMatch? {
        guard let s = context.open() else { return nil }
        defer { s.close() }
        let reply = s.exchange(Array("stats\r\n".utf8), until: { $0.suffix(5) == ArraySlice(Array("END\r\n".utf8)) || ($0.last == 0x0A && !$0.starts(with: Array("STAT".utf8))) },
                               limit: 16384, wait: context.wait)
        let text = String(decoding: reply, as: UTF8.self)
        let lines = text.split(whereSeparator: { $0.isNewline }).map(String.init)
        if lines.first?.hasPrefix("STAT pid ") == true || (lines.first?.hasPrefix("STAT ") == true && lines.last == "END") {
            let version = lines.first { $0.hasPrefix("STAT version ") }.map { String($0.dropFirst("STAT version ".count)) }
            return ServiceMatch(service: "memcached", product: "Memcached", version: version, authentication: .notRequired,
                                  evidence: "stats -> \(lines.count - 1) STAT lines, \(lines.first ?? "") … END")
        }
        if let first = lines.first, first.hasPrefix("CLIENT_ERROR"), first.lowercased().contains("auth") {
            return ServiceMatch(service: "memcached", product: "Memcached", authentication: .required, evidence: "stats -> \(ProbeText.text(first))")
        }
        return nil
    }

    // MARK: MongoDB (OP_MSG, wire protocol 3.6+)

    static func mongodb(_ context: ServiceProbeContext) -> ServiceMatch? {
        guard let s = context.open() else { return nil }
        defer { s.close() }
        guard let hello = mongoCommand(s, [("hello", .int32(1)), ("$db", .string("admin"))], requestID: 1, context),
              hello["maxWireVersion"] != nil || hello["isWritablePrimary"] != nil || hello["ismaster"] != nil else { return nil }
        var details: [String: String] = [:]
        if case .int32(let wire)? = hello["maxWireVersion"] { details["mongodb.maxWireVersion"] = String(wire) }
        var version: String?
        if let build = mongoCommand(s, [("buildInfo", .int32(1)), ("$db", .string("admin"))], requestID: 2, context),
           case .string(let v)? = build["version"] { version = v }
        guard let list = mongoCommand(s, [("listDatabases", .int32(1)), ("nameOnly", .bool(true)), ("$db", .string("admin"))], requestID: 3, context) else {
            return ServiceMatch(service: "mongodb", product: "MongoDB", version: version, authentication: .unknown,
                                  evidence: "hello -> maxWireVersion \(details["mongodb.maxWireVersion"] ?? "?"); listDatabases not answered", details: details)
        }
        if list.ok {
            var count = 0
            if case .array(let n)? = list["databases"] { count = n }
            return ServiceMatch(service: "mongodb", product: "MongoDB", version: version, authentication: .notRequired,
                                  evidence: "listDatabases (no credentials) -> ok 1, \(count) databases", details: details)
        }
        var code = "?"
        if case .int32(let c)? = list["code"] { code = String(c) }
        var name = ""
        if case .string(let n)? = list["codeName"] { name = n }
        return ServiceMatch(service: "mongodb", product: "MongoDB", version: version, authentication: code == "13" || name == "Unauthorized" ? .required : .unknown,
                              evidence: "listDatabases (no credentials) -> ok 0, code \(code) \(name)", details: details)
    }

    enum BSONValue {
        case double(Double), string(String), int32(Int32), int64(Int64), bool(Bool), document, array(Int), other
    }

    struct BSONDocument {
        var fields: [String: BSONValue] = [:]
        subscript(_ key: String) -> BSONValue? { fields[key] }
        var ok: Bool {
            switch fields["ok"] {
            case .double(let d)?: d == 1
            case .int32(let i)?: i == 1
            case .int64(let i)?: i == 1
            case .bool(let b)?: b
            default: false
            }
        }
    }

    static func mongoCommand(_ s: any ByteStream, _ fields: [(String, BSONValue)], requestID: Int32, _ context: ServiceProbeContext) -> BSONDocument? {
        var doc: [UInt8] = []
        for (key, value) in fields {
            switch value {
            case .int32(let v): doc += [0x10] + cString(key) + le(v)
            case .string(let v): doc += [0x02] + cString(key) + le(Int32(v.utf8.count + 1)) + cString(v)
            case .bool(let v): doc += [0x08] + cString(key) + [v ? 1 : 0]
            default: continue
            }
        }
        doc = le(Int32(doc.count + 5)) + doc + [0]
        // OP_MSG: header (length, requestID, responseTo, opCode 2013), flagBits 0, section kind 0 + body.
        let body: [UInt8] = le(Int32(0)) + [0] + doc
        let message = le(Int32(16 + body.count)) + le(requestID) + le(Int32(0)) + le(Int32(2013)) + body
        let reply = s.exchange(message, until: { b in b.count >= 4 && b.count >= Int(readLE(b, 0)) }, limit: 1 << 20, wait: context.wait)
        guard reply.count >= 21, Int(readLE(reply, 0)) == reply.count, readLE(reply, 8) == requestID, readLE(reply, 12) == 2013, reply[20] == 0 else { return nil }
        return parseBSON(Array(reply[21...]))
    }

    /// Reads the top-level fields of a BSON document; nested documents and arrays are skipped (arrays counted).
    static func parseBSON(_ b: [UInt8]) -> BSONDocument? {
        guard b.count >= 5 else { return nil }
        let total = Int(readLE(b, 0))
        guard total >= 5, total <= b.count else { return nil }
        var doc = BSONDocument()
        var i = 4
        while i < total - 1 {
            let type = b[i]
            i += 1
            guard let nameEnd = b[i..<total].firstIndex(of: 0) else { return nil }
            let name = String(decoding: b[i..<nameEnd], as: UTF8.self)
            i = nameEnd + 1
            switch type {
            case 0x01:
                guard i + 8 <= total else { return nil }
                var bits: UInt64 = 0
                for k in 0..<8 { bits |= UInt64(b[i + k]) << (8 * k) }
                doc.fields[name] = .double(Double(bitPattern: bits)); i += 8
            case 0x02:
                guard i + 4 <= total else { return nil }
                let length = Int(readLE(b, i))
                guard length >= 1, i + 4 + length <= total else { return nil }
                doc.fields[name] = .string(String(decoding: b[(i + 4)..<(i + 3 + length)], as: UTF8.self)); i += 4 + length
            case 0x03, 0x04:
                guard i + 4 <= total else { return nil }
                let length = Int(readLE(b, i))
                guard length >= 5, i + length <= total else { return nil }
                if type == 0x04 {
                    // Count the array's elements by walking its keys.
                    var n = 0, j = i + 4
                    while j < i + length - 1, let end = b[(j + 1)..<(i + length)].firstIndex(of: 0) {
                        n += 1
                        // A negative length inside the element must not walk backwards (and loop forever).
                        guard let next = skipValue(b, type: b[j], at: end + 1), next > j else { break }
                        j = next
                    }
                    doc.fields[name] = .array(n)
                } else {
                    doc.fields[name] = .document
                }
                i += length
            case 0x08:
                guard i < total else { return nil }
                doc.fields[name] = .bool(b[i] != 0); i += 1
            case 0x10:
                guard i + 4 <= total else { return nil }
                doc.fields[name] = .int32(readLE(b, i)); i += 4
            case 0x12:
                guard i + 8 <= total else { return nil }
                doc.fields[name] = .int64(Int64(readLE(b, i)) | Int64(readLE(b, i + 4)) << 32); i += 8
            default:
                guard let next = skipValue(b, type: type, at: i), next >= i, next <= total else { return doc }
                doc.fields[name] = .other; i = next
            }
        }
        return doc
    }

    /// Offset after a value of `type` starting at `i`, for the types a hello / listDatabases reply holds.
    static func skipValue(_ b: [UInt8], type: UInt8, at i: Int) -> Int? {
        switch type {
        case 0x01, 0x09, 0x11, 0x12: return i + 8
        case 0x02, 0x0D, 0x0E: return i + 4 < b.count ? i + 4 + Int(readLE(b, i)) : nil
        case 0x03, 0x04: return i + 4 <= b.count ? i + Int(readLE(b, i)) : nil
        case 0x05: return i + 4 < b.count ? i + 5 + Int(readLE(b, i)) : nil
        case 0x07: return i + 12
        case 0x08: return i + 1
        case 0x0A, 0x06, 0x7F, 0xFF: return i
        case 0x10: return i + 4
        case 0x13: return i + 16
        default: return nil
        }
    }

    static func le(_ v: Int32) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
    static func cString(_ s: String) -> [UInt8] { Array(s.utf8) + [0] }
    static func readLE(_ b: [UInt8], _ i: Int) -> Int32 {
        guard i + 4 <= b.count else { return -1 }
        return Int32(bitPattern: UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24)
    }

    // MARK: PostgreSQL

    /// SSLRequest (length 8, code 80877103): a PostgreSQL server answers with exactly one byte, `S` (TLS
    /// available) or `N` (not), and nothing else.
    static func postgresql(_ context: ServiceProbeContext) -> ServiceMatch? {
        guard let s = context.open() else { return nil }
        defer { s.close() }
        let reply = s.exchange([0, 0, 0, 8, 0x04, 0xD2, 0x16, 0x2F], until: { !$0.isEmpty }, limit: 64, wait: context.wait)
        guard reply.count == 1, reply[0] == UInt8(ascii: "S") || reply[0] == UInt8(ascii: "N") else { return nil }
        let tls = reply[0] == UInt8(ascii: "S")
        return ServiceMatch(service: "postgresql", product: "PostgreSQL", tlsUpgrade: tls,
                              evidence: "SSLRequest -> '\(tls ? "S" : "N")' (TLS \(tls ? "available" : "not available"))")
    }

    // MARK: MQTT 3.1.1

    /// CONNECT with no user name or password; CONNACK's return code says whether the broker takes anonymous
    /// clients (0) or not (4 bad credentials, 5 not authorised). Accepted sessions are closed with DISCONNECT.
    static func mqtt(_ context: ServiceProbeContext) -> ServiceMatch? {
        guard let s = context.open() else { return nil }
        defer { s.close() }
        let clientID = Array("rampart-probe".utf8)
        var variable: [UInt8] = [0, 4] + Array("MQTT".utf8) + [4, 0x02, 0, 30]
        variable += [UInt8(clientID.count >> 8), UInt8(clientID.count & 0xFF)] + clientID
        let packet: [UInt8] = [0x10, UInt8(variable.count)] + variable
        let reply = s.exchange(packet, until: { $0.count >= 4 }, limit: 64, wait: context.wait)
        guard reply.count >= 4, reply[0] == 0x20, reply[1] == 2 || reply[1] == 3 else { return nil }
        let code = reply[3]
        let meaning: [UInt8: String] = [0: "accepted", 1: "unacceptable protocol version", 2: "identifier rejected",
                                        3: "server unavailable", 4: "bad user name or password", 5: "not authorized"]
        guard let text = meaning[code] else { return nil }
        if code == 0 { _ = s.send([0xE0, 0x00]) }
        let auth: AuthenticationState = code == 0 ? .notRequired : (code == 4 || code == 5) ? .required : .unknown
        return ServiceMatch(service: "mqtt", product: "MQTT broker", authentication: auth,
                              evidence: "CONNECT without credentials -> CONNACK return code \(code) (\(text))")
    }
}
