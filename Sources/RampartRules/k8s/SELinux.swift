import RampartCore
import RampartManifests

// Pod Security Standards, Baseline level: one rule per control. Every rule judges all workload kinds through
// their pod template, and every container kind (containers, initContainers, ephemeralContainers).

struct SELinuxType: WorkloadRule {
    static let allowed: Set<String> = ["", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"]
    static let description = RuleDescription(
        id: "k8s/selinux-type", title: "Custom SELinux type", severity: .medium,
        rationale: "The SELinux type decides what the container may touch on the node. Baseline allows only the container types (container_t, container_init_t, container_kvm_t, container_engine_t); a type such as spc_t (super-privileged container) or unconfined_t lifts SELinux confinement.",
        remediation: "Remove seLinuxOptions.type or set it to container_t.",
        references: [.pss(.baseline, "SELinux"), .nsaKubernetes("Kubernetes Pod security: Hardening container environments"), .nist80053("AC-3(3)")],
        triggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              securityContext:
                seLinuxOptions: {type: ↓spc_t}
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
                seLinuxOptions: {type: container_t, level: "s0:c123,c456"}
              containers:
              - {name: app, image: app:1.0}
            """,
        ])

    func check(_ workload: Workload, _ context: RuleContext) -> [Finding] {
        SecurityLevels.values("seLinuxOptions.type", in: workload).compactMap { field, owner in
            let value = field.node?.string ?? ""
            guard !Self.allowed.contains(value) else { return nil }
            return context.finding(at: field, in: workload.object,
                                   "\(owner) sets SELinux type \(value); expected container_t, container_init_t, container_kvm_t or container_engine_t.",
                                   evidence: "seLinuxOptions.type: \(value)")
        }
    }
}

struct SELinuxUserRole: WorkloadRule {
    static let description = RuleDescription(
        id: "k8s/selinux-user-role", title: "Custom SELinux user or role", severity: .medium,
        rationale: "Baseline forbids setting the SELinux user or role: choosing them can place the container in a more privileged SELinux domain than the runtime assigns.",
        remediation: "Remove seLinuxOptions.user and seLinuxOptions.role.",
        references: [.pss(.baseline, "SELinux"), .nist80053("AC-3(3)")],
        triggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - name: app
                image: app:1.0
                securityContext:
                  seLinuxOptions: {user: ↓system_u, role: ↓system_r}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - name: app
                image: app:1.0
                securityContext:
                  seLinuxOptions: {user: "", level: "s0:c1,c2"}
            """,
        ])

    func check(_ workload: Workload, _ context: RuleContext) -> [Finding] {
        ["user", "role"].flatMap { key in
            SecurityLevels.values("seLinuxOptions.\(key)", in: workload).compactMap { field, owner in
                guard let value = field.node?.string, !value.isEmpty else { return nil }
                return context.finding(at: field, in: workload.object, "\(owner) sets SELinux \(key) \(value); expected it unset.",
                                       evidence: "seLinuxOptions.\(key): \(value)")
            }
        }
    }
}
