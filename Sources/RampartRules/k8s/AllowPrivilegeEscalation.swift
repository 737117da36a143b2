import RampartCore
import RampartManifests

// Pod Security Standards, Restricted level (everything Baseline forbids is reported by the Baseline rules;
// these rules report only what Restricted adds, so a field is never reported twice).

struct AllowPrivilegeEscalation: ContainerRule {
    static let description = RuleDescription(
        id: "k8s/allow-privilege-escalation", title: "Privilege escalation not disabled", severity: .medium,
        rationale: "Unless allowPrivilegeEscalation is false, the kernel's no_new_privs flag is not set and a process in the container can gain privileges through setuid binaries or file capabilities. Restricted requires it false (Windows pods are exempt).",
        remediation: "Set securityContext.allowPrivilegeEscalation: false on every container.",
        references: [.pss(.restricted, "Privilege Escalation"), .cisKubernetes("5.2.6"), .nsaKubernetes("Kubernetes Pod security: Pod security enforcement"), .nist80053("AC-6")],
        triggering: [
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              template:
                spec:
                  containers:
                  - ↓name: web
                    image: web:1.0
                  - name: side
                    image: side:1.0
                    securityContext: {allowPrivilegeEscalation: ↓true}
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
                  - {name: web, image: web:1.0, securityContext: {allowPrivilegeEscalation: false}}
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: win}
            spec:
              os: {name: windows}
              containers:
              - {name: app, image: app:1.0}
            """,
        ])

    func check(_ container: Container, in workload: Workload, _ context: RuleContext) -> [Finding] {
        guard !workload.isWindowsPod else { return [] }
        let field = container.securityContext.child("allowPrivilegeEscalation")
        guard field.node?.bool != false else { return [] }
        let seen = field.hasValue ? "allowPrivilegeEscalation is \(field.node?.string ?? "?")" : "allowPrivilegeEscalation is not set"
        return [context.finding(at: field, in: workload.object, "\(container.messageName): \(seen); expected false.",
                                evidence: field.hasValue ? "allowPrivilegeEscalation: \(field.node?.string ?? "")" : nil)]
    }
}
