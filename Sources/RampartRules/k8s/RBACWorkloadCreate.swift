import RampartCore
import RampartManifests

// RBAC: what Roles and ClusterRoles grant, and to whom bindings grant it.

struct RBACWorkloadCreate: ObjectRule {
    static let kinds = roleKinds
    static let workloads: Set<String> = ["pods", "deployments", "daemonsets", "statefulsets", "replicasets",
                                         "replicationcontrollers", "jobs", "cronjobs"]
    static let description = RuleDescription(
        id: "k8s/rbac-workload-create", title: "Role can create pods or workloads", severity: .medium,
        rationale: "Whoever can create pods (directly or through a Deployment, Job, ...) can mount any secret and run as any service account of the namespace, and, without Pod Security admission, start privileged pods: creating workloads is a privilege escalation path.",
        remediation: "Grant workload creation only to deployment pipelines and controllers, in namespaces enforcing Pod Security admission.",
        references: [.cisKubernetes("5.1.4"), .nsaKubernetes("Authentication and authorization: Role-based access control"), .nist80053("AC-6")],
        triggering: [
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: runner, namespace: ci}
            rules:
            - {apiGroups: ["", batch], resources: [↓pods, ↓jobs], verbs: [create, delete]}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: viewer, namespace: ci}
            rules:
            - {apiGroups: ["", batch], resources: [pods, jobs], verbs: [get, list, watch]}
            """,
        ])

    func check(_ object: KubernetesObject, _ context: RuleContext) -> [Finding] {
        PolicyRuleView.all(in: object).flatMap { rule -> [Finding] in
            guard rule.allows(anyOf: ["create"]) else { return [] }
            return rule.resources(named: Self.workloads).map {
                context.finding(at: $0.field, in: object, "\(object.kind) \(object.name) can create \($0.value); expected workload creation limited to deployment pipelines.",
                                evidence: "create \($0.value)")
            }
        }
    }
}
