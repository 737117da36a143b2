import RampartCore
import RampartManifests

// Pod Security Standards, Restricted level (everything Baseline forbids is reported by the Baseline rules;
// these rules report only what Restricted adds, so a field is never reported twice).

struct SeccompProfileMissing: WorkloadRule {
    static let description = RuleDescription(
        id: "k8s/seccomp-profile-missing", title: "No RuntimeDefault or Localhost seccomp profile", severity: .medium,
        rationale: "Kubernetes runs containers Unconfined by default unless the kubelet's seccomp defaulting is on. Restricted requires seccompProfile.type RuntimeDefault or Localhost on the pod or on every container (a container inherits the pod's profile). An explicit Unconfined is reported by k8s/seccomp-unconfined; Windows pods are exempt.",
        remediation: "Set spec.securityContext.seccompProfile.type: RuntimeDefault on the pod.",
        references: [.pss(.restricted, "Seccomp"), .cisKubernetes("5.7.2"), .nsaKubernetes("Kubernetes Pod security: Hardening container environments"), .nist80053("SC-39")],
        triggering: [
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              template:
                spec:
                  securityContext: {runAsNonRoot: true}
                  containers:
                  - ↓name: web
                    image: web:1.0
                  - name: side
                    image: side:1.0
                    securityContext:
                      seccompProfile: ↓{localhostProfile: side.json}
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
                  securityContext:
                    seccompProfile: {type: RuntimeDefault}
                  containers:
                  - {name: web, image: web:1.0}
                  - {name: side, image: side:1.0, securityContext: {seccompProfile: {type: Localhost, localhostProfile: side.json}}}
            """,
        ])

    func check(_ workload: Workload, _ context: RuleContext) -> [Finding] {
        guard !workload.isWindowsPod else { return [] }
        var out = FindingsByPath()
        for container in workload.containers {
            let profile = container.effectiveSecurity("seccompProfile")
            let type = profile.child("type")
            switch type.node?.string {
            case "RuntimeDefault", "Localhost", "Unconfined": continue
            default: break
            }
            let field = profile.hasValue ? type : profile
            out.add(field) {
                let seen = profile.hasValue ? "has seccompProfile.type \(type.node?.string ?? "unset")" : "has no seccompProfile and the pod has none either"
                return context.finding(at: field, in: workload.object, "\(container.messageName) \(seen); expected RuntimeDefault or Localhost.")
            }
        }
        return out.findings
    }
}
