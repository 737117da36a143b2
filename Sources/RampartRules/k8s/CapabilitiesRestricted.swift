import RampartCore
import RampartManifests

// Pod Security Standards, Restricted level (everything Baseline forbids is reported by the Baseline rules;
// these rules report only what Restricted adds, so a field is never reported twice).

struct CapabilitiesNotDropped: ContainerRule {
    static let description = RuleDescription(
        id: "k8s/capabilities-not-dropped", title: "Container does not drop ALL capabilities", severity: .medium,
        rationale: "Runtimes grant a default set of capabilities (CHOWN, DAC_OVERRIDE, FOWNER, SETUID, NET_RAW, ...) that most services never use and that escapes and ARP/DNS spoofing rely on. Restricted requires capabilities.drop to contain ALL (Windows pods are exempt).",
        remediation: "Set securityContext.capabilities.drop: [ALL] and add back only NET_BIND_SERVICE if the container binds a port below 1024.",
        references: [.pss(.restricted, "Capabilities"), .cisKubernetes("5.2.10"), .nsaKubernetes("Kubernetes Pod security: Pod security enforcement"), .nist80053("AC-6")],
        triggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - name: app
                image: app:1.0
                securityContext:
                  capabilities:
                    drop: ↓[NET_RAW]
              - ↓name: side
                image: side:1.0
              - name: lower
                image: lower:1.0
                securityContext: {capabilities: {drop: ↓[all]}}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - {name: app, image: app:1.0, securityContext: {capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}}}
            """,
        ])

    func check(_ container: Container, in workload: Workload, _ context: RuleContext) -> [Finding] {
        guard !workload.isWindowsPod else { return [] }
        let drop = container.securityContext.field("capabilities.drop")
        let written = drop.node?.strings ?? []
        // Admission compares names exactly: `all` or `CAP_ALL` does not satisfy Restricted.
        guard !written.contains("ALL") else { return [] }
        let dropped = written.map { LinuxCapabilities.normalized($0) }
        if dropped.contains("ALL") {
            return [context.finding(at: drop, in: workload.object,
                                    "\(container.messageName) drops ALL in another spelling; Pod Security admission compares names exactly and rejects it; expected capabilities.drop to contain ALL.")]
        }
        let seen = dropped.isEmpty ? "drops no capabilities" : "drops only \(dropped.joined(separator: ", "))"
        return [context.finding(at: drop, in: workload.object, "\(container.messageName) \(seen); expected capabilities.drop to contain ALL.")]
    }
}

struct CapabilitiesAddedRestricted: ContainerRule {
    static let description = RuleDescription(
        id: "k8s/capabilities-added-restricted", title: "Container adds a capability other than NET_BIND_SERVICE", severity: .medium,
        rationale: "Restricted lets a container add back only NET_BIND_SERVICE. This rule reports the capabilities Baseline still allows (CHOWN, DAC_OVERRIDE, SETUID, KILL, ...); capabilities beyond the Baseline set are reported by k8s/capabilities-added. Windows pods are exempt.",
        remediation: "Remove the capability from securityContext.capabilities.add; fix file ownership at build time rather than with CHOWN/FOWNER at run time.",
        references: [.pss(.restricted, "Capabilities"), .cisKubernetes("5.2.9"), .nist80053("AC-6")],
        triggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - name: app
                image: app:1.0
                securityContext:
                  capabilities: {drop: [ALL], add: [NET_BIND_SERVICE, ↓SETUID]}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - {name: app, image: app:1.0, securityContext: {capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}}}
            """,
        ])

    func check(_ container: Container, in workload: Workload, _ context: RuleContext) -> [Finding] {
        guard !workload.isWindowsPod else { return [] }
        return LinuxCapabilities.added(container)
            // Other spellings of these names are reported by k8s/capabilities-added, since admission rejects them at Baseline.
            .filter { $0.raw != "NET_BIND_SERVICE" && LinuxCapabilities.baselineAllowed.contains($0.raw) }
            .map { context.finding(at: $0.field, in: workload.object,
                                   "\(container.messageName) adds capability \($0.name); Restricted allows adding only NET_BIND_SERVICE.", evidence: $0.name) }
    }
}
