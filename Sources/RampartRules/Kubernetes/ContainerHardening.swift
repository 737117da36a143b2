import RampartCore
import RampartManifests

// Container hardening beyond the Pod Security Standards: settings that peers (CIS, NSA/CISA, kube-linter,
// Checkov, Trivy) recommend and that contain a compromise once it happens.

struct ReadOnlyRootFilesystem: ContainerRule {
    static let description = RuleDescription(
        id: "k8s/read-only-root-filesystem", title: "Root filesystem is writable", severity: .low,
        rationale: "A writable root filesystem lets an intruder drop tools, modify binaries and persist in the container. With readOnlyRootFilesystem: true only explicitly mounted volumes are writable.",
        remediation: "Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the application needs to write (e.g. /tmp).",
        references: [.nsaKubernetes("Kubernetes Pod security: Immutable container file systems"), .cisKubernetes("5.7.3"), .nist80053("CM-5")],
        triggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - ↓name: app
                image: app:1.0
              - {name: side, image: side:1.0, securityContext: {readOnlyRootFilesystem: ↓false}}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - {name: app, image: app:1.0, securityContext: {readOnlyRootFilesystem: true}}
            """,
        ])

    func check(_ container: Container, in workload: Workload, _ context: RuleContext) -> [Finding] {
        // Ephemeral debug containers are attached by hand for troubleshooting and cannot carry this setting usefully.
        guard container.kind != .ephemeralContainer else { return [] }
        let field = container.securityContext.child("readOnlyRootFilesystem")
        guard field.node?.bool != true else { return [] }
        let seen = field.hasValue ? "sets readOnlyRootFilesystem: \(field.node?.string ?? "?")" : "does not set readOnlyRootFilesystem"
        return [context.finding(at: field, in: workload.object, "\(container.messageName) \(seen); expected true.")]
    }
}

struct LowUserID: WorkloadRule {
    static let description = RuleDescription(
        id: "k8s/low-user-id", title: "Container runs with a low UID", severity: .low,
        rationale: "UIDs below 10000 often exist on the node (system and login users). If a container escapes, a UID shared with a host account gets that account's file access. A high UID maps to nobody on the node. UID 0 is reported by k8s/run-as-root-user.",
        remediation: "Run the container as a UID at or above the policy minimum (runAsUser: 10001, for example) and build the image for that user.",
        references: [.nsaKubernetes("Kubernetes Pod security: Non-root containers and rootless container engines"), .nist80053("AC-6")],
        triggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              securityContext: {runAsUser: ↓1000}
              containers:
              - {name: app, image: app:1.0}
              - {name: side, image: side:1.0, securityContext: {runAsUser: ↓33}}
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              securityContext: {runAsUser: 20000}
              containers:
              - {name: app, image: app:1.0, securityContext: {runAsUser: ↓99999999999999999999999999999999}}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              securityContext: {runAsUser: 10001}
              containers:
              - {name: app, image: app:1.0}
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              securityContext: {runAsUser: 1000}
              containers:
              - {name: app, image: app:1.0, securityContext: {runAsUser: 10001}}
            """,
        ],
        parameters: ["minimumUserID": "10000"], optIn: true)

    func check(_ workload: Workload, _ context: RuleContext) -> [Finding] {
        let minimum = context.parameters.int("minimumUserID", default: 10000)
        // Judge the UID each container actually runs as: a pod-level UID that every container overrides
        // runs nothing. An inherited UID is reported once, at the pod's field.
        var findings: [Finding] = []
        var reportedPaths = Set<String>()
        for container in workload.containers {
            let field = container.effectiveSecurity("runAsUser")
            guard let node = field.node, !node.isNull, reportedPaths.insert(field.path).inserted else { continue }
            let owner = container.own("runAsUser") == nil ? "pod" : container.messageName
            guard let uid = UserID(node) else {
                // Unreadable is not proof of a high UID: say so rather than pass (input/invalid-shape reports the shape).
                findings.append(context.finding(at: field, in: workload.object,
                                                "\(owner) sets runAsUser to a value that is not a UID from 0 to \(UserID.maximum); expected a UID of at least \(minimum).",
                                                evidence: "runAsUser: not a valid UID"))
                continue
            }
            guard uid.value > 0, uid.value < minimum else { continue }
            findings.append(context.finding(at: field, in: workload.object, "\(owner) runs as UID \(uid.value); expected a UID of at least \(minimum).",
                                            evidence: "runAsUser: \(uid.value)"))
        }
        return findings
    }
}

