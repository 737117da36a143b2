import RampartCore

/// An SNMP agent answered a GetRequest carrying the default community. Agents stay silent to a community
/// they do not accept, so a GetResponse proves read access with it.
struct SNMPDefaultCommunity: OpenPortRule {
    static let description = RuleDescription(
        id: "port/snmp-default-community",
        title: "SNMP agent answers the default community",
        severity: .high,
        rationale: "SNMP v1 and v2c authenticate with a community string sent in clear text. An agent that answers the factory default lets anyone read its configuration (interfaces, routes, ARP tables, running processes, sometimes credentials) and, with a default write community, change it; such agents are also abused to amplify denial-of-service traffic.",
        remediation: "Disable SNMP v1 and v2c, or at least replace the default communities with long random values and restrict them to the management network by ACL; prefer SNMPv3 with authPriv (authentication and encryption).",
        references: [.vendor("CISA Alert TA17-156A, Reducing the Risk of SNMP Abuse", "https://www.cisa.gov/news-events/alerts/2017/06/05/reducing-risk-snmp-abuse"),
                     .rfc(3414), .cwe(1188, "Initialization of a Resource with an Insecure Default"),
                     .iec62443("SR 1.2 Software process and device identification and authentication"), .nist80053("IA-5"), .cisControls("4.7")],
        triggering: [PortExamples.host(#"{"port": 161, "transport": "udp", "state": "open", "service": "snmp", "authentication": "not-required", "evidence": "GetRequest sysDescr.0 with community 'public' (v1, v2c) -> GetResponse: Linux gw 5.10", "details": {"snmp.community": "public", "snmp.versions": "v1, v2c"}}"#)],
        nonTriggering: [PortExamples.host(#"{"port": 161, "state": "filtered"}"#)]
    )

    func check(_ port: PortFact, on host: HostPortFacts, _ context: RuleContext) -> Finding? {
        guard port.service == "snmp", port.authentication == .notRequired else { return nil }
        let community = port.details?["snmp.community"] ?? "public"
        let versions = port.details?["snmp.versions"].map { " (\($0))" } ?? ""
        return context.finding(port, on: host, "SNMP agent on \(PortExamples.name(host, port)) answered the default community '\(community)'\(versions); expected it to ignore default communities (or SNMPv3 only)")
    }
}
