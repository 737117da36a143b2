import RampartCore
import RampartPolicy

struct AuthenticationNotEnforced: DriftRule {
    static let description = RuleDescription(
        id: "drift/authentication-not-enforced", title: "Service declared authenticated answers without authentication", severity: .critical,
        rationale: "The design says clients must authenticate; the live service served an anonymous request (Redis PING, an Elasticsearch or Kubernetes API call, an MQTT CONNECT without credentials). Anyone who reaches the port reads or changes its data.",
        remediation: "Turn authentication on in the service (requirepass / ACLs, xpack security, MQTT allow_anonymous false, API server anonymous-auth false) and rotate what was exposed.",
        references: [.nist80053("IA-2"), .asvs("V4.1.1"), .cwe(306, "Missing Authentication for Critical Function"), .circular12("access control")],
        triggering: [DriftExample.yaml(LiveExample.design(cache: "{host: 127.0.0.1, port: 6379, protocol: redis, authentication: ↓password}"),
            stages: LiveExample.stages,
            live: DriftExample.hosts("127.0.0.1", #"{"port": 6379, "state": "open", "service": "redis", "authentication": "not-required", "evidence": "+PONG"}"#))],
        nonTriggering: [DriftExample.yaml(LiveExample.design(), stages: LiveExample.stages,
            live: DriftExample.hosts("127.0.0.1", LiveExample.cacheOpen)),
            DriftExample.yaml(LiveExample.design(cache: "{host: 127.0.0.1, port: 6379, protocol: redis, authentication: none}"),
            stages: LiveExample.stages,
            live: DriftExample.hosts("127.0.0.1", #"{"port": 6379, "state": "open", "service": "redis", "authentication": "not-required"}"#))])

    func check(_ drift: DriftView, _ context: RuleContext) -> [Finding] {
        guard drift.liveAssessed else { return [] }
        return drift.endpoints.compactMap { element, e -> Finding? in
            guard e.authentication != .none, e.authentication != .unknown, let host = drift.host(of: e, in: element),
                  let port = drift.openPort(host: host, port: e.port), port.authentication == .notRequired else { return nil }
            let service = port.service ?? e.protocol
            return drift.finding(context, element: element, endpoint: e, field: "authentication", host: host,
                                 "\(service) on \(host):\(e.port) served an anonymous request, but the design declares \(e.authentication.rawValue) authentication for \(element.resourceName)",
                                 seen: "\(service) answered without authentication", evidence: port.evidence)
        }
    }
}
