import RampartCore
import RampartManifests

// RBAC: what Roles and ClusterRoles grant, and to whom bindings grant it.

struct RBACWildcardVerbs: ObjectRule {
    static let kinds = roleKinds
    static let description = RuleDescription(
        id: "k8s/rbac-wildcard-verbs", title: "Role grants all verbs", severity: .high,
        rationale: "verbs: [\"*\"] grants every current and future verb, including escalate, bind, impersonate, delete and deletecollection, on the listed resources: far more than any workload needs.",
        remediation: "List the verbs the subject needs explicitly (e.g. get, list, watch).",
        references: [.cisKubernetes("5.1.3"), .nsaKubernetes("Authentication and authorization: Role-based access control"), .nist80053("AC-6")],
        triggering: [
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: deployer, namespace: shop}
            rules:
            - apiGroups: [apps]
              resources: [deployments]
              verbs: [↓"*"]
            """,
        ],
        nonTriggering: [
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: deployer, namespace: shop}
            rules:
            - {apiGroups: [apps], resources: [deployments], verbs: [get, list, watch, update, patch]}
            """,
        ])

    func check(_ object: KubernetesObject, _ context: RuleContext) -> [Finding] {
        PolicyRuleView.all(in: object).flatMap { rule in
            rule.verbs.filter { $0.value == "*" }.map {
                context.finding(at: $0.field, in: object, "\(object.kind) \(object.name) grants every verb (\"*\") on \(rule.target); expected explicit verbs.",
                                evidence: "verbs: [\"*\"]")
            }
        }
    }
}

struct RBACWildcardResources: ObjectRule {
    static let kinds = roleKinds
    static let description = RuleDescription(
        id: "k8s/rbac-wildcard-resources", title: "Role grants access to all resources", severity: .high,
        rationale: "resources: [\"*\"] covers every resource of the listed API groups, including secrets, pods/exec, roles and rolebindings, and every resource added later by CRDs.",
        remediation: "List the resources the subject needs explicitly.",
        references: [.cisKubernetes("5.1.3"), .nsaKubernetes("Authentication and authorization: Role-based access control"), .nist80053("AC-6")],
        triggering: [
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: reader}
            rules:
            - {apiGroups: [""], resources: [↓"*"], verbs: [get, list]}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: reader}
            rules:
            - {apiGroups: [""], resources: [configmaps, services], verbs: [get, list]}
            """,
        ])

    func check(_ object: KubernetesObject, _ context: RuleContext) -> [Finding] {
        PolicyRuleView.all(in: object).flatMap { rule in
            rule.resources.filter { $0.value == "*" }.map {
                context.finding(at: $0.field, in: object, "\(object.kind) \(object.name) grants \(rule.verbs.map(\.value).joined(separator: ", ")) on every resource (\"*\"); expected explicit resources.",
                                evidence: "resources: [\"*\"]")
            }
        }
    }
}

struct RBACWildcardAPIGroups: ObjectRule {
    static let kinds = roleKinds
    static let description = RuleDescription(
        id: "k8s/rbac-wildcard-api-groups", title: "Role grants access in all API groups", severity: .medium,
        rationale: "apiGroups: [\"*\"] applies the rule to every API group, present and future: a resource name granted for one group is granted for every CRD group that reuses it.",
        remediation: "List the API groups explicitly (\"\" for the core group, apps, batch, ...).",
        references: [.cisKubernetes("5.1.3"), .nist80053("AC-6")],
        triggering: [
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: scaler}
            rules:
            - {apiGroups: [↓"*"], resources: [deployments/scale], verbs: [update]}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: scaler}
            rules:
            - {apiGroups: [apps], resources: [deployments/scale], verbs: [update]}
            """,
        ])

    func check(_ object: KubernetesObject, _ context: RuleContext) -> [Finding] {
        PolicyRuleView.all(in: object).flatMap { rule in
            rule.apiGroups.filter { $0.value == "*" }.map {
                context.finding(at: $0.field, in: object, "\(object.kind) \(object.name) applies a rule to every API group (\"*\"); expected explicit groups.",
                                evidence: "apiGroups: [\"*\"]")
            }
        }
    }
}
