import RampartCore
import RampartManifests

// RBAC: escalation paths that do not use the bind / escalate / impersonate verbs, from the Kubernetes
// documentation's "RBAC good practices" (Escalation paths): approving certificate requests, writing admission
// webhook configurations, and rights bound to a namespace's default service account.

private let rbacGoodPractices = Reference.vendor("Kubernetes: Role Based Access Control Good Practices — Kubernetes RBAC privilege escalation risks",
                                                 "https://kubernetes.io/docs/concepts/security/rbac-good-practices/#kubernetes-rbac-privilege-escalation-risks")

extension PolicyRuleView {
    /// The API group `group` is granted: written, wildcarded, or (leniently) apiGroups left out.
    func covers(group: String) -> Bool {
        apiGroups.isEmpty || apiGroups.contains { $0.value == group || $0.value == "*" }
    }
}

struct RBACCertificateApproval: ObjectRule {
    static let kinds = roleKinds
    static let writeVerbs: Set<String> = ["update", "patch"]
    static let description = RuleDescription(
        id: "k8s/rbac-csr-approval", title: "Role can approve certificate signing requests", severity: .high,
        rationale: "A subject that can update certificatesigningrequests/approval and holds the approve verb on signers can approve its own request for a client certificate, for example one with the system:masters organisation or a node's identity through the kube-apiserver-client or kubelet signers. The certificate authenticates as whoever it names until it expires, and Kubernetes cannot revoke it.",
        remediation: "Leave certificate approval to the controller manager and a few administrators; if a controller must approve, restrict approve to its own signer with resourceNames (for example example.com/my-signer) and never to the kubernetes.io signers.",
        references: [.cisKubernetes("5.1.11"), rbacGoodPractices,
                     .vendor("Kubernetes: Certificates and Certificate Signing Requests — Authorization", "https://kubernetes.io/docs/reference/access-authn-authz/certificate-signing-requests/#authorization"),
                     .nist80053("AC-6"), .nist80053("IA-5")],
        triggering: [
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: csr-approver}
            rules:
            - {apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests], verbs: [get, list, watch]}
            - {apiGroups: [certificates.k8s.io], resources: [↓certificatesigningrequests/approval], verbs: [update]}
            - {apiGroups: [certificates.k8s.io], resources: [signers], verbs: [approve]}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: csr-approver}
            rules:
            - {apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests/approval], verbs: [update]}
            - {apiGroups: [certificates.k8s.io], resources: [signers], resourceNames: [example.com/my-signer], verbs: [approve]}
            """,
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: csr-reader}
            rules:
            - {apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests, certificatesigningrequests/approval], verbs: [get, list]}
            - {apiGroups: [certificates.k8s.io], resources: [signers], verbs: [approve]}
            """,
        ])

    func check(_ object: KubernetesObject, _ context: RuleContext) -> [Finding] {
        let rules = PolicyRuleView.all(in: object).filter { $0.covers(group: "certificates.k8s.io") }
        // Approve on signers restricted by resourceNames to the organisation's own signers cannot sign
        // as a kubernetes.io signer; any name under kubernetes.io, or no names, can.
        let approvesAny = rules.contains { rule in
            guard rule.allows(anyOf: ["approve"]), !rule.resources(named: ["signers"]).isEmpty else { return false }
            let names = rule.field.node?["resourceNames"]?.strings ?? []
            return names.isEmpty || names.contains { $0 == "*" || $0.hasPrefix("kubernetes.io/") }
        }
        guard approvesAny else { return [] }
        return rules.flatMap { rule -> [Finding] in
            guard rule.allows(anyOf: Self.writeVerbs) else { return [] }
            let granted = rule.verbs.map(\.value).filter { $0 == "*" || Self.writeVerbs.contains($0) }
            return rule.resources(named: ["certificatesigningrequests/approval"]).map {
                context.finding(at: $0.field, in: object,
                                "\(object.kind) \(object.name) grants \(granted.joined(separator: ", ")) on \($0.value) and approve on signers: it can approve client certificates for any identity; expected approval left to the control plane.",
                                evidence: "\($0.value): \(granted.joined(separator: ", ")); signers: approve")
            }
        }
    }
}

