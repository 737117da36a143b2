import RampartCore
import RampartManifests

// Pod Security Standards, Restricted level (everything Baseline forbids is reported by the Baseline rules;
// these rules report only what Restricted adds, so a field is never reported twice).

/// Collects findings once per field path: several containers that inherit the same pod-level value must
/// not produce duplicate findings (they would share a fingerprint).
struct FindingsByPath {
    private var seen: Set<String> = []
    private(set) var findings: [Finding] = []

    mutating func add(_ field: FieldRef, _ make: () -> Finding) {
        guard seen.insert(field.path).inserted else { return }
        findings.append(make())
    }
}

struct RestrictedVolumeTypes: WorkloadRule {
    static let allowed: Set<String> = [
        "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret",
    ]
    static let description = RuleDescription(
        id: "k8s/restricted-volume-types", title: "Volume type outside the Restricted set", severity: .medium,
        rationale: "Restricted allows only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected and secret volumes. Other in-tree types (nfs, iscsi, rbd, cephfs, gitRepo, awsElasticBlockStore, ...) connect the node to storage chosen by the pod author, bypassing PersistentVolume administration; gitRepo even runs git on the node. hostPath is reported by k8s/host-path-volume.",
        remediation: "Provision the storage as a PersistentVolume and mount it through a persistentVolumeClaim (or use a CSI driver); replace gitRepo with an init container that clones into an emptyDir.",
        references: [.pss(.restricted, "Volume Types"), .nsaKubernetes("Kubernetes Pod security: Pod security enforcement"), .nist80053("CM-7")],
        triggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - {name: app, image: app:1.0}
              volumes:
              - name: shared
                nfs: ↓{server: nfs.example, path: /exports}
              - {name: cache, emptyDir: {}}
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
              volumes:
              - {name: data, persistentVolumeClaim: {claimName: data}}
              - {name: conf, configMap: {name: conf}}
              - {name: token, projected: {sources: [{serviceAccountToken: {path: token}}]}}
            """,
        ])

    func check(_ workload: Workload, _ context: RuleContext) -> [Finding] {
        workload.volumeFields.flatMap { volume -> [Finding] in
            let name = volume.node?["name"]?.string ?? "?"
            return (volume.node?.pairs ?? []).compactMap { pair in
                guard let type = pair.key.string, type != "name", type != "hostPath", !Self.allowed.contains(type) else { return nil }
                return context.finding(at: volume.child(type), in: workload.object,
                                       "volume \"\(name)\" has type \(type); Restricted allows only \(Self.allowed.sorted().joined(separator: ", ")).",
                                       evidence: type)
            }
        }
    }
}

struct AllowPrivilegeEscalation: ContainerRule {
    static let description = RuleDescription(
        id: "k8s/allow-privilege-escalation", title: "Privilege escalation not disabled", severity: .medium,
        rationale: "Unless allowPrivilegeEscalation is false, the kernel's no_new_privs flag is not set and a process in the container can gain privileges through setuid binaries or file capabilities. Restricted requires it false (Windows pods are exempt).",
        remediation: "Set securityContext.allowPrivilegeEscalation: false on every container.",
        references: [.pss(.restricted, "Privilege Escalation"), .cisKubernetes("5.2.6"), .nsaKubernetes("Kubernetes Pod security: Pod security enforcement"), .nist80053("AC-6")],
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
                  - name: side
                    image: side:1.0
                    securityContext: {allowPrivilegeEscalation: ↓true}
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
                  - {name: web, image: web:1.0, securityContext: {allowPrivilegeEscalation: false}}
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: win}
            spec:
              os: {name: windows}
              containers:
              - {name: app, image: app:1.0}
            """,
        ])

    func check(_ container: Container, in workload: Workload, _ context: RuleContext) -> [Finding] {
        guard !workload.isWindowsPod else { return [] }
        let field = container.securityContext.child("allowPrivilegeEscalation")
        guard field.node?.bool != false else { return [] }
        let seen = field.hasValue ? "allowPrivilegeEscalation is \(field.node?.string ?? "?")" : "allowPrivilegeEscalation is not set"
        return [context.finding(at: field, in: workload.object, "\(container.messageName): \(seen); expected false.",
                                evidence: field.hasValue ? "allowPrivilegeEscalation: \(field.node?.string ?? "")" : nil)]
    }
}

