import RampartCore
import RampartManifests

// Pod Security Standards, Baseline level: one rule per control. Every rule judges all workload kinds through
// their pod template, and every container kind (containers, initContainers, ephemeralContainers).

struct HostProcess: WorkloadRule {
    static let description = RuleDescription(
        id: "k8s/host-process", title: "Windows HostProcess container", severity: .critical,
        rationale: "A Windows HostProcess container runs directly on the node with the privileges of a host process: it is the Windows equivalent of a privileged container with host namespaces.",
        remediation: "Remove securityContext.windowsOptions.hostProcess (pod and containers) or set it to false.",
        references: [.pss(.baseline, "HostProcess"), .cisKubernetes("5.2.11"), .nist80053("AC-6")],
        triggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: win}
            spec:
              securityContext:
                windowsOptions: {hostProcess: ↓true}
              hostNetwork: true
              containers:
              - name: app
                image: app:1.0
                securityContext: {windowsOptions: {hostProcess: ↓true}}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: win}
            spec:
              securityContext:
                windowsOptions: {hostProcess: false, runAsUserName: ContainerUser}
              containers:
              - {name: app, image: app:1.0}
            """,
        ])

    func check(_ workload: Workload, _ context: RuleContext) -> [Finding] {
        SecurityLevels.values("windowsOptions.hostProcess", in: workload).filter { $0.field.node?.bool == true }.map {
            context.finding(at: $0.field, in: workload.object,
                            "\($0.owner) sets windowsOptions.hostProcess: true; expected false or unset.", evidence: "hostProcess: true")
        }
    }
}
