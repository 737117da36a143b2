import RampartCore
import RampartManifests

// Pod Security Standards, Baseline level: one rule per control. Every rule judges all workload kinds through
// their pod template, and every container kind (containers, initContainers, ephemeralContainers).

struct UnsafeSysctls: WorkloadRule {
    /// The Baseline "safe" set: namespaced sysctls isolated from other pods on the node.
    static let safe: Set<String> = [
        "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start",
        "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports",
        "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl",
        "net.ipv4.tcp_keepalive_probes",
    ]
    static let description = RuleDescription(
        id: "k8s/unsafe-sysctls", title: "Pod sets a sysctl outside the safe set", severity: .medium,
        rationale: "Sysctls outside the safe set are not isolated per pod: they change kernel behaviour for the whole node (or disable protections), so one pod can weaken or starve its neighbours.",
        remediation: "Remove the sysctl from spec.securityContext.sysctls, or tune it on the nodes that need it.",
        references: [.pss(.baseline, "Sysctls"), .nist80053("SC-39")],
        triggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              securityContext:
                sysctls:
                - {name: net.ipv4.tcp_syncookies, value: "1"}
                - {name: ↓kernel.msgmax, value: "65536"}
              containers:
              - {name: app, image: app:1.0}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              securityContext:
                sysctls:
                - {name: net.ipv4.ip_local_port_range, value: "1024 65535"}
              containers:
              - {name: app, image: app:1.0}
            """,
        ])

    func check(_ workload: Workload, _ context: RuleContext) -> [Finding] {
        workload.podSecurityContext.child("sysctls").items.compactMap { item in
            let name = item.child("name")
            guard let value = name.node?.string, !Self.safe.contains(value) else { return nil }
            return context.finding(at: name, in: workload.object, "pod sets sysctl \(value), which is not in the Baseline safe set.",
                                   evidence: value)
        }
    }
}
