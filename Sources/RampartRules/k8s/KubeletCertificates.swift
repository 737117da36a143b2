import RampartCore
import RampartManifests

// Kubelet certificate rotation (CIS Kubernetes Benchmark v1.9.0 §4.2.10–4.2.11).

struct KubeletRotateCertificates: KubeletRule {
    static let description = RuleDescription(
        id: "k8s/kubelet-rotate-certificates", title: "Kubelet does not rotate its client certificate", severity: .medium,
        rationale: "Without rotateCertificates the kubelet's client certificate is never renewed: it expires and takes the node down, or is issued for a long time and stays valid after a compromise. In a KubeletConfiguration the default is false (kubeadm writes true); Rampart reports an unset field, unlike checks that pass it.",
        remediation: "Set rotateCertificates: true (or --rotate-certificates).",
        references: [.cisKubernetes("4.2.10"), .nsaKubernetes("Authentication and authorization: Authentication")],
        triggering: [ControlPlaneExample.kubelet("rotateCertificates: ↓false\n"), "↓" + ControlPlaneExample.kubelet("readOnlyPort: 0\n")],
        nonTriggering: [ControlPlaneExample.kubelet("rotateCertificates: true\n")])

    func check(_ kubelet: KubeletSettings, _ context: RuleContext) -> [Finding] {
        kubelet.judge(.rotateCertificates, context, expected: "true") { $0.bool != true }
    }
}

struct KubeletServerTLSBootstrap: KubeletRule {
    static let description = RuleDescription(
        id: "k8s/kubelet-server-tls-bootstrap", title: "Kubelet serves with a self-signed certificate", severity: .low,
        rationale: "Without serverTLSBootstrap (or a tlsCertFile) the kubelet serves its API with a self-signed certificate, so the API server cannot verify it (see k8s/apiserver-kubelet-certificate-authority) and the certificate is never rotated.",
        remediation: "Set serverTLSBootstrap: true and approve the kubelet serving CSRs (or provision tlsCertFile / tlsPrivateKeyFile from the cluster CA).",
        references: [.cisKubernetes("4.2.11"), .nsaKubernetes("Network separation and hardening: Encryption")],
        triggering: [ControlPlaneExample.kubelet("rotateCertificates: true\nserverTLSBootstrap: ↓false\n")],
        nonTriggering: [ControlPlaneExample.kubelet("serverTLSBootstrap: true\n"), ControlPlaneExample.kubelet("tlsCertFile: /var/lib/kubelet/pki/kubelet.crt\ntlsPrivateKeyFile: /var/lib/kubelet/pki/kubelet.key\n")])

    func check(_ kubelet: KubeletSettings, _ context: RuleContext) -> [Finding] {
        if let cert = kubelet.reading(.tlsCertFile), !cert.isDefault, cert.value?.isEmpty == false { return [] }
        return kubelet.judge(.serverTLSBootstrap, context, expected: "true, or a CA-issued tlsCertFile") { $0.bool != true }
    }
}
