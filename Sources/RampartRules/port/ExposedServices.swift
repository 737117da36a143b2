import RampartCore

/// A datastore answered the scan: whatever its authentication, it should be reachable only from the
/// application tier that uses it.
struct DatastoreExposed: OpenPortRule {
    static let datastores: Set<String> = ["redis", "memcached", "mongodb", "elasticsearch", "opensearch", "postgresql", "mysql"]

    static let description = RuleDescription(
        id: "port/datastore-exposed",
        title: "Datastore reachable from the scanning network",
        severity: .medium,
        rationale: "Databases, caches and search clusters hold the data attackers want. Reachable from outside the application tier, they are one credential leak, default password or unpatched flaw away from a breach.",
        remediation: "Bind the datastore to an internal interface or place it in a restricted zone with firewall rules / NetworkPolicies admitting only its clients.",
        references: [.nist80053("SC-7"), .nist80053("CM-7"), .cisControls("4.4"), .cisControls("12.2")],
        triggering: [
            PortExamples.host(#"{"port": 5432, "state": "open", "service": "postgresql", "tlsUpgrade": true, "evidence": "SSLRequest -> 'S'"}"#),
            PortExamples.host(#"{"port": 8080, "state": "open", "service": "redis", "authentication": "required", "evidence": "PING -> -NOAUTH Authentication required."}"#),
        ],
        nonTriggering: [PortExamples.host(#"{"port": 5432, "state": "filtered"}, {"port": 443, "state": "open", "service": "http", "tls": true}"#)]
    )

    func check(_ port: PortFact, on host: HostPortFacts, _ context: RuleContext) -> Finding? {
        guard let service = port.service, Self.datastores.contains(service) else { return nil }
        return context.finding(port, on: host, "\(service) answers on \(PortExamples.name(host, port)); expected datastores to be reachable only from their clients' network")
    }
}

/// A container or cluster control plane answered the scan.
struct ControlPlaneExposed: OpenPortRule {
    static let planes: Set<String> = ["docker", "kubernetes-api", "kubelet", "etcd"]

    static let description = RuleDescription(
        id: "port/control-plane-exposed",
        title: "Container or cluster control plane reachable",
        severity: .high,
        rationale: "The Docker Engine API, the Kubernetes API server, kubelets and etcd control every workload on their hosts; their reachability should be limited to administrators and the cluster itself.",
        remediation: "Filter the control-plane ports (2375/2376, 6443, 10250, 2379/2380) to administration networks and cluster nodes; put the API server behind a private endpoint or VPN.",
        references: [.nist80053("SC-7"), .nist80053("AC-17"), .cisControls("4.4"), .nsaKubernetes("Network separation and hardening")],
        triggering: [
            PortExamples.host(#"{"port": 10250, "state": "open", "service": "kubelet", "tls": true, "authentication": "required", "evidence": "GET /pods -> HTTP/1.1 401 Unauthorized"}"#),
            PortExamples.host(#"{"port": 2379, "state": "open", "service": "etcd", "authentication": "required"}"#),
        ],
        nonTriggering: [PortExamples.host(#"{"port": 10250, "state": "filtered"}, {"port": 443, "state": "open", "service": "http", "tls": true}"#)]
    )

    func check(_ port: PortFact, on host: HostPortFacts, _ context: RuleContext) -> Finding? {
        guard let service = port.service, Self.planes.contains(service) else { return nil }
        return context.finding(port, on: host, "\(service) control plane answers on \(PortExamples.name(host, port)); expected it to be reachable only from administration networks and cluster nodes")
    }
}

/// The service announced its product version.
struct VersionDisclosed: OpenPortRule {
    static let description = RuleDescription(
        id: "port/version-disclosed",
        title: "Service discloses its version",
        severity: .low,
        rationale: "A version string in a banner or response header lets an attacker pick exploits for that exact release without probing; hiding it is cheap defence in depth (it is no substitute for patching).",
        remediation: "Turn off version disclosure where the product allows (e.g. nginx server_tokens off, Apache ServerTokens Prod, Postfix smtpd_banner, OpenSSH DebianBanner no).",
        references: [.nist80053("CM-7"), .nist80053("SI-11"),
                     .owasp("WSTG-INFO-02 Fingerprint Web Server", url: "https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/01-Information_Gathering/02-Fingerprint_Web_Server")],
        triggering: [PortExamples.host(#"{"port": 80, "state": "open", "service": "http", "product": "nginx/1.22.1", "version": "1.22.1", "evidence": "GET / -> HTTP/1.1 200 OK; Server: nginx/1.22.1"}"#)],
        nonTriggering: [PortExamples.host(#"{"port": 80, "state": "open", "service": "http", "product": "nginx", "evidence": "GET / -> HTTP/1.1 200 OK; Server: nginx"}"#)]
    )

    func check(_ port: PortFact, on host: HostPortFacts, _ context: RuleContext) -> Finding? {
        guard let version = port.version, !version.isEmpty else { return nil }
        let product = port.product.map { " (\($0))" } ?? ""
        return context.finding(port, on: host, "\(PortExamples.serviceName(port)) on \(PortExamples.name(host, port)) announces version \(version)\(product); expected no version in banners or headers")
    }
}
