import RampartCore
import RampartManifests

struct ComposeRestartUnbounded: ComposeServiceRule {
    static let defaultMaxAttempts = 5

    static let description = RuleDescription(
        id: "compose/restart-unbounded", title: "Service restarts without a bound", severity: .low,
        rationale: "`restart: always` or `unless-stopped` restarts a crashing container forever: a crash loop (or an exploit that crashes the service) repeats without limit, consumes resources and hides the failure. A bounded on-failure policy surfaces it.",
        remediation: "Use `restart: on-failure:5` (or `deploy.restart_policy` with `condition: on-failure` and `max_attempts: 5`) and alert on containers that stay down.",
        references: [.cisDocker("5.15"), .owaspDocker("RULE #7 - Limit resources (memory, CPU, file descriptors, processes, restarts)"),
                     .nist80053("SC-5")],
        triggering: [
            """
            services:
              api:
                image: api:2.0
                restart: ↓always
              worker:
                image: worker:2.0
                restart: ↓on-failure
              cron:
                image: cron:2.0
                deploy:
                  restart_policy: ↓{condition: any}
            """,
        ],
        nonTriggering: [
            """
            services:
              api:
                image: api:2.0
                restart: on-failure:5
              seed:
                image: seed:1.0
                restart: "no"
              worker:
                image: worker:2.0
                deploy:
                  restart_policy: {condition: on-failure, max_attempts: 3}
              once:
                image: once:1.0
            """,
        ],
        parameters: ["maxRestartAttempts": String(defaultMaxAttempts)],
        optIn: true)

    func check(_ service: ComposeService, in project: ComposeProject, _ context: RuleContext) -> [Finding] {
        let limit = context.parameters.int("maxRestartAttempts", default: Self.defaultMaxAttempts)
        var findings: [Finding] = []
        let restart = service.field("restart")
        if let value = restart.node?.string?.lowercased() {
            let parts = value.split(separator: ":", maxSplits: 1).map(String.init)
            let policy = parts.first ?? ""
            let attempts = parts.count > 1 ? Int(parts[1]) : nil
            let unbounded = policy == "always" || policy == "unless-stopped"
                || (policy == "on-failure" && (attempts.map { $0 > limit || $0 <= 0 } ?? true))
            if unbounded {
                findings.append(context.finding(at: restart, in: service,
                                                "restart is '\(value)', which restarts without a bound of \(limit); expected on-failure:\(limit) or a lower count",
                                                evidence: "restart: \(value)"))
            }
        }
        let policy = service.field("deploy.restart_policy")
        if let node = policy.node, node.isMapping {
            // Swarm's default condition is `any`, and without max_attempts there is no bound.
            let condition = node["condition"]?.string?.lowercased() ?? "any"
            let attempts = node["max_attempts"]?.int
            let bounded = condition == "none" || (attempts.map { $0 > 0 && $0 <= limit } ?? false)
            if !bounded {
                findings.append(context.finding(at: policy, in: service,
                                                "deploy.restart_policy has condition \(condition) and max_attempts \(attempts.map(String.init) ?? "unset"); expected at most \(limit) attempts"))
            }
        }
        return findings
    }
}
