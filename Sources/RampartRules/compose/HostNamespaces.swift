import RampartCore
import RampartManifests

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
