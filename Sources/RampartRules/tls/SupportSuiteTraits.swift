import RampartCore

/// Shared shape: one finding per endpoint listing every accepted suite with a bad trait, by version.
protocol SuiteTraitRule: TLSEndpointRule {
    static func matches(_ traits: CipherSuiteTraits, version: String) -> Bool
    static var what: String { get }
}

extension SuiteTraitRule {
    public func check(_ endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding] {
        let bad = endpoint.acceptedTraits.filter { Self.matches($0.traits, version: $0.version) }
        guard !bad.isEmpty else { return [] }
        let versions = bad.map(\.version).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let evidence = versions.map { v in "\(v) accepted: " + bad.filter { $0.version == v }.map(\.traits.name).joined(separator: ", ") }
        return [context.finding(endpoint, "\(bad.count) \(Self.what) suite\(bad.count == 1 ? "" : "s") accepted (\(versions.joined(separator: ", ")))",
                                evidence: evidence.joined(separator: "; "))]
    }
}
