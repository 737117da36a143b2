import RampartCore
import RampartManifests

// Secrets in manifests, service-account tokens and namespaces. A finding about a secret names its key and
// points at its line; the value itself is never copied into a message or evidence.

struct AutomountServiceAccountToken: Rule {
    static let reach = RuleReach.crossResource(kinds: ["ServiceAccount"])
    static let description = RuleDescription(
        id: "k8s/automount-service-account-token", title: "Service account token mounted automatically", severity: .medium,
        rationale: "By default every pod gets a token for its service account mounted at /var/run/secrets/kubernetes.io/serviceaccount. An intruder in any container can use it against the API server with that account's permissions. Most application pods never call the API. The rule passes when the pod sets automountServiceAccountToken: false, or when its ServiceAccount in the same scan does and the pod does not override it.",
        remediation: "Set automountServiceAccountToken: false on the pod (or on its ServiceAccount); mount a projected token only in pods that call the API.",
        references: [.cisKubernetes("5.1.6"), .nsaKubernetes("Kubernetes Pod security: Protecting Pod service account tokens"), .nist80053("AC-6"), .nist80053("IA-5")],
        triggering: [
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              template:
                spec:
                  ↓serviceAccountName: web
                  containers:
                  - {name: web, image: web:1.0}
            ---
            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: web}
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              automountServiceAccountToken: ↓true
              containers:
              - {name: app, image: app:1.0}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              template:
                spec:
                  serviceAccountName: web
                  containers:
                  - {name: web, image: web:1.0}
            ---
            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: web}
            automountServiceAccountToken: false
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              automountServiceAccountToken: false
              containers:
              - {name: app, image: app:1.0}
            """,
        ])

    func check(_ facts: Facts, _ context: RuleContext) -> [Finding] {
        let accounts = ServiceAccounts(facts)
        return facts.manifests.workloads.compactMap { workload in
            let (mounts, field) = accounts.mountsToken(workload)
            guard mounts else { return nil }
            let seen = field.hasValue ? "sets automountServiceAccountToken: true"
                : "gets the API token of service account \(workload.effectiveServiceAccount) mounted (automountServiceAccountToken not set)"
            return context.finding(at: field, in: workload.object, "pod \(seen); expected automountServiceAccountToken: false unless the pod calls the API.")
        }
    }
}

struct DefaultServiceAccountAutomount: ObjectRule {
    static let kinds: Set<String> = ["ServiceAccount"]
    static let description = RuleDescription(
        id: "k8s/default-service-account-automount", title: "Default service account mounts its token", severity: .low,
        rationale: "Every pod that names no service account runs as the namespace's default account. Unless the default account sets automountServiceAccountToken: false, all of them carry its token, and any permission ever granted to it spreads to every such pod.",
        remediation: "Set automountServiceAccountToken: false on the default ServiceAccount of each namespace, and give pods that need the API their own account.",
        references: [.cisKubernetes("5.1.5"), .nsaKubernetes("Kubernetes Pod security: Protecting Pod service account tokens"), .nist80053("AC-6")],
        triggering: [
            """
            ↓apiVersion: v1
            kind: ServiceAccount
            metadata: {name: default, namespace: shop}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: default, namespace: shop}
            automountServiceAccountToken: false
            """,
        ])

    func check(_ object: KubernetesObject, _ context: RuleContext) -> [Finding] {
        guard object.name == "default" else { return [] }
        let field = object.field("automountServiceAccountToken")
        guard field.node?.bool != false else { return [] }
        return [context.finding(at: field, in: object, "the default ServiceAccount does not set automountServiceAccountToken: false; expected false.")]
    }
}

struct DefaultServiceAccount: Rule {
    static let reach = RuleReach.crossResource(kinds: ["ServiceAccount"])
    static let description = RuleDescription(
        id: "k8s/default-service-account", title: "Pod runs as the default service account with a token", severity: .low,
        rationale: "Pods that share the namespace's default service account share whatever permissions it is ever given, and cannot be told apart in audit logs. The rule reports such pods only when a token is actually mounted (the pod or the default account in the scan does not disable automounting), since without a token the account grants nothing.",
        remediation: "Create a dedicated ServiceAccount per workload and set spec.serviceAccountName; or disable token automounting.",
        references: [.cisKubernetes("5.1.5"), .nsaKubernetes("Authentication and authorization: Role-based access control"), .nist80053("AC-2"), .nist80053("AC-6")],
        triggering: [
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              template:
                spec:
                  ↓containers:
                  - {name: web, image: web:1.0}
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              serviceAccountName: ↓default
              containers:
              - {name: app, image: app:1.0}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              serviceAccountName: reporter
              containers:
              - {name: app, image: app:1.0}
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - {name: app, image: app:1.0}
            ---
            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: default}
            automountServiceAccountToken: false
            """,
        ])

    func check(_ facts: Facts, _ context: RuleContext) -> [Finding] {
        let accounts = ServiceAccounts(facts)
        return facts.manifests.workloads.compactMap { workload in
            guard workload.effectiveServiceAccount == "default", accounts.mountsToken(workload).mounts else { return nil }
            // The explicit `serviceAccountName: default` when written, else the pod spec that omits it.
            let field = workload.podSpec.child("serviceAccountName")
            return context.finding(at: field, in: workload.object,
                                   "pod runs as the default service account with its token mounted; expected a dedicated serviceAccountName.")
        }
    }
}
