/// Little-endian reads for the protocols that use that order (OPC UA, Modbus's device objects are
/// big-endian but its MBAP header is too; DNP3 addresses are little-endian).
extension WireReader {
    mutating func u32le(_ what: String) throws -> UInt32 {
        let b = try take(4, what)
        return UInt32(b[0]) | UInt32(b[1]) << 8 | UInt32(b[2]) << 16 | UInt32(b[3]) << 24
    }

    mutating func i32le(_ what: String) throws -> Int32 { Int32(bitPattern: try u32le(what)) }

    mutating func u16le(_ what: String) throws -> UInt16 {
        let b = try take(2, what)
        return UInt16(b[0]) | UInt16(b[1]) << 8
    }

    mutating func skip(_ count: Int, _ what: String) throws { _ = try sub(count, what) }
}

extension Array where Element == UInt8 {
    mutating func putLE32(_ v: UInt32) { for k in 0..<4 { append(UInt8((v >> (8 * UInt32(k))) & 0xFF)) } }
    mutating func putLE32(_ v: Int32) { putLE32(UInt32(bitPattern: v)) }
    mutating func putLE16(_ v: UInt16) { append(UInt8(v & 0xFF)); append(UInt8(v >> 8)) }
}

/// Text a device announced, made printable and bounded before it becomes a fact.
enum DeviceText {
    static func clean(_ bytes: [UInt8], limit: Int = 80) -> String { ProbeText.text(bytes, limit: limit) }
}
