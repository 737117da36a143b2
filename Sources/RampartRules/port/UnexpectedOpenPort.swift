import RampartCore

/// An open port the policy does not list. `allowedPorts` applies to every address; `allowedPortsByHost`
/// adds ports for one host name or address (`HOST:PORT` entries, `[v6]:PORT` for IPv6).
struct UnexpectedOpenPort: OpenPortRule {
    static let description = RuleDescription(
        id: "port/unexpected-open",
        title: "Open port not allowed by policy",
        severity: .medium,
        rationale: "Every listening service is attack surface. A port the policy does not expect is either a service nobody meant to expose or an inventory that is out of date; both need an owner's decision.",
        remediation: "Close the port (stop the service or bind it to localhost / an internal interface, or filter it at the firewall), or add it to the policy's allowedPorts / allowedPortsByHost with a reason.",
        references: [.nist80053("CM-7"), .nist80053("SC-7"), .cisControls("4.4"), .cisControls("4.8")],
        triggering: [
            PortExamples.host(#"{"port": 443, "state": "open", "service": "tls", "tls": true}, {"port": 8080, "state": "open", "service": "http", "tls": false, "evidence": "GET / -> HTTP/1.1 200 OK"}"#),
            PortExamples.host(#"{"port": 5432, "state": "open", "service": "postgresql"}"#, host: "10.20.0.9",
                              parameters: #"{"allowedPorts": ["443"], "allowedPortsByHost": ["10.20.0.5:5432"]}"#),
        ],
        nonTriggering: [
            PortExamples.host(#"{"port": 22, "state": "open", "service": "ssh"}, {"port": 443, "state": "open", "service": "tls"}, {"port": 8080, "state": "filtered"}"#),
            PortExamples.host(#"{"port": 5432, "state": "open", "service": "postgresql"}"#,
                              parameters: #"{"allowedPorts": ["443"], "allowedPortsByHost": ["10.20.0.5:5432"]}"#),
        ],
        parameters: ["allowedPorts": "22, 80, 443", "allowedPortsByHost": "(none; entries HOST:PORT, [v6]:PORT)"]
    )

    func check(_ port: PortFact, on host: HostPortFacts, _ context: RuleContext) -> Finding? {
        let allowed = context.parameters.ints("allowedPorts", default: [22, 80, 443])
        if allowed.contains(port.port) { return nil }
        let perHost = context.parameters.list("allowedPortsByHost", default: [])
        for entry in perHost {
            guard let colon = entry.lastIndex(of: ":"), let p = Int(entry[entry.index(after: colon)...]) else { continue }
            var name = String(entry[..<colon]).lowercased()
            if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
            if p == port.port, name == host.host.lowercased() || name == host.ip.lowercased() { return nil }
        }
        let list = allowed.isEmpty ? "no ports" : allowed.sorted().map(String.init).joined(separator: ", ")
        return context.finding(port, on: host, "\(PortExamples.name(host, port)) is open (\(PortExamples.serviceName(port))); the policy allows \(list) on this host")
    }
}
