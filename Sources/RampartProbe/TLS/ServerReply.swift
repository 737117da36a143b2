/// A decoded ServerHello (or HelloRetryRequest, which shares its shape; RFC 8446 4.1.3, 4.1.4).
public struct ServerHello: Sendable, Equatable {
    /// Version the server chose: supported_versions if present, else the legacy field.
    public var version: UInt16
    public var legacyVersion: UInt16
    public var suite: UInt16
    public var compression: UInt8
    public var sessionID: [UInt8]
    /// Extension types in the order sent.
    public var extensionTypes: [UInt16]
    /// Group of the key share (ServerHello) or the group asked for (HelloRetryRequest).
    public var keyShareGroup: UInt16?
    public var isHelloRetryRequest: Bool

    /// SHA-256 of "HelloRetryRequest" (RFC 8446 4.1.3).
    static let helloRetryRandom: [UInt8] = [
        0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C, 0x02, 0x1E, 0x65, 0xB8, 0x91,
        0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB, 0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C,
    ]

    public var hasSecureRenegotiation: Bool { extensionTypes.contains(0xFF01) }
    public var hasHeartbeat: Bool { extensionTypes.contains(0x000F) }

    /// Decodes a ServerHello handshake body (after the 4-byte handshake header).
    public static func parse(_ body: [UInt8]) throws -> ServerHello {
        var r = WireReader(body)
        let legacy = try r.u16("ServerHello version")
        let random = try r.take(32, "ServerHello random")
        let sidLength = Int(try r.u8("ServerHello session id length"))
        guard sidLength <= 32 else { throw WireError.malformed("ServerHello: session id length \(sidLength) > 32") }
        let sid = try r.take(sidLength, "ServerHello session id")
        let suite = try r.u16("ServerHello cipher suite")
        let compression = try r.u8("ServerHello compression")
        let isHRR = random == helloRetryRandom
        var hello = ServerHello(version: legacy, legacyVersion: legacy, suite: suite, compression: compression, sessionID: sid,
                                extensionTypes: [], keyShareGroup: nil, isHelloRetryRequest: isHRR)
        // Extensions are optional before TLS 1.3 (RFC 5246 7.4.1.3).
        guard !r.isAtEnd else { return hello }
        let total = Int(try r.u16("ServerHello extensions length"))
        var ext = try r.sub(total, "ServerHello extensions")
        var count = 0
        while !ext.isAtEnd {
            count += 1
            guard count <= 64 else { throw WireError.malformed("ServerHello: more than 64 extensions") }
            let type = try ext.u16("extension type")
            let length = Int(try ext.u16("extension length"))
            var data = try ext.sub(length, "extension \(type) data")
            hello.extensionTypes.append(type)
            switch type {
            case 0x002B:
                hello.version = try data.u16("supported_versions")
            case 0x0033:
                hello.keyShareGroup = try data.u16("key_share group")
            default:
                break
            }
        }
        return hello
    }
}

/// An alert (RFC 8446 6).
public struct TLSAlert: Sendable, Equatable, CustomStringConvertible {
    public var level: UInt8
    public var code: UInt8

    public static let names: [UInt8: String] = [
        0: "close_notify", 10: "unexpected_message", 20: "bad_record_mac", 21: "decryption_failed", 22: "record_overflow",
        30: "decompression_failure", 40: "handshake_failure", 41: "no_certificate", 42: "bad_certificate",
        43: "unsupported_certificate", 44: "certificate_revoked", 45: "certificate_expired", 46: "certificate_unknown",
        47: "illegal_parameter", 48: "unknown_ca", 49: "access_denied", 50: "decode_error", 51: "decrypt_error",
        70: "protocol_version", 71: "insufficient_security", 80: "internal_error", 86: "inappropriate_fallback",
        90: "user_canceled", 100: "no_renegotiation", 109: "missing_extension", 110: "unsupported_extension",
        112: "unrecognized_name", 113: "bad_certificate_status_response", 115: "unknown_psk_identity",
        116: "certificate_required", 120: "no_application_protocol",
    ]

    public var description: String { "alert \(Self.names[code] ?? String(code)) (\(code))" }
}

/// The SSLv2 SERVER-HELLO: what matters is that it came, and the cipher kinds it lists.
public struct SSLv2ServerHello: Sendable, Equatable {
    public var cipherSpecs: [UInt32]
    public var certificateLength: Int

