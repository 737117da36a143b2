import RampartCore
import RampartManifests

// kube-apiserver authentication flags (CIS Kubernetes Benchmark v1.9.0 §1.2).

struct APIServerAnonymousAuth: ComponentRule {
    static let components: Set<ControlPlaneComponent.Kind> = [.apiServer]
    static let description = RuleDescription(
        id: "k8s/apiserver-anonymous-auth", title: "API server accepts anonymous requests", severity: .medium,
        rationale: "With --anonymous-auth left on (its default), every request without credentials is served as system:anonymous; one mistaken RoleBinding to that user or to system:unauthenticated then opens the API to the network. Health checks work without it (kubeadm's probes use /livez over authenticated or explicitly allowed paths).",
        remediation: "Set --anonymous-auth=false on kube-apiserver, or (Kubernetes 1.32+) keep anonymous access only for health endpoints through the AuthenticationConfiguration `anonymous.conditions`.",
        references: [.cisKubernetes("1.2.1"), .nsaKubernetes("Authentication and authorization: Authentication"),
                     .vendor("Kubernetes: Authenticating (anonymous requests)", "https://kubernetes.io/docs/reference/access-authn-authz/authentication/#anonymous-requests")],
        triggering: [
            ControlPlaneExample.pod(.apiServer, ["--authorization-mode=Node,RBAC"], markCommand: true),
            ControlPlaneExample.pod(.apiServer, ["--anonymous-auth=false", "↓--anonymous-auth=true"]),
        ],
        nonTriggering: [
            ControlPlaneExample.pod(.apiServer, ["--anonymous-auth=false"]),
            // Not control plane: a pod of another namespace that happens to run the binary.
            ControlPlaneExample.pod(.apiServer, ["--anonymous-auth=true"], namespace: "tools"),
        ])

    func check(_ component: ControlPlaneComponent, _ context: RuleContext) -> [Finding] {
        component.boolean("anonymous-auth", default: true, bad: true, context)
    }
}

struct APIServerTokenAuthFile: ComponentRule {
    static let components: Set<ControlPlaneComponent.Kind> = [.apiServer]
    static let description = RuleDescription(
        id: "k8s/apiserver-token-auth-file", title: "API server authenticates static tokens from a file", severity: .high,
        rationale: "Tokens in a --token-auth-file are stored in clear text on the control-plane node, never expire and can only be changed by restarting the API server.",
        remediation: "Remove --token-auth-file and authenticate users with client certificates, OIDC or a webhook; service accounts use bound tokens.",
        references: [.cisKubernetes("1.2.2"), .nsaKubernetes("Authentication and authorization: Authentication")],
        triggering: [ControlPlaneExample.pod(.apiServer, ["--anonymous-auth=false", "↓--token-auth-file", "/etc/kubernetes/tokens.csv"])],
        nonTriggering: [ControlPlaneExample.pod(.apiServer, ["--anonymous-auth=false", "--client-ca-file=/etc/kubernetes/pki/ca.crt"])])

    func check(_ component: ControlPlaneComponent, _ context: RuleContext) -> [Finding] {
        guard let flag = component.flag("token-auth-file"), !(flag.value ?? "").isEmpty else { return [] }
        return [context.finding(at: flag.field, in: component.object, "kube-apiserver authenticates static tokens from --token-auth-file; expected no static token file.")]
    }
}

struct APIServerServiceAccountLookup: ComponentRule {
    static let components: Set<ControlPlaneComponent.Kind> = [.apiServer]
    static let description = RuleDescription(
        id: "k8s/apiserver-service-account-lookup", title: "API server accepts tokens of deleted service accounts", severity: .medium,
        rationale: "With --service-account-lookup=false the API server checks only a token's signature, so a token keeps working after its ServiceAccount (or Secret) is deleted.",
        remediation: "Remove --service-account-lookup=false (the default is true) or set --service-account-lookup=true.",
        references: [.cisKubernetes("1.2.21"), .nsaKubernetes("Authentication and authorization: Authentication")],
        triggering: [ControlPlaneExample.pod(.apiServer, ["↓--service-account-lookup=false"])],
        nonTriggering: [ControlPlaneExample.pod(.apiServer, ["--service-account-lookup=true"]), ControlPlaneExample.pod(.apiServer, ["--profiling=false"])])

    func check(_ component: ControlPlaneComponent, _ context: RuleContext) -> [Finding] {
        component.boolean("service-account-lookup", default: true, bad: false, context)
    }
}
