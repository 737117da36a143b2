import RampartCore
import RampartManifests

// Pod Security Standards, Baseline level: one rule per control. Every rule judges all workload kinds through
// their pod template, and every container kind (containers, initContainers, ephemeralContainers).

struct HostNetwork: PodFlagRule {
    static let flag = "hostNetwork"
    static let meaning = "the pod shares the node's network namespace (node interfaces, loopback services, sniffing)"
    static let description = RuleDescription(
        id: "k8s/host-network", title: "Pod uses the host network namespace", severity: .high,
        rationale: "With hostNetwork the pod sees every interface of the node, can bind node ports, reach services listening on the node's loopback (kubelet, metadata endpoints) and observe other pods' traffic; most network plugins do not apply NetworkPolicy to it.",
        remediation: "Remove spec.hostNetwork (or set it to false); expose the workload through a Service instead.",
        references: [.pss(.baseline, "Host Namespaces"), .cisKubernetes("5.2.5"), .nsaKubernetes("Kubernetes Pod security: Pod security enforcement"), .nist80053("SC-39")],
        triggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              hostNetwork: ↓true
              containers:
              - {name: app, image: app:1.0}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              hostNetwork: false
              containers:
              - {name: app, image: app:1.0}
            """,
        ])
}

struct HostPID: PodFlagRule {
    static let flag = "hostPID"
    static let meaning = "the pod sees and can signal or ptrace every process on the node"
    static let description = RuleDescription(
        id: "k8s/host-pid", title: "Pod shares the host process namespace", severity: .high,
        rationale: "With hostPID the containers see all processes of the node, can read their environment and /proc entries (secrets of other pods) and, with ptrace, take them over.",
        remediation: "Remove spec.hostPID or set it to false.",
        references: [.pss(.baseline, "Host Namespaces"), .cisKubernetes("5.2.3"), .nsaKubernetes("Kubernetes Pod security: Pod security enforcement"), .nist80053("SC-39")],
        triggering: [
            """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: agent}
            spec:
              template:
                spec:
                  hostPID: ↓yes
                  containers:
                  - {name: agent, image: agent:1.0}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: agent}
            spec:
              template:
                spec:
                  containers:
                  - {name: agent, image: agent:1.0}
            """,
        ])
}

struct HostIPC: PodFlagRule {
    static let flag = "hostIPC"
    static let meaning = "the pod shares the node's System V IPC and POSIX shared memory"
    static let description = RuleDescription(
        id: "k8s/host-ipc", title: "Pod shares the host IPC namespace", severity: .high,
        rationale: "With hostIPC the containers can read and write shared memory segments and message queues of every process on the node, including other pods'.",
        remediation: "Remove spec.hostIPC or set it to false.",
        references: [.pss(.baseline, "Host Namespaces"), .cisKubernetes("5.2.4"), .nsaKubernetes("Kubernetes Pod security: Pod security enforcement"), .nist80053("SC-39")],
        triggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              hostIPC: ↓true
              containers:
              - {name: app, image: app:1.0}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              hostIPC: false
              containers:
              - {name: app, image: app:1.0}
            """,
        ])
}