    /// Decodes a whole SSLv2 record (2-byte header included).
    public static func parse(_ bytes: [UInt8]) throws -> SSLv2ServerHello {
        var r = WireReader(bytes)
        let header = try r.u16("SSLv2 record header")
        guard header & 0x8000 != 0 else { throw WireError.malformed("SSLv2 record: 3-byte header not supported") }
        var body = try r.sub(Int(header & 0x7FFF), "SSLv2 record")
        let type = try body.u8("SSLv2 message type")
        guard type == 4 else { throw WireError.malformed("SSLv2: message type \(type), expected SERVER-HELLO (4)") }
        _ = try body.u8("session id hit")
        _ = try body.u8("certificate type")
        let version = try body.u16("SSLv2 server version")
        guard version == 0x0002 else { throw WireError.malformed("SSLv2: server version 0x\(hex16(version))") }
        let certLength = Int(try body.u16("certificate length"))
        let specsLength = Int(try body.u16("cipher specs length"))
        let connLength = Int(try body.u16("connection id length"))
        guard specsLength % 3 == 0 else { throw WireError.malformed("SSLv2: cipher specs length \(specsLength) not a multiple of 3") }
        _ = try body.take(certLength, "SSLv2 certificate")
        var specs = try body.sub(specsLength, "SSLv2 cipher specs")
        _ = try body.take(connLength, "SSLv2 connection id")
        var codes: [UInt32] = []
        while !specs.isAtEnd {
            let b = try specs.take(3, "cipher spec")
            codes.append(UInt32(b[0]) << 16 | UInt32(b[1]) << 8 | UInt32(b[2]))
        }
        return SSLv2ServerHello(cipherSpecs: codes, certificateLength: certLength)
    }
}

/// What the server said to a ClientHello, up to the point the probe needs.
public enum ServerReply: Sendable, Equatable {
    case hello(ServerHello, keyExchange: ServerKeyExchangeInfo?)
    case alert(TLSAlert)
    case sslv2(SSLv2ServerHello)
}

/// What the ServerKeyExchange told about the key exchange (RFC 5246 7.4.3, RFC 8422 5.4).
public struct ServerKeyExchangeInfo: Sendable, Equatable {
    public var dhPrimeBits: Int?
    public var curve: UInt16?
}

/// Incremental decoder of a server's first flight: TLS records, or an SSLv2 record. Feed it bytes; it says
/// when it has enough. Record and message lengths are bounded before any allocation.
public struct ServerReplyDecoder: Sendable {
    /// RFC 8446 5.2: 2^14 + 256 for protected records; plaintext handshake records are 2^14 at most.
    /// Allow 2^14 + 2048 (the TLS 1.2 ciphertext bound) and no more.
    public static let maxRecord = 16384 + 2048
    /// Handshake messages in the first flight larger than this (a certificate chain, mostly) are refused.
    public static let maxMessage = 65536

    /// Read through ServerKeyExchange / ServerHelloDone, not just ServerHello.
    public var wantKeyExchange: Bool
    /// Suite kex decides how to read ServerKeyExchange.
    private var buffer: [UInt8] = []
    private var handshake: [UInt8] = []
    private var hello: ServerHello?
    private var records = 0

    public init(wantKeyExchange: Bool = false) { self.wantKeyExchange = wantKeyExchange }

    /// Adds received bytes; returns the reply once complete, nil when more bytes are needed.
    public mutating func feed(_ bytes: [UInt8]) throws -> ServerReply? {
        buffer += bytes
        if hello == nil, handshake.isEmpty, let first = buffer.first, first & 0x80 != 0 {
            // SSLv2 record: 2-byte header with the high bit set.
            guard buffer.count >= 2 else { return nil }
            let length = Int(UInt16(buffer[0] & 0x7F) << 8 | UInt16(buffer[1]))
            guard buffer.count >= 2 + length else { return nil }
            return .sslv2(try SSLv2ServerHello.parse(Array(buffer[0..<2 + length])))
        }
        while buffer.count >= 5 {
            let type = buffer[0]
            let length = Int(buffer[3]) << 8 | Int(buffer[4])
            guard [20, 21, 22, 23, 24].contains(type) else {
                if records == 0, let plain = PlaintextReply.describe(buffer) { throw WireError.notTLS(plain) }
                throw WireError.malformed("record: content type \(type) is not TLS (not a TLS server?)")
            }
            guard buffer[1] == 3 || (buffer[1] == 2 && buffer[2] == 0) else {
                throw WireError.malformed("record: version bytes \(buffer[1]).\(buffer[2]) are not SSL 3 / TLS")
            }
            guard length <= Self.maxRecord else {
                throw WireError.malformed("record: announced length \(length) exceeds \(Self.maxRecord)")
            }
            guard buffer.count >= 5 + length else { return nil }
            let payload = Array(buffer[5..<5 + length])
            buffer.removeFirst(5 + length)
            records += 1
            guard records <= 64 else { throw WireError.malformed("more than 64 records before ServerHello") }
            switch type {
            case 21:
                guard payload.count >= 2 else { throw WireError.truncated("alert") }
                return .alert(TLSAlert(level: payload[0], code: payload[1]))
            case 22:
                handshake += payload
                if let reply = try drainHandshake() { return reply }
            case 20 where hello != nil:
                // ChangeCipherSpec after ServerHello (TLS 1.3 middlebox compatibility): the flight is done.
                return .hello(hello!, keyExchange: nil)
            default:
                if let hello { return .hello(hello, keyExchange: nil) }
                throw WireError.malformed("record: content type \(type) before ServerHello")
            }
        }
        return nil
    }