struct RBACAdmissionWebhookWrite: ObjectRule {
    static let kinds = roleKinds
    static let writeVerbs: Set<String> = ["create", "update", "patch", "delete", "deletecollection"]
    static let resources: Set<String> = ["mutatingwebhookconfigurations", "validatingwebhookconfigurations"]
    static let description = RuleDescription(
        id: "k8s/rbac-admission-webhook-write", title: "Role can write admission webhook configurations", severity: .high,
        rationale: "A mutating webhook sees and may rewrite every object the API server admits, secrets included, and can inject containers into any pod; a validating webhook can read them and, by deleting or failing, switch off the cluster's admission policy. Whoever writes these configurations controls what runs in the cluster.",
        remediation: "Grant create, update, patch and delete on mutatingwebhookconfigurations and validatingwebhookconfigurations only to cluster administrators and the installer of the admission controller; use resourceNames for an operator that manages its own webhook.",
        references: [.cisKubernetes("5.1.12"), rbacGoodPractices, .nsaKubernetes("Authentication and authorization: Role-based access control"), .nist80053("AC-6"), .nist80053("CM-5")],
        triggering: [
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: webhook-manager}
            rules:
            - apiGroups: [admissionregistration.k8s.io]
              resources: [↓mutatingwebhookconfigurations, ↓validatingwebhookconfigurations]
              verbs: [get, list, patch]
            """,
        ],
        nonTriggering: [
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: webhook-viewer}
            rules:
            - {apiGroups: [admissionregistration.k8s.io], resources: [mutatingwebhookconfigurations], verbs: [get, list, watch]}
            - {apiGroups: [admissionregistration.k8s.io], resources: [validatingwebhookconfigurations], resourceNames: [my-operator], verbs: [update]}
            """,
        ])

    func check(_ object: KubernetesObject, _ context: RuleContext) -> [Finding] {
        PolicyRuleView.all(in: object).flatMap { rule -> [Finding] in
            guard rule.covers(group: "admissionregistration.k8s.io"), rule.allows(anyOf: Self.writeVerbs), !rule.restrictedToNames else { return [] }
            let granted = rule.verbs.map(\.value).filter { $0 == "*" || Self.writeVerbs.contains($0) }
            return rule.resources(named: Self.resources).map {
                context.finding(at: $0.field, in: object,
                                "\(object.kind) \(object.name) grants \(granted.joined(separator: ", ")) on \($0.value): it can intercept or disable admission of every object; expected read-only access.",
                                evidence: "\($0.value): \(granted.joined(separator: ", "))")
            }
        }
    }
}

struct RBACDefaultServiceAccountBinding: SubjectRule {
    static let description = RuleDescription(
        id: "k8s/rbac-default-service-account", title: "Role bound to a namespace's default service account", severity: .medium,
        rationale: "Every pod that names no service account runs as its namespace's default service account, so rights bound to it are given to every such pod, including ones added later by anyone who may create pods there. Rights should follow the workload that needs them.",
        remediation: "Create a dedicated ServiceAccount for the workload that needs the role, set serviceAccountName on its pods, and bind the role to that account instead of default.",
        references: [.cisKubernetes("5.1.5"), rbacGoodPractices, .nist80053("AC-6")],
        triggering: [
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: app-config, namespace: portal}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: config-reader}
            subjects:
            - {kind: ServiceAccount, name: ↓default, namespace: portal}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: app-config, namespace: portal}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: config-reader}
            subjects:
            - {kind: ServiceAccount, name: portal-api, namespace: portal}
            - {kind: User, name: default}
            """,
        ])

    func isReported(name: String, kind: String, role: String) -> Bool {
        kind == "ServiceAccount" && name == "default"
    }

    func message(subject: String, binding: KubernetesObject, role: String) -> String {
        "\(binding.kind) \(binding.name) grants \(role) to the default service account (every pod that names no account); expected a dedicated service account."
    }
}
