import RampartCore
import RampartManifests

// RBAC: what Roles and ClusterRoles grant, and to whom bindings grant it.

struct ClusterAdminBinding: ObjectRule {
    static let kinds = bindingKinds
    static let description = RuleDescription(
        id: "k8s/cluster-admin-binding", title: "Subject bound to cluster-admin", severity: .critical,
        rationale: "cluster-admin grants every verb on every resource (in every namespace when bound by a ClusterRoleBinding, in the whole namespace, roles and secrets included, when bound by a RoleBinding). A compromised subject holding it (often a CI or operator service account) owns the cluster, its secrets and its nodes.",
        remediation: "Bind a role with only the verbs and resources the subject needs; keep cluster-admin for break-glass human access.",
        references: [.cisKubernetes("5.1.1"), .nsaKubernetes("Authentication and authorization: Role-based access control"), .nist80053("AC-6"), .nist80053("AC-6(7)")],
        triggering: [
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata: {name: ci-admin}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ↓cluster-admin}
            subjects:
            - {kind: ServiceAccount, name: ci, namespace: ci}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: ci-deployer, namespace: shop}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
            subjects:
            - {kind: ServiceAccount, name: ci, namespace: ci}
            """,
        ])

    func check(_ object: KubernetesObject, _ context: RuleContext) -> [Finding] {
        let name = object.field("roleRef.name")
        guard name.node?.string == "cluster-admin", object.field("roleRef.kind").node?.string == "ClusterRole" else { return [] }
        return [context.finding(at: name, in: object, "\(object.kind) \(object.name) grants cluster-admin to \(describeSubjects(object)); expected a least-privilege role.")]
    }
}
