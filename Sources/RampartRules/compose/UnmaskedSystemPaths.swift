import RampartCore
import RampartManifests

struct ComposeUnmaskedSystemPaths: ComposeServiceRule {
    static let description = RuleDescription(
        id: "compose/unmasked-system-paths", title: "Service unmasks /proc and /sys paths", severity: .high,
        rationale: "Docker masks or makes read-only parts of /proc and /sys (kcore, keys, sysrq-trigger, firmware) that leak host secrets or control the host kernel. `systempaths=unconfined` removes those masks.",
        remediation: "Remove `systempaths=unconfined` from security_opt.",
        references: [.nist800190("4.4.3 Insecure container runtime configurations"), .nist80053("SC-39"),
                     Reference("Docker run reference", section: "--security-opt systempaths=unconfined",
                               url: "https://docs.docker.com/reference/cli/docker/container/run/#security-opt")],
        triggering: [
            """
            services:
              app:
                image: app:1.4
                security_opt: [↓"systempaths=unconfined"]
            """,
        ],
        nonTriggering: [
            """
            services:
              app:
                image: app:1.4
                security_opt: ["no-new-privileges:true"]
            """,
        ])

    func check(_ service: ComposeService, in project: ComposeProject, _ context: RuleContext) -> [Finding] {
        SecurityOption.all(in: service).filter { $0.name == "systempaths" && $0.value?.lowercased() == "unconfined" }.map { option in
            context.finding(at: option.field, in: service,
                            "security_opt '\(option.field.node?.string ?? "")' exposes masked /proc and /sys paths; expected Docker's default masks",
                            evidence: option.field.node?.string)
        }
    }
}
