import RampartCore
import RampartManifests

// Container hardening beyond the Pod Security Standards: settings that peers (CIS, NSA/CISA, kube-linter,
// Checkov, Trivy) recommend and that contain a compromise once it happens.

/// A probe every regular container of a long-running workload should have.
protocol ProbeRule: ContainerRule {
    static var probe: String { get }
}

extension ProbeRule {
    func check(_ container: Container, in workload: Workload, _ context: RuleContext) -> [Finding] {
        // Jobs run to completion and init containers exit before the pod serves: probes do not apply.
        guard container.kind == .container, workload.runsContinuously else { return [] }
        let field = container.field.child(Self.probe)
        guard !field.hasValue else { return [] }
        return [context.finding(at: field, in: workload.object, "\(container.messageName) of \(workload.object.kind) has no \(Self.probe); expected one.")]
    }
}

struct LivenessProbeMissing: ProbeRule {
    static let probe = "livenessProbe"
    static let description = RuleDescription(
        id: "k8s/liveness-probe-missing", title: "Container has no liveness probe", severity: .low,
        rationale: "Without a liveness probe a hung process (deadlock, exhausted pool) keeps its pod 'Running' and is never restarted, so the service stays down until a human notices. Applies to regular containers of Deployments, StatefulSets, DaemonSets, ReplicaSets, ReplicationControllers and restartable Pods.",
        remediation: "Add a livenessProbe (httpGet, grpc, tcpSocket or exec) that fails when the process cannot make progress.",
        references: [Reference("Kubernetes documentation", section: "Configure Liveness, Readiness and Startup Probes",
                               url: "https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/"),
                     .nist80053("SC-5")],
        triggering: [
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              template:
                spec:
                  containers:
                  - ↓name: web
                    image: web:1.0
                    readinessProbe: {httpGet: {path: /ready, port: 8080}}
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
                  initContainers:
                  - {name: migrate, image: migrate:1.0}
                  containers:
                  - {name: web, image: web:1.0, livenessProbe: {httpGet: {path: /healthz, port: 8080}}}
            """,
            """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: once}
            spec:
              template:
                spec:
                  restartPolicy: Never
                  containers:
                  - {name: task, image: task:1.0}
            """,
        ])
}

struct ReadinessProbeMissing: ProbeRule {
    static let probe = "readinessProbe"
    static let description = RuleDescription(
        id: "k8s/readiness-probe-missing", title: "Container has no readiness probe", severity: .low,
        rationale: "Without a readiness probe a Service sends traffic to pods that are still starting or have lost their dependencies, and rolling updates proceed over broken replicas. Applies to regular containers of long-running workloads only.",
        remediation: "Add a readinessProbe that succeeds only when the container can serve requests.",
        references: [Reference("Kubernetes documentation", section: "Configure Liveness, Readiness and Startup Probes",
                               url: "https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/"),
                     .nist80053("SC-5")],
        triggering: [
            """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db}
            spec:
              template:
                spec:
                  containers:
                  - ↓{name: db, image: db:1.0, livenessProbe: {tcpSocket: {port: 5432}}}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: batch/v1
            kind: CronJob
            metadata: {name: nightly}
            spec:
              schedule: "@daily"
              jobTemplate:
                spec:
                  template:
                    spec:
                      containers:
                      - {name: task, image: task:1.0}
            """,
            """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db}
            spec:
              template:
                spec:
                  containers:
                  - {name: db, image: db:1.0, readinessProbe: {exec: {command: [pg_isready]}}}
            """,
        ])
}
