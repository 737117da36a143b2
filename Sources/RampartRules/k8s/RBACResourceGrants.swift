import RampartCore
import RampartManifests

// RBAC: what Roles and ClusterRoles grant, and to whom bindings grant it.

struct RBACSecretsRead: ResourceGrantRule {
    static let resourceNames: Set<String> = ["secrets"]
    static let verbs: Set<String> = ["get", "list", "watch"]
    static let namesNarrow = true
    static let what = "it can read secret values (list and watch return every secret's data)"
    static let description = RuleDescription(
        id: "k8s/rbac-secrets-read", title: "Role can read secrets", severity: .high,
        rationale: "get, list or watch on secrets returns their decoded values: service-account tokens, TLS keys, database passwords. list and watch return every secret of the namespace (or cluster) at once. Grants narrowed by resourceNames to specific secrets are not reported; wildcard resources are reported by k8s/rbac-wildcard-resources.",
        remediation: "Remove secrets from the role, or restrict it with resourceNames to the specific secrets needed (get only); mount secrets into pods instead of reading them through the API.",
        references: [.cisKubernetes("5.1.2"), .nsaKubernetes("Authentication and authorization: Role-based access control"), .nist80053("AC-6"), .nist80053("AC-3")],
        triggering: [
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: config-reader}
            rules:
            - apiGroups: [""]
              resources: [configmaps, ↓secrets]
              verbs: [get, list, watch]
            """,
        ],
        nonTriggering: [
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: tls-reader, namespace: shop}
            rules:
            - {apiGroups: [""], resources: [secrets], resourceNames: [shop-tls], verbs: [get]}
            - {apiGroups: [""], resources: [secrets], verbs: [create]}
            """,
        ])
}

struct RBACPodExec: ResourceGrantRule {
    static let resourceNames: Set<String> = ["pods/exec", "pods/attach"]
    /// `get` too: API servers before the AuthorizePodWebsocketUpgradeCreatePermission gate (on by default from
    /// 1.31) authorise a WebSocket exec with get.
    static let verbs: Set<String> = ["create", "get"]
    static let what = "it can run commands inside running containers"
    static let description = RuleDescription(
        id: "k8s/rbac-pod-exec", title: "Role can exec or attach into pods", severity: .high,
        rationale: "create on pods/exec or pods/attach lets the subject run commands in any container it can reach, with that container's service-account token, secrets and network position: a direct path to lateral movement. get is reported too, because API servers older than 1.31 authorise exec over WebSocket with get.",
        remediation: "Remove pods/exec and pods/attach from roles used by workloads; grant them to humans only through short-lived, audited access.",
        references: [.cisKubernetes("5.1.4"), .nsaKubernetes("Authentication and authorization: Role-based access control"), .nist80053("AC-6"), .nist80053("AC-17")],
        triggering: [
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: debugger, namespace: shop}
            rules:
            - {apiGroups: [""], resources: [pods, ↓pods/exec, ↓pods/attach], verbs: [get, create]}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: viewer, namespace: shop}
            rules:
            - {apiGroups: [""], resources: [pods, pods/log], verbs: [get, list]}
            """,
        ])
}

struct RBACNodesProxy: ResourceGrantRule {
    static let resourceNames: Set<String> = ["nodes/proxy"]
    static let verbs: Set<String> = ["get", "create", "update", "patch", "delete", "list", "watch"]
    static let what = "it reaches the kubelet API of every node (exec into any pod, read logs and secrets)"
    static let description = RuleDescription(
        id: "k8s/rbac-nodes-proxy", title: "Role can proxy to the kubelet", severity: .high,
        rationale: "Access to nodes/proxy reaches each kubelet's API directly, bypassing admission control and most audit logging: it allows running commands in any pod on the node.",
        remediation: "Remove nodes/proxy; monitoring agents can read metrics through nodes/metrics or nodes/stats instead.",
        references: [.cisKubernetes("5.1.10"), .nist80053("AC-6")],
        triggering: [
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: monitor}
            rules:
            - {apiGroups: [""], resources: [nodes, ↓nodes/proxy], verbs: [get]}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: monitor}
            rules:
            - {apiGroups: [""], resources: [nodes, nodes/metrics, nodes/stats], verbs: [get, list]}
            """,
        ])
}

struct RBACTokenCreate: ResourceGrantRule {
    static let resourceNames: Set<String> = ["serviceaccounts/token"]
    static let verbs: Set<String> = ["create"]
    static let what = "it can mint tokens for service accounts and act as them"
    static let description = RuleDescription(
        id: "k8s/rbac-token-create", title: "Role can create service-account tokens", severity: .medium,
        rationale: "create on serviceaccounts/token issues a token for any service account in scope, inheriting all of that account's permissions.",
        remediation: "Remove serviceaccounts/token create, or narrow it with resourceNames to the one account that must be impersonated.",
        references: [.cisKubernetes("5.1.13"), .nist80053("AC-6"), .nist80053("IA-5")],
        triggering: [
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: token-minter}
            rules:
            - {apiGroups: [""], resources: [↓serviceaccounts/token], verbs: [create]}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: sa-reader}
            rules:
            - {apiGroups: [""], resources: [serviceaccounts], verbs: [get, list]}
            """,
        ])
}
