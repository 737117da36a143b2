import RampartCore
import RampartManifests

struct ComposeSeccompUnconfined: ComposeServiceRule {
    static let description = RuleDescription(
        id: "compose/seccomp-unconfined", title: "Service disables the seccomp profile", severity: .high,
        rationale: "Docker's default seccomp profile blocks about 50 system calls (kernel module loading, keyctl, mount, ptrace on older kernels) that are the usual starting points of kernel exploits and container escapes. `seccomp:unconfined` removes that filter.",
        remediation: "Remove `seccomp:unconfined`; if the service needs one extra system call, give it a custom profile (`seccomp:./profile.json`) derived from the default.",
        references: [.cisDocker("5.22"), .owaspDocker("RULE #6 - Use Linux Security Module (seccomp, AppArmor, or SELinux)"),
                     .nist800190("4.4.3 Insecure container runtime configurations"), .nist80053("SC-39")],
        triggering: [
            """
            services:
              app:
                image: app:1.4
                security_opt:
                  - no-new-privileges:true
                  - ↓seccomp:unconfined
            """,
            """
            services:
              app: {image: app:1.4, security_opt: [↓"seccomp=unconfined"]}
            """,
        ],
        nonTriggering: [
            """
            services:
              app:
                image: app:1.4
                security_opt: ["seccomp:./seccomp/app.json", "no-new-privileges:true"]
            """,
        ])

    func check(_ service: ComposeService, in project: ComposeProject, _ context: RuleContext) -> [Finding] {
        SecurityOption.all(in: service).filter { $0.name == "seccomp" && $0.value?.lowercased() == "unconfined" }.map { option in
            context.finding(at: option.field, in: service,
                            "security_opt '\(option.field.node?.string ?? "")' turns off system-call filtering; expected the default or a custom seccomp profile",
                            evidence: option.field.node?.string)
        }
    }
}

struct ComposeAppArmorUnconfined: ComposeServiceRule {
    static let description = RuleDescription(
        id: "compose/apparmor-unconfined", title: "Service disables its AppArmor profile", severity: .high,
        rationale: "On AppArmor hosts Docker confines every container with the docker-default profile, which denies writes to /proc and /sys and mounting. `apparmor:unconfined` removes that mandatory access control layer.",
        remediation: "Remove `apparmor:unconfined`, or load a profile tailored to the service and name it (`apparmor:my-profile`).",
        references: [.cisDocker("5.2"), .owaspDocker("RULE #6 - Use Linux Security Module (seccomp, AppArmor, or SELinux)"),
                     .nist80053("AC-3(3)")],
        triggering: [
            """
            services:
              app:
                image: app:1.4
                security_opt: [↓"apparmor:unconfined"]
            """,
            """
            services:
              app:
                image: app:1.4
                security_opt:
                  - ↓apparmor=unconfined
            """,
        ],
        nonTriggering: [
            """
            services:
              app:
                image: app:1.4
                security_opt: ["apparmor:docker-default"]
            """,
        ])

    func check(_ service: ComposeService, in project: ComposeProject, _ context: RuleContext) -> [Finding] {
        SecurityOption.all(in: service).filter { $0.name == "apparmor" && $0.value?.lowercased() == "unconfined" }.map { option in
            context.finding(at: option.field, in: service,
                            "security_opt '\(option.field.node?.string ?? "")' runs the container without AppArmor confinement; expected docker-default or a named profile",
                            evidence: option.field.node?.string)
        }
    }
}

struct ComposeSELinuxDisabled: ComposeServiceRule {
    static let description = RuleDescription(
        id: "compose/selinux-disabled", title: "Service disables SELinux separation", severity: .high,
        rationale: "On SELinux hosts each container gets its own MCS label, so it cannot touch other containers' or the host's files even as root. `label:disable` turns labelling off, and `label:type:spc_t` runs it as a super-privileged container that SELinux does not confine.",
        remediation: "Remove `label:disable` / `label:type:spc_t`; relabel bind mounts with `:z` or `:Z` instead of disabling separation.",
        references: [.cisDocker("5.3"), .owaspDocker("RULE #6 - Use Linux Security Module (seccomp, AppArmor, or SELinux)"),
                     .nist80053("AC-3(3)")],
        triggering: [
            """
            services:
              app:
                image: app:1.4
                security_opt: [↓"label:disable"]
            """,
            """
            services:
              app:
                image: app:1.4
                security_opt:
                  - ↓label=type:spc_t
            """,
        ],
        nonTriggering: [
            """
            services:
              app:
                image: app:1.4
                security_opt: ["label:type:container_t", "label:level:s0:c100,c200"]
            """,
        ])

    func check(_ service: ComposeService, in project: ComposeProject, _ context: RuleContext) -> [Finding] {
        SecurityOption.all(in: service).filter { option in
            guard option.name == "label", let value = option.value?.lowercased() else { return false }
            return value == "disable" || value == "type:spc_t" || value == "type=spc_t"
        }.map { option in
            context.finding(at: option.field, in: service,
                            "security_opt '\(option.field.node?.string ?? "")' removes SELinux separation; expected the default container label",
                            evidence: option.field.node?.string)
        }
    }
}
