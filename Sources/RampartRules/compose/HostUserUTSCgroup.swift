import RampartCore
import RampartManifests

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
