import RampartCore
import RampartManifests

// Pod Security Standards, Restricted level (everything Baseline forbids is reported by the Baseline rules;
// these rules report only what Restricted adds, so a field is never reported twice).

struct RunAsNonRoot: WorkloadRule {
    static let description = RuleDescription(
        id: "k8s/run-as-non-root", title: "Containers not required to run as non-root", severity: .medium,
        rationale: "runAsNonRoot: true makes the kubelet refuse to start a container whose user is root, whatever the image says. Without it an image (or a later image update) running as UID 0 gets root inside the container, one kernel bug away from root on the node. Restricted requires it at pod level or on every container; a container inherits the pod's setting.",
        remediation: "Set spec.securityContext.runAsNonRoot: true on the pod (or on each container) and make the image run as a non-zero UID.",
        references: [.pss(.restricted, "Running as Non-root"), .cisKubernetes("5.2.7"), .nsaKubernetes("Kubernetes Pod security: Non-root containers and rootless container engines"), .nist80053("AC-6(10)")],
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
                    securityContext: {runAsNonRoot: ↓false}
                  - name: log
                    image: log:1.0
                    securityContext:
                      ↓readOnlyRootFilesystem: true
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
                  securityContext: {runAsNonRoot: true}
                  containers:
                  - {name: web, image: web:1.0}
                  initContainers:
                  - {name: init, image: init:1.0, securityContext: {readOnlyRootFilesystem: true}}
            """,
        ])

    func check(_ workload: Workload, _ context: RuleContext) -> [Finding] {
        var out = FindingsByPath()
        let pod = workload.podSecurityContext.child("runAsNonRoot")
        if pod.hasValue, pod.node?.bool != true {
            out.add(pod) { context.finding(at: pod, in: workload.object, "pod sets runAsNonRoot: \(pod.node?.string ?? "?"); expected true.",
                                           evidence: "runAsNonRoot: \(pod.node?.string ?? "")") }
        }
        for container in workload.containers {
            let effective = container.effectiveSecurity("runAsNonRoot")
            guard effective.node?.bool != true else { continue }
            out.add(effective) {
                let seen = effective.hasValue ? "runs with runAsNonRoot: \(effective.node?.string ?? "?")" : "does not set runAsNonRoot and the pod does not either"
                return context.finding(at: effective, in: workload.object, "\(container.messageName) \(seen); expected true.",
                                       evidence: effective.hasValue ? "runAsNonRoot: \(effective.node?.string ?? "")" : nil)
            }
        }
        return out.findings
    }
}

struct RunAsRootUser: WorkloadRule {
    static let description = RuleDescription(
        id: "k8s/run-as-root-user", title: "Container runs as UID 0", severity: .medium,
        rationale: "runAsUser: 0 runs the container as root explicitly, overriding a non-root image user and defeating runAsNonRoot. Restricted forbids UID 0 at pod and container level.",
        remediation: "Set runAsUser to a non-zero UID (preferably 10000 or above) or remove it and let the image's non-root user apply.",
        references: [.pss(.restricted, "Running as Non-root user"), .cisKubernetes("5.2.7"), .nsaKubernetes("Kubernetes Pod security: Non-root containers and rootless container engines"), .nist80053("AC-6(10)")],
        triggering: [
            """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: migrate}
            spec:
              template:
                spec:
                  securityContext: {runAsUser: ↓0}
                  containers:
                  - {name: migrate, image: migrate:1.0, securityContext: {runAsUser: ↓0}}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: migrate}
            spec:
              template:
                spec:
                  securityContext: {runAsUser: 10001}
                  containers:
                  - {name: migrate, image: migrate:1.0}
            """,
        ])

    func check(_ workload: Workload, _ context: RuleContext) -> [Finding] {
        SecurityLevels.values("runAsUser", in: workload).compactMap { field, owner in
            guard let node = field.node else { return nil }
            guard let uid = UserID(node) else {
                // An unreadable UID cannot be shown to be non-zero: fail closed.
                return context.finding(at: field, in: workload.object,
                                       "\(owner) sets runAsUser to a value that is not a UID from 0 to \(UserID.maximum), so it cannot be shown to be non-root; expected a non-zero UID.",
                                       evidence: "runAsUser: not a valid UID")
            }
            guard uid.value == 0 else { return nil }
            return context.finding(at: field, in: workload.object, "\(owner) sets runAsUser: 0 (root); expected a non-zero UID.",
                                   evidence: "runAsUser: 0")
        }
    }
}
