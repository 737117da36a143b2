import RampartCore

/// A field protocol without authentication answered the scanner. The probe marks such protocols with the
/// attribute `protocol.class: industrial` (Modbus/TCP, S7comm, DNP3, BACnet/IP); the rule reads that
/// attribute, not a product name.
struct IndustrialProtocolExposed: OpenPortRule {
    static let description = RuleDescription(
        id: "port/industrial-protocol-exposed",
        title: "Industrial control protocol reachable from the scanning network",
        severity: .critical,
        rationale: "Modbus/TCP, S7comm, DNP3 and BACnet/IP have no authentication: whoever reaches the port can read and write registers, start and stop controllers, or command outstations. Water, traffic and building systems exposed this way are among the most exploited in public advisories. These protocols must only be reachable from their own control zone.",
        remediation: "Put the device behind the control zone's boundary (a firewall or industrial DMZ that allows only named engineering stations and historians), never on an office, public or internet-facing network; where remote access is needed, use a VPN with authentication into a jump host. Where the protocol has a secure variant (DNP3 Secure Authentication, BACnet Secure Connect, Modbus/TCP Security), enable it.",
        references: [.iec62443("SR 5.1 Network segmentation"), .iec62443("SR 5.2 Zone boundary protection"), .iec62443("SR 1.2 Software process and device identification and authentication"),
                     .nist80082("5.2.1 Defense-in-depth architecture / network segmentation"), .cwe(306, "Missing Authentication for Critical Function"),
                     .cisaOTMitigations, .nist80053("SC-7")],
        triggering: [
            PortExamples.host(#"{"port": 502, "state": "open", "service": "modbus", "authentication": "not-required", "evidence": "Read Device Identification (2B/0E) -> 3 objects, vendor Acme", "details": {"protocol.class": "industrial", "modbus.vendor": "Acme"}}"#),
            PortExamples.host(#"{"port": 47808, "transport": "udp", "state": "open", "service": "bacnet", "authentication": "not-required", "evidence": "Who-Is -> I-Am device 1234", "details": {"protocol.class": "industrial", "bacnet.instance": "1234"}}"#),
        ],
        nonTriggering: [
            PortExamples.host(#"{"port": 502, "state": "filtered"}"#),
            PortExamples.host(#"{"port": 4840, "state": "open", "service": "opcua", "authentication": "required", "details": {"opcua.securityNone": "false"}}"#),
        ]
    )

    func check(_ port: PortFact, on host: HostPortFacts, _ context: RuleContext) -> Finding? {
        guard port.details?["protocol.class"] == "industrial" else { return nil }
        return context.finding(port, on: host, "\(PortExamples.name(host, port)) answers \(IndustrialProtocol.name(port.service)), an industrial control protocol without authentication; expected it unreachable outside its control zone")
    }
}
