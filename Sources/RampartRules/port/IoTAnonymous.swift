import RampartCore

// Camera and sensor protocols that served a client without credentials: RTSP DESCRIBE answered 200 with
// the stream description, CoAP GET /.well-known/core answered 2.05 with the resource list.

struct RTSPUnauthenticated: UnauthenticatedServiceRule {
    static let services: Set<String> = ["rtsp"]
    static let what = "The RTSP stream server"
    static let description = RuleDescription(
        id: "port/rtsp-unauthenticated",
        title: "RTSP stream served without authentication",
        severity: .high,
        rationale: "Cameras and video recorders stream over RTSP. A server that answers DESCRIBE without credentials lets anyone who reaches it watch the stream (streets, buildings, people) and learn the device's media paths.",
        remediation: "Require authentication for every stream (Digest at least, RTSP over TLS where the device supports it), change default accounts, and keep cameras on a video network that only the recorders and operators reach.",
        references: [.rfc(7826, section: "19 Security Considerations"), .cwe(306, "Missing Authentication for Critical Function"),
                     .iec62443("SR 1.1 Human user identification and authentication"), .nist80053("AC-3"), .nist80082("6.2.1 Identification and authentication")],
        triggering: [PortExamples.host(#"{"port": 554, "state": "open", "service": "rtsp", "authentication": "not-required", "evidence": "OPTIONS -> 200; DESCRIBE rtsp://10.20.0.5:554/ without credentials -> 200 (stream description served without credentials)", "details": {"rtsp.describe": "200"}}"#)],
        nonTriggering: [PortExamples.host(#"{"port": 554, "state": "open", "service": "rtsp", "authentication": "required", "evidence": "OPTIONS -> 200; DESCRIBE rtsp://10.20.0.5:554/ without credentials -> 401", "details": {"rtsp.describe": "401", "rtsp.authenticate": "Digest"}}"#)]
    )
}

struct CoAPAnonymous: OpenPortRule {
    static let description = RuleDescription(
        id: "port/coap-anonymous",
        title: "CoAP resources readable without authentication",
        severity: .high,
        rationale: "CoAP carries sensor readings and actuator commands for constrained devices. A server that lists its resources to anyone over plain UDP (no DTLS, no OSCORE) exposes readings and often accepts writes the same way; CoAP servers are also abused to amplify denial-of-service traffic.",
        remediation: "Run CoAP over DTLS (coaps, UDP 5684) or protect messages with OSCORE (RFC 8613), require client authentication, and keep devices off networks the scanner reaches.",
        references: [.rfc(7252, section: "9 Securing CoAP"), .rfc(6690), .cwe(306, "Missing Authentication for Critical Function"),
                     .iec62443("SR 1.2 Software process and device identification and authentication"), .nist80053("AC-3")],
        triggering: [PortExamples.host(#"{"port": 5683, "transport": "udp", "state": "open", "service": "coap", "authentication": "not-required", "evidence": "GET /.well-known/core -> 2.05, 2 resources", "details": {"coap.code": "2.05", "coap.resources": "/sensors/temp /actuators/valve"}}"#)],
        nonTriggering: [PortExamples.host(#"{"port": 5683, "transport": "udp", "state": "open", "service": "coap", "authentication": "required", "evidence": "GET /.well-known/core -> 4.01", "details": {"coap.code": "4.01"}}"#)]
    )

    func check(_ port: PortFact, on host: HostPortFacts, _ context: RuleContext) -> Finding? {
        guard port.service == "coap", port.authentication == .notRequired else { return nil }
        let resources = port.details?["coap.resources"].map { " (\($0))" } ?? ""
        return context.finding(port, on: host, "CoAP server on \(PortExamples.name(host, port)) listed its resources to an anonymous GET /.well-known/core\(resources); expected DTLS or OSCORE with client authentication")
    }
}
