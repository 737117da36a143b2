import RampartCore
import RampartManifests

// Container hardening beyond the Pod Security Standards: settings that peers (CIS, NSA/CISA, kube-linter,
// Checkov, Trivy) recommend and that contain a compromise once it happens.

struct ShareProcessNamespace: PodFlagRule {
    static let flag = "shareProcessNamespace"
    static let meaning = "every container sees the others' processes, environment and filesystems through /proc"
    static let description = RuleDescription(
        id: "k8s/share-process-namespace", title: "Containers share one process namespace", severity: .low,
        rationale: "With a shared process namespace a compromised sidecar can read the main container's environment variables and files (/proc/<pid>/root) and signal its processes, so secrets of one container leak to all.",
        remediation: "Remove spec.shareProcessNamespace unless a debugging or sidecar pattern needs it.",
        references: [.nsaKubernetes("Kubernetes Pod security: Hardening container environments"), .nist80053("SC-39")],
        triggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              shareProcessNamespace: ↓true
              containers:
              - {name: app, image: app:1.0}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - {name: app, image: app:1.0}
            """,
        ])
}
