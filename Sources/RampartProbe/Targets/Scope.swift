/// What the port scanner may touch: a host name, an address, or a CIDR network the user named.
public enum PortTarget: Sendable, Hashable, CustomStringConvertible {
    case host(Target)
    case network(CIDR, original: String)

    public var description: String {
        switch self {
        case .host(let t): t.original
        case .network(_, let original): original
        }
    }

    /// `10.0.0.0/24` and `2001:db8::/120` are networks; everything else is parsed as a `Target`.
    public static func parse(_ text: String) -> Result<PortTarget, Scope.Error> {
        let trimmed = text.trimmingWhitespace
        if trimmed.contains("/"), !trimmed.contains("://") {
            switch CIDR.parse(trimmed) {
            case .success(let cidr): return .success(.network(cidr, original: trimmed))
            case .failure(let e): return .failure(Scope.Error(description: e.description))
            }
        }
        switch Target.parse(trimmed) {
        case .success(let t): return .success(.host(t))
        case .failure(let e): return .failure(Scope.Error(description: e.description))
        }
    }
}

/// The networks and host names a live probe is allowed to touch (`--scope`). A CIDR target must lie wholly
/// inside a scope network; without a scope, CIDR targets are refused, because a typo in a prefix length
/// would otherwise send packets to someone else's hosts. Named hosts and literals need no scope, but when a
/// scope is given they must be in it too (by name, or every resolved address inside a scope network).
public struct Scope: Sendable, Hashable {
    public var networks: [CIDR] = []
    /// Lower-cased host names.
    public var names: Set<String> = []

    public struct Error: Swift.Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    public init(networks: [CIDR] = [], names: Set<String> = []) {
        self.networks = networks
        self.names = names
    }

    /// Parses a comma- or newline-separated list of CIDRs, addresses and host names; `#` starts a comment.
    /// `source` names where the text came from, for messages.
    public static func parse(_ text: String, source: String = "--scope") -> Result<Scope, Error> {
        var scope = Scope()
        for (n, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            for raw in line.split(separator: ",") {
                let item = String(raw).trimmingWhitespace
                guard !item.isEmpty else { continue }
                let place = source == "--scope" ? source : "\(source):\(n + 1)"
                if item.contains("/") || CIDR.addressBytes(item) != nil {
                    switch CIDR.parse(item) {
                    case .success(let c): scope.networks.append(c)
                    case .failure(let e): return .failure(Error(description: "\(place): \(e.description)"))
                    }
                } else if Target.isValidHost(item) {
                    scope.names.insert(item.lowercased())
                } else {
                    return .failure(Error(description: "\(place): '\(item)' is not a CIDR, address or host name"))
                }
            }
        }
        if scope.networks.isEmpty && scope.names.isEmpty {
            return .failure(Error(description: "\(source): the scope is empty"))
        }
        return .success(scope)
    }

    public func contains(ip: String) -> Bool {
        networks.contains { $0.contains(ip: ip) }
    }

    public func contains(_ cidr: CIDR) -> Bool {
        networks.contains { $0.contains(cidr) }
    }

    /// Checks a target before any packet is sent. `addresses` are the target's resolved addresses
    /// (for names). Returns the refusal, or nil when the target may be probed.
    public static func refusal(for target: PortTarget, scope: Scope?, addresses: [String] = []) -> String? {
        switch target {
        case .network(let cidr, let original):
            guard let scope else {
                return "\(original): a CIDR range is probed only inside an explicit --scope; add --scope \(cidr) if this range is yours to scan"
            }
            if !scope.contains(cidr) { return "\(original): range \(cidr) is not inside the scope; refused before any packet was sent" }
            return nil
        case .host(let t):
            guard let scope else { return nil }
            if scope.names.contains(t.host.lowercased()) { return nil }
            let outside = addresses.filter { !scope.contains(ip: $0) }
            if addresses.isEmpty || !outside.isEmpty {
                let which = outside.isEmpty ? "" : " (\(outside.joined(separator: ", ")))"
                return "\(t.original): not inside the scope\(which); refused before any packet was sent"
            }
            return nil
        }
    }
}
