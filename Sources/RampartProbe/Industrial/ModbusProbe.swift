import RampartCore

/// Modbus/TCP identification with one read-only request: Read Device Identification (function 0x2B, MEI
/// type 0x0E, read code 01 "basic", object 0), which returns VendorName, ProductCode and
/// MajorMinorRevision. A Modbus exception reply (function 0xAB) also proves Modbus. No register or coil is
/// read or written. (Modbus Application Protocol Specification V1.1b3, 6.21; Modbus Messaging on TCP/IP
/// Implementation Guide V1.0b, 3.1.3 MBAP header.)
public enum ModbusProbe {
    static let transactionID: UInt16 = 0x5241
    /// MBAP: transaction id, protocol 0, length 5, unit 0; PDU: 2B 0E 01 00.
    public static let request: [UInt8] = [0x52, 0x41, 0x00, 0x00, 0x00, 0x05, 0x00, 0x2B, 0x0E, 0x01, 0x00]

    public struct Identification: Sendable, Equatable {
        public var exceptionCode: UInt8?
        /// Object id -> value (0 vendor, 1 product code, 2 revision, ...).
        public var objects: [UInt8: String] = [:]
    }

    /// A complete MBAP frame is there once 6 header bytes and `length` more arrived.
    static func frameComplete(_ b: [UInt8]) -> Bool {
        guard b.count >= 6 else { return false }
        return b.count >= 6 + (Int(b[4]) << 8 | Int(b[5]))
    }

    /// Decodes the reply; nil when the bytes are not a Modbus/TCP answer to `request`.
    public static func parse(_ bytes: [UInt8]) -> Identification? {
        var r = WireReader(bytes)
        guard let tid = try? r.u16("transaction id"), tid == transactionID,
              let protocolID = try? r.u16("protocol id"), protocolID == 0,
              let length = try? r.u16("length"), length >= 2, length <= 254,
              var pdu = try? r.sub(Int(length), "Modbus PDU"),
              (try? pdu.u8("unit id")) != nil,
              let function = try? pdu.u8("function") else { return nil }
        if function == 0xAB {
            guard let code = try? pdu.u8("exception code"), pdu.isAtEnd else { return nil }
            return Identification(exceptionCode: code)
        }
        guard function == 0x2B, (try? pdu.u8("MEI type")) == 0x0E,
              let readCode = try? pdu.u8("read code"), (1...4).contains(readCode),
              (try? pdu.take(3, "conformity, more follows, next object")) != nil,
              let count = try? pdu.u8("number of objects") else { return nil }
        var id = Identification()
        for _ in 0..<count {
            guard let objectID = try? pdu.u8("object id"), let len = try? pdu.u8("object length"),
                  let value = try? pdu.take(Int(len), "object value") else { return nil }
            id.objects[objectID] = DeviceText.clean(value)
        }
        return id
    }

    static func identify(_ context: ServiceProbeContext) -> ServiceMatch? {
        guard let s = context.open() else { return nil }
        defer { s.close() }
        let reply = s.exchange(request, until: frameComplete, limit: 260, wait: context.wait)
        guard let id = parse(reply) else { return nil }
        var details = ["protocol.class": "industrial"]
        let evidence: String
        if let code = id.exceptionCode {
            details["modbus.exception"] = String(code)
            evidence = "Read Device Identification (2B/0E) -> Modbus exception \(code)"
        } else {
            if let v = id.objects[0] { details["modbus.vendor"] = v }
            if let p = id.objects[1] { details["modbus.productCode"] = p }
            evidence = "Read Device Identification (2B/0E) -> \(id.objects.count) objects" + (id.objects[0].map { ", vendor \($0)" } ?? "")
        }
        return ServiceMatch(service: "modbus", product: id.objects[1], version: id.objects[2], authentication: .notRequired,
                            evidence: evidence, details: details)
    }
}
