import RampartCore

/// DNP3 (IEEE 1815) identification by the data link layer alone: "Request Link Status" (function 9), which
/// an outstation answers with "Link Status" (function 11). No application-layer request is sent: even a
/// class 0 read can have side effects on some outstations (event buffers, unsolicited reporting), so the
/// probe stays below the application layer. The outstation address is unknown; the probe asks the common
/// defaults 1, 10, 0, 3 and 4 in one write, and only the addressed outstation answers.
public enum DNP3Probe {
    public static let outstations: [UInt16] = [1, 10, 0, 3, 4]
    /// Source (master) address the probe uses.
    static let master: UInt16 = 0xFFFC

    /// One 10-byte link header: 05 64, length 5, control C9 (DIR, PRM, function 9), destination, source, CRC.
    public static func linkStatusRequest(to destination: UInt16) -> [UInt8] {
        var header: [UInt8] = [0x05, 0x64, 0x05, 0xC9]
        header.putLE16(destination)
        header.putLE16(master)
        header.putLE16(crc(header))
        return header
    }

    public static let request: [UInt8] = outstations.flatMap(linkStatusRequest)

    /// The DNP3 CRC (polynomial 0x3D65, reflected, complemented), little-endian on the wire.
    static func crc(_ bytes: [UInt8]) -> UInt16 {
        var crc: UInt16 = 0
        for b in bytes {
            crc ^= UInt16(b)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xA6BC : crc >> 1 }
        }
        return ~crc
    }

    public struct LinkReply: Sendable, Equatable {
        public var function: UInt8
        /// The outstation's own address (the reply's source).
        public var outstation: UInt16
    }

    /// Decodes the first link header of the reply, its CRC checked; nil when the bytes are not DNP3.
    public static func parse(_ bytes: [UInt8]) -> LinkReply? {
        var r = WireReader(bytes)
        guard let header = try? r.take(8, "DNP3 link header"), let sum = try? r.u16le("header CRC"),
              header[0] == 0x05, header[1] == 0x64, header[2] >= 5, sum == crc(header),
              header[3] & 0x40 == 0 else { return nil } // PRM clear: a secondary (outstation) frame
        return LinkReply(function: header[3] & 0x0F, outstation: UInt16(header[6]) | UInt16(header[7]) << 8)
    }

    static func identify(_ context: ServiceProbeContext) -> ServiceMatch? {
        guard let s = context.open() else { return nil }
        defer { s.close() }
        let reply = s.exchange(request, until: { $0.count >= 10 }, limit: 292, wait: context.wait)
        guard let link = parse(reply) else { return nil }
        let name = link.function == 11 ? "Link Status" : "function \(link.function)"
        return ServiceMatch(service: "dnp3", authentication: .notRequired,
                            evidence: "Request Link Status -> \(name) from outstation \(link.outstation)",
                            details: ["protocol.class": "industrial", "dnp3.outstation": String(link.outstation)])
    }
}
