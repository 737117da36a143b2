import RampartCore
import RampartManifests

// Container hardening beyond the Pod Security Standards: settings that peers (CIS, NSA/CISA, kube-linter,
// Checkov, Trivy) recommend and that contain a compromise once it happens.

/// Which resource settings a resources rule requires.
protocol ResourceRule: ContainerRule {
    static var section: String { get }
    static var resource: String { get }
}

extension ResourceRule {
    func check(_ container: Container, in workload: Workload, _ context: RuleContext) -> [Finding] {
        // Ephemeral containers cannot have resources.
        guard container.kind != .ephemeralContainer else { return [] }
        let field = container.field("resources.\(Self.section).\(Self.resource)")
        guard !field.hasValue else { return [] }
        return [context.finding(at: field, in: workload.object,
                                "\(container.messageName) sets no \(Self.resource) \(Self.section == "limits" ? "limit" : "request"); expected resources.\(Self.section).\(Self.resource).")]
    }
}

struct MemoryLimitMissing: ResourceRule {
    static let section = "limits"
    static let resource = "memory"
    static let description = RuleDescription(
        id: "k8s/memory-limit-missing", title: "Container has no memory limit", severity: .medium,
        rationale: "Without a memory limit one container (leaking, or under a memory-exhaustion attack) can consume the node's memory until the kernel kills other pods: a denial of service for everything on the node.",
        remediation: "Set resources.limits.memory on every container (and a LimitRange default per namespace).",
        references: [.nsaKubernetes("Network separation and hardening: Resource policies"), .nist80053("SC-6")],
        triggering: [
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              template:
                spec:
                  containers:
                  - name: web
                    image: web:1.0
                    resources:
                      limits: ↓{cpu: 500m}
                  - ↓name: side
                    image: side:1.0
            """,
        ],
        nonTriggering: [
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              template:
                spec:
                  containers:
                  - {name: web, image: web:1.0, resources: {limits: {memory: 256Mi}}}
            """,
        ])
}

struct MemoryRequestMissing: ResourceRule {
    static let section = "requests"
    static let resource = "memory"
    static let description = RuleDescription(
        id: "k8s/memory-request-missing", title: "Container has no memory request", severity: .low,
        rationale: "Without a memory request the scheduler cannot reserve memory for the pod; nodes get overcommitted and the pod is among the first evicted under pressure.",
        remediation: "Set resources.requests.memory to the container's normal working set.",
        references: [.nsaKubernetes("Network separation and hardening: Resource policies"), .nist80053("SC-6")],
        triggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - {name: app, image: app:1.0, resources: ↓{limits: {memory: 256Mi}}}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - {name: app, image: app:1.0, resources: {requests: {memory: 128Mi}}}
            """,
        ])
}

struct CPURequestMissing: ResourceRule {
    static let section = "requests"
    static let resource = "cpu"
    static let description = RuleDescription(
        id: "k8s/cpu-request-missing", title: "Container has no CPU request", severity: .low,
        rationale: "Without a CPU request the pod gets no guaranteed CPU share; a busy neighbour can starve it, and the scheduler packs nodes blindly.",
        remediation: "Set resources.requests.cpu to the container's normal usage.",
        references: [.nsaKubernetes("Network separation and hardening: Resource policies"), .nist80053("SC-6")],
        triggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - name: app
                image: app:1.0
                resources:
                  requests: ↓{memory: 128Mi}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - {name: app, image: app:1.0, resources: {requests: {cpu: 100m}}}
            """,
        ])
}

struct CPULimitMissing: ResourceRule {
    static let section = "limits"
    static let resource = "cpu"
    static let description = RuleDescription(
        id: "k8s/cpu-limit-missing", title: "Container has no CPU limit", severity: .low,
        rationale: "Without a CPU limit a runaway or abused container can use all idle CPU of the node. Opt-in because CPU limits cause throttling and many operators prefer requests alone plus namespace quotas.",
        remediation: "Set resources.limits.cpu, or enforce a namespace ResourceQuota/LimitRange.",
        references: [.nsaKubernetes("Network separation and hardening: Resource policies"), .nist80053("SC-6")],
        triggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - {name: app, image: app:1.0, resources: {limits: ↓{memory: 128Mi}}}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - {name: app, image: app:1.0, resources: {limits: {cpu: "1"}}}
            """,
        ],
        optIn: true)
}
