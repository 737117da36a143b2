import RampartCore
import RampartManifests

/// Capability names as Docker accepts them: case-insensitive, with or without the `CAP_` prefix.
enum Capability {
    static func normalize(_ name: String) -> String {
        let upper = name.trimmingCharacters(in: .whitespaces).uppercased()
        return upper.hasPrefix("CAP_") ? String(upper.dropFirst(4)) : upper
    }

    /// Each `cap_add` entry with its normalized name.
    static func added(by service: ComposeService) -> [(name: String, field: FieldRef)] {
        service.field("cap_add").items.compactMap { item in item.node?.string.map { (normalize($0), item) } }
    }
}

struct ComposeCapAddCritical: ComposeServiceRule {
    static let defaultCapabilities = ["ALL", "SYS_ADMIN", "SYS_MODULE", "SYS_RAWIO", "DAC_READ_SEARCH"]

    static let description = RuleDescription(
        id: "compose/cap-add-critical", title: "Service adds a capability that amounts to host root", severity: .critical,
        rationale: "Some capabilities are a container escape by themselves: ALL and SYS_ADMIN (mount filesystems, cgroup release agents), SYS_MODULE (load kernel code), SYS_RAWIO (raw I/O ports and memory) and DAC_READ_SEARCH (open_by_handle_at reads any host file).",
        remediation: "Remove the capability from `cap_add`. Start from `cap_drop: [ALL]` and add back only the narrow capability the service needs (for example NET_BIND_SERVICE).",
        references: [.cisDocker("5.4"), .owaspDocker("RULE #3 - Limit capabilities"),
                     .nist800190("4.4.3 Insecure container runtime configurations"), .nist80053("AC-6")],
        triggering: [
            """
            services:
              app:
                image: app:1.4
                cap_add:
                  - ↓SYS_ADMIN
                  - NET_BIND_SERVICE
                  - ↓cap_sys_module
            """,
            """
            services:
              app: {image: app:1.4, cap_add: [↓ALL]}
            """,
        ],
        nonTriggering: [
            """
            services:
              app:
                image: app:1.4
                cap_drop: [ALL]
                cap_add: [NET_BIND_SERVICE, CHOWN]
            """,
        ],
        parameters: ["criticalCapabilities": defaultCapabilities.joined(separator: ", ")])

    func check(_ service: ComposeService, in project: ComposeProject, _ context: RuleContext) -> [Finding] {
        let critical = Set(context.parameters.list("criticalCapabilities", default: Self.defaultCapabilities).map(Capability.normalize))
        return Capability.added(by: service).filter { critical.contains($0.name) }.map { cap in
            context.finding(at: cap.field, in: service,
                            "cap_add grants \(cap.name), which is enough to take over the host; expected no such capability",
                            evidence: "cap_add: \(cap.name)")
        }
    }
}

struct ComposeCapAddDangerous: ComposeServiceRule {
    static let defaultCapabilities = [
        "NET_ADMIN", "SYS_PTRACE", "SYS_BOOT", "SYS_TIME", "BPF", "PERFMON", "MAC_ADMIN", "MAC_OVERRIDE", "SYSLOG",
        "SYS_RESOURCE", "LINUX_IMMUTABLE", "AUDIT_CONTROL", "IPC_OWNER", "CHECKPOINT_RESTORE", "NET_BROADCAST",
    ]

    static let description = RuleDescription(
        id: "compose/cap-add-dangerous", title: "Service adds a dangerous capability", severity: .high,
        rationale: "Capabilities outside Docker's default set widen what a compromised process can do to the host and its neighbours: NET_ADMIN reconfigures interfaces, routes and firewall rules, SYS_PTRACE reads other processes' memory, BPF and PERFMON load kernel programs and observe the host, SYS_TIME sets the host clock.",
        remediation: "Remove the capability from `cap_add`, or document why the service needs it and waive the finding for that service.",
        references: [.cisDocker("5.4"), .owaspDocker("RULE #3 - Limit capabilities"), .nist80053("AC-6")],
        triggering: [
            """
            services:
              vpn:
                image: wireguard:1.0
                cap_add:
                  - ↓NET_ADMIN
                  - SYS_MODULE
            """,
        ],
        nonTriggering: [
            """
            services:
              web:
                image: nginx:1.27
                cap_drop: [ALL]
                cap_add: [NET_BIND_SERVICE, SETUID, SETGID]
            """,
        ],
        parameters: ["dangerousCapabilities": defaultCapabilities.joined(separator: ", ")])

    func check(_ service: ComposeService, in project: ComposeProject, _ context: RuleContext) -> [Finding] {
        let dangerous = Set(context.parameters.list("dangerousCapabilities", default: Self.defaultCapabilities).map(Capability.normalize))
        return Capability.added(by: service).filter { dangerous.contains($0.name) }.map { cap in
            context.finding(at: cap.field, in: service,
                            "cap_add grants \(cap.name); expected only capabilities the service needs, from Docker's default set",
                            evidence: "cap_add: \(cap.name)")
        }
    }
}

struct ComposeCapDropAllMissing: ComposeServiceRule {
    static let description = RuleDescription(
        id: "compose/cap-drop-all-missing", title: "Service keeps Docker's default capabilities", severity: .low,
        rationale: "Docker grants 14 capabilities by default (CHOWN, DAC_OVERRIDE, NET_RAW, SETUID, MKNOD, ...). Most services need none of them; NET_RAW alone allows ARP and DNS spoofing on the container network.",
        remediation: "Add `cap_drop: [ALL]` and list in `cap_add` only what the service needs.",
        references: [.cisDocker("5.4"), .owaspDocker("RULE #3 - Limit capabilities"), .nist80053("CM-7")],
        triggering: [
            """
            services:
              web:
                ↓image: nginx:1.27
            """,
            """
            services:
              web:
                image: nginx:1.27
                cap_drop: ↓[NET_RAW, MKNOD]
            """,
        ],
        nonTriggering: [
            """
            services:
              web:
                image: nginx:1.27
                cap_drop: [all]
                cap_add: [NET_BIND_SERVICE]
            """,
        ])

    func check(_ service: ComposeService, in project: ComposeProject, _ context: RuleContext) -> [Finding] {
        let field = service.field("cap_drop")
        let dropped = (field.node?.strings ?? []).map(Capability.normalize)
        guard !dropped.contains("ALL") else { return [] }
        let seen = dropped.isEmpty ? "cap_drop is not set" : "cap_drop lists \(dropped.joined(separator: ", ")) but not ALL"
        return [context.finding(at: field, in: service, "\(seen); expected cap_drop: [ALL] with only the needed capabilities added back")]
    }
}
