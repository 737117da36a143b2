import RampartCore

/// The server's preferred key exchange group, found the way suite order is: offer every accepted group in
/// the client's order and then reversed; a server that picks the same group both times has a preference.
extension TLSProber {
    struct GroupPreference: Equatable {
        var preferred: UInt16?
        var serverOrder: Bool?
    }

    /// Two hellos at most. `accepted` are the group code points found by enumeration.
    mutating func groupPreference(_ results: [TLSVersion: [UInt16]], accepted: [UInt16]) -> GroupPreference {
        guard let first = accepted.first else { return GroupPreference() }
        // One group: it is the only possible pick, not a preference between several.
        guard accepted.count > 1 else { return GroupPreference(preferred: first, serverOrder: nil) }
        guard let forward = pickGroup(results, accepted), let backward = pickGroup(results, accepted.reversed()) else {
            return GroupPreference()
        }
        return forward == backward ? GroupPreference(preferred: forward, serverOrder: true) : GroupPreference(preferred: nil, serverOrder: false)
    }

    /// The group a server picks from `groups`: the HelloRetryRequest's group in TLS 1.3 (no key share is
    /// sent, so the server must name its choice), the ServerKeyExchange curve with ECDHE below 1.3.
    private mutating func pickGroup(_ results: [TLSVersion: [UInt16]], _ groups: [UInt16]) -> UInt16? {
        if let suites = results[.tls13] {
            var h = hello(.tls13, suites: suites)
            h.groups = groups
            h.keyShares = []
            guard case .success(.hello(let sh, _)) = exchange(h), let g = sh.keyShareGroup, groups.contains(g) else { return nil }
            return g
        }
        guard let version = results.keys.filter({ $0 >= .tls10 && $0 <= .tls12 }).max(),
              let ecdhe = results[version]?.filter({ CipherSuite.suite($0)?.traits.keyExchange == "ECDHE" }), !ecdhe.isEmpty else { return nil }
        var h = hello(version, suites: ecdhe)
        h.groups = groups
        guard case .success(.hello(_, let kx?)) = exchange(h, wantKeyExchange: true), let g = kx.curve, groups.contains(g) else { return nil }
        return g
    }
}