struct RunAsNonRoot: WorkloadRule {
    static let description = RuleDescription(
        id: "k8s/run-as-non-root", title: "Containers not required to run as non-root", severity: .medium,
        rationale: "runAsNonRoot: true makes the kubelet refuse to start a container whose user is root, whatever the image says. Without it an image (or a later image update) running as UID 0 gets root inside the container, one kernel bug away from root on the node. Restricted requires it at pod level or on every container; a container inherits the pod's setting.",
        remediation: "Set spec.securityContext.runAsNonRoot: true on the pod (or on each container) and make the image run as a non-zero UID.",
        references: [.pss(.restricted, "Running as Non-root"), .cisKubernetes("5.2.7"), .nsaKubernetes("Kubernetes Pod security: Non-root containers and rootless container engines"), .nist80053("AC-6(10)")],
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
                  - name: side
                    image: side:1.0
                    securityContext: {runAsNonRoot: ↓false}
                  - name: log
                    image: log:1.0
                    securityContext:
                      ↓readOnlyRootFilesystem: true
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
                  securityContext: {runAsNonRoot: true}
                  containers:
                  - {name: web, image: web:1.0}
                  initContainers:
                  - {name: init, image: init:1.0, securityContext: {readOnlyRootFilesystem: true}}
            """,
        ])

    func check(_ workload: Workload, _ context: RuleContext) -> [Finding] {
        var out = FindingsByPath()
        let pod = workload.podSecurityContext.child("runAsNonRoot")
        if pod.hasValue, pod.node?.bool != true {
            out.add(pod) { context.finding(at: pod, in: workload.object, "pod sets runAsNonRoot: \(pod.node?.string ?? "?"); expected true.",
                                           evidence: "runAsNonRoot: \(pod.node?.string ?? "")") }
        }
        for container in workload.containers {
            let effective = container.effectiveSecurity("runAsNonRoot")
            guard effective.node?.bool != true else { continue }
            out.add(effective) {
                let seen = effective.hasValue ? "runs with runAsNonRoot: \(effective.node?.string ?? "?")" : "does not set runAsNonRoot and the pod does not either"
                return context.finding(at: effective, in: workload.object, "\(container.messageName) \(seen); expected true.",
                                       evidence: effective.hasValue ? "runAsNonRoot: \(effective.node?.string ?? "")" : nil)
            }
        }
        return out.findings
    }
}

struct RunAsRootUser: WorkloadRule {
    static let description = RuleDescription(
        id: "k8s/run-as-root-user", title: "Container runs as UID 0", severity: .medium,
        rationale: "runAsUser: 0 runs the container as root explicitly, overriding a non-root image user and defeating runAsNonRoot. Restricted forbids UID 0 at pod and container level.",
        remediation: "Set runAsUser to a non-zero UID (preferably 10000 or above) or remove it and let the image's non-root user apply.",
        references: [.pss(.restricted, "Running as Non-root user"), .cisKubernetes("5.2.7"), .nsaKubernetes("Kubernetes Pod security: Non-root containers and rootless container engines"), .nist80053("AC-6(10)")],
        triggering: [
            """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: migrate}
            spec:
              template:
                spec:
                  securityContext: {runAsUser: ↓0}
                  containers:
                  - {name: migrate, image: migrate:1.0, securityContext: {runAsUser: ↓0}}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: migrate}
            spec:
              template:
                spec:
                  securityContext: {runAsUser: 10001}
                  containers:
                  - {name: migrate, image: migrate:1.0}
            """,
        ])

    func check(_ workload: Workload, _ context: RuleContext) -> [Finding] {
        SecurityLevels.values("runAsUser", in: workload).compactMap { field, owner in
            guard let node = field.node else { return nil }
            guard let uid = UserID(node) else {
                // An unreadable UID cannot be shown to be non-zero: fail closed.
                return context.finding(at: field, in: workload.object,
                                       "\(owner) sets runAsUser to a value that is not a UID from 0 to \(UserID.maximum), so it cannot be shown to be non-root; expected a non-zero UID.",
                                       evidence: "runAsUser: not a valid UID")
            }
            guard uid.value == 0 else { return nil }
            return context.finding(at: field, in: workload.object, "\(owner) sets runAsUser: 0 (root); expected a non-zero UID.",
                                   evidence: "runAsUser: 0")
        }
    }
}

struct SeccompProfileMissing: WorkloadRule {
    static let description = RuleDescription(
        id: "k8s/seccomp-profile-missing", title: "No RuntimeDefault or Localhost seccomp profile", severity: .medium,
        rationale: "Kubernetes runs containers Unconfined by default unless the kubelet's seccomp defaulting is on. Restricted requires seccompProfile.type RuntimeDefault or Localhost on the pod or on every container (a container inherits the pod's profile). An explicit Unconfined is reported by k8s/seccomp-unconfined; Windows pods are exempt.",
        remediation: "Set spec.securityContext.seccompProfile.type: RuntimeDefault on the pod.",
        references: [.pss(.restricted, "Seccomp"), .cisKubernetes("5.7.2"), .nsaKubernetes("Kubernetes Pod security: Hardening container environments"), .nist80053("SC-39")],
        triggering: [
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              template:
                spec:
                  securityContext: {runAsNonRoot: true}
                  containers:
                  - ↓name: web
                    image: web:1.0
                  - name: side
                    image: side:1.0
                    securityContext:
                      seccompProfile: ↓{localhostProfile: side.json}
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
                  securityContext:
                    seccompProfile: {type: RuntimeDefault}
                  containers:
                  - {name: web, image: web:1.0}
                  - {name: side, image: side:1.0, securityContext: {seccompProfile: {type: Localhost, localhostProfile: side.json}}}
            """,
        ])

    func check(_ workload: Workload, _ context: RuleContext) -> [Finding] {
        guard !workload.isWindowsPod else { return [] }
        var out = FindingsByPath()
        for container in workload.containers {
            let profile = container.effectiveSecurity("seccompProfile")
            let type = profile.child("type")
            switch type.node?.string {
            case "RuntimeDefault", "Localhost", "Unconfined": continue
            default: break
            }
            let field = profile.hasValue ? type : profile
            out.add(field) {
                let seen = profile.hasValue ? "has seccompProfile.type \(type.node?.string ?? "unset")" : "has no seccompProfile and the pod has none either"
                return context.finding(at: field, in: workload.object, "\(container.messageName) \(seen); expected RuntimeDefault or Localhost.")
            }
        }
        return out.findings
    }
}

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
