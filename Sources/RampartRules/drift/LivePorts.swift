import RampartCore
import RampartPolicy

struct UndeclaredOpenPort: DriftRule {
    static let description = RuleDescription(
        id: "drift/undeclared-open-port", title: "Open port that no design service declares", severity: .high,
        rationale: "A port answers on a host of the system, but no endpoint of the design declares it: an admin console, a debug listener or a forgotten service that nobody reviewed or monitors.",
        remediation: "Close the port (stop the service or filter it), or declare it in the design with its protocol, TLS profile and authentication.",
        references: [.nist80053("CM-7"), .cisControls("4.8"), .circular12("network access control"), .owaspTopTenMisconfig],
        triggering: [DriftExample.yaml(LiveExample.design(name: "↓portal"),
            stages: LiveExample.stages,
            live: DriftExample.hosts("127.0.0.1", LiveExample.portalOpen + "," + LiveExample.cacheOpen
                                     + #", {"port": 9200, "state": "open", "service": "elasticsearch"}"#))],
        nonTriggering: [DriftExample.yaml(LiveExample.design(), stages: LiveExample.stages,
            live: DriftExample.hosts("127.0.0.1", LiveExample.portalOpen + "," + LiveExample.cacheOpen)),
            // Ports of a host the design never names are not this system's.
            DriftExample.yaml(LiveExample.design(), stages: LiveExample.stages,
            live: DriftExample.hosts("10.0.0.9", #"{"port": 22, "state": "open", "service": "ssh"}"#))])

    func check(_ drift: DriftView, _ context: RuleContext) -> [Finding] {
        guard drift.liveAssessed else { return [] }
        var out: [Finding] = []
        let views = drift.allDesigns
        for hostFacts in drift.facts.set.hosts {
            // The elements answering on this host (by the name probed or its address), in every design; the
            // first design with one reports, so a host two designs share is judged once against both.
            let perDesign = views.map { view in
                view.model.elements.filter { e in
                    let hosts = view.hosts(of: e)
                    return hosts.contains(hostFacts.host) || hosts.contains(hostFacts.ip)
                }
            }
            guard let reporter = perDesign.firstIndex(where: { !$0.isEmpty }), views[reporter].model.file == drift.model.file,
                  views[reporter].model.location == drift.model.location else { continue }
            let elements = perDesign.flatMap { $0 }
            guard let owner = perDesign[reporter].first else { continue }
            let declared = Set(elements.flatMap { $0.endpoints.map(\.port) })
            for port in hostFacts.openPorts where !declared.contains(port.port) {
                let live = Endpoint(host: hostFacts.host, ip: hostFacts.ip, port: port.port, service: port.service)
                let what = port.service.map { $0 == "unknown" ? "an unidentified service" : $0 } ?? "a service"
                let names = elements.map(\.resourceName).joined(separator: ", ")
                out.append(context.finding(subject: Subject(location: owner.fields["name"] ?? owner.location, resource: owner.resourceName, endpoint: live),
                    "port \(port.port) on \(hostFacts.host) is open and answers as \(what), but no endpoint of \(names) declares it (declared: \(declared.sorted().map(String.init).joined(separator: ", ")))",
                    evidence: port.evidence, discriminator: "\(port.port)")
                    .relating([DriftView.related(live: live, "port \(port.port) open (\(what))")]))
            }
        }
        return out
    }
}

struct EndpointUnreachable: DriftRule {
    static let description = RuleDescription(
        id: "drift/endpoint-unreachable", title: "Declared endpoint does not answer", severity: .medium,
        rationale: "The design says the service answers here; the live scan found the port closed or silent. Either the service is down (availability, Decree 85 level obligations), or it moved and the design, its TLS and authentication promises no longer describe what runs.",
        remediation: "Bring the endpoint up where the design says, or correct the design's host and port.",
        references: [.nist80053("CM-8"), .nist80053("CP-10"), .decree85("Art. 4.1")],
        triggering: [DriftExample.yaml(LiveExample.design(cache: "{host: 127.0.0.1, port: ↓6379, protocol: redis, authentication: password}"),
            stages: LiveExample.stages, live: DriftExample.hosts("127.0.0.1", LiveExample.portalOpen, spec: "8443,6379"))],
        nonTriggering: [DriftExample.yaml(LiveExample.design(), stages: LiveExample.stages,
            live: DriftExample.hosts("127.0.0.1", LiveExample.portalOpen + "," + LiveExample.cacheOpen, spec: "8443,6379")),
            // A port the scan did not cover proves nothing.
            DriftExample.yaml(LiveExample.design(), stages: LiveExample.stages,
            live: DriftExample.hosts("127.0.0.1", LiveExample.portalOpen, spec: "8443"))])

    func check(_ drift: DriftView, _ context: RuleContext) -> [Finding] {
        guard drift.liveAssessed else { return [] }
        return drift.endpoints.compactMap { element, e -> Finding? in
            guard let host = drift.host(of: e, in: element), e.transport == "tcp" else { return nil }
            let scans = drift.portFacts(host: host)
            let refused = drift.facts.set.problems.first {
                $0.kind == .targetUnreachable && ($0.source == "\(host):\(e.port)" || $0.source == "[\(host)]:\(e.port)")
            }
            if let refused {
                return drift.finding(context, element: element, endpoint: e, field: "port", host: host,
                                     "declared endpoint \(host):\(e.port) (\(e.protocol)) of \(element.resourceName) did not answer: \(refused.message)",
                                     seen: "no answer")
            }
            guard !scans.isEmpty, drift.openPort(host: host, port: e.port) == nil else { return nil }
            let filtered = scans.contains { $0.ports.contains { $0.port == e.port && $0.state == .filtered } }
            guard filtered || scans.contains(where: { portSpecCovers($0.portSpec, e.port) == true }) else { return nil }
            let state = filtered ? "filtered (no answer)" : "closed"
            return drift.finding(context, element: element, endpoint: e, field: "port", host: host,
                                 "declared endpoint \(host):\(e.port) (\(e.protocol)) of \(element.resourceName) is \(state) in the live scan",
                                 seen: "port \(e.port) \(state)")
        }
    }
}
