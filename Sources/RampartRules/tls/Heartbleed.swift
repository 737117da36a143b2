import RampartCore

struct Heartbleed: TLSEndpointRule {
    static let description = RuleDescription(
        id: "tls/heartbleed", title: "Heartbleed (CVE-2014-0160)", severity: .critical,
        rationale: "The server answers heartbeat requests that claim more data than they carry, returning its own memory: private keys, session keys and user data.",
        remediation: "Upgrade OpenSSL (1.0.1g or later), then replace the private key and revoke the certificate.",
        references: [.cve("CVE-2014-0160"), .rfc(6520)],
        triggering: [TLSExample.endpoint(#""protocols": ["TLSv1.2"], "weaknesses": {"heartbeat": true, "heartbleed": true}"#)],
        nonTriggering: [TLSExample.endpoint(#""protocols": ["TLSv1.2"], "weaknesses": {"heartbeat": true, "heartbleed": false}"#)])

    func check(_ endpoint: TLSEndpointFacts, _ context: RuleContext) -> [Finding] {
        guard endpoint.weaknesses.heartbleed == true else { return [] }
        return [context.finding(endpoint, "the server answered a heartbeat request whose length exceeded its payload",
                                evidence: "heartbeat response to an over-long request (payload discarded)")]
    }
}
