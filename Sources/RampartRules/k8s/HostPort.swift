import RampartCore
import RampartManifests

// Pod Security Standards, Baseline level: one rule per control. Every rule judges all workload kinds through
// their pod template, and every container kind (containers, initContainers, ephemeralContainers).

struct HostPort: ContainerRule {
    static let description = RuleDescription(
        id: "k8s/host-port", title: "Container binds a host port", severity: .high,
        rationale: "A hostPort opens the port on the node's own addresses, bypassing Services and the ingress layer, limits scheduling, and exposes the container to every network the node is on.",
        remediation: "Remove ports[].hostPort (or set it to 0) and expose the port through a Service.",
        references: [.pss(.baseline, "Host Ports"), .cisKubernetes("5.2.13"), .nsaKubernetes("Network separation and hardening: Network policies"), .nist80053("SC-7")],
        triggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - name: app
                image: app:1.0
                ports:
                - {containerPort: 8080, hostPort: ↓8080}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - name: app
                image: app:1.0
                ports:
                - {containerPort: 8080, hostPort: 0}
                - {containerPort: 9090}
            """,
        ])

    func check(_ container: Container, in workload: Workload, _ context: RuleContext) -> [Finding] {
        container.field("ports").items.compactMap { port in
            let hostPort = port.child("hostPort")
            guard let value = hostPort.node?.int, value != 0 else { return nil }
            return context.finding(at: hostPort, in: workload.object, "\(container.messageName) binds host port \(value); expected no hostPort.",
                                   evidence: "hostPort: \(value)")
        }
    }
}
