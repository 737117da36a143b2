import RampartCore
import RampartManifests

/// A resource limit can be written as a service key (`mem_limit`, `cpus`, `pids_limit`) or under
/// `deploy.resources.limits`. Either counts; a finding about a missing one points at the deepest part of
/// `deploy.resources.limits` that exists.
enum ResourceLimit {
    static func isSet(_ service: ComposeService, keys: [String], deployKey: String) -> Bool {
        let values = keys.map { service.field($0).node } + [service.field("deploy.resources.limits.\(deployKey)").node]
        return values.contains { node in
            guard let node, let text = node.string else { return false }
            // 0 and -1 mean "no limit" to Docker.
            return text != "0" && text != "-1" && text != "0.0"
        }
    }

    static func anchor(_ service: ComposeService, deployKey: String) -> FieldRef {
        service.field("deploy.resources.limits.\(deployKey)")
    }
}

struct ComposeMemoryLimitMissing: ComposeServiceRule {
    static let description = RuleDescription(
        id: "compose/memory-limit-missing", title: "Service has no memory limit", severity: .medium,
        rationale: "A container without a memory limit can use all host memory: a leak, a load spike or a deliberate attack on one service makes the kernel kill others, or the whole host becomes unresponsive.",
        remediation: "Set `deploy.resources.limits.memory` (or `mem_limit`) to what the service needs plus headroom.",
        references: [.cisDocker("5.11"), .owaspDocker("RULE #7 - Limit resources (memory, CPU, file descriptors, processes, restarts)"),
                     .nist800190("4.4.3 Insecure container runtime configurations"), .nist80053("SC-6")],
        triggering: [
            """
            services:
              api:
                ↓image: api:2.0
            """,
            """
            services:
              api:
                image: api:2.0
                deploy:
                  resources:
                    limits: ↓{cpus: "0.5"}
              worker:
                image: worker:2.0
                mem_limit: ↓0
            """,
        ],
        nonTriggering: [
            """
            services:
              api:
                image: api:2.0
                deploy:
                  resources:
                    limits: {memory: 256M}
              worker:
                image: worker:2.0
                mem_limit: 512m
            """,
        ])

    func check(_ service: ComposeService, in project: ComposeProject, _ context: RuleContext) -> [Finding] {
        guard !ResourceLimit.isSet(service, keys: ["mem_limit"], deployKey: "memory") else { return [] }
        let explicitZero = service.field("mem_limit")
        let field = explicitZero.exists ? explicitZero : ResourceLimit.anchor(service, deployKey: "memory")
        return [context.finding(at: field, in: service,
                                "no memory limit (deploy.resources.limits.memory or mem_limit); expected a limit so one service cannot exhaust host memory")]
    }
}

struct ComposeCPULimitMissing: ComposeServiceRule {
    static let description = RuleDescription(
        id: "compose/cpu-limit-missing", title: "Service has no CPU limit", severity: .low,
        rationale: "Without a CPU limit a busy or compromised service (a crypto miner is the usual case) can starve every other service on the host.",
        remediation: "Set `deploy.resources.limits.cpus` (or `cpus`) for the service.",
        references: [.cisDocker("5.12"), .owaspDocker("RULE #7 - Limit resources (memory, CPU, file descriptors, processes, restarts)"),
                     .nist80053("SC-6")],
        triggering: [
            """
            services:
              api:
                ↓image: api:2.0
                mem_limit: 256m
            """,
            """
            services:
              api:
                image: api:2.0
                deploy:
                  resources:
                    limits: ↓{memory: 256M}
            """,
        ],
        nonTriggering: [
            """
            services:
              api:
                image: api:2.0
                deploy:
                  resources:
                    limits: {cpus: "0.50", memory: 256M}
              worker:
                image: worker:2.0
                cpus: 1.5
            """,
        ])

    func check(_ service: ComposeService, in project: ComposeProject, _ context: RuleContext) -> [Finding] {
        guard !ResourceLimit.isSet(service, keys: ["cpus", "cpu_quota"], deployKey: "cpus") else { return [] }
        return [context.finding(at: ResourceLimit.anchor(service, deployKey: "cpus"), in: service,
                                "no CPU limit (deploy.resources.limits.cpus or cpus); expected a limit so one service cannot starve the host")]
    }
}

struct ComposePIDsLimitMissing: ComposeServiceRule {
    static let description = RuleDescription(
        id: "compose/pids-limit-missing", title: "Service has no process-count limit", severity: .low,
        rationale: "Without a PIDs limit a fork bomb or runaway worker pool in one container exhausts the host's process table and takes every service down.",
        remediation: "Set `pids_limit` (or `deploy.resources.limits.pids`) to a bound that covers the service's real peak, e.g. 200.",
        references: [.cisDocker("5.29"), .owaspDocker("RULE #7 - Limit resources (memory, CPU, file descriptors, processes, restarts)"),
                     .nist80053("SC-6")],
        triggering: [
            """
            services:
              api:
                ↓image: api:2.0
            """,
        ],
        nonTriggering: [
            """
            services:
              api:
                image: api:2.0
                pids_limit: 200
              worker:
                image: worker:2.0
                deploy: {resources: {limits: {pids: 100}}}
            """,
        ],
        optIn: true)

    func check(_ service: ComposeService, in project: ComposeProject, _ context: RuleContext) -> [Finding] {
        guard !ResourceLimit.isSet(service, keys: ["pids_limit"], deployKey: "pids") else { return [] }
        let explicit = service.field("pids_limit")
        let field = explicit.exists ? explicit : ResourceLimit.anchor(service, deployKey: "pids")
        return [context.finding(at: field, in: service, "no PIDs limit (pids_limit or deploy.resources.limits.pids); expected a bound on the number of processes")]
    }
}
