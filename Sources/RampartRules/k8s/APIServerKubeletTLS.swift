import RampartCore
import RampartManifests

// How the API server talks to kubelets (CIS Kubernetes Benchmark v1.9.0 §1.2.4–1.2.5).

struct APIServerKubeletCertificateAuthority: ComponentRule {
    static let components: Set<ControlPlaneComponent.Kind> = [.apiServer]
    static let description = RuleDescription(
        id: "k8s/apiserver-kubelet-certificate-authority", title: "API server does not verify kubelet certificates", severity: .medium,
        rationale: "Without --kubelet-certificate-authority the API server connects to kubelets (logs, exec, port-forward) without verifying their serving certificates; whoever answers on a node's address sees exec sessions and their credentials. kubeadm leaves it unset because kubelets self-sign unless serverTLSBootstrap is on.",
        remediation: "Have kubelets request CA-signed serving certificates (serverTLSBootstrap: true, approve their CSRs) and set --kubelet-certificate-authority to that CA.",
        references: [.cisKubernetes("1.2.5"), .nsaKubernetes("Network separation and hardening: Encryption")],
        triggering: [ControlPlaneExample.pod(.apiServer, ["--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt"], markCommand: true)],
        nonTriggering: [ControlPlaneExample.pod(.apiServer, ["--kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt"])])

    func check(_ component: ControlPlaneComponent, _ context: RuleContext) -> [Finding] {
        component.required(["kubelet-certificate-authority"], why: "expected kubelet serving certificates verified against a CA", context)
    }
}

struct APIServerKubeletClientCertificate: ComponentRule {
    static let components: Set<ControlPlaneComponent.Kind> = [.apiServer]
    static let description = RuleDescription(
        id: "k8s/apiserver-kubelet-client-certificate", title: "API server has no client certificate for kubelets", severity: .high,
        rationale: "Without --kubelet-client-certificate and --kubelet-client-key the API server cannot authenticate to kubelets, which pushes operators to allow anonymous kubelet access.",
        remediation: "Set --kubelet-client-certificate and --kubelet-client-key (kubeadm: apiserver-kubelet-client.crt and .key in /etc/kubernetes/pki).",
        references: [.cisKubernetes("1.2.4"), .nsaKubernetes("Authentication and authorization: Authentication")],
        triggering: [ControlPlaneExample.pod(.apiServer, ["--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt"], markCommand: true)],
        nonTriggering: [ControlPlaneExample.pod(.apiServer, ["--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt",
                                                              "--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key"])])

    func check(_ component: ControlPlaneComponent, _ context: RuleContext) -> [Finding] {
        component.required(["kubelet-client-certificate", "kubelet-client-key"], why: "expected the API server to authenticate to kubelets", context)
    }
}
