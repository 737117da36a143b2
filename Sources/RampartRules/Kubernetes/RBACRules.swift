import RampartCore
import RampartManifests

// RBAC: what Roles and ClusterRoles grant, and to whom bindings grant it.

/// One entry of a Role's `rules`, with FieldRefs to point at the offending item.
struct PolicyRuleView {
    let field: FieldRef
    let verbs: [(value: String, field: FieldRef)]
    let resources: [(value: String, field: FieldRef)]
    let apiGroups: [(value: String, field: FieldRef)]
    let restrictedToNames: Bool

    init(_ field: FieldRef) {
        self.field = field
        verbs = stringItems(field.child("verbs"))
        resources = stringItems(field.child("resources"))
        apiGroups = stringItems(field.child("apiGroups"))
        restrictedToNames = !(field.node?["resourceNames"]?.strings ?? []).isEmpty
    }

    /// What the rule applies to, for messages: its resources, or its non-resource URLs.
    var target: String {
        if !resources.isEmpty { return resources.map(\.value).joined(separator: ", ") }
        let urls = field.node?["nonResourceURLs"]?.strings ?? []
        return urls.isEmpty ? "nothing" : "non-resource URLs " + urls.joined(separator: ", ")
    }

    func allows(anyOf wanted: Set<String>) -> Bool {
        verbs.contains { $0.value == "*" || wanted.contains($0.value) }
    }

    /// The core API group ("") is granted: written, wildcarded, or (leniently) apiGroups left out.
    var coversCoreGroup: Bool {
        apiGroups.isEmpty || apiGroups.contains { $0.value == "" || $0.value == "*" }
    }

    /// Items of `resources` naming one of `names` exactly (wildcards are reported by the wildcard rules).
    func resources(named names: Set<String>) -> [(value: String, field: FieldRef)] {
        resources.filter { names.contains($0.value) }
    }

    /// Rules of every Role and ClusterRole in the scan (aggregated ClusterRoles are filled by the controller
    /// from other roles, which are judged themselves).
    static func all(in object: KubernetesObject) -> [PolicyRuleView] {
        guard object.node["aggregationRule"] == nil else { return [] }
        return object.field("rules").items.filter { $0.node?.isMapping == true }.map(PolicyRuleView.init)
    }
}

let roleKinds: Set<String> = ["Role", "ClusterRole"]
let bindingKinds: Set<String> = ["RoleBinding", "ClusterRoleBinding"]

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

/// `ServiceAccount ci/ci, Group devs` for messages.
func describeSubjects(_ object: KubernetesObject) -> String {
    let subjects = object.field("subjects").items.compactMap { s -> String? in
        guard let kind = s.node?["kind"]?.string, let name = s.node?["name"]?.string else { return nil }
        if let ns = s.node?["namespace"]?.string { return "\(kind) \(ns)/\(name)" }
        return "\(kind) \(name)"
    }
    return subjects.isEmpty ? "no subjects" : subjects.joined(separator: ", ")
}

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

/// Roles granting some verbs on named core resources.
protocol ResourceGrantRule: ObjectRule {
    static var resourceNames: Set<String> { get }
    static var verbs: Set<String> { get }
    /// Whether `resourceNames` narrowing makes the grant acceptable.
    static var namesNarrow: Bool { get }
    static var what: String { get }
}

extension ResourceGrantRule {
    static var kinds: Set<String> { roleKinds }
    static var namesNarrow: Bool { false }

    func check(_ object: KubernetesObject, _ context: RuleContext) -> [Finding] {
        PolicyRuleView.all(in: object).flatMap { rule -> [Finding] in
            // Every resource these rules name lives in the core API group.
            guard rule.coversCoreGroup, rule.allows(anyOf: Self.verbs), !(Self.namesNarrow && rule.restrictedToNames) else { return [] }
            let granted = rule.verbs.map(\.value).filter { $0 == "*" || Self.verbs.contains($0) }
            return rule.resources(named: Self.resourceNames).map {
                context.finding(at: $0.field, in: object, "\(object.kind) \(object.name) grants \(granted.joined(separator: ", ")) on \($0.value): \(Self.what).",
                                evidence: "\($0.value): \(granted.joined(separator: ", "))")
            }
        }
    }

}

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

/// Bindings whose subjects name a given group or user.
protocol SubjectRule: ObjectRule {
    /// Whether the binding's subject `name` (of kind `kind`) is reported, given the bound role name.
    func isReported(name: String, kind: String, role: String) -> Bool
    func message(subject: String, binding: KubernetesObject, role: String) -> String
}

extension SubjectRule {
    static var kinds: Set<String> { bindingKinds }

    func check(_ object: KubernetesObject, _ context: RuleContext) -> [Finding] {
        let role = object.field("roleRef.name").node?.string ?? "?"
        return object.field("subjects").items.compactMap { subject in
            let name = subject.child("name")
            guard let value = name.node?.string, isReported(name: value, kind: subject.node?["kind"]?.string ?? "", role: role) else { return nil }
            return context.finding(at: name, in: object, message(subject: value, binding: object, role: role), evidence: "\(value) -> \(role)")
        }
    }
}

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
