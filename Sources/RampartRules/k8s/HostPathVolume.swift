import RampartCore
import RampartManifests

// Pod Security Standards, Baseline level: one rule per control. Every rule judges all workload kinds through
// their pod template, and every container kind (containers, initContainers, ephemeralContainers).

struct HostPathVolume: WorkloadRule {
    static let description = RuleDescription(
        id: "k8s/host-path-volume", title: "Pod mounts a hostPath volume", severity: .high,
        rationale: "A hostPath volume exposes the node's filesystem to the pod: writable mounts of /, /etc, /var/lib/kubelet or runtime sockets lead straight to node takeover, and even read-only mounts leak credentials of other pods.",
        remediation: "Use emptyDir, a ConfigMap/Secret, or a PersistentVolumeClaim instead of hostPath.",
        references: [.pss(.baseline, "HostPath Volumes"), .cisKubernetes("5.2.12"), .nsaKubernetes("Kubernetes Pod security: Pod security enforcement"), .nist80053("AC-6")],
        triggering: [
            """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: logs}
            spec:
              template:
                spec:
                  containers:
                  - {name: shipper, image: shipper:1.0}
                  volumes:
                  - name: varlog
                    hostPath: ↓{path: /var/log}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: logs}
            spec:
              template:
                spec:
                  containers:
                  - {name: shipper, image: shipper:1.0}
                  volumes:
                  - {name: scratch, emptyDir: {}}
            """,
        ])

    func check(_ workload: Workload, _ context: RuleContext) -> [Finding] {
        workload.volumeFields.compactMap { volume in
            let hostPath = volume.child("hostPath")
            guard hostPath.hasValue else { return nil }
            let path = hostPath.node?["path"]?.string ?? "?"
            let name = volume.node?["name"]?.string ?? "?"
            return context.finding(at: hostPath, in: workload.object, "volume \"\(name)\" mounts host path \(path); expected no hostPath volumes.",
                                   evidence: "hostPath: \(path)")
        }
    }
}
