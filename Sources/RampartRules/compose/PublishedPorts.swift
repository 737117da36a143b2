import RampartCore
import RampartManifests

/// Ports of datastores and administrative interfaces, and what listens there by convention.
enum SensitivePorts {
    static let defaults = [22, 23, 2375, 2376, 2379, 3306, 5432, 6379, 9200, 9300, 11211, 27017, 5984, 1433, 1521, 5601, 15672, 8500]

    static let names: [Int: String] = [
        22: "SSH", 23: "Telnet", 2375: "Docker API (plain)", 2376: "Docker API (TLS)", 2379: "etcd client",
        3306: "MySQL", 5432: "PostgreSQL", 6379: "Redis", 9200: "Elasticsearch HTTP", 9300: "Elasticsearch transport",
        11211: "Memcached", 27017: "MongoDB", 5984: "CouchDB", 1433: "SQL Server", 1521: "Oracle",
        5601: "Kibana", 15672: "RabbitMQ management", 8500: "Consul HTTP",
    ]

    static func configured(_ context: RuleContext) -> Set<Int> {
        Set(context.parameters.ints("sensitivePorts", default: defaults))
    }

    /// Sensitive ports inside a container port range, bounded so that `1-65535` costs no more than the list.
    static func hits(in range: ClosedRange<Int>, _ sensitive: Set<Int>) -> [Int] {
        sensitive.filter(range.contains).sorted()
    }

    static func describe(_ port: Int) -> String {
        names[port].map { "\(port) (\($0))" } ?? "\(port)"
    }

    static var parameterDoc: String { defaults.map(String.init).joined(separator: ", ") }
}

struct ComposeSensitivePortExposed: ComposeServiceRule {
    static let description = RuleDescription(
        id: "compose/port-sensitive-exposed", title: "Datastore or admin port published on all interfaces", severity: .high,
        rationale: "Publishing a database, cache, search, message-broker, Docker API or remote-shell port on every host interface puts it in front of whatever network the host is on; Docker's published ports also bypass host firewalls such as ufw. These services are routinely found and attacked within hours, often without authentication.",
        remediation: "Do not publish the port: let other services reach it over the Compose network by service name. If the host needs it, bind it to loopback (`127.0.0.1:5432:5432`) or a specific internal address.",
        references: [.cisDocker("5.14"), .cisDocker("5.9"), .owaspDocker("RULE #5 - Be mindful of inter-container connectivity"),
                     .nist800190("4.4.2 Unbounded network access from containers"), .nist80053("SC-7"), .nist80053("CM-7")],
        triggering: [
            """
            services:
              db:
                image: postgres:16
                ports:
                  - ↓"5432:5432"
                  - "127.0.0.1:9187:9187"
              cache:
                image: redis:7.4
                ports: [↓"0.0.0.0:16379:6379", ↓"[::]:6380:6379/tcp"]
            """,
            """
            services:
              search:
                image: elasticsearch:8.15
                ports:
                  - ↓9200-9300:9200-9300
                  - target: 5601
                    published: ↓"5601"
                  - target: 27017
                    host_ip: ↓0.0.0.0
                    published: 27017
            """,
        ],
        nonTriggering: [
            """
            services:
              db:
                image: postgres:16
                ports:
                  - "127.0.0.1:5432:5432"
                  - "[::1]:5433:5432"
                  - target: 6379
                    host_ip: 127.0.0.1
                    published: 6379
                  - "10.0.4.7:3306:3306"
                expose: ["5432"]
              web:
                image: nginx:1.27
                ports: ["8080:80"]
            """,
        ],
        parameters: ["sensitivePorts": SensitivePorts.parameterDoc])

    func check(_ service: ComposeService, in project: ComposeProject, _ context: RuleContext) -> [Finding] {
        // With the host's network there is no publishing: Docker ignores `ports`, and compose/host-network reports the service.
        guard service.field("network_mode").node?.string?.lowercased() != "host" else { return [] }
        let sensitive = SensitivePorts.configured(context)
        return ComposePort.all(in: service).compactMap { port in
            guard port.binding == .allInterfaces else { return nil }
            let hits = SensitivePorts.hits(in: port.target, sensitive)
            guard !hits.isEmpty else { return nil }
            let services = hits.map(SensitivePorts.describe).joined(separator: ", ")
            return context.finding(at: port.field, in: service,
                                   "publishes container port \(services) on all host interfaces as \(port.hostSide); expected no published port, or a loopback or internal-address binding",
                                   evidence: port.field.node?.string ?? "target \(port.targetText)")
        }
    }
}

struct ComposePortAllInterfaces: ComposeServiceRule {
    static let description = RuleDescription(
        id: "compose/port-all-interfaces", title: "Port published on all host interfaces", severity: .low,
        rationale: "A port published without a host address listens on every interface of the host (IPv4 and IPv6) and Docker's iptables rules let traffic in even where a host firewall would block it. Binding to a specific interface keeps a development or internal port from becoming public by accident.",
        remediation: "Bind the port to the interface that should serve it (`127.0.0.1:8080:80` for local use, the internal address for internal use). If the port is meant to be public, waive the finding with the reason.",
        references: [.cisDocker("5.14"), .nist800190("4.4.2 Unbounded network access from containers"), .nist80053("SC-7")],
        triggering: [
            """
            services:
              vote:
                build: ./vote
                ports:
                  - ↓"8080:80"
                  - ↓3000
                  - ↓"8000-8010:8000-8010/udp"
                  - ↓":::8443:443"
            """,
        ],
        nonTriggering: [
            """
            services:
              vote:
                build: ./vote
                ports:
                  - "127.0.0.1:8080:80"
                  - "::1:9229:9229"
                  - "192.168.10.5:443:443"
                  - "${BIND_ADDRESS:-127.0.0.1}:8081:81"
              db:
                image: postgres:16
                ports: ["5432:5432"]
              plex:
                image: plex:1.41
                network_mode: host
                ports: ["32400:32400"]
            """,
        ],
        parameters: ["sensitivePorts": SensitivePorts.parameterDoc])

    func check(_ service: ComposeService, in project: ComposeProject, _ context: RuleContext) -> [Finding] {
        // With the host's network there is no publishing: Docker ignores `ports`, and compose/host-network reports the service.
        guard service.field("network_mode").node?.string?.lowercased() != "host" else { return [] }
        let sensitive = SensitivePorts.configured(context)
        return ComposePort.all(in: service).compactMap { port in
            // Sensitive ports are compose/port-sensitive-exposed's, at a higher severity; not reported twice.
            guard port.binding == .allInterfaces, SensitivePorts.hits(in: port.target, sensitive).isEmpty else { return nil }
            return context.finding(at: port.field, in: service,
                                   "publishes container port \(port.targetText)/\(port.proto) on all host interfaces as \(port.hostSide); expected a binding to a specific host address",
                                   evidence: port.field.node?.string ?? "target \(port.targetText)")
        }
    }
}
