import RampartCore
import RampartManifests

// Pod Security Standards, Baseline level: one rule per control. Every rule judges all workload kinds through
// their pod template, and every container kind (containers, initContainers, ephemeralContainers).

struct SeccompUnconfined: WorkloadRule {
    static let description = RuleDescription(
        id: "k8s/seccomp-unconfined", title: "Seccomp explicitly disabled", severity: .medium,
        rationale: "seccompProfile.type: Unconfined turns off system-call filtering, re-opening kernel attack surface (keyctl, unshare, bpf, ...) that most container escapes use. Baseline forbids it at pod and container level.",
        remediation: "Set seccompProfile.type to RuntimeDefault (or Localhost with a reviewed profile).",
        references: [.pss(.baseline, "Seccomp"), .cisKubernetes("5.7.2"), .nsaKubernetes("Kubernetes Pod security: Hardening container environments"), .nist80053("SC-39")],
        triggering: [
            """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db}
            spec:
              template:
                spec:
                  securityContext:
                    seccompProfile:
                      type: ↓Unconfined
                  containers:
                  - {name: db, image: db:1.0}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db}
            spec:
              template:
                spec:
                  securityContext:
                    seccompProfile: {type: RuntimeDefault}
                  containers:
                  - {name: db, image: db:1.0, securityContext: {seccompProfile: {type: Localhost, localhostProfile: db.json}}}
            """,
        ])

    func check(_ workload: Workload, _ context: RuleContext) -> [Finding] {
        SecurityLevels.values("seccompProfile.type", in: workload).filter { $0.field.node?.string == "Unconfined" }.map {
            context.finding(at: $0.field, in: workload.object, "\($0.owner) sets seccompProfile.type: Unconfined; expected RuntimeDefault or Localhost.",
                            evidence: "seccompProfile.type: Unconfined")
        }
    }
}
