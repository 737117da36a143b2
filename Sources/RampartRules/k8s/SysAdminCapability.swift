import RampartCore
import RampartManifests

// Container hardening beyond the Pod Security Standards: settings that peers (CIS, NSA/CISA, kube-linter,
// Checkov, Trivy) recommend and that contain a compromise once it happens.

struct SysAdminCapability: ContainerRule {
    static let description = RuleDescription(
        id: "k8s/sys-admin-capability", title: "Container adds CAP_SYS_ADMIN", severity: .critical,
        rationale: "CAP_SYS_ADMIN is close to full root on the node: it allows mounting filesystems, using cgroups release agents and many other known container-escape paths.",
        remediation: "Remove SYS_ADMIN from securityContext.capabilities.add; use a device plugin or a dedicated node agent for the task instead.",
        references: [.pss(.baseline, "Capabilities"), .cisKubernetes("5.2.9"), .nist80053("AC-6")],
        triggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - {name: app, image: app:1.0, securityContext: {capabilities: {add: [↓SYS_ADMIN]}}}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - {name: app, image: app:1.0, securityContext: {capabilities: {drop: [SYS_ADMIN]}}}
            """,
        ])

    func check(_ container: Container, in workload: Workload, _ context: RuleContext) -> [Finding] {
        LinuxCapabilities.added(container).filter { $0.name == "SYS_ADMIN" || $0.name == "ALL" }.map {
            context.finding(at: $0.field, in: workload.object, "\(container.messageName) adds \($0.name == "ALL" ? "ALL capabilities" : "CAP_SYS_ADMIN"); expected neither.",
                            evidence: $0.name)
        }
    }
}
