/// The LDAP ExtendedResponse to StartTLS, read as BER without trusting any length: each length is checked
/// against the bytes that arrived before anything is indexed.
enum LDAPReply {
    /// A BER length at `at`: (value, bytes it took), or nil when incomplete or absurd (over 4 length bytes).
    static func length(_ b: [UInt8], at: Int) -> (value: Int, size: Int)? {
        guard at >= 0, at < b.count else { return nil }
        let first = b[at]
        if first < 0x80 { return (Int(first), 1) }
        let count = Int(first & 0x7F)
        guard count >= 1, count <= 3, at + count < b.count else { return nil }
        var value = 0
        for i in 1...count { value = value << 8 | Int(b[at + i]) }
        return (value, 1 + count)
    }

    /// True when the outer SEQUENCE has all its announced bytes (or announces something no reply needs).
    static func complete(_ b: [UInt8]) -> Bool {
        guard b.count >= 2 else { return false }
        guard b[0] == 0x30, let (value, size) = length(b, at: 1) else { return b[0] != 0x30 || b.count >= 5 }
        return b.count >= 1 + size + value
    }

    /// LDAPMessage { messageID INTEGER, protocolOp [APPLICATION 24] ExtendedResponse { resultCode ENUMERATED ... } }.
    static func resultCode(_ b: [UInt8]) -> Result<Int, ReplyProblem> {
        guard b.first == 0x30, let (outer, outerSize) = length(b, at: 1) else {
            return .failure(ReplyProblem("not an LDAP message: \(ProbeText.hex(b, limit: 12))"))
        }
        let end = 1 + outerSize + outer
        guard end <= b.count else { return .failure(ReplyProblem("LDAP message truncated (\(b.count) of \(end) bytes)")) }
        var i = 1 + outerSize
        // messageID
        guard i < end, b[i] == 0x02, let (idLength, idSize) = length(b, at: i + 1) else { return .failure(ReplyProblem("LDAP message without a message id")) }
        i += 1 + idSize + idLength
        guard i < end else { return .failure(ReplyProblem("LDAP message without an operation")) }
        let op = b[i]
        guard op == 0x78 else {
            // A Notice of Disconnection (an ExtendedResponse too) or another operation.
            return .failure(ReplyProblem("LDAP answered operation 0x\(String(op, radix: 16)) instead of an ExtendedResponse"))
        }
        guard let (_, opSize) = length(b, at: i + 1) else { return .failure(ReplyProblem("LDAP ExtendedResponse length unreadable")) }
        i += 1 + opSize
        guard i + 2 < end, b[i] == 0x0A, b[i + 1] >= 1, b[i + 1] <= 4, i + 1 + Int(b[i + 1]) < end else {
            return .failure(ReplyProblem("LDAP ExtendedResponse without a result code"))
        }
        var code = 0
        for k in 0..<Int(b[i + 1]) { code = code << 8 | Int(b[i + 2 + k]) }
        return .success(code)
    }
}

/// The MySQL / MariaDB initial handshake packet (protocol 10), parsed for the STARTTLS preamble.
struct MySQLGreeting {
    static let clientSSL: UInt32 = 0x0800

    var sequence: UInt8
    var version: String
    var capabilities: UInt32

    /// Header length + 4, or nil before the 4-byte header has arrived.
    static func packetLength(_ b: [UInt8]) -> Int? {
        guard b.count >= 4 else { return nil }
        return (Int(b[0]) | Int(b[1]) << 8 | Int(b[2]) << 16) + 4
    }

    static func parse(_ b: [UInt8]) -> Result<MySQLGreeting, ReplyProblem> {
        guard let total = packetLength(b), b.count >= total, total >= 5 else { return .failure(ReplyProblem("greeting packet truncated")) }
        if b[4] == 0xFF {
            let message = total > 7 ? ProbeText.text(b[7..<total], limit: 120) : ""
            return .failure(ReplyProblem("greeting is an error packet: \(message)"))
        }
        guard b[4] == 0x0A else { return .failure(ReplyProblem("greeting protocol \(b[4]), expected 10")) }
        var i = 5
        var versionBytes: [UInt8] = []
        while i < total, b[i] != 0, versionBytes.count < 64 { versionBytes.append(b[i]); i += 1 }
        // version NUL, connection id (4), auth data part 1 (8), filler (1), capability flags low (2)
        let lowAt = i + 1 + 4 + 8 + 1
        guard i < total, b[i] == 0, lowAt + 1 < total else { return .failure(ReplyProblem("greeting too short for its capability flags")) }
        var caps = UInt32(b[lowAt]) | UInt32(b[lowAt + 1]) << 8
        // charset (1), status (2), capability flags high (2), when present.
        let highAt = lowAt + 2 + 1 + 2
        if highAt + 1 < total { caps |= UInt32(b[highAt]) << 16 | UInt32(b[highAt + 1]) << 24 }
        return .success(MySQLGreeting(sequence: b[3], version: ProbeText.text(versionBytes, limit: 64), capabilities: caps))
    }
}

/// Why a binary reply could not be read, in report words.
struct ReplyProblem: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
