import RampartCore
import RampartManifests

// kube-apiserver authorization modes (CIS Kubernetes Benchmark v1.9.0 §1.2.6–1.2.8).

extension ControlPlaneComponent {
    /// The authorization modes in force, with the flag that sets them; nil when an --authorization-config
    /// file decides (Kubernetes 1.30+), which this pod does not show.
    var authorizationModes: (modes: [String], flag: ComponentFlag?)? {
        guard flag("authorization-config") == nil else { return nil }
        let items = list("authorization-mode")
        // The API server's default mode is AlwaysAllow.
        return items.isEmpty ? (["AlwaysAllow"], nil) : (items.map(\.item), items.last?.flag)
    }
}

struct APIServerAuthorizationAlwaysAllow: ComponentRule {
    static let components: Set<ControlPlaneComponent.Kind> = [.apiServer]
    static let description = RuleDescription(
        id: "k8s/apiserver-authorization-always-allow", title: "API server authorizes every request (AlwaysAllow)", severity: .critical,
        rationale: "In AlwaysAllow mode (also the default when --authorization-mode is unset) every authenticated request is allowed: RBAC is not consulted and any user, node or service account is cluster-admin.",
        remediation: "Set --authorization-mode=Node,RBAC (kubeadm's default) and remove AlwaysAllow.",
        references: [.cisKubernetes("1.2.6"), .nsaKubernetes("Authentication and authorization: Role-based access control")],
        triggering: [
            ControlPlaneExample.pod(.apiServer, ["--anonymous-auth=false"], markCommand: true),
            ControlPlaneExample.pod(.apiServer, ["↓--authorization-mode=Node,AlwaysAllow"]),
        ],
        nonTriggering: [
            ControlPlaneExample.pod(.apiServer, ["--authorization-mode=Node,RBAC"]),
            ControlPlaneExample.pod(.apiServer, ["--authorization-config=/etc/kubernetes/authz.yaml"]),
        ])

    func check(_ component: ControlPlaneComponent, _ context: RuleContext) -> [Finding] {
        guard let authz = component.authorizationModes, authz.modes.contains("AlwaysAllow") else { return [] }
        guard let flag = authz.flag else {
            return [context.finding(at: component.anchor, in: component.object, "kube-apiserver leaves --authorization-mode unset, which defaults to AlwaysAllow; expected --authorization-mode=Node,RBAC.")]
        }
        return [context.finding(at: flag.field, in: component.object, "kube-apiserver authorizes with AlwaysAllow (\(flag.written)); expected Node,RBAC without AlwaysAllow.")]
    }
}

struct APIServerAuthorizationNodeRBAC: ComponentRule {
    static let components: Set<ControlPlaneComponent.Kind> = [.apiServer]
    static let description = RuleDescription(
        id: "k8s/apiserver-authorization-node-rbac", title: "API server authorization lacks Node or RBAC", severity: .high,
        rationale: "The Node authorizer limits each kubelet to the objects of its own pods; RBAC is how every other permission in the cluster is granted and audited. Without either, kubelets can read any Secret, or permissions come from an unaudited mode.",
        remediation: "Include both Node and RBAC in --authorization-mode (e.g. --authorization-mode=Node,RBAC).",
        references: [.cisKubernetes("1.2.7"), .cisKubernetes("1.2.8"), .nsaKubernetes("Authentication and authorization: Role-based access control")],
        triggering: [ControlPlaneExample.pod(.apiServer, ["↓--authorization-mode=RBAC"])],
        nonTriggering: [
            ControlPlaneExample.pod(.apiServer, ["--authorization-mode=Node", "--authorization-mode=RBAC"]),
            ControlPlaneExample.pod(.apiServer, ["--authorization-config=/etc/kubernetes/authz.yaml"]),
        ])

    func check(_ component: ControlPlaneComponent, _ context: RuleContext) -> [Finding] {
        // Unset is AlwaysAllow, which k8s/apiserver-authorization-always-allow reports.
        guard let authz = component.authorizationModes, let flag = authz.flag else { return [] }
        let missing = ["Node", "RBAC"].filter { !authz.modes.contains($0) }
        guard !missing.isEmpty else { return [] }
        return [context.finding(at: flag.field, in: component.object,
                                "kube-apiserver authorization modes \(authz.modes.joined(separator: ",")) lack \(missing.joined(separator: " and ")); expected Node and RBAC.")]
    }
}
