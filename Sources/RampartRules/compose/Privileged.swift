import RampartCore
import RampartManifests

struct ComposePrivileged: ComposeServiceRule {
    static let description = RuleDescription(
        id: "compose/privileged", title: "Service runs privileged", severity: .critical,
        rationale: "A privileged container gets every capability, all host devices and no seccomp, AppArmor or SELinux confinement; taking over the host from it is trivial (mount the host disk, load a kernel module).",
        remediation: "Remove `privileged: true`. Grant the one capability or device the service really needs with `cap_add` or `devices` instead.",
        references: [.cisDocker("5.5"), .owaspDocker("RULE #3 - Limit capabilities"),
                     .nist800190("4.4.3 Insecure container runtime configurations"), .nist80053("AC-6")],
        triggering: [
            """
            services:
              monitor:
                image: agent:3.1
                privileged: ↓true
            """,
            // Compose reads the quoted form as a boolean too.
            """
            services:
              monitor: {image: agent:3.1, privileged: ↓"true"}
            """,
            // The value comes from an extension block through a merge key: the finding points where it is written.
            """
            x-base: &base
              privileged: ↓true
            services:
              monitor:
                <<: *base
                image: agent:3.1
            """,
        ],
        nonTriggering: [
            """
            services:
              web:
                image: nginx:1.27
                privileged: false
              api:
                image: api:2.0
            """,
        ])

    func check(_ service: ComposeService, in project: ComposeProject, _ context: RuleContext) -> [Finding] {
        let field = service.field("privileged")
        guard ComposeValue.bool(field.node) == true else { return [] }
        return [context.finding(at: field, in: service,
                                "privileged is true: the container has all capabilities and host devices; expected privileged unset or false",
                                evidence: "privileged: true")]
    }
}
