import RampartCore
import RampartManifests

// Kubelet node hardening (CIS Kubernetes Benchmark v1.9.0 §4.2.5–4.2.8; v1.6.0 §4.2.6).

struct KubeletStreamingIdleTimeout: KubeletRule {
    static let description = RuleDescription(
        id: "k8s/kubelet-streaming-idle-timeout", title: "Kubelet keeps idle exec streams open forever", severity: .low,
        rationale: "--streaming-connection-idle-timeout=0 never closes idle exec, attach and port-forward connections, so forgotten sessions stay usable and exhaust the node. In a KubeletConfiguration file a zero streamingConnectionIdleTimeout (kubeadm writes 0s) is replaced by the 4h default, so only the flag is reported.",
        remediation: "Set --streaming-connection-idle-timeout (or streamingConnectionIdleTimeout) to a bounded duration such as 5m (the default is 4h).",
        references: [.cisKubernetes("4.2.5")],
        triggering: [ControlPlaneExample.pod(.kubelet, ["--config=/var/lib/kubelet/config.yaml", "↓--streaming-connection-idle-timeout=0"])],
        nonTriggering: [ControlPlaneExample.kubelet("streamingConnectionIdleTimeout: 0s\n"),
                        ControlPlaneExample.pod(.kubelet, ["--streaming-connection-idle-timeout=5m"])])

    func check(_ kubelet: KubeletSettings, _ context: RuleContext) -> [Finding] {
        // The configuration file's defaulting turns a zero duration into 4h.
        guard kubelet.source == .flags else { return [] }
        return kubelet.judge(.streamingConnectionIdleTimeout, context, expected: "a bounded duration such as 5m") { reading in
            // A Go duration of zero: "0", "0s", "0m0s", "0h0m0s".
            guard let value = reading.value else { return false }
            return !value.isEmpty && value.allSatisfy { "0hms.".contains($0) }
        }
    }
}

struct KubeletProtectKernelDefaults: KubeletRule {
    static let description = RuleDescription(
        id: "k8s/kubelet-protect-kernel-defaults", title: "Kubelet may change kernel settings", severity: .low,
        rationale: "With protectKernelDefaults false (the default) the kubelet rewrites kernel sysctls it depends on instead of failing when the node's hardened values differ, silently undoing the node baseline.",
        remediation: "Set protectKernelDefaults: true and set the kernel parameters the kubelet expects (vm.overcommit_memory=1, vm.panic_on_oom=0, kernel.panic=10, kernel.panic_on_oops=1) in the node image.",
        references: [.cisKubernetes("4.2.6", benchmark: "1.6"), .nsaKubernetes("Network separation and hardening: Worker node segmentation")],
        triggering: [ControlPlaneExample.kubelet("protectKernelDefaults: ↓false\n")],
        nonTriggering: [ControlPlaneExample.kubelet("protectKernelDefaults: true\n")])

    func check(_ kubelet: KubeletSettings, _ context: RuleContext) -> [Finding] {
        kubelet.judge(.protectKernelDefaults, context, expected: "true") { $0.bool != true }
    }
}

struct KubeletIPTablesUtilChains: KubeletRule {
    static let description = RuleDescription(
        id: "k8s/kubelet-iptables-util-chains", title: "Kubelet does not manage its iptables chains", severity: .low,
        rationale: "With makeIPTablesUtilChains false the kubelet does not create the KUBE-FIREWALL chains that drop martian traffic to localhost-bound services; pod networking rules drift from what Kubernetes expects.",
        remediation: "Remove makeIPTablesUtilChains: false (the default is true).",
        references: [.cisKubernetes("4.2.6")],
        triggering: [ControlPlaneExample.kubelet("makeIPTablesUtilChains: ↓false\n")],
        nonTriggering: [ControlPlaneExample.kubelet("makeIPTablesUtilChains: true\n"), ControlPlaneExample.kubelet("readOnlyPort: 0\n")])

    func check(_ kubelet: KubeletSettings, _ context: RuleContext) -> [Finding] {
        kubelet.judge(.makeIPTablesUtilChains, context, expected: "true") { $0.bool == false }
    }
}

struct KubeletEventRecordQPS: KubeletRule {
    static let description = RuleDescription(
        id: "k8s/kubelet-event-record-qps", title: "Kubelet event rate is unlimited", severity: .low,
        rationale: "eventRecordQPS 0 removes the limit on events the kubelet sends; a crash-looping pod can then flood the API server and etcd (a denial of service), and the events an investigation needs drown.",
        remediation: "Set eventRecordQPS to a positive rate (the default is 50) that captures the events you need.",
        references: [.cisKubernetes("4.2.8")],
        triggering: [ControlPlaneExample.kubelet("eventRecordQPS: ↓0\n")],
        nonTriggering: [ControlPlaneExample.kubelet("eventRecordQPS: 5\n")])

    func check(_ kubelet: KubeletSettings, _ context: RuleContext) -> [Finding] {
        kubelet.judge(.eventRecordQPS, context, expected: "a positive rate") { ($0.int ?? 1) <= 0 }
    }
}
