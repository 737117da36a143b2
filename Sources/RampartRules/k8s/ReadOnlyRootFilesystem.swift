import RampartCore
import RampartManifests

// Container hardening beyond the Pod Security Standards: settings that peers (CIS, NSA/CISA, kube-linter,
// Checkov, Trivy) recommend and that contain a compromise once it happens.

struct ReadOnlyRootFilesystem: ContainerRule {
    static let description = RuleDescription(
        id: "k8s/read-only-root-filesystem", title: "Root filesystem is writable", severity: .low,
        rationale: "A writable root filesystem lets an intruder drop tools, modify binaries and persist in the container. With readOnlyRootFilesystem: true only explicitly mounted volumes are writable.",
        remediation: "Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the application needs to write (e.g. /tmp).",
        references: [.nsaKubernetes("Kubernetes Pod security: Immutable container file systems"), .cisKubernetes("5.7.3"), .nist80053("CM-5")],
        triggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - ↓name: app
                image: app:1.0
              - {name: side, image: side:1.0, securityContext: {readOnlyRootFilesystem: ↓false}}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - {name: app, image: app:1.0, securityContext: {readOnlyRootFilesystem: true}}
            """,
        ])

    func check(_ container: Container, in workload: Workload, _ context: RuleContext) -> [Finding] {
        // Ephemeral debug containers are attached by hand for troubleshooting and cannot carry this setting usefully.
        guard container.kind != .ephemeralContainer else { return [] }
        let field = container.securityContext.child("readOnlyRootFilesystem")
        guard field.node?.bool != true else { return [] }
        let seen = field.hasValue ? "sets readOnlyRootFilesystem: \(field.node?.string ?? "?")" : "does not set readOnlyRootFilesystem"
        return [context.finding(at: field, in: workload.object, "\(container.messageName) \(seen); expected true.")]
    }
}
