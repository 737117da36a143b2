/// BACnet/IP identification (ASHRAE 135, Annex J), read-only: a confirmed ReadProperty of the device
/// object's object-name, addressed to the wildcard device instance 4194303 (which every device takes as
/// itself), and a Who-Is, whose I-Am names the device instance. Both are read-only services; no
/// WriteProperty, no DeviceCommunicationControl, no ReinitializeDevice is ever sent.
public enum BACnetProbe {
    /// BVLC Original-Unicast-NPDU; NPDU expecting a reply; confirmed ReadProperty (invoke id 1) of
    /// object-name (77) of device,4194303.
    public static let readObjectName: [UInt8] = [0x81, 0x0A, 0x00, 0x11, 0x01, 0x04,
                                                 0x00, 0x05, 0x01, 0x0C, 0x0C, 0x02, 0x3F, 0xFF, 0xFF, 0x19, 0x4D]
    /// BVLC Original-Unicast-NPDU; unconfirmed Who-Is without a range.
    public static let whoIs: [UInt8] = [0x81, 0x0A, 0x00, 0x08, 0x01, 0x00, 0x10, 0x08]

    public enum Reply: Sendable, Equatable {
        /// I-Am with the device instance.
        case iAm(instance: UInt32)
        /// ComplexACK of ReadProperty, with the character string value when there is one.
        case readProperty(String?)
        /// Error, Reject or Abort: still BACnet, without the value.
        case refused(UInt8)
    }

    /// Decodes a BVLC / NPDU / APDU; nil when the bytes are not a BACnet reply to the probe.
    public static func parse(_ bytes: [UInt8]) -> Reply? { try? decode(bytes) }

    static func decode(_ bytes: [UInt8]) throws -> Reply? {
        var r = WireReader(bytes)
        guard try r.u8("BVLC type") == 0x81 else { return nil }
        let function = try r.u8("BVLC function")
        let length = Int(try r.u16("BVLC length"))
        guard length >= 6, length <= bytes.count else { return nil }
        var n = try r.sub(length - 4, "BVLC payload")
        if function == 0x04 { _ = try n.take(6, "forwarded address") } // Forwarded-NPDU
        else { guard function == 0x0A || function == 0x0B else { return nil } }
        guard try n.u8("NPDU version") == 1 else { return nil }
        let control = try n.u8("NPDU control")
        guard control & 0x80 == 0 else { return nil } // a network-layer message, not an APDU
        if control & 0x20 != 0 { _ = try n.u16("DNET"); let len = try n.u8("DLEN"); _ = try n.take(Int(len), "DADR") }
        if control & 0x08 != 0 { _ = try n.u16("SNET"); let len = try n.u8("SLEN"); _ = try n.take(Int(len), "SADR") }
        if control & 0x20 != 0 { _ = try n.u8("hop count") }
        let type = try n.u8("APDU type")
        switch type >> 4 {
        case 1: // unconfirmed request: I-Am is service 0, then an application-tagged object identifier
            guard try n.u8("service") == 0x00, try n.u8("object identifier tag") == 0xC4 else { return nil }
            let id = try n.take(4, "object identifier")
            let value = UInt32(id[0]) << 24 | UInt32(id[1]) << 16 | UInt32(id[2]) << 8 | UInt32(id[3])
            guard value >> 22 == 8 else { return nil } // object type device
            return .iAm(instance: value & 0x3FFFFF)
        case 3: // ComplexACK
            guard try n.u8("invoke id") == 0x01, try n.u8("service") == 0x0C else { return nil }
            _ = try n.take(5, "object identifier"); _ = try n.take(2, "property identifier")
            guard try n.u8("opening tag") == 0x3E else { return .readProperty(nil) }
            let tag = try n.u8("value tag")
            guard tag >> 4 == 7 else { return .readProperty(nil) } // character string
            var len = Int(tag & 0x07)
            if len == 5 {
                len = Int(try n.u8("length"))
                if len == 254 { len = Int(try n.u16("length")) } else if len == 255 { return .readProperty(nil) }
            }
            guard len >= 1 else { return .readProperty(nil) }
            _ = try n.u8("character set")
            return .readProperty(DeviceText.clean(try n.take(len - 1, "character string")))
        case 5, 6, 7: // Error, Reject, Abort
            return .refused(type >> 4)
        default:
            return nil
        }
    }
}
