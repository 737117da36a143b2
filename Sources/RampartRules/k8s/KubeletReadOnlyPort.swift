import RampartCore
import RampartManifests

// The kubelet's unauthenticated read-only port (CIS Kubernetes Benchmark v1.9.0 §4.2.4).

struct KubeletReadOnlyPort: KubeletRule {
    static let description = RuleDescription(
        id: "k8s/kubelet-read-only-port", title: "Kubelet serves its read-only port", severity: .medium,
        rationale: "The read-only port (10255, the command-line default) serves pod specs, environment and metrics over plain HTTP with no authentication at all.",
        remediation: "Set readOnlyPort: 0 in the KubeletConfiguration (or --read-only-port=0).",
        references: [.cisKubernetes("4.2.4"), .nsaKubernetes("Network separation and hardening: Control plane hardening")],
        triggering: [ControlPlaneExample.kubelet("readOnlyPort: ↓10255\n")],
        nonTriggering: [ControlPlaneExample.kubelet("readOnlyPort: 0\n"), ControlPlaneExample.kubelet("rotateCertificates: true\n")])

    func check(_ kubelet: KubeletSettings, _ context: RuleContext) -> [Finding] {
        kubelet.judge(.readOnlyPort, context, expected: "0 (disabled)") { $0.int != 0 }
    }
}
