import RampartCore
import RampartManifests

// etcd client-facing TLS (CIS Kubernetes Benchmark v1.9.0 §2.1–2.3).

struct EtcdTLSMissing: ComponentRule {
    static let components: Set<ControlPlaneComponent.Kind> = [.etcd]
    static let description = RuleDescription(
        id: "k8s/etcd-tls-missing", title: "etcd serves clients without TLS", severity: .critical,
        rationale: "etcd holds every object of the cluster, Secrets included; without --cert-file and --key-file its clients (the API server) talk to it in plain text.",
        remediation: "Set --cert-file and --key-file to etcd's server certificate and key (kubeadm: /etc/kubernetes/pki/etcd/server.crt and server.key) and use https:// client URLs.",
        references: [.cisKubernetes("2.1"), .nsaKubernetes("Network separation and hardening: Control plane hardening")],
        triggering: [ControlPlaneExample.pod(.etcd, ["--cert-file=/etc/kubernetes/pki/etcd/server.crt"], markCommand: true)],
        nonTriggering: [ControlPlaneExample.pod(.etcd, ["--cert-file=/etc/kubernetes/pki/etcd/server.crt", "--key-file=/etc/kubernetes/pki/etcd/server.key"])])

    func check(_ component: ControlPlaneComponent, _ context: RuleContext) -> [Finding] {
        component.required(["cert-file", "key-file"], why: "expected etcd to serve clients over TLS", context)
    }
}

struct EtcdClientCertAuth: ComponentRule {
    static let components: Set<ControlPlaneComponent.Kind> = [.etcd]
    static let description = RuleDescription(
        id: "k8s/etcd-client-cert-auth", title: "etcd does not require client certificates", severity: .critical,
        rationale: "Without --client-cert-auth=true (default false) any process that reaches etcd's client port reads and writes the whole cluster state, Secrets included, bypassing the API server's authentication, authorization and audit.",
        remediation: "Set --client-cert-auth=true and --trusted-ca-file to the etcd CA (kubeadm does both).",
        references: [.cisKubernetes("2.2"), .nsaKubernetes("Network separation and hardening: Control plane hardening")],
        triggering: [ControlPlaneExample.pod(.etcd, ["--cert-file=/etc/kubernetes/pki/etcd/server.crt"], markCommand: true),
                     ControlPlaneExample.pod(.etcd, ["↓--client-cert-auth=false"])],
        nonTriggering: [ControlPlaneExample.pod(.etcd, ["--client-cert-auth=true", "--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt"])])

    func check(_ component: ControlPlaneComponent, _ context: RuleContext) -> [Finding] {
        component.boolean("client-cert-auth", default: false, bad: false, context)
    }
}

struct EtcdAutoTLS: ComponentRule {
    static let components: Set<ControlPlaneComponent.Kind> = [.etcd]
    static let description = RuleDescription(
        id: "k8s/etcd-auto-tls", title: "etcd uses self-signed client TLS (auto-tls)", severity: .high,
        rationale: "--auto-tls makes etcd generate a self-signed certificate that no client can verify, so clients must skip verification and anyone can impersonate etcd.",
        remediation: "Remove --auto-tls and give etcd a certificate from the etcd CA with --cert-file and --key-file.",
        references: [.cisKubernetes("2.3"), .nsaKubernetes("Network separation and hardening: Control plane hardening")],
        triggering: [ControlPlaneExample.pod(.etcd, ["↓--auto-tls=true"])],
        nonTriggering: [ControlPlaneExample.pod(.etcd, ["--auto-tls=false", "--cert-file=/etc/kubernetes/pki/etcd/server.crt"])])

    func check(_ component: ControlPlaneComponent, _ context: RuleContext) -> [Finding] {
        component.forbiddenTrue("auto-tls", why: "expected certificates from the etcd CA", context)
    }
}
