import RampartCore
import RampartManifests

// Pod Security Standards, Baseline level: one rule per control. Every rule judges all workload kinds through
// their pod template, and every container kind (containers, initContainers, ephemeralContainers).

struct ProcMountUnmasked: ContainerRule {
    static let description = RuleDescription(
        id: "k8s/proc-mount-unmasked", title: "Container /proc mount is unmasked", severity: .medium,
        rationale: "The default /proc mount masks and makes read-only paths (/proc/kcore, /proc/sys, /proc/sysrq-trigger) that expose the kernel; procMount: Unmasked removes those masks.",
        remediation: "Remove securityContext.procMount or set it to Default.",
        references: [.pss(.baseline, "/proc Mount Type"), .nist80053("SC-39")],
        triggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              hostUsers: false
              containers:
              - {name: app, image: app:1.0, securityContext: {procMount: ↓Unmasked}}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - {name: app, image: app:1.0, securityContext: {procMount: Default}}
            """,
        ])

    func check(_ container: Container, in workload: Workload, _ context: RuleContext) -> [Finding] {
        guard let field = container.own("procMount"), let value = field.node?.string, value != "Default" else { return [] }
        return [context.finding(at: field, in: workload.object, "\(container.messageName) sets procMount: \(value); expected Default or unset.",
                                evidence: "procMount: \(value)")]
    }
}
