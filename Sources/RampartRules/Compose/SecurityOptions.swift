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
