import RampartCore

/// An OPC UA server lists an endpoint without message security. GetEndpoints (over the None channel that
/// discovery always allows) returns every endpoint's security mode and policy; the probe records
/// `opcua.securityNone: true` when one has mode None or SecurityPolicy#None.
struct OPCUASecurityNone: OpenPortRule {
    static let description = RuleDescription(
        id: "port/opcua-security-none",
        title: "OPC UA server offers an endpoint without security",
        severity: .high,
        rationale: "OPC UA protects sessions with signed and encrypted messages, but only on endpoints that use a security policy. An endpoint with SecurityPolicy#None or message security mode None lets anyone on the path read and alter process values and credentials in transit, and lets clients be steered to it.",
        remediation: "Remove endpoints with SecurityPolicy#None / mode None from the server configuration (keep None only for the discovery services), offer Basic256Sha256, Aes128_Sha256_RsaOaep or Aes256_Sha256_RsaPss with SignAndEncrypt, and require user authentication (no anonymous token).",
        references: [.vendor("OPC 10000-2 UA Part 2: Security Model", "https://reference.opcfoundation.org/Core/Part2/"),
                     .vendor("OPC 10000-4 UA Part 4: Services, 5.4.4 GetEndpoints", "https://reference.opcfoundation.org/Core/Part4/"),
                     .iec62443("SR 3.1 Communication integrity"), .iec62443("SR 4.1 Information confidentiality"),
                     .nist80082("6.2.5 Boundary protection / encryption"), .cwe(319, "Cleartext Transmission of Sensitive Information")],
        triggering: [PortExamples.host(#"{"port": 4840, "state": "open", "service": "opcua", "authentication": "not-required", "evidence": "GetEndpoints -> 2 endpoints: None/None, Basic256Sha256/SignAndEncrypt", "details": {"opcua.endpoints": "None/None, Basic256Sha256/SignAndEncrypt", "opcua.securityNone": "true", "opcua.anonymous": "true"}}"#)],
        nonTriggering: [PortExamples.host(#"{"port": 4840, "state": "open", "service": "opcua", "authentication": "required", "evidence": "GetEndpoints -> 1 endpoints: Basic256Sha256/SignAndEncrypt", "details": {"opcua.endpoints": "Basic256Sha256/SignAndEncrypt", "opcua.securityNone": "false", "opcua.anonymous": "false"}}"#)]
    )

    func check(_ port: PortFact, on host: HostPortFacts, _ context: RuleContext) -> Finding? {
        guard port.service == "opcua", port.details?["opcua.securityNone"] == "true" else { return nil }
        let endpoints = port.details?["opcua.endpoints"] ?? "?"
        return context.finding(port, on: host, "OPC UA server on \(PortExamples.name(host, port)) offers an endpoint without message security (policy/mode: \(endpoints)); expected only signed and encrypted endpoints")
    }
}
