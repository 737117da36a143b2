import RampartCore

// Services that answered an anonymous client. Each probe asked the protocol's own harmless question
// (PING, stats, listDatabases, GET /, GET /version, GET /pods, auth/status, CONNECT without credentials)
// and recorded whether it was served; these rules judge that one fact.

struct MQTTAnonymous: UnauthenticatedServiceRule {
    static let services: Set<String> = ["mqtt"]
    static let what = "The MQTT broker"
    static let description = RuleDescription(
        id: "port/mqtt-anonymous",
        title: "MQTT broker accepts anonymous clients",
        severity: .high,
        rationale: "City sensor networks publish readings and receive commands over MQTT. A broker that accepts clients without credentials lets anyone subscribe to every topic (#) and publish forged readings or commands to devices.",
        remediation: "Disable anonymous access (e.g. allow_anonymous false in Mosquitto), require per-device credentials or client certificates, and apply topic ACLs.",
        references: [.nist80053("IA-2"), .nist80053("AC-3"), .cisControls("6.3"),
                     .vendor("OASIS MQTT Version 3.1.1, section 5 Security", "https://docs.oasis-open.org/mqtt/mqtt/v3.1.1/os/mqtt-v3.1.1-os.html#_Toc398718111")],
        triggering: [PortExamples.host(#"{"port": 1883, "state": "open", "service": "mqtt", "authentication": "not-required", "evidence": "CONNECT without credentials -> CONNACK return code 0 (accepted)"}"#)],
        nonTriggering: [PortExamples.host(#"{"port": 1883, "state": "open", "service": "mqtt", "authentication": "required", "evidence": "CONNECT without credentials -> CONNACK return code 5 (not authorized)"}"#)]
    )
}
