import RampartCore
import RampartPolicy

/// A design for live drift examples: `portal` answers on 127.0.0.1:8443 (HTTPS, intermediate, OIDC) and the
/// `cache` on 127.0.0.1:6379 (Redis with a password). Extra endpoint lines go into the portal's list.
enum LiveExample {
    static func design(name: String = "portal", portal: String = "{host: 127.0.0.1, port: 8443, protocol: https, tls: intermediate, authentication: oidc}",
                       cache: String = "{host: 127.0.0.1, port: 6379, protocol: redis, authentication: password}") -> String {
        """
        services:
        - name: \(name)
          kind: web
          owner: it
          zone: dmz
          exposure: public
          endpoints:
          - \(portal)
        datastores:
        - name: cache
          kind: cache
          owner: it
          zone: data
          endpoints:
          - \(cache)
        """
    }

    static let stages = [DriftStage.design, DriftStage.live]
    static let portalOpen = #"{"port": 8443, "state": "open", "service": "tls", "tls": true}"#
    static let cacheOpen = #"{"port": 6379, "state": "open", "service": "redis", "authentication": "required"}"#

    static func tls(protocols: [String], certificate: String = "") -> String {
        let list = protocols.map { "\"\($0)\"" }.joined(separator: ",")
        return #""tls": [{"host": "127.0.0.1", "ip": "127.0.0.1", "port": 8443, "protocols": [\#(list)]\#(certificate)}]"#
    }
}

extension DriftView {
    /// The live endpoint a declared endpoint maps to, as a subject part.
    func liveEndpoint(host: String, port: Int, service: String? = nil) -> Endpoint {
        Endpoint(host: host, port: port, service: service)
    }

    /// A finding at a declared endpoint's field, about what was seen live on it.
    func finding(_ context: RuleContext, element: DesignService, endpoint e: DesignEndpoint, field: String, host: String,
                 _ message: String, seen: String, evidence: String? = nil) -> Finding {
        let live = liveEndpoint(host: host, port: e.port, service: e.protocol)
        let location = e.fields[field] ?? e.location
        return context.finding(subject: Subject(location: location, resource: element.resourceName,
                                                fieldPath: e.fields[field] == nil ? nil : field, endpoint: live),
                               message, evidence: evidence, discriminator: "\(e.port)")
            .relating([DriftView.related(live: live, seen)])
    }
}

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

struct TLSBelowDeclared: DriftRule {
    static let description = RuleDescription(
        id: "drift/tls-below-declared", title: "Live TLS accepts versions below the declared profile", severity: .high,
        rationale: "The design's TLS profile (or the security level's minimum, whichever is higher) is what the system was appraised on; a server that still accepts older protocol versions lets an attacker downgrade clients to them.",
        remediation: "Disable the protocol versions below the declared profile on the server (for intermediate: TLS 1.2 and 1.3 only; for modern: TLS 1.3 only).",
        references: [.nist80052("3.1 Protocol Version Support"), .mozillaTLS("Server Side TLS 5.7"), .circular12("encryption of transmitted data"),
                     .cwe(757, "Selection of Less-Secure Algorithm During Negotiation")],
        triggering: [DriftExample.yaml(LiveExample.design(portal: "{host: 127.0.0.1, port: 8443, protocol: https, tls: ↓intermediate, authentication: oidc}"),
            stages: LiveExample.stages, live: LiveExample.tls(protocols: ["TLSv1.0", "TLSv1.2", "TLSv1.3"])),
            // A profile the design set too low still has to meet the level's minimum (intermediate at level 2).
            DriftExample.yaml(LiveExample.design(portal: "{host: 127.0.0.1, port: 8443, protocol: https, tls: ↓old, authentication: oidc}"),
            stages: LiveExample.stages, live: LiveExample.tls(protocols: ["TLSv1.1", "TLSv1.2"]))],
        nonTriggering: [DriftExample.yaml(LiveExample.design(), stages: LiveExample.stages,
            live: LiveExample.tls(protocols: ["TLSv1.2", "TLSv1.3"]))])

    func check(_ drift: DriftView, _ context: RuleContext) -> [Finding] {
        guard drift.liveAssessed else { return [] }
        let levelMinimum = drift.design.regulation.tlsMinimum(forLevel: drift.design.level)
        return drift.endpoints.flatMap { element, e -> [Finding] in
            guard e.tls != .none, let host = drift.host(of: e, in: element) else { return [] }
            let required = max(e.tls, levelMinimum)
            guard let minimum = required.minimumVersion, let floor = TLSVersionName.rank(minimum) else { return [] }
            return drift.tlsFacts(host: host, port: e.port).compactMap { facts -> Finding? in
                let below = facts.protocols.filter { (TLSVersionName.rank($0) ?? Int.max) < floor }
                guard !below.isEmpty else { return nil }
                let why = required == e.tls ? "the declared profile \(e.tls.rawValue)" : "\(drift.design.levelText) (declared profile \(e.tls.rawValue))"
                return drift.finding(context, element: element, endpoint: e, field: "tls", host: host,
                                     "\(host):\(e.port) accepts \(below.joined(separator: ", ")), below \(minimum) required by \(why)",
                                     seen: "accepts \(facts.protocols.joined(separator: ", "))", evidence: below.joined(separator: ", "))
            }
        }
    }
}

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

