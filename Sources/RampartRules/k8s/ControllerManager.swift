import RampartCore
import RampartManifests

// kube-controller-manager credentials (CIS Kubernetes Benchmark v1.9.0 §1.3.3–1.3.5).

struct ControllerManagerServiceAccountCredentials: ComponentRule {
    static let components: Set<ControlPlaneComponent.Kind> = [.controllerManager]
    static let description = RuleDescription(
        id: "k8s/controller-manager-service-account-credentials", title: "Controllers share the controller manager's own credentials", severity: .medium,
        rationale: "Without --use-service-account-credentials=true (default false) every controller acts with the controller manager's single, very broad identity, instead of one service account per controller with only the roles that controller needs.",
        remediation: "Set --use-service-account-credentials=true (kubeadm does) and keep the per-controller system:controller:* roles.",
        references: [.cisKubernetes("1.3.3"), .nsaKubernetes("Authentication and authorization: Role-based access control")],
        triggering: [ControlPlaneExample.pod(.controllerManager, ["--root-ca-file=/etc/kubernetes/pki/ca.crt"], markCommand: true),
                     ControlPlaneExample.pod(.controllerManager, ["↓--use-service-account-credentials=false"])],
        nonTriggering: [ControlPlaneExample.pod(.controllerManager, ["--use-service-account-credentials=true"])])

    func check(_ component: ControlPlaneComponent, _ context: RuleContext) -> [Finding] {
        component.boolean("use-service-account-credentials", default: false, bad: false, context)
    }
}

struct ControllerManagerRootCAFile: ComponentRule {
    static let components: Set<ControlPlaneComponent.Kind> = [.controllerManager]
    static let description = RuleDescription(
        id: "k8s/controller-manager-root-ca-file", title: "Controller manager gives pods no root CA", severity: .medium,
        rationale: "--root-ca-file is the CA bundle put into every service account's ca.crt; without it pods cannot verify the API server's certificate and are pushed to skip verification, open to a man in the middle.",
        remediation: "Set --root-ca-file to the cluster CA (kubeadm: /etc/kubernetes/pki/ca.crt).",
        references: [.cisKubernetes("1.3.5"), .nsaKubernetes("Network separation and hardening: Encryption")],
        triggering: [ControlPlaneExample.pod(.controllerManager, ["--use-service-account-credentials=true"], markCommand: true)],
        nonTriggering: [ControlPlaneExample.pod(.controllerManager, ["--root-ca-file", "/etc/kubernetes/pki/ca.crt"])])

    func check(_ component: ControlPlaneComponent, _ context: RuleContext) -> [Finding] {
        component.required(["root-ca-file"], why: "expected the cluster CA bundle for service-account tokens", context)
    }
}

struct ControllerManagerServiceAccountKey: ComponentRule {
    static let components: Set<ControlPlaneComponent.Kind> = [.controllerManager]
    static let description = RuleDescription(
        id: "k8s/controller-manager-service-account-key", title: "Controller manager has no service-account signing key", severity: .medium,
        rationale: "--service-account-private-key-file is the key that signs service-account tokens; without it tokens are not issued by a key the API server's --service-account-key-file can verify and rotate.",
        remediation: "Set --service-account-private-key-file (kubeadm: /etc/kubernetes/pki/sa.key), matching the API server's --service-account-key-file.",
        references: [.cisKubernetes("1.3.4"), .nsaKubernetes("Authentication and authorization: Authentication")],
        triggering: [ControlPlaneExample.pod(.controllerManager, ["--use-service-account-credentials=true"], markCommand: true)],
        nonTriggering: [ControlPlaneExample.pod(.controllerManager, ["--service-account-private-key-file=/etc/kubernetes/pki/sa.key"])])

    func check(_ component: ControlPlaneComponent, _ context: RuleContext) -> [Finding] {
        component.required(["service-account-private-key-file"], why: "expected the key that signs service-account tokens", context)
    }
}
