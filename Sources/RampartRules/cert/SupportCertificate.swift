import RampartCore

/// Shared shape: rules about the served certificate.
protocol CertificateRule: TLSEndpointRule {
    func check(_ certificate: CertificateFacts, of endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding]
}

extension CertificateRule {
    public func check(_ endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding] {
        guard let certificate = endpoint.certificate else { return [] }
        return check(certificate, of: endpoint, context)
    }
}

let leafGood = #""subject": "CN=portal.city.example", "notBefore": "2025-06-01T00:00:00Z", "notAfter": "2026-06-01T00:00:00Z", "keyType": "EC", "keyBits": 256, "signatureAlgorithm": "ecdsa-with-SHA256""#