struct CertificateHostMismatch: DriftRule {
    static let description = RuleDescription(
        id: "drift/certificate-host-mismatch", title: "Certificate is not valid for the declared host name", severity: .high,
        rationale: "Clients that reach the endpoint by the name the design declares will reject the certificate, or, if they are told to ignore the error, can be intercepted by anyone with any certificate.",
        remediation: "Serve a certificate whose subjectAltName covers the declared host name (DNS or IP entry), or correct the host in the design.",
        references: [Reference("RFC 6125", section: "6 (verifying service identity)", url: "https://www.rfc-editor.org/rfc/rfc6125"),
                     .nist80052("3.5.4 Server Certificate"), .cwe(297, "Improper Validation of Certificate with Host Mismatch")],
        triggering: [DriftExample.yaml(LiveExample.design(portal: "{host: ↓portal.city.example, port: 8443, protocol: https, tls: intermediate, authentication: oidc}"),
            stages: LiveExample.stages,
            live: #""tls": [{"host": "portal.city.example", "ip": "127.0.0.1", "port": 8443, "protocols": ["TLSv1.3"], "certificate": {"chain": [{"subject": "CN=other.example", "subjectAltNames": ["DNS:other.example", "DNS:*.city.example.org"]}]}}]"#)],
        nonTriggering: [DriftExample.yaml(LiveExample.design(portal: "{host: portal.city.example, port: 8443, protocol: https, tls: intermediate, authentication: oidc}"),
            stages: LiveExample.stages,
            live: #""tls": [{"host": "portal.city.example", "ip": "127.0.0.1", "port": 8443, "protocols": ["TLSv1.3"], "certificate": {"chain": [{"subject": "CN=x", "subjectAltNames": ["DNS:*.city.example"]}]}}]"#),
            DriftExample.yaml(LiveExample.design(), stages: LiveExample.stages,
            live: #""tls": [{"host": "127.0.0.1", "ip": "127.0.0.1", "port": 8443, "protocols": ["TLSv1.3"], "certificate": {"chain": [{"subject": "CN=x", "subjectAltNames": ["IP Address:127.0.0.1"]}]}}]"#)])

    func check(_ drift: DriftView, _ context: RuleContext) -> [Finding] {
        guard drift.liveAssessed else { return [] }
        return drift.endpoints.flatMap { element, e -> [Finding] in
            guard e.tls != .none, let host = drift.host(of: e, in: element) else { return [] }
            return drift.tlsFacts(host: host, port: e.port).compactMap { facts -> Finding? in
                guard let leaf = facts.certificate?.leaf, !CertificateHostMismatch.covers(leaf, host) else { return nil }
                let names = leaf.subjectAltNames.isEmpty ? leaf.subject : leaf.subjectAltNames.joined(separator: ", ")
                return drift.finding(context, element: element, endpoint: e, field: "host", host: host,
                                     "the certificate served on \(host):\(e.port) is not valid for the declared host \(host) (names: \(names))",
                                     seen: "certificate for \(names)", evidence: names)
            }
        }
    }

    /// RFC 6125 matching against subjectAltName entries (`DNS:` with a left-most wildcard label, `IP Address:`);
    /// the subject CN only when there are no DNS names.
    static func covers(_ leaf: CertificateInfo, _ host: String) -> Bool {
        let host = host.lowercased()
        var dns: [String] = []
        for san in leaf.subjectAltNames {
            let parts = san.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let kind = parts[0].lowercased(), value = String(parts[1]).trimmingWhitespace.lowercased()
            if kind == "dns" { dns.append(value) }
            if kind.hasPrefix("ip"), value == host { return true }
        }
        if dns.isEmpty, let cn = leaf.subject.split(separator: ",").first(where: { String($0).trimmingWhitespace.hasPrefix("CN=") }) {
            dns.append(String(String(cn).trimmingWhitespace.dropFirst(3)).lowercased())
        }
        return dns.contains { name in
            if name == host { return true }
            guard name.hasPrefix("*."), let dot = host.firstIndex(of: ".") else { return false }
            return host[host.index(after: dot)...] == name.dropFirst(2) && host[..<dot].count > 0
        }
    }
}

struct PlaintextWhereHTTPSDeclared: DriftRule {
    static let description = RuleDescription(
        id: "drift/plaintext-http-live", title: "Plain HTTP answers where the design declares HTTPS only", severity: .high,
        rationale: "The design declares the endpoint HTTPS; the live port answers plain HTTP, so credentials and personal data cross the network in clear.",
        remediation: "Serve the port over TLS, or make the plain listener only redirect to HTTPS (and declare that plain endpoint in the design).",
        references: [.nist80053("SC-8"), .asvs("V9.1.1"), .circular12("encryption of transmitted data"), .cwe(319, "Cleartext Transmission of Sensitive Information")],
        triggering: [DriftExample.yaml(LiveExample.design(portal: "↓{host: 127.0.0.1, port: 8443, protocol: https, tls: intermediate, authentication: oidc}"),
            stages: LiveExample.stages,
            live: DriftExample.hosts("127.0.0.1", #"{"port": 8443, "state": "open", "service": "http", "tls": false, "evidence": "HTTP/1.1 200 OK"}"#))],
        nonTriggering: [DriftExample.yaml(LiveExample.design(), stages: LiveExample.stages,
            live: DriftExample.hosts("127.0.0.1", LiveExample.portalOpen))])

    func check(_ drift: DriftView, _ context: RuleContext) -> [Finding] {
        guard drift.liveAssessed else { return [] }
        return drift.endpoints.compactMap { element, e -> Finding? in
            guard e.tls != .none || e.protocol == "https", let host = drift.host(of: e, in: element),
                  let port = drift.openPort(host: host, port: e.port), port.tls != true,
                  let service = port.service, service == "http" || service.hasPrefix("http-") else { return nil }
            return drift.finding(context, element: element, endpoint: e, field: "__endpoint", host: host,
                                 "\(host):\(e.port) answers plain HTTP, but the design declares \(e.protocol) with TLS profile \(e.tls.rawValue) for \(element.resourceName)",
                                 seen: "plain HTTP", evidence: port.evidence)
        }
    }
}
