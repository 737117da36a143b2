import RampartCore
import RampartManifests

// RBAC: what Roles and ClusterRoles grant, and to whom bindings grant it.

struct RBACEscalationVerbs: ObjectRule {
    static let kinds = roleKinds
    static let dangerous: Set<String> = ["bind", "escalate", "impersonate"]
    static let description = RuleDescription(
        id: "k8s/rbac-escalation-verbs", title: "Role grants bind, escalate or impersonate", severity: .high,
        rationale: "escalate lets a subject write roles with more permissions than it holds, bind lets it bind roles it does not hold, and impersonate lets it act as any user, group or service account: each is a direct path to cluster-admin.",
        remediation: "Remove bind, escalate and impersonate from roles; grant them only to tightly controlled administrative identities with resourceNames restrictions.",
        references: [.cisKubernetes("5.1.8"), .nsaKubernetes("Authentication and authorization: Role-based access control"), .nist80053("AC-6")],
        triggering: [
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: delegator}
            rules:
            - {apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [↓bind, ↓escalate]}
            - {apiGroups: [""], resources: [users, groups, serviceaccounts], verbs: [↓impersonate]}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: viewer}
            rules:
            - {apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [get, list]}
            """,
        ])

    func check(_ object: KubernetesObject, _ context: RuleContext) -> [Finding] {
        PolicyRuleView.all(in: object).flatMap { rule in
            rule.verbs.filter { Self.dangerous.contains($0.value) }.map {
                context.finding(at: $0.field, in: object, "\(object.kind) \(object.name) grants the \($0.value) verb on \(rule.target); expected no privilege-escalation verbs.",
                                evidence: $0.value)
            }
        }
    }
}
