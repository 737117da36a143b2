/// CoAP identification (RFC 7252) with one confirmable GET of /.well-known/core (RFC 6690), the resource
/// directory every CoAP server offers for discovery. A 2.05 Content reply lists the resources that anyone
/// may read; 4.01 / 4.03 mean the server asks for credentials. Nothing is PUT, POSTed or DELETEd.
public enum CoAPProbe {
    static let messageID: UInt16 = 0x5241

    /// Ver 1, CON, no token, GET, message id; Uri-Path ".well-known", Uri-Path "core".
    public static let request: [UInt8] = [0x40, 0x01, 0x52, 0x41, 0xBB] + Array(".well-known".utf8) + [0x04] + Array("core".utf8)

    public struct Response: Sendable, Equatable {
        /// class * 100 + detail, e.g. 205, 401, 404; 0 for an empty ACK or a reset.
        public var code: Int
        public var reset: Bool
        /// Resource paths from a link-format payload, at most 32.
        public var resources: [String]
    }

    /// Decodes a reply to `request`; nil when the bytes are not one.
    public static func parse(_ bytes: [UInt8]) -> Response? {
        var r = WireReader(bytes)
        guard let first = try? r.u8("header"), first >> 6 == 1, let code = try? r.u8("code"),
              let id = try? r.u16("message id"), id == messageID else { return nil }
        let type = (first >> 4) & 0x03
        guard type == 2 || type == 3 else { return nil } // ACK or RST to our CON
        let tokenLength = Int(first & 0x0F)
        guard tokenLength <= 8, (try? r.take(tokenLength, "token")) != nil else { return nil }
        var response = Response(code: Int(code >> 5) * 100 + Int(code & 0x1F), reset: type == 3, resources: [])
        // Options, then 0xFF and the payload. Each option takes at least one byte, so the loop is bounded.
        while !r.isAtEnd {
            guard let byte = try? r.u8("option") else { return nil }
            if byte == 0xFF { break }
            var length = Int(byte & 0x0F)
            let delta = Int(byte >> 4)
            guard delta != 15, length != 15 else { return nil }
            if delta == 13 { guard (try? r.u8("delta")) != nil else { return nil } }
            if delta == 14 { guard (try? r.u16("delta")) != nil else { return nil } }
            if length == 13 { guard let extra = try? r.u8("length") else { return nil }; length = 13 + Int(extra) }
            else if length == 14 { guard let extra = try? r.u16("length") else { return nil }; length = 269 + Int(extra) }
            guard (try? r.take(length, "option value")) != nil else { return nil }
        }
        if response.code == 205, let payload = try? r.rest() {
            let text = String(decoding: payload.prefix(16384), as: UTF8.self)
            for link in text.split(separator: ",").prefix(32) {
                guard let open = link.firstIndex(of: "<"), let close = link.firstIndex(of: ">"), open < close else { continue }
                response.resources.append(ProbeText.text(String(link[link.index(after: open)..<close]), limit: 80))
            }
        }
        return response
    }
}
