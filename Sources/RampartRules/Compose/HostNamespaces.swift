import RampartCore
import RampartManifests

/// Shared check for `KEY: host` namespace settings: one finding at the value when the service joins the host's namespace.
protocol HostNamespaceRule: ComposeServiceRule {
    /// The service key, e.g. `network_mode`.
    static var key: String { get }
    /// What sharing the namespace gives the container, for the message.
    static var consequence: String { get }
}

extension HostNamespaceRule {
    func check(_ service: ComposeService, in project: ComposeProject, _ context: RuleContext) -> [Finding] {
        let field = service.field(Self.key)
        guard let value = field.node?.string, value.lowercased() == "host" else { return [] }
        return [context.finding(at: field, in: service,
                                "\(Self.key) is '\(value)': the container shares the host's namespace (\(Self.consequence)); expected the service's own namespace (remove \(Self.key))",
                                evidence: "\(Self.key): \(value)")]
    }
}

struct ComposeHostNetwork: HostNamespaceRule {
    static let key = "network_mode"
    static let consequence = "it can bind any host port, reach services listening on the host's loopback and sniff host traffic"
    static let description = RuleDescription(
        id: "compose/host-network", title: "Service uses the host's network namespace", severity: .high,
        rationale: "With `network_mode: host` the container sees every host interface: services the host binds to 127.0.0.1 become reachable from it, it can listen on any host port without publishing, and network isolation and published-port controls no longer apply.",
        remediation: "Remove `network_mode: host`; publish only the ports the service needs under `ports`, bound to a specific interface.",
        references: [.cisDocker("5.10"), .owaspDocker("RULE #5 - Be mindful of inter-container connectivity"),
                     .nist800190("4.4.2 Unbounded network access from containers"), .nist80053("SC-7")],
        triggering: [
            """
            services:
              web:
                image: nginx:1.27
                network_mode: ↓host
            """,
            """
            services:
              web: {image: nginx:1.27, network_mode: ↓"host"}
            """,
        ],
        nonTriggering: [
            """
            services:
              web:
                image: nginx:1.27
                network_mode: bridge
              sidecar:
                image: envoy:1.30
                network_mode: "service:web"
            """,
        ])
}

struct ComposeHostPID: HostNamespaceRule {
    static let key = "pid"
    static let consequence = "it sees and can signal every host process, and with ptrace can read their memory"
    static let description = RuleDescription(
        id: "compose/host-pid", title: "Service shares the host's process namespace", severity: .high,
        rationale: "With `pid: host` the container sees all host processes, their command lines and environments; with the right capabilities it can kill or trace them, which is a direct path out of the container.",
        remediation: "Remove `pid: host`. Debugging tools that need host processes belong on the host, not in an application service.",
        references: [.cisDocker("5.16"), .nist800190("4.4.3 Insecure container runtime configurations"), .nist80053("SC-39")],
        triggering: [
            """
            services:
              agent:
                image: monitor:2.1
                pid: ↓host
            """,
        ],
        nonTriggering: [
            """
            services:
              agent:
                image: monitor:2.1
                pid: "service:app"
            """,
        ])
}

struct ComposeHostIPC: HostNamespaceRule {
    static let key = "ipc"
    static let consequence = "it can read and write the host's shared memory segments and semaphores"
    static let description = RuleDescription(
        id: "compose/host-ipc", title: "Service shares the host's IPC namespace", severity: .high,
        rationale: "With `ipc: host` the container can attach to the host's System V shared memory and POSIX message queues, reading or corrupting data of host processes.",
        remediation: "Remove `ipc: host`; use `ipc: shareable` and `ipc: service:NAME` to share IPC between services that need it.",
        references: [.cisDocker("5.17"), .nist800190("4.4.3 Insecure container runtime configurations"), .nist80053("SC-4")],
        triggering: [
            """
            services:
              db:
                image: postgres:16
                ipc: ↓host
            """,
        ],
        nonTriggering: [
            """
            services:
              db:
                image: postgres:16
                ipc: shareable
            """,
        ])
}

struct ComposeHostUserNamespace: HostNamespaceRule {
    static let key = "userns_mode"
    static let consequence = "root in the container is root on the host, even where the daemon remaps users"
    static let description = RuleDescription(
        id: "compose/host-userns", title: "Service opts out of user-namespace remapping", severity: .medium,
        rationale: "Where the daemon runs with user-namespace remapping, `userns_mode: host` turns it off for this service, so uid 0 in the container is uid 0 on the host and a breakout lands as root.",
        remediation: "Remove `userns_mode: host` so the daemon's user-namespace remapping applies.",
        references: [.cisDocker("5.31"), .owaspDocker("RULE #11 - Run Docker in rootless mode"), .nist80053("AC-6")],
        triggering: [
            """
            services:
              app:
                image: app:1.4
                userns_mode: ↓host
            """,
        ],
        nonTriggering: [
            """
            services:
              app:
                image: app:1.4
            """,
        ])
}

struct ComposeHostUTS: HostNamespaceRule {
    static let key = "uts"
    static let consequence = "it can change the host's hostname and NIS domain name"
    static let description = RuleDescription(
        id: "compose/host-uts", title: "Service shares the host's UTS namespace", severity: .low,
        rationale: "With `uts: host` a container with CAP_SYS_ADMIN can rename the host, and the service learns the host's name; it weakens isolation for no gain in almost every service.",
        remediation: "Remove `uts: host`; set `hostname` if the service needs a particular name.",
        references: [.cisDocker("5.21"), .nist80053("SC-39")],
        triggering: [
            """
            services:
              app:
                image: app:1.4
                uts: ↓host
            """,
        ],
        nonTriggering: [
            """
            services:
              app:
                image: app:1.4
                hostname: app
            """,
        ])
}

struct ComposeHostCgroup: HostNamespaceRule {
    static let key = "cgroup"
    static let consequence = "it sees the host's whole cgroup hierarchy"
    static let description = RuleDescription(
        id: "compose/host-cgroup", title: "Service shares the host's cgroup namespace", severity: .medium,
        rationale: "With `cgroup: host` the container sees the host's cgroup tree instead of its own, which exposes host layout and, with write access to cgroupfs, the controls that confine other containers.",
        remediation: "Remove `cgroup: host` (or set `cgroup: private`).",
        references: [.cisDocker("5.25"), .nist800190("4.4.3 Insecure container runtime configurations"), .nist80053("SC-39")],
        triggering: [
            """
            services:
              app:
                image: app:1.4
                cgroup: ↓host
            """,
        ],
        nonTriggering: [
            """
            services:
              app:
                image: app:1.4
                cgroup: private
            """,
        ])
}
