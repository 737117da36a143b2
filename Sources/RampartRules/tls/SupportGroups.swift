import RampartCore

/// What a key exchange group's IANA name (as recorded in facts) says about it, so that rules judge
/// recorded groups without the probe's table.
enum GroupClass: Equatable {
    /// Includes ML-KEM (FIPS 203): a hybrid such as X25519MLKEM768 or pure MLKEM768.
    case postQuantum
    /// Below 128-bit security, or a binary curve of at most 239 bits: breakable or close to it.
    case weak(String)
    /// Deprecated for TLS (RFC 8422 5.1.1) or never defined for TLS 1.3, but not known to be broken.
    case legacy(String)
    /// Current: x25519, x448, the NIST P-curves of 256 bits and more, ffdhe2048 and up, brainpool TLS 1.3 points.
    case current

    init(_ name: String) {
        let n = name.lowercased()
        if n.contains("mlkem") { self = .postQuantum; return }
        if n.hasPrefix("sect") {
            let bits = Int(n.dropFirst(4).prefix { $0.isNumber }) ?? 0
            self = bits < 256 ? .weak("a \(bits)-bit binary curve") : .legacy("a binary curve, deprecated by RFC 8422")
            return
        }
        if n.hasPrefix("secp160") || n.hasPrefix("secp192") || n.hasPrefix("secp224") {
            let bits = Int(n.dropFirst(4).prefix { $0.isNumber }) ?? 0
            self = .weak("a \(bits)-bit curve, below 128-bit security")
            return
        }
        if n.hasPrefix("ffdhe"), let bits = Int(n.dropFirst(5)), bits < 2048 {
            self = .weak("a \(bits)-bit finite-field group")
            return
        }
        if n == "secp256k1" { self = .legacy("deprecated by RFC 8422 and not defined for TLS 1.3"); return }
        if n.hasPrefix("brainpool") && !n.hasSuffix("tls13") { self = .legacy("deprecated by RFC 8422 and not allowed in TLS 1.3 (RFC 8734)"); return }
        if n.contains("kyber") { self = .legacy("a pre-standard Kyber draft, replaced by ML-KEM") ; return }
        self = .current
    }
}

extension TLSEndpointFacts {
    /// Accepted groups with their class, in the recorded order.
    var groupClasses: [(name: String, kind: GroupClass)] { groups.map { ($0, GroupClass($0)) } }
}
