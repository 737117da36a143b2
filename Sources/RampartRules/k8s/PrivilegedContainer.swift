import RampartCore
import RampartManifests

// Pod Security Standards, Baseline level: one rule per control. Every rule judges all workload kinds through
// their pod template, and every container kind (containers, initContainers, ephemeralContainers).

struct PrivilegedContainer: ContainerRule {
    static let description = RuleDescription(
        id: "k8s/privileged-container", title: "Container runs privileged", severity: .critical,
        rationale: "A privileged container has every capability, all host devices and no seccomp or AppArmor confinement; escaping to the node is trivial.",
        remediation: "Remove securityContext.privileged or set it to false; grant only the specific capability needed.",
        references: [.pss(.baseline, "Privileged Containers"), .cisKubernetes("5.2.2"), .nsaKubernetes("Kubernetes Pod security: Pod security enforcement"), .nist80053("AC-6")],
        triggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - name: app
                image: app:1.0
                securityContext: {privileged: ↓true}
            """,
            """
            apiVersion: batch/v1
            kind: CronJob
            metadata: {name: backup}
            spec:
              schedule: "0 2 * * *"
              jobTemplate:
                spec:
                  template:
                    spec:
                      initContainers:
                      - name: prepare
                        image: tools:1.0
                        securityContext:
                          privileged: ↓True
                      containers:
                      - {name: backup, image: backup:1.0}
            """,
            """
            apiVersion: apps.openshift.io/v1
            kind: DeploymentConfig
            metadata: {name: portal}
            spec:
              replicas: 2
              template:
                spec:
                  containers:
                  - name: portal
                    image: portal:2.1
                    securityContext: {privileged: ↓true}
            """,
            """
            apiVersion: argoproj.io/v1alpha1
            kind: Rollout
            metadata: {name: payments}
            spec:
              strategy: {canary: {steps: [{setWeight: 20}]}}
              template:
                spec:
                  containers:
                  - name: payments
                    image: payments:3.0
                    securityContext: {privileged: ↓true}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - {name: app, image: app:1.0, securityContext: {privileged: false}}
              - {name: sidecar, image: side:1.0, securityContext: {privileged: "true"}}
            """,
            """
            apiVersion: example.com/v1
            kind: Rollout
            metadata: {name: not-argo}
            spec:
              template:
                spec:
                  containers:
                  - {name: app, image: app:1.0, securityContext: {privileged: true}}
            """,
        ])

    func check(_ container: Container, in workload: Workload, _ context: RuleContext) -> [Finding] {
        guard let field = container.own("privileged"), field.node?.bool == true else { return [] }
        return [context.finding(at: field, in: workload.object, "\(container.messageName) runs privileged; expected privileged: false or unset.",
                                evidence: "privileged: true")]
    }
}
