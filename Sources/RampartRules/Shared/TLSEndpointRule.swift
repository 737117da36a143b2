import RampartCore

/// Judges each probed TLS endpoint.
public protocol TLSEndpointRule: Rule {
    func check(_ endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding]
}

extension TLSEndpointRule {
    public func check(_ facts: Facts, _ context: RuleContext) -> [Finding] {
        facts.set.tls.flatMap { check($0, context) }
    }
}

extension RuleContext {
    /// A finding about a live endpoint; `discriminator` tells apart several findings of one rule there.
    func finding(_ endpoint: TLSEndpointFacts, _ message: String, evidence: String? = nil, discriminator: String? = nil) -> Finding {
        finding(subject: Subject(endpoint: endpoint.endpoint), message, evidence: evidence, discriminator: discriminator)
    }
}

/// Recorded-facts examples for the catalog: one endpoint with the given JSON members.
enum TLSExample {
    static func endpoint(_ members: String, parameters: String? = nil, today: String? = nil) -> String {
        var text = "{\"tls\": [{\"host\": \"portal.city.example\", \"ip\": \"203.0.113.10\", \"port\": 443, \"sni\": \"portal.city.example\""
        if !members.isEmpty { text += ", " + members }
        text += "}]"
        if let parameters { text += ", \"parameters\": {\"values\": {\(parameters)}}" }
        if let today { text += ", \"today\": \"\(today)\"" }
        return text + "}"
    }

    /// A healthy certificate, for examples that need one.
    static let goodCertificate = """
        "certificate": {"trusted": true, "hostnameMatches": true, "ocspStapled": true, "chain": [{"subject": "CN=portal.city.example", "issuer": "CN=City CA", "notBefore": "2025-06-01T00:00:00Z", "notAfter": "2026-06-01T00:00:00Z", "keyType": "EC", "keyBits": 256, "signatureAlgorithm": "ecdsa-with-SHA256", "subjectAltNames": ["DNS:portal.city.example"]}]}
        """

    static func certificate(_ leaf: String, _ extra: String = "") -> String {
        "\"certificate\": {\(extra.isEmpty ? "" : extra + ", ")\"chain\": [{\(leaf)}]}"
    }
}

/// Suites accepted at each version, with their traits, for the suite rules.
extension TLSEndpointFacts {
    var acceptedTraits: [(version: String, traits: CipherSuiteTraits)] {
        acceptedSuites.filter { $0.version != "SSLv2" }.map { ($0.version, CipherSuiteTraits($0.suite)) }
    }
}

/// Days since 1970-01-01 for a `yyyy-mm-dd` prefix (proleptic Gregorian); nil if not a date.
enum CivilDate {
    static func days(_ text: String) -> Int? {
        let parts = text.prefix(10).split(separator: "-")
        guard parts.count == 3, let y0 = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), (1...31).contains(d) else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (m + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }
}
