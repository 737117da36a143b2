import RampartCore
import RampartManifests

struct ComposeRunsAsRoot: ComposeServiceRule {
    static let description = RuleDescription(
        id: "compose/runs-as-root", title: "Service runs as root", severity: .medium,
        rationale: "A process running as uid 0 in the container is one kernel bug or one misconfiguration (a writable host mount, an added capability) away from root on the host. When `user` is not set the image's USER applies, and for most images that is root.",
        remediation: "Set `user` to a non-zero uid (and gid), e.g. `user: \"10001:10001\"`, and make the files the service writes owned by it.",
        references: [.cisDocker("4.1"), .owaspDocker("RULE #2 - Set a user"),
                     .nist800190("4.4.3 Insecure container runtime configurations"), .nist80053("AC-6")],
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
                user: ↓root
              worker:
                image: worker:2.0
                user: ↓"0:0"
              cron:
                image: cron:2.0
                user: ↓0
              batch:
                image: batch:2.0
                user: ↓""
            """,
        ],
        nonTriggering: [
            """
            services:
              api:
                image: api:2.0
                user: "10001:10001"
              worker:
                image: worker:2.0
                user: app
              cron:
                image: cron:2.0
                user: ${APP_UID:-1000}
            """,
        ])

    func check(_ service: ComposeService, in project: ComposeProject, _ context: RuleContext) -> [Finding] {
        let field = service.field("user")
        // An empty `user` is the same as none: the image's default applies.
        guard let node = field.node, !node.isNull, node.string?.isEmpty != true else {
            return [context.finding(at: field, in: service,
                                    "user is not set, so the image's default user applies (root for most images); expected a non-root uid")]
        }
        guard let raw = node.string else { return [] }
        guard let value = ComposeValue.staticValue(raw) else { return [] }   // decided by the environment
        let name = String(value.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
        guard name == "root" || Int(name) == 0 else { return [] }
        return [context.finding(at: field, in: service, "user is '\(raw)', which is uid 0; expected a non-root uid", evidence: "user: \(raw)")]
    }
}

struct ComposeWritableRootFilesystem: ComposeServiceRule {
    static let description = RuleDescription(
        id: "compose/writable-root-filesystem", title: "Service's root filesystem is writable", severity: .low,
        rationale: "A read-only root filesystem stops an attacker from dropping tools, changing binaries or persisting in the container, and makes every place the service writes explicit.",
        remediation: "Set `read_only: true` and give the service `tmpfs` mounts or volumes for the paths it must write (/tmp, caches, data).",
        references: [.cisDocker("5.13"), .owaspDocker("RULE #8 - Set filesystem and volumes to read-only"),
                     .nist800190("4.4.3 Insecure container runtime configurations"), .nist80053("CM-5")],
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
                read_only: ↓false
            """,
        ],
        nonTriggering: [
            """
            services:
              api:
                image: api:2.0
                read_only: true
                tmpfs: [/tmp]
            """,
        ])

    func check(_ service: ComposeService, in project: ComposeProject, _ context: RuleContext) -> [Finding] {
        let field = service.field("read_only")
        guard ComposeValue.bool(field.node) != true else { return [] }
        let seen = field.exists ? "read_only is '\(field.node?.string ?? "")'" : "read_only is not set"
        return [context.finding(at: field, in: service, "\(seen), so the container can change its own filesystem; expected read_only: true")]
    }
}

struct ComposeHealthcheckMissing: ComposeServiceRule {
    static let description = RuleDescription(
        id: "compose/healthcheck-missing", title: "Service has no health check", severity: .low,
        rationale: "Without a health check a hung or half-started service looks healthy: restarts do not happen, `depends_on: condition: service_healthy` cannot work, and an outage or a tampered process goes unnoticed.",
        remediation: "Add a `healthcheck` with a `test` that exercises the service (an HTTP endpoint, a database ping), or rely on a HEALTHCHECK in the image and do not disable it.",
        references: [.cisDocker("5.27"), .nist800190("4.4.5 Rogue containers"), .nist80053("SI-4")],
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
                healthcheck:
                  disable: ↓true
              worker:
                image: worker:2.0
                healthcheck:
                  test: ↓["NONE"]
            """,
        ],
        nonTriggering: [
            """
            services:
              api:
                image: api:2.0
                healthcheck:
                  test: ["CMD", "wget", "-qO-", "http://localhost:8080/health"]
                  interval: 30s
              seed:
                build: ./seed
                restart: "no"
                profiles: [seed]
                healthcheck:
                  test: ["CMD-SHELL", "test -f /done"]
            """,
        ])

    func check(_ service: ComposeService, in project: ComposeProject, _ context: RuleContext) -> [Finding] {
        let field = service.field("healthcheck")
        guard field.exists else {
            return [context.finding(at: field, in: service,
                                    "healthcheck is not set; expected a health check (unless the image defines one, which Compose cannot show)")]
        }
        let disable = field.child("disable")
        if ComposeValue.bool(disable.node) == true {
            return [context.finding(at: disable, in: service, "healthcheck is disabled; expected a working health check")]
        }
        let test = field.child("test")
        let first = test.node?.string ?? test.node?.strings.first
        if first?.uppercased() == "NONE" {
            return [context.finding(at: test, in: service, "healthcheck test is NONE, which disables the image's check; expected a working health check")]
        }
        return []
    }
}
