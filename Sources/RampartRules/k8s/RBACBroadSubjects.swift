import RampartCore
import RampartManifests

// RBAC: what Roles and ClusterRoles grant, and to whom bindings grant it.

struct RBACAnonymousSubject: SubjectRule {
    static let description = RuleDescription(
        id: "k8s/rbac-anonymous-subject", title: "Role bound to anonymous or unauthenticated users", severity: .critical,
        rationale: "system:anonymous and system:unauthenticated are whoever reaches the API server without credentials. Any permission bound to them is granted to the internet if the API server is reachable.",
        remediation: "Remove system:anonymous and system:unauthenticated from the binding's subjects; require authentication.",
        references: [.nsaKubernetes("Authentication and authorization"), .cisKubernetes("5.1.1"), .nist80053("AC-14"), .nist80053("IA-2")],
        triggering: [
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata: {name: open}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
            subjects:
            - {kind: User, name: ↓system:anonymous}
            - {kind: Group, name: ↓system:unauthenticated}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata: {name: viewers}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
            subjects:
            - {kind: Group, name: city:auditors}
            """,
        ])

    func isReported(name: String, kind: String, role: String) -> Bool {
        name == "system:anonymous" || name == "system:unauthenticated"
    }

    func message(subject: String, binding: KubernetesObject, role: String) -> String {
        "\(binding.kind) \(binding.name) grants \(role) to \(subject) (no credentials needed); expected authenticated subjects only."
    }
}

struct RBACAuthenticatedSubject: SubjectRule {
    /// The discovery roles Kubernetes itself binds to every authenticated user.
    static let discoveryRoles: Set<String> = ["system:basic-user", "system:discovery", "system:public-info-viewer"]
    static let description = RuleDescription(
        id: "k8s/rbac-authenticated-subject", title: "Role bound to every authenticated user", severity: .high,
        rationale: "system:authenticated includes every identity the cluster accepts: every service account of every namespace, and in many managed clusters any account of the cloud provider. Binding a role to it grants that role to all of them. The default discovery roles are not reported.",
        remediation: "Bind the role to the specific groups or service accounts that need it.",
        references: [.nsaKubernetes("Authentication and authorization: Role-based access control"), .nist80053("AC-6"), .nist80053("AC-2")],
        triggering: [
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata: {name: everyone-edits}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
            subjects:
            - {kind: Group, name: ↓system:authenticated}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata: {name: discovery}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:discovery}
            subjects:
            - {kind: Group, name: system:authenticated}
            """,
        ])

    func isReported(name: String, kind: String, role: String) -> Bool {
        name == "system:authenticated" && !Self.discoveryRoles.contains(role)
    }

    func message(subject: String, binding: KubernetesObject, role: String) -> String {
        "\(binding.kind) \(binding.name) grants \(role) to every authenticated identity; expected specific subjects."
    }
}

struct RBACSystemMasters: SubjectRule {
    static let description = RuleDescription(
        id: "k8s/rbac-system-masters", title: "Binding names the system:masters group", severity: .high,
        rationale: "Members of system:masters bypass RBAC entirely (the API server authorizes them before any binding is read), and their access cannot be revoked by editing roles. Binding it is at best confusing and suggests certificates are being issued into it.",
        remediation: "Do not use system:masters; bind administrators to cluster-admin through a named group that can be revoked.",
        references: [.cisKubernetes("5.1.7"), .nist80053("AC-2"), .nist80053("AC-6")],
        triggering: [
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata: {name: admins}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
            subjects:
            - {kind: Group, name: ↓system:masters}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata: {name: admins}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
            subjects:
            - {kind: Group, name: city:platform-admins}
            """,
        ])

    func isReported(name: String, kind: String, role: String) -> Bool { name == "system:masters" }

    func message(subject: String, binding: KubernetesObject, role: String) -> String {
        "\(binding.kind) \(binding.name) names the system:masters group, which bypasses RBAC; expected a revocable group."
    }
}
