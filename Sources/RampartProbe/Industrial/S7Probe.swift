import RampartCore

/// Siemens S7 (S7comm over ISO-on-TCP, RFC 1006 / ISO 8073 COTP) identification, read-only: a COTP
/// connection request (destination TSAP 0x0102, rack 0 slot 2), S7 Setup Communication, then one
/// Read SZL of list 0x0011 (module identification), which returns the module's order number. No block is
/// read or written, no CPU function (start, stop) is ever sent.
public enum S7Probe {
    /// TPKT + COTP CR: source TSAP 0x0100, destination TSAP 0x0102, TPDU size 1024.
    public static let connectRequest: [UInt8] = [0x03, 0x00, 0x00, 0x16, 0x11, 0xE0, 0x00, 0x00, 0x00, 0x01, 0x00,
                                                 0xC0, 0x01, 0x0A, 0xC1, 0x02, 0x01, 0x00, 0xC2, 0x02, 0x01, 0x02]
    /// TPKT + COTP DT + S7 job: Setup Communication (function 0xF0), 1 calling / 1 called job, PDU 480.
    public static let setupCommunication: [UInt8] = [0x03, 0x00, 0x00, 0x19, 0x02, 0xF0, 0x80,
                                                     0x32, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x08, 0x00, 0x00,
                                                     0xF0, 0x00, 0x00, 0x01, 0x00, 0x01, 0x01, 0xE0]
    /// TPKT + COTP DT + S7 userdata: CPU functions group 4 (read SZL), SZL id 0x0011, index 0.
    public static let readSZL: [UInt8] = [0x03, 0x00, 0x00, 0x21, 0x02, 0xF0, 0x80,
                                          0x32, 0x07, 0x00, 0x00, 0x00, 0x02, 0x00, 0x08, 0x00, 0x08,
                                          0x00, 0x01, 0x12, 0x04, 0x11, 0x44, 0x01, 0x00,
                                          0xFF, 0x09, 0x00, 0x04, 0x00, 0x11, 0x00, 0x00]

    /// One TPKT frame (RFC 1006): version 3, reserved, 16-bit length including the header.
    static func frameComplete(_ b: [UInt8]) -> Bool {
        guard b.count >= 4 else { return false }
        return b.count >= Int(b[2]) << 8 | Int(b[3])
    }

    /// The COTP payload of one TPKT frame; nil when the bytes are not RFC 1006.
    static func cotp(_ bytes: [UInt8]) -> WireReader? {
        var r = WireReader(bytes)
        guard (try? r.u8("TPKT version")) == 3, (try? r.u8("reserved")) != nil,
              let length = try? r.u16("TPKT length"), length >= 7 else { return nil }
        return try? r.sub(Int(length) - 4, "TPKT payload")
    }

    /// True when the bytes are a COTP Connection Confirm (PDU type 0xD0).
    public static func parseConnectConfirm(_ bytes: [UInt8]) -> Bool {
        guard var c = cotp(bytes), let li = try? c.u8("COTP length"), li >= 6,
              let type = try? c.u8("COTP PDU type") else { return false }
        return type & 0xF0 == 0xD0 && c.remaining >= Int(li) - 1
    }

    /// The S7 header's message type (ROSCTR) and the rest of the S7 PDU; nil when not S7comm over COTP DT.
    static func s7(_ bytes: [UInt8]) -> (rosctr: UInt8, pdu: WireReader)? {
        guard var c = cotp(bytes), (try? c.u8("COTP length")) == 2, (try? c.u8("COTP PDU type")) == 0xF0,
              (try? c.u8("COTP TPDU number")) != nil, (try? c.u8("S7 protocol id")) == 0x32,
              let rosctr = try? c.u8("S7 message type") else { return nil }
        return (rosctr, c)
    }

    /// True when the bytes acknowledge Setup Communication (ROSCTR 3, Ack-Data, no error).
    public static func parseSetupAck(_ bytes: [UInt8]) -> Bool {
        guard let parsed = s7(bytes), parsed.rosctr == 3 else { return false }
        var r = parsed.pdu
        guard (try? r.take(8, "S7 header")) != nil,
              let errorClass = try? r.u8("error class"), let errorCode = try? r.u8("error code") else { return false }
        return errorClass == 0 && errorCode == 0
    }

    /// The module order number from an SZL 0x0011 reply; nil when the reply is not one.
    public static func parseSZL(_ bytes: [UInt8]) -> String? {
        guard let parsed = s7(bytes), parsed.rosctr == 7 else { return nil }
        var r = parsed.pdu
        guard (try? r.take(4, "reserved, PDU reference")) != nil,
              let paramLength = try? r.u16("parameter length"), let dataLength = try? r.u16("data length"),
              (try? r.skip(Int(paramLength), "S7 parameters")) != nil,
              var data = try? r.sub(Int(dataLength), "S7 data"),
              (try? data.u8("return code")) == 0xFF, (try? data.u8("transport size")) != nil,
              (try? data.u16("length")) != nil, (try? data.u16("SZL id")) != nil, (try? data.u16("SZL index")) != nil,
              let recordLength = try? data.u16("record length"), recordLength >= 22,
              let count = try? data.u16("record count"), count >= 1,
              var record = try? data.sub(Int(recordLength), "SZL record"),
              (try? record.u16("record index")) != nil,
              let order = try? record.take(20, "order number") else { return nil }
        return DeviceText.clean(order, limit: 20)
    }

    static func identify(_ context: ServiceProbeContext) -> ServiceMatch? {
        guard let s = context.open() else { return nil }
        defer { s.close() }
        guard parseConnectConfirm(s.exchange(connectRequest, until: frameComplete, limit: 1024, wait: context.wait)) else { return nil }
        var details = ["protocol.class": "industrial"]
        guard parseSetupAck(s.exchange(setupCommunication, until: frameComplete, limit: 1024, wait: context.wait)) else {
            // COTP alone is ISO-on-TCP (also used by other products); only an S7 answer names S7.
            return nil
        }
        let order = parseSZL(s.exchange(readSZL, until: frameComplete, limit: 4096, wait: context.wait))
        if let order { details["s7.orderNumber"] = order }
        return ServiceMatch(service: "s7comm", product: order.map { "S7 module \($0)" }, authentication: .notRequired,
                            evidence: "COTP connect -> confirm; S7 setup communication -> ack" + (order.map { "; SZL 0x0011 -> \($0)" } ?? ""),
                            details: details)
    }
}