    private mutating func drainHandshake() throws -> ServerReply? {
        while handshake.count >= 4 {
            let type = handshake[0]
            let length = Int(handshake[1]) << 16 | Int(handshake[2]) << 8 | Int(handshake[3])
            guard length <= Self.maxMessage else {
                throw WireError.malformed("handshake message type \(type): announced length \(length) exceeds \(Self.maxMessage)")
            }
            guard handshake.count >= 4 + length else { return nil }
            let body = Array(handshake[4..<4 + length])
            handshake.removeFirst(4 + length)
            switch type {
            case 2:
                guard hello == nil else { throw WireError.malformed("second ServerHello") }
                let h = try ServerHello.parse(body)
                // TLS 1.3 encrypts everything after ServerHello; an HRR ends the flight too.
                if !wantKeyExchange || h.isHelloRetryRequest || h.version == TLSVersion.tls13.wire {
                    return .hello(h, keyExchange: nil)
                }
                hello = h
            case 12:
                guard let h = hello else { throw WireError.malformed("ServerKeyExchange before ServerHello") }
                return .hello(h, keyExchange: try Self.parseKeyExchange(body, suite: h.suite))
            case 14:
                guard let h = hello else { throw WireError.malformed("ServerHelloDone before ServerHello") }
                return .hello(h, keyExchange: nil)
            default:
                guard hello != nil else { throw WireError.malformed("handshake message type \(type) before ServerHello") }
            }
        }
        return nil
    }

    /// DHE: p, g, Ys; ECDHE: curve type 3 (named_curve) then the group.
    static func parseKeyExchange(_ body: [UInt8], suite: UInt16) throws -> ServerKeyExchangeInfo {
        var r = WireReader(body)
        let kex = CipherSuite.suite(suite)?.traits.keyExchange ?? ""
        if kex == "ECDHE" || kex == "ECDH" {
            let curveType = try r.u8("ECDH curve type")
            guard curveType == 3 else { return ServerKeyExchangeInfo(dhPrimeBits: nil, curve: nil) }
            return ServerKeyExchangeInfo(dhPrimeBits: nil, curve: try r.u16("ECDH named curve"))
        }
        if kex == "DHE" || kex == "DH" {
            let pLength = Int(try r.u16("DH p length"))
            let p = try r.take(pLength, "DH p")
            return ServerKeyExchangeInfo(dhPrimeBits: bitLength(p), curve: nil)
        }
        return ServerKeyExchangeInfo(dhPrimeBits: nil, curve: nil)
    }

    static func bitLength(_ bytes: [UInt8]) -> Int {
        guard let i = bytes.firstIndex(where: { $0 != 0 }) else { return 0 }
        return (bytes.count - i - 1) * 8 + (8 - bytes[i].leadingZeroBitCount)
    }
}

/// Recognises a plaintext answer to a ClientHello, so that the report says what the server spoke (an HTTP
/// server on a TLS port is a common mistake) rather than naming a TLS record type.
enum PlaintextReply {
    static func describe(_ bytes: [UInt8]) -> String? {
        let line = Array(bytes.prefix(200).prefix { $0 != 0x0A && $0 != 0x0D })
        guard line.count >= 3, line.allSatisfy({ $0 >= 0x20 && $0 < 0x7F || $0 == 0x09 }) else { return nil }
        let quoted = "'\(ProbeText.text(line, limit: 60))'"
        let text = String(decoding: line, as: UTF8.self)
        if text.hasPrefix("HTTP/") { return "the server answered in plain HTTP (\(quoted)), not TLS" }
        if text.hasPrefix("SSH-") { return "the server sent an SSH banner (\(quoted)), not TLS" }
        if line.count >= 4, line[0..<3].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), line[3] == 0x20 || line[3] == 0x2D {
            return "the server sent a plain-text greeting (\(quoted), as SMTP or FTP do), not TLS; if it offers STARTTLS or AUTH TLS, probe that with --ports"
        }
        return "the server answered in plain text (\(quoted)), not TLS"
    }
}
