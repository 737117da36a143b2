import RampartCore
import RampartManifests

// Pod Security Standards, Baseline level: one rule per control. Every rule judges all workload kinds through
// their pod template, and every container kind (containers, initContainers, ephemeralContainers).

struct CapabilitiesAdded: ContainerRule {
    static let description = RuleDescription(
        id: "k8s/capabilities-added", title: "Container adds capabilities beyond the default set", severity: .high,
        rationale: "Capabilities outside the runtime's default set (SYS_ADMIN, NET_ADMIN, SYS_PTRACE, SYS_MODULE, BPF, NET_RAW, ...) give a container kernel powers that lead to node compromise. Baseline allows adding back only AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID and SYS_CHROOT; k8s/capabilities-added-restricted reports those of them Restricted forbids.",
        remediation: "Remove the capability from securityContext.capabilities.add; redesign the workload so it does not need kernel privileges.",
        references: [.pss(.baseline, "Capabilities"), .cisKubernetes("5.2.9"), .nsaKubernetes("Kubernetes Pod security: Pod security enforcement"), .nist80053("AC-6")],
        triggering: [
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              template:
                spec:
                  containers:
                  - name: web
                    image: web:1.0
                    securityContext:
                      capabilities:
                        add: [CHOWN, ↓NET_ADMIN, ↓CAP_SYS_ADMIN, ↓CAP_SETPCAP, ↓chown]
            """,
        ],
        nonTriggering: [
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              template:
                spec:
                  containers:
                  - name: web
                    image: web:1.0
                    securityContext:
                      capabilities: {drop: [ALL], add: [NET_BIND_SERVICE, CHOWN]}
            """,
        ])

    func check(_ container: Container, in workload: Workload, _ context: RuleContext) -> [Finding] {
        LinuxCapabilities.added(container).filter { !LinuxCapabilities.baselineAllowed.contains($0.raw) }.map { added in
            guard LinuxCapabilities.baselineAllowed.contains(added.name) else {
                return context.finding(at: added.field, in: workload.object,
                                       "\(container.messageName) adds capability \(added.name); Baseline allows only the runtime default set.", evidence: added.name)
            }
            // A default capability in another spelling: admission matches names exactly and rejects the pod.
            let written = String(added.raw.filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
            return context.finding(at: added.field, in: workload.object,
                                   "\(container.messageName) adds capability \(written), which is not in Baseline's allowed list as written: Pod Security admission compares names exactly (upper case, without the CAP_ prefix) and rejects it; expected \(added.name).",
                                   evidence: written)
        }
    }
}
