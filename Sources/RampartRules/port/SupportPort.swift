import RampartCore

/// A rule that judges each open port of each scanned address.
protocol OpenPortRule: Rule {
    func check(_ port: PortFact, on host: HostPortFacts, _ context: RuleContext) -> Finding?
}

extension OpenPortRule {
    func check(_ facts: Facts, _ context: RuleContext) -> [Finding] {
        facts.set.hosts.flatMap { host in host.openPorts.compactMap { check($0, on: host, context) } }
    }
}

/// A service that answered an anonymous request it should have refused. The probe recorded the
/// refusal or acceptance; the rule only reads `authentication`.
protocol UnauthenticatedServiceRule: OpenPortRule {
    static var services: Set<String> { get }
    static var what: String { get }
}

extension UnauthenticatedServiceRule {
    func check(_ port: PortFact, on host: HostPortFacts, _ context: RuleContext) -> Finding? {
        guard let service = port.service, Self.services.contains(service), port.authentication == .notRequired else { return nil }
        return context.finding(port, on: host, "\(Self.what) on \(PortExamples.name(host, port)) answered without authentication; expected it to refuse anonymous clients")
    }
}

extension RuleContext {
    /// A finding about one port, with the probe's proof as evidence.
    func finding(_ port: PortFact, on host: HostPortFacts, _ message: String) -> Finding {
        let endpoint = Endpoint(host: host.host, ip: host.ip, port: port.port, transport: port.transport ?? "tcp", service: port.service)
        return finding(subject: Subject(endpoint: endpoint), message, evidence: port.evidence)
    }
}

/// Builds the JSON fact examples the rules carry, so that each example states only the port it is about.
enum PortExamples {
    static func host(_ ports: String, host: String = "10.20.0.5", parameters: String? = nil) -> String {
        var text = #"{"hosts": [{"host": "\#(host)", "ip": "\#(host)", "portSpec": "top", "portsScanned": 107, "ports": [\#(ports)]}]"#
        if let parameters { text += #", "parameters": {"values": \#(parameters)}"# }
        return text + "}"
    }

    static func name(_ host: HostPortFacts, _ port: PortFact) -> String {
        let h = host.host.contains(":") ? "[\(host.host)]" : host.host
        return "\(h):\(port.port)/\(port.transport ?? "tcp")"
    }

    static func serviceName(_ port: PortFact) -> String {
        port.service.map { $0 == "unknown" ? "an unidentified service" : $0 } ?? "an unprobed service"
    }
}
