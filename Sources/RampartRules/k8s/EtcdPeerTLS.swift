import RampartCore
import RampartManifests

// etcd peer (member-to-member) TLS (CIS Kubernetes Benchmark v1.9.0 §2.4–2.6).

struct EtcdPeerTLSMissing: ComponentRule {
    static let components: Set<ControlPlaneComponent.Kind> = [.etcd]
    static let description = RuleDescription(
        id: "k8s/etcd-peer-tls-missing", title: "etcd members replicate without TLS", severity: .high,
        rationale: "etcd members replicate the whole cluster state to each other; without --peer-cert-file and --peer-key-file that traffic is in plain text.",
        remediation: "Set --peer-cert-file and --peer-key-file (kubeadm: /etc/kubernetes/pki/etcd/peer.crt and peer.key) and use https:// peer URLs.",
        references: [.cisKubernetes("2.4"), .nsaKubernetes("Network separation and hardening: Control plane hardening")],
        triggering: [ControlPlaneExample.pod(.etcd, ["--peer-key-file=/etc/kubernetes/pki/etcd/peer.key"], markCommand: true)],
        nonTriggering: [ControlPlaneExample.pod(.etcd, ["--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt", "--peer-key-file=/etc/kubernetes/pki/etcd/peer.key"])])

    func check(_ component: ControlPlaneComponent, _ context: RuleContext) -> [Finding] {
        component.required(["peer-cert-file", "peer-key-file"], why: "expected etcd peers to replicate over TLS", context)
    }
}

struct EtcdPeerClientCertAuth: ComponentRule {
    static let components: Set<ControlPlaneComponent.Kind> = [.etcd]
    static let description = RuleDescription(
        id: "k8s/etcd-peer-client-cert-auth", title: "etcd does not authenticate its peers", severity: .high,
        rationale: "Without --peer-client-cert-auth=true (default false) anything that reaches the peer port can join the replication as a member and receive the cluster state.",
        remediation: "Set --peer-client-cert-auth=true and --peer-trusted-ca-file to the etcd CA (kubeadm does both).",
        references: [.cisKubernetes("2.5"), .nsaKubernetes("Network separation and hardening: Control plane hardening")],
        triggering: [ControlPlaneExample.pod(.etcd, ["↓--peer-client-cert-auth=false"]), ControlPlaneExample.pod(.etcd, ["--client-cert-auth=true"], markCommand: true)],
        nonTriggering: [ControlPlaneExample.pod(.etcd, ["--peer-client-cert-auth=true"])])

    func check(_ component: ControlPlaneComponent, _ context: RuleContext) -> [Finding] {
        component.boolean("peer-client-cert-auth", default: false, bad: false, context)
    }
}

struct EtcdPeerAutoTLS: ComponentRule {
    static let components: Set<ControlPlaneComponent.Kind> = [.etcd]
    static let description = RuleDescription(
        id: "k8s/etcd-peer-auto-tls", title: "etcd uses self-signed peer TLS (peer-auto-tls)", severity: .high,
        rationale: "--peer-auto-tls makes each member generate a self-signed peer certificate, so members cannot verify each other and an impostor can join.",
        remediation: "Remove --peer-auto-tls and use peer certificates from the etcd CA.",
        references: [.cisKubernetes("2.6"), .nsaKubernetes("Network separation and hardening: Control plane hardening")],
        triggering: [ControlPlaneExample.pod(.etcd, ["↓--peer-auto-tls"])],
        nonTriggering: [ControlPlaneExample.pod(.etcd, ["--peer-auto-tls=false"])])

    func check(_ component: ControlPlaneComponent, _ context: RuleContext) -> [Finding] {
        component.forbiddenTrue("peer-auto-tls", why: "expected peer certificates from the etcd CA", context)
    }
}
