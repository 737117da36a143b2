import RampartCore
import RampartManifests

struct ComposeNoNewPrivilegesMissing: ComposeServiceRule {
    static let description = RuleDescription(
        id: "compose/no-new-privileges-missing", title: "Service may gain privileges through setuid binaries", severity: .medium,
        rationale: "Without no-new-privileges a process in the container can gain privileges by executing setuid or setgid binaries or files with file capabilities, turning a foothold as an unprivileged user into root in the container.",
        remediation: "Add `security_opt: [\"no-new-privileges:true\"]` to the service (an `x-` defaults block with a merge key applies it to every service).",
        references: [.cisDocker("5.26"), .owaspDocker("RULE #4 - Prevent in-container privilege escalation"),
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
                security_opt:
                  - ↓no-new-privileges:false
            """,
            """
            services:
              api:
                image: api:2.0
                security_opt: ↓["apparmor:docker-default"]
            """,
        ],
        nonTriggering: [
            """
            x-hardening: &hardening
              security_opt: ["no-new-privileges:true"]
            services:
              api:
                <<: *hardening
                image: api:2.0
              worker:
                image: worker:2.0
                security_opt: [no-new-privileges=true]
              cron:
                image: cron:2.0
                security_opt: [no-new-privileges]
            """,
        ])

    func check(_ service: ComposeService, in project: ComposeProject, _ context: RuleContext) -> [Finding] {
        let options = SecurityOption.all(in: service).filter { $0.name == "no-new-privileges" }
        // A bare `no-new-privileges` means true to Docker; the last entry wins.
        if let last = options.last {
            let enabled = last.value.map { ComposeValue.bool(YAMLNode.scalar($0)) == true } ?? true
            if enabled { return [] }
            return [context.finding(at: last.field, in: service,
                                    "security_opt sets no-new-privileges to '\(last.value ?? "")'; expected no-new-privileges:true",
                                    evidence: last.field.node?.string)]
        }
        return [context.finding(at: service.field("security_opt"), in: service,
                                "security_opt does not contain no-new-privileges:true; expected it, so setuid binaries cannot raise privileges")]
    }
}
