import RampartCore
import RampartPolicy

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
