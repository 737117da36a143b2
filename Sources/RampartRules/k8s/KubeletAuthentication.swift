import RampartCore
import RampartManifests

// Kubelet API authentication and authorization (CIS Kubernetes Benchmark v1.9.0 §4.2.1–4.2.2).

struct KubeletAnonymousAuth: KubeletRule {
    static let description = RuleDescription(
        id: "k8s/kubelet-anonymous-auth", title: "Kubelet accepts anonymous requests", severity: .high,
        rationale: "The kubelet API (port 10250) runs commands in containers and reads their logs; with anonymous authentication on (the command-line default) requests without credentials reach it as system:anonymous.",
        remediation: "Set authentication.anonymous.enabled: false in the KubeletConfiguration (or --anonymous-auth=false).",
        references: [.cisKubernetes("4.2.1"), .nsaKubernetes("Authentication and authorization: Authentication")],
        triggering: [ControlPlaneExample.kubelet("authentication:\n  anonymous:\n    enabled: ↓true\n")],
        nonTriggering: [ControlPlaneExample.kubelet("authentication:\n  anonymous: {enabled: false}\n"), ControlPlaneExample.kubelet("readOnlyPort: 0\n")])

    func check(_ kubelet: KubeletSettings, _ context: RuleContext) -> [Finding] {
        kubelet.judge(.anonymousAuth, context, expected: "anonymous requests refused (false)") { $0.bool != false }
    }
}

struct KubeletAuthorizationAlwaysAllow: KubeletRule {
    static let description = RuleDescription(
        id: "k8s/kubelet-authorization-always-allow", title: "Kubelet authorizes every request (AlwaysAllow)", severity: .critical,
        rationale: "In AlwaysAllow mode (the command-line default) any caller the kubelet authenticates may exec into every container on the node; Webhook mode asks the API server (SubjectAccessReview) instead.",
        remediation: "Set authorization.mode: Webhook in the KubeletConfiguration (or --authorization-mode=Webhook).",
        references: [.cisKubernetes("4.2.2"), .nsaKubernetes("Authentication and authorization: Role-based access control")],
        triggering: [ControlPlaneExample.kubelet("authorization:\n  mode: ↓AlwaysAllow\n")],
        nonTriggering: [ControlPlaneExample.kubelet("authorization:\n  mode: Webhook\n"), ControlPlaneExample.kubelet("rotateCertificates: true\n")])

    func check(_ kubelet: KubeletSettings, _ context: RuleContext) -> [Finding] {
        kubelet.judge(.authorizationMode, context, expected: "Webhook") { $0.value == "AlwaysAllow" }
    }
}

struct KubeletWebhookAuthenticationDisabled: KubeletRule {
    static let description = RuleDescription(
        id: "k8s/kubelet-webhook-authentication-disabled", title: "Kubelet does not authenticate bearer tokens", severity: .medium,
        rationale: "With webhook authentication off the kubelet cannot check service-account and user tokens with the API server (TokenReview); only client certificates work, and operators tend to fall back to anonymous access.",
        remediation: "Set authentication.webhook.enabled: true in the KubeletConfiguration (or --authentication-token-webhook).",
        references: [.cisKubernetes("4.2.2"), .nsaKubernetes("Authentication and authorization: Authentication"),
                     .vendor("Kubernetes: Kubelet authentication/authorization", "https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/")],
        triggering: [ControlPlaneExample.kubelet("authentication:\n  webhook:\n    enabled: ↓false\n")],
        nonTriggering: [ControlPlaneExample.kubelet("authentication:\n  webhook: {enabled: true, cacheTTL: 2m}\n")])

    func check(_ kubelet: KubeletSettings, _ context: RuleContext) -> [Finding] {
        kubelet.judge(.webhookAuthentication, context, expected: "webhook token authentication on (true)") { $0.bool == false }
    }
}
