/// Why bytes from the wire could not be decoded. Lengths are checked before every read, so a lying length
/// becomes one of these, never a crash or an oversized allocation.
public enum WireError: Error, Sendable, Equatable, CustomStringConvertible {
    case truncated(String)
    case malformed(String)
    /// The peer answered in another protocol; the text says which, in user terms.
    case notTLS(String)

    public var description: String {
        switch self {
        case .truncated(let what): "truncated \(what)"
        case .malformed(let what): "malformed \(what)"
        case .notTLS(let what): what
        }
    }
}

/// A cursor over received bytes that refuses to read past the end.
struct WireReader {
    private let bytes: [UInt8]
    private(set) var offset: Int
    private let end: Int

    init(_ bytes: [UInt8]) { self.init(bytes, from: 0, to: bytes.count) }

    private init(_ bytes: [UInt8], from: Int, to: Int) {
        self.bytes = bytes
        self.offset = from
        self.end = to
    }

    var remaining: Int { end - offset }
    var isAtEnd: Bool { offset >= end }

    mutating func u8(_ what: String) throws -> UInt8 {
        guard remaining >= 1 else { throw WireError.truncated(what) }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func u16(_ what: String) throws -> UInt16 {
        guard remaining >= 2 else { throw WireError.truncated(what) }
        defer { offset += 2 }
        return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    mutating func u24(_ what: String) throws -> Int {
        guard remaining >= 3 else { throw WireError.truncated(what) }
        defer { offset += 3 }
        return Int(bytes[offset]) << 16 | Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2])
    }

    mutating func take(_ count: Int, _ what: String) throws -> [UInt8] {
        guard count >= 0, remaining >= count else { throw WireError.truncated(what) }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    /// A reader over the next `count` bytes, which the outer reader skips.
    mutating func sub(_ count: Int, _ what: String) throws -> WireReader {
        guard count >= 0, remaining >= count else { throw WireError.truncated(what) }
        defer { offset += count }
        return WireReader(bytes, from: offset, to: offset + count)
    }
}

/// Big-endian writers for building messages.
extension Array where Element == UInt8 {
    mutating func put16(_ v: UInt16) { append(UInt8(v >> 8)); append(UInt8(v & 0xFF)) }
    mutating func put16(_ v: Int) { put16(UInt16(truncatingIfNeeded: v)) }
    mutating func put24(_ v: Int) { append(UInt8((v >> 16) & 0xFF)); append(UInt8((v >> 8) & 0xFF)); append(UInt8(v & 0xFF)) }
    /// Appends `body` with a big-endian length prefix of `width` bytes.
    mutating func putVector(_ body: [UInt8], width: Int) {
        switch width {
        case 1: append(UInt8(body.count))
        case 2: put16(body.count)
        default: put24(body.count)
        }
        append(contentsOf: body)
    }
}
