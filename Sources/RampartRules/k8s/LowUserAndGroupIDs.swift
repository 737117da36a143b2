import RampartCore
import RampartManifests

// Container hardening beyond the Pod Security Standards: settings that peers (CIS, NSA/CISA, kube-linter,
// Checkov, Trivy) recommend and that contain a compromise once it happens.

struct LowUserID: WorkloadRule {
    static let description = RuleDescription(
        id: "k8s/low-user-id", title: "Container runs with a low UID", severity: .low,
        rationale: "UIDs below 10000 often exist on the node (system and login users). If a container escapes, a UID shared with a host account gets that account's file access. A high UID maps to nobody on the node. UID 0 is reported by k8s/run-as-root-user.",
        remediation: "Run the container as a UID at or above the policy minimum (runAsUser: 10001, for example) and build the image for that user.",
        references: [.nsaKubernetes("Kubernetes Pod security: Non-root containers and rootless container engines"), .nist80053("AC-6")],
        triggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              securityContext: {runAsUser: ↓1000}
              containers:
              - {name: app, image: app:1.0}
              - {name: side, image: side:1.0, securityContext: {runAsUser: ↓33}}
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              securityContext: {runAsUser: 20000}
              containers:
              - {name: app, image: app:1.0, securityContext: {runAsUser: ↓99999999999999999999999999999999}}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              securityContext: {runAsUser: 10001}
              containers:
              - {name: app, image: app:1.0}
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              securityContext: {runAsUser: 1000}
              containers:
              - {name: app, image: app:1.0, securityContext: {runAsUser: 10001}}
            """,
        ],
        parameters: ["minimumUserID": "10000"], optIn: true)

    func check(_ workload: Workload, _ context: RuleContext) -> [Finding] {
        let minimum = context.parameters.int("minimumUserID", default: 10000)
        // Judge the UID each container actually runs as: a pod-level UID that every container overrides
        // runs nothing. An inherited UID is reported once, at the pod's field.
        var findings: [Finding] = []
        var reportedPaths = Set<String>()
        for container in workload.containers {
            let field = container.effectiveSecurity("runAsUser")
            guard let node = field.node, !node.isNull, reportedPaths.insert(field.path).inserted else { continue }
            let owner = container.own("runAsUser") == nil ? "pod" : container.messageName
            guard let uid = UserID(node) else {
                // Unreadable is not proof of a high UID: say so rather than pass (input/invalid-shape reports the shape).
                findings.append(context.finding(at: field, in: workload.object,
                                                "\(owner) sets runAsUser to a value that is not a UID from 0 to \(UserID.maximum); expected a UID of at least \(minimum).",
                                                evidence: "runAsUser: not a valid UID"))
                continue
            }
            guard uid.value > 0, uid.value < minimum else { continue }
            findings.append(context.finding(at: field, in: workload.object, "\(owner) runs as UID \(uid.value); expected a UID of at least \(minimum).",
                                            evidence: "runAsUser: \(uid.value)"))
        }
        return findings
    }
}

struct RootGroup: WorkloadRule {
    static let description = RuleDescription(
        id: "k8s/root-group", title: "Pod or container uses GID 0", severity: .low,
        rationale: "Group 0 (root) owns many files on the node and in images; a process with GID 0 as primary, supplementary or fsGroup can read or write them even as a non-root user.",
        remediation: "Set runAsGroup, fsGroup and supplementalGroups to non-zero GIDs.",
        references: [.nsaKubernetes("Kubernetes Pod security: Non-root containers and rootless container engines"), .nist80053("AC-6")],
        triggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              securityContext:
                fsGroup: ↓0
                supplementalGroups: [1000, ↓0]
              containers:
              - {name: app, image: app:1.0, securityContext: {runAsGroup: ↓0}}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              securityContext: {runAsGroup: 10001, fsGroup: 10001, supplementalGroups: [10002]}
              containers:
              - {name: app, image: app:1.0}
            """,
        ])

    func check(_ workload: Workload, _ context: RuleContext) -> [Finding] {
        var fields = SecurityLevels.values("runAsGroup", in: workload).map(\.field)
        let fsGroup = workload.podSecurityContext.child("fsGroup")
        if fsGroup.hasValue { fields.append(fsGroup) }
        fields += workload.podSecurityContext.child("supplementalGroups").items
        return fields.filter { $0.node?.int == 0 }.map {
            context.finding(at: $0, in: workload.object, "\($0.path) is 0 (root group); expected a non-zero GID.", evidence: "GID 0")
        }
    }
}
