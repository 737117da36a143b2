import RampartCore
import RampartManifests

// kube-apiserver admission plugins (CIS Kubernetes Benchmark v1.9.0 §1.2.10–1.2.14).

struct APIServerAlwaysAdmit: ComponentRule {
    static let components: Set<ControlPlaneComponent.Kind> = [.apiServer]
    static let description = RuleDescription(
        id: "k8s/apiserver-always-admit", title: "API server enables the AlwaysAdmit admission plugin", severity: .high,
        rationale: "AlwaysAdmit admits every request whatever the other admission plugins decide; it is deprecated and disables admission control as a safeguard.",
        remediation: "Remove AlwaysAdmit from --enable-admission-plugins.",
        references: [.cisKubernetes("1.2.10"), .nsaKubernetes("Kubernetes Pod security: Pod security enforcement")],
        triggering: [ControlPlaneExample.pod(.apiServer, ["↓--enable-admission-plugins=NodeRestriction,AlwaysAdmit"])],
        nonTriggering: [ControlPlaneExample.pod(.apiServer, ["--enable-admission-plugins=NodeRestriction", "--disable-admission-plugins=AlwaysAdmit"])])

    func check(_ component: ControlPlaneComponent, _ context: RuleContext) -> [Finding] {
        component.list("enable-admission-plugins").filter { $0.item == "AlwaysAdmit" }.map { entry in
            context.finding(at: entry.flag.field, in: component.object, "kube-apiserver enables the AlwaysAdmit admission plugin; expected it absent.")
        }
    }
}

struct APIServerNodeRestrictionMissing: ComponentRule {
    static let components: Set<ControlPlaneComponent.Kind> = [.apiServer]
    static let description = RuleDescription(
        id: "k8s/apiserver-node-restriction-missing", title: "API server does not enable NodeRestriction", severity: .medium,
        rationale: "NodeRestriction (off by default) stops a kubelet from modifying other nodes' Node objects and pods not bound to it, and from setting the labels that steer sensitive workloads; without it one compromised node can take over others.",
        remediation: "Add NodeRestriction to --enable-admission-plugins (kubeadm's default) and use --authorization-mode=Node,RBAC.",
        references: [.cisKubernetes("1.2.14"), .nsaKubernetes("Network separation and hardening: Control plane hardening")],
        triggering: [
            ControlPlaneExample.pod(.apiServer, ["↓--enable-admission-plugins=PodSecurity"]),
            ControlPlaneExample.pod(.apiServer, ["--authorization-mode=Node,RBAC"], markCommand: true),
        ],
        nonTriggering: [ControlPlaneExample.pod(.apiServer, ["--enable-admission-plugins", "NodeRestriction,EventRateLimit"])])

    func check(_ component: ControlPlaneComponent, _ context: RuleContext) -> [Finding] {
        let enabled = component.list("enable-admission-plugins")
        guard !enabled.contains(where: { $0.item == "NodeRestriction" }) else { return [] }
        let field = component.flag("enable-admission-plugins")?.field ?? component.anchor
        return [context.finding(at: field, in: component.object, "kube-apiserver does not enable the NodeRestriction admission plugin; expected it in --enable-admission-plugins.")]
    }
}

struct APIServerAdmissionPluginDisabled: ComponentRule {
    static let components: Set<ControlPlaneComponent.Kind> = [.apiServer]
    /// Plugins on by default that guard security, with the CIS recommendation or reason for each.
    static let guarded: [String: String] = [
        "PodSecurity": "enforces the Pod Security Standards namespaces ask for",
        "ServiceAccount": "binds pods to service accounts and their tokens",
        "NamespaceLifecycle": "refuses objects in terminating or missing namespaces",
        "NodeRestriction": "limits kubelets to their own node",
    ]
    static let description = RuleDescription(
        id: "k8s/apiserver-admission-plugin-disabled", title: "API server disables a security admission plugin", severity: .high,
        rationale: "PodSecurity, ServiceAccount and NamespaceLifecycle are on by default and enforce security decisions: disabling PodSecurity silently turns every namespace's pod-security.kubernetes.io/enforce label into a no-op.",
        remediation: "Remove PodSecurity, ServiceAccount, NamespaceLifecycle and NodeRestriction from --disable-admission-plugins.",
        references: [.cisKubernetes("1.2.12"), .cisKubernetes("1.2.13"), .vendor("Kubernetes: Pod Security Admission", "https://kubernetes.io/docs/concepts/security/pod-security-admission/"),
                     .nsaKubernetes("Kubernetes Pod security: Pod security enforcement")],
        triggering: [ControlPlaneExample.pod(.apiServer, ["--enable-admission-plugins=NodeRestriction", "↓--disable-admission-plugins=PodSecurity,DefaultStorageClass"])],
        nonTriggering: [ControlPlaneExample.pod(.apiServer, ["--enable-admission-plugins=NodeRestriction", "--disable-admission-plugins=DefaultStorageClass"])])

    func check(_ component: ControlPlaneComponent, _ context: RuleContext) -> [Finding] {
        component.list("disable-admission-plugins").compactMap { entry in
            guard let what = Self.guarded[entry.item] else { return nil }
            return context.finding(subject: component.object.subject(at: entry.flag.field),
                                   "kube-apiserver disables the \(entry.item) admission plugin, which \(what); expected it enabled.",
                                   discriminator: entry.item)
        }
    }
}
