/// SNMP v1 and v2c identification (RFC 1157, RFC 3416): one GetRequest for sysDescr.0
/// (1.3.6.1.2.1.1.1.0) with the community `public`. An agent answers only when it accepts that community,
/// so any GetResponse proves the default community is accepted (read access at least). Nothing is SET.
public enum SNMPProbe {
    public static let community = "public"
    static let sysDescrOID: [UInt8] = [0x2B, 0x06, 0x01, 0x02, 0x01, 0x01, 0x01, 0x00]

    /// `version` is the wire value: 0 for v1, 1 for v2c. The request id encodes the version, so a reply
    /// is matched to its question.
    public static func request(version: UInt8) -> [UInt8] {
        let varbind = tlv(0x30, tlv(0x06, sysDescrOID) + [0x05, 0x00])
        let pdu = tlv(0xA0, tlv(0x02, requestID(version)) + [0x02, 0x01, 0x00, 0x02, 0x01, 0x00] + tlv(0x30, varbind))
        return tlv(0x30, [0x02, 0x01, version] + tlv(0x04, Array(community.utf8)) + pdu)
    }

    static func requestID(_ version: UInt8) -> [UInt8] { [0x52, 0x41, 0x4D, 0x01 + version] }

    static func tlv(_ tag: UInt8, _ body: [UInt8]) -> [UInt8] {
        precondition(body.count < 128, "probe messages are short")
        return [tag, UInt8(body.count)] + body
    }

    public struct Response: Sendable, Equatable {
        public var version: UInt8
        public var errorStatus: Int
        /// sysDescr.0 when the agent returned it as an OCTET STRING.
        public var sysDescr: String?
    }

    /// Decodes a GetResponse to `request(version:)`; nil when the bytes are not one.
    public static func parse(_ bytes: [UInt8]) -> Response? {
        var outer = WireReader(bytes)
        guard var message = try? BER.element(&outer, tag: 0x30),
              let version = try? BER.element(&message, tag: 0x02).rest(), version.count == 1, version[0] <= 1,
              (try? BER.element(&message, tag: 0x04)) != nil,
              var pdu = try? BER.element(&message, tag: 0xA2),
              let id = try? BER.element(&pdu, tag: 0x02).rest(), id == requestID(version[0]),
              let status = try? BER.element(&pdu, tag: 0x02).rest(), status.count == 1,
              (try? BER.element(&pdu, tag: 0x02)) != nil else { return nil }
        var response = Response(version: version[0], errorStatus: Int(status[0]))
        if var list = try? BER.element(&pdu, tag: 0x30), var bind = try? BER.element(&list, tag: 0x30),
           let oid = try? BER.element(&bind, tag: 0x06).rest(), oid == sysDescrOID,
           let value = try? BER.element(&bind, tag: 0x04).rest() {
            response.sysDescr = DeviceText.clean(value, limit: 200)
        }
        return response
    }
}

/// The few BER rules SNMP replies need: a tag byte, a short or long length (at most 4 length bytes),
/// checked against what is left before anything is read.
enum BER {
    static func element(_ r: inout WireReader, tag: UInt8) throws -> WireReader {
        guard try r.u8("BER tag") == tag else { throw WireError.malformed("BER tag") }
        let first = try r.u8("BER length")
        var length = Int(first)
        if first & 0x80 != 0 {
            let count = Int(first & 0x7F)
            guard (1...4).contains(count) else { throw WireError.malformed("BER length") }
            length = 0
            for _ in 0..<count { length = length << 8 | Int(try r.u8("BER length")) }
        }
        return try r.sub(length, "BER value")
    }
}

extension WireReader {
    /// The bytes left in this reader.
    func rest() throws -> [UInt8] {
        var copy = self
        return try copy.take(copy.remaining, "rest")
    }
}
