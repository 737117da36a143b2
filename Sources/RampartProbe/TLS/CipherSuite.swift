import RampartCore

/// A cipher suite code point with its registry name and the traits the name implies.
public struct CipherSuite: Sendable, Hashable {
    public let code: UInt16
    public let name: String
    public var traits: CipherSuiteTraits { CipherSuiteTraits(name) }

    /// Every known suite, by code.
    public static let all: [CipherSuite] = CipherSuiteRegistry.text.split(separator: "\n").compactMap { line in
        let parts = line.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, let code = UInt16(parts[0], radix: 16) else { return nil }
        return CipherSuite(code: code, name: String(parts[1]))
    }

    private static let byCode: [UInt16: CipherSuite] = Dictionary(all.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })

    /// Name for a code; unknown codes read `0xABCD` so nothing a server says is lost.
    public static func name(for code: UInt16) -> String {
        byCode[code]?.name ?? "0x" + hex16(code)
    }

    public static func suite(_ code: UInt16) -> CipherSuite? { byCode[code] }

    /// TLS 1.3 suites (RFC 8446 B.4 and the SM4 pair of RFC 8998); they only work with TLS 1.3, and only they do.
    public var isTLS13: Bool { (0x1301...0x1305).contains(code) || code == 0x00C6 || code == 0x00C7 }

    /// Suites worth offering at a version: the TLS 1.3 set for 1.3, everything else below.
    public static func candidates(for version: TLSVersion) -> [CipherSuite] {
        version == .tls13 ? all.filter(\.isTLS13) : all.filter { !$0.isTLS13 && $0.code != 0x0000 }
    }
}

/// Signalling values that are not suites.
public enum SignallingSuite {
    /// RFC 5746 3.3.
    public static let emptyRenegotiationInfo: UInt16 = 0x00FF
    /// RFC 7507.
    public static let fallback: UInt16 = 0x5600
}

/// A protocol version, with its wire value.
public enum TLSVersion: String, Sendable, CaseIterable, Comparable {
    case sslv2 = "SSLv2", sslv3 = "SSLv3", tls10 = "TLSv1.0", tls11 = "TLSv1.1", tls12 = "TLSv1.2", tls13 = "TLSv1.3"

    public var wire: UInt16 {
        switch self {
        case .sslv2: 0x0002
        case .sslv3: 0x0300
        case .tls10: 0x0301
        case .tls11: 0x0302
        case .tls12: 0x0303
        case .tls13: 0x0304
        }
    }

    public init?(wire: UInt16) {
        guard let v = TLSVersion.allCases.first(where: { $0.wire == wire }) else { return nil }
        self = v
    }

    public static func < (a: TLSVersion, b: TLSVersion) -> Bool { a.wire < b.wire || (a == .sslv2 && b != .sslv2) }
}

/// Named groups (IANA "TLS Supported Groups").
public enum NamedGroup {
    public static let names: [UInt16: String] = [
        0x0001: "sect163k1", 0x0002: "sect163r1", 0x0003: "sect163r2", 0x0004: "sect193r1", 0x0005: "sect193r2",
        0x0006: "sect233k1", 0x0007: "sect233r1", 0x0008: "sect239k1", 0x0009: "sect283k1", 0x000A: "sect283r1",
        0x000B: "sect409k1", 0x000C: "sect409r1", 0x000D: "sect571k1", 0x000E: "sect571r1", 0x000F: "secp160k1",
        0x0010: "secp160r1", 0x0011: "secp160r2", 0x0012: "secp192k1", 0x0013: "secp192r1", 0x0014: "secp224k1",
        0x0015: "secp224r1", 0x0016: "secp256k1", 0x0017: "secp256r1", 0x0018: "secp384r1", 0x0019: "secp521r1",
        0x001A: "brainpoolP256r1", 0x001B: "brainpoolP384r1", 0x001C: "brainpoolP512r1", 0x001D: "x25519", 0x001E: "x448",
        0x001F: "brainpoolP256r1tls13", 0x0020: "brainpoolP384r1tls13", 0x0021: "brainpoolP512r1tls13",
        0x0100: "ffdhe2048", 0x0101: "ffdhe3072", 0x0102: "ffdhe4096", 0x0103: "ffdhe6144", 0x0104: "ffdhe8192",
        0x0200: "MLKEM512", 0x0201: "MLKEM768", 0x0202: "MLKEM1024",
        0x11EB: "SecP256r1MLKEM768", 0x11EC: "X25519MLKEM768", 0x11ED: "SecP384r1MLKEM1024",
        0x6399: "X25519Kyber768Draft00",
    ]

    public static func name(_ code: UInt16) -> String { names[code] ?? "0x" + hex16(code) }

    /// Groups offered with TLS 1.2 ECDHE (elliptic curves only).
    public static let ecdhe: [UInt16] = Array(0x0001...0x001E).filter { names[$0] != nil }
    /// Groups offered with TLS 1.3: those RFC 8446 and its successors define for it, then the legacy curves a
    /// misconfigured server may still accept (elimination costs one hello per accepted group, so offering
    /// more costs nothing on a well-configured server).
    public static let tls13: [UInt16] = {
        let defined: [UInt16] = [0x001D, 0x0017, 0x0018, 0x0019, 0x001E, 0x0100, 0x0101, 0x0102, 0x0103, 0x0104,
                                 0x001F, 0x0020, 0x0021, 0x11EC, 0x11EB, 0x11ED, 0x0200, 0x0201, 0x0202, 0x6399]
        return defined + ecdhe.filter { !defined.contains($0) }
    }()
    public static let x25519: UInt16 = 0x001D
}

func hex16(_ v: UInt16) -> String {
    let s = String(v, radix: 16, uppercase: true)
    return String(repeating: "0", count: 4 - s.count) + s
}
