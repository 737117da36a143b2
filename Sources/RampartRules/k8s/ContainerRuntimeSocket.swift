import RampartCore
import RampartManifests

// Container hardening beyond the Pod Security Standards: settings that peers (CIS, NSA/CISA, kube-linter,
// Checkov, Trivy) recommend and that contain a compromise once it happens.

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
