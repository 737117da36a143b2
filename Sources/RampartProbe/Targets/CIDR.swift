#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 network in CIDR notation (`10.20.0.0/24`, `2001:db8::/120`). A bare address is a
/// network of one (/32 or /128).
public struct CIDR: Sendable, Hashable, CustomStringConvertible {
    /// Network address bytes (4 or 16), with host bits cleared.
    public let network: [UInt8]
    public let prefix: Int

    /// Expanding more addresses than this is refused: a scan of a larger range is a job for sharding.
    public static let maxExpansion = 65_536

    public var isIPv6: Bool { network.count == 16 }
    public var bits: Int { network.count * 8 }

    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
    }

    public init(network: [UInt8], prefix: Int) {
        self.prefix = prefix
        self.network = CIDR.mask(network, prefix)
    }

    public static func parse(_ text: String) -> Result<CIDR, ParseError> {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard let bytes = addressBytes(parts[0]) else {
            return .failure(ParseError(description: "'\(text)': '\(parts[0])' is not an IPv4 or IPv6 address"))
        }
        var prefix = bytes.count * 8
        if parts.count == 2 {
            guard let p = Int(parts[1]), (0...bytes.count * 8).contains(p) else {
                return .failure(ParseError(description: "'\(text)': prefix length must be 0-\(bytes.count * 8)"))
            }
            prefix = p
        }
        return .success(CIDR(network: bytes, prefix: prefix))
    }

    /// Bytes of an IP literal, or nil.
    public static func addressBytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }

    static func mask(_ bytes: [UInt8], _ prefix: Int) -> [UInt8] {
        bytes.enumerated().map { i, b in
            let keep = max(0, min(8, prefix - i * 8))
            return keep == 8 ? b : keep == 0 ? 0 : b & UInt8(truncatingIfNeeded: 0xFF << (8 - keep))
        }
    }

    /// Number of addresses, or nil when it exceeds `Int` (IPv6 prefixes shorter than /65).
    public var size: Int? {
        let hostBits = bits - prefix
        return hostBits >= 62 ? nil : 1 << hostBits
    }

    public func contains(_ bytes: [UInt8]) -> Bool {
        bytes.count == network.count && CIDR.mask(bytes, prefix) == network
    }

    public func contains(ip: String) -> Bool {
        CIDR.addressBytes(ip).map(contains) ?? false
    }

    /// Whether every address of `other` lies inside this network.
    public func contains(_ other: CIDR) -> Bool {
        other.network.count == network.count && other.prefix >= prefix && contains(other.network)
    }

    /// Every address in the network, as literals; fails beyond `limit` addresses.
    public func addresses(limit: Int = CIDR.maxExpansion) -> Result<[String], ParseError> {
        guard let size, size <= limit else {
            return .failure(ParseError(description: "\(self) holds more than \(limit) addresses; scan smaller ranges (or shard the scan)"))
        }
        var out: [String] = []
        out.reserveCapacity(size)
        var current = network
        for _ in 0..<size {
            out.append(CIDR.format(current))
            // Increment the big-endian address by one.
            var i = current.count - 1
            while i >= 0 {
                current[i] &+= 1
                if current[i] != 0 { break }
                i -= 1
            }
        }
        return .success(out)
    }

    public static func format(_ bytes: [UInt8]) -> String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        var copy = bytes
        let family = bytes.count == 4 ? AF_INET : AF_INET6
        _ = copy.withUnsafeMutableBytes { inet_ntop(family, $0.baseAddress, &buffer, socklen_t(buffer.count)) }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public var description: String { "\(CIDR.format(network))/\(prefix)" }
}