struct RootGroup: WorkloadRule {
    static let description = RuleDescription(
        id: "k8s/root-group", title: "Pod or container uses GID 0", severity: .low,
        rationale: "Group 0 (root) owns many files on the node and in images; a process with GID 0 as primary, supplementary or fsGroup can read or write them even as a non-root user.",
        remediation: "Set runAsGroup, fsGroup and supplementalGroups to non-zero GIDs.",
        references: [.nsaKubernetes("Kubernetes Pod security: Non-root containers and rootless container engines"), .nist80053("AC-6")],
        triggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              securityContext:
                fsGroup: ↓0
                supplementalGroups: [1000, ↓0]
              containers:
              - {name: app, image: app:1.0, securityContext: {runAsGroup: ↓0}}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              securityContext: {runAsGroup: 10001, fsGroup: 10001, supplementalGroups: [10002]}
              containers:
              - {name: app, image: app:1.0}
            """,
        ])

    func check(_ workload: Workload, _ context: RuleContext) -> [Finding] {
        var fields = SecurityLevels.values("runAsGroup", in: workload).map(\.field)
        let fsGroup = workload.podSecurityContext.child("fsGroup")
        if fsGroup.hasValue { fields.append(fsGroup) }
        fields += workload.podSecurityContext.child("supplementalGroups").items
        return fields.filter { $0.node?.int == 0 }.map {
            context.finding(at: $0, in: workload.object, "\($0.path) is 0 (root group); expected a non-zero GID.", evidence: "GID 0")
        }
    }
}

struct ShareProcessNamespace: PodFlagRule {
    static let flag = "shareProcessNamespace"
    static let meaning = "every container sees the others' processes, environment and filesystems through /proc"
    static let description = RuleDescription(
        id: "k8s/share-process-namespace", title: "Containers share one process namespace", severity: .low,
        rationale: "With a shared process namespace a compromised sidecar can read the main container's environment variables and files (/proc/<pid>/root) and signal its processes, so secrets of one container leak to all.",
        remediation: "Remove spec.shareProcessNamespace unless a debugging or sidecar pattern needs it.",
        references: [.nsaKubernetes("Kubernetes Pod security: Hardening container environments"), .nist80053("SC-39")],
        triggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              shareProcessNamespace: ↓true
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
              containers:
              - {name: app, image: app:1.0}
            """,
        ])
}

struct SysAdminCapability: ContainerRule {
    static let description = RuleDescription(
        id: "k8s/sys-admin-capability", title: "Container adds CAP_SYS_ADMIN", severity: .critical,
        rationale: "CAP_SYS_ADMIN is close to full root on the node: it allows mounting filesystems, using cgroups release agents and many other known container-escape paths.",
        remediation: "Remove SYS_ADMIN from securityContext.capabilities.add; use a device plugin or a dedicated node agent for the task instead.",
        references: [.pss(.baseline, "Capabilities"), .cisKubernetes("5.2.9"), .nist80053("AC-6")],
        triggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - {name: app, image: app:1.0, securityContext: {capabilities: {add: [↓SYS_ADMIN]}}}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - {name: app, image: app:1.0, securityContext: {capabilities: {drop: [SYS_ADMIN]}}}
            """,
        ])

    func check(_ container: Container, in workload: Workload, _ context: RuleContext) -> [Finding] {
        LinuxCapabilities.added(container).filter { $0.name == "SYS_ADMIN" || $0.name == "ALL" }.map {
            context.finding(at: $0.field, in: workload.object, "\(container.messageName) adds \($0.name == "ALL" ? "ALL capabilities" : "CAP_SYS_ADMIN"); expected neither.",
                            evidence: $0.name)
        }
    }
}

struct ContainerRuntimeSocket: WorkloadRule {
    static let sockets = ["docker.sock", "containerd.sock", "crio.sock", "cri-dockerd.sock", "podman.sock"]
    static let description = RuleDescription(
        id: "k8s/container-runtime-socket", title: "Pod mounts the container runtime socket", severity: .critical,
        rationale: "Whoever can talk to the Docker, containerd or CRI-O socket can start a privileged container on the node and so owns the node and every pod on it.",
        remediation: "Do not mount runtime sockets; build images with a rootless builder (BuildKit rootless, kaniko) and read runtime state through the Kubernetes API.",
        references: [.pss(.baseline, "HostPath Volumes"), .cisKubernetes("5.2.12"), .nsaKubernetes("Kubernetes Pod security: Pod security enforcement"), .nist80053("AC-6")],
        triggering: [
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: ci}
            spec:
              template:
                spec:
                  containers:
                  - {name: runner, image: runner:1.0}
                  volumes:
                  - name: docker
                    hostPath:
                      path: ↓/var/run/docker.sock
                      type: Socket
            """,
        ],
        nonTriggering: [
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: ci}
            spec:
              template:
                spec:
                  containers:
                  - {name: runner, image: runner:1.0}
                  volumes:
                  - {name: cache, emptyDir: {}}
            """,
        ])

    func check(_ workload: Workload, _ context: RuleContext) -> [Finding] {
        workload.volumeFields.compactMap { volume in
            let path = volume.field("hostPath.path")
            guard let value = path.node?.string else { return nil }
            let trimmed = value.hasSuffix("/") ? String(value.dropLast()) : value
            guard Self.sockets.contains(where: { trimmed.hasSuffix("/" + $0) }) else { return nil }
            return context.finding(at: path, in: workload.object, "pod mounts the container runtime socket \(value) from the node; expected no runtime socket mounts.",
                                   evidence: value)
        }
    }
}

// MARK: - Operations: resources and probes

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
