import RampartCore
import RampartManifests

// Pod Security Standards, Baseline level: one rule per control. Every rule judges all workload kinds through
// their pod template, and every container kind (containers, initContainers, ephemeralContainers).

/// A pod-level boolean that must not be true (host namespaces, shared process namespace).
protocol PodFlagRule: WorkloadRule {
    static var flag: String { get }
    static var meaning: String { get }
}

extension PodFlagRule {
    func check(_ workload: Workload, _ context: RuleContext) -> [Finding] {
        let field = workload.podSpec.child(Self.flag)
        guard field.node?.bool == true else { return [] }
        return [context.finding(at: field, in: workload.object,
                                "\(Self.flag) is true: \(Self.meaning); expected false or unset.", evidence: "\(Self.flag): true")]
    }
}

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

struct HostProcess: WorkloadRule {
    static let description = RuleDescription(
        id: "k8s/host-process", title: "Windows HostProcess container", severity: .critical,
        rationale: "A Windows HostProcess container runs directly on the node with the privileges of a host process: it is the Windows equivalent of a privileged container with host namespaces.",
        remediation: "Remove securityContext.windowsOptions.hostProcess (pod and containers) or set it to false.",
        references: [.pss(.baseline, "HostProcess"), .cisKubernetes("5.2.11"), .nist80053("AC-6")],
        triggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: win}
            spec:
              securityContext:
                windowsOptions: {hostProcess: ↓true}
              hostNetwork: true
              containers:
              - name: app
                image: app:1.0
                securityContext: {windowsOptions: {hostProcess: ↓true}}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: win}
            spec:
              securityContext:
                windowsOptions: {hostProcess: false, runAsUserName: ContainerUser}
              containers:
              - {name: app, image: app:1.0}
            """,
        ])

    func check(_ workload: Workload, _ context: RuleContext) -> [Finding] {
        SecurityLevels.values("windowsOptions.hostProcess", in: workload).filter { $0.field.node?.bool == true }.map {
            context.finding(at: $0.field, in: workload.object,
                            "\($0.owner) sets windowsOptions.hostProcess: true; expected false or unset.", evidence: "hostProcess: true")
        }
    }
}

struct PrivilegedContainer: ContainerRule {
    static let description = RuleDescription(
        id: "k8s/privileged-container", title: "Container runs privileged", severity: .critical,
        rationale: "A privileged container has every capability, all host devices and no seccomp or AppArmor confinement; escaping to the node is trivial.",
        remediation: "Remove securityContext.privileged or set it to false; grant only the specific capability needed.",
        references: [.pss(.baseline, "Privileged Containers"), .cisKubernetes("5.2.2"), .nsaKubernetes("Kubernetes Pod security: Pod security enforcement"), .nist80053("AC-6")],
        triggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - name: app
                image: app:1.0
                securityContext: {privileged: ↓true}
            """,
            """
            apiVersion: batch/v1
            kind: CronJob
            metadata: {name: backup}
            spec:
              schedule: "0 2 * * *"
              jobTemplate:
                spec:
                  template:
                    spec:
                      initContainers:
                      - name: prepare
                        image: tools:1.0
                        securityContext:
                          privileged: ↓True
                      containers:
                      - {name: backup, image: backup:1.0}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - {name: app, image: app:1.0, securityContext: {privileged: false}}
              - {name: sidecar, image: side:1.0, securityContext: {privileged: "true"}}
            """,
        ])

    func check(_ container: Container, in workload: Workload, _ context: RuleContext) -> [Finding] {
        guard let field = container.own("privileged"), field.node?.bool == true else { return [] }
        return [context.finding(at: field, in: workload.object, "\(container.messageName) runs privileged; expected privileged: false or unset.",
                                evidence: "privileged: true")]
    }
}

/// Linux capabilities, spelled with or without the `CAP_` prefix.
enum LinuxCapabilities {
    /// The container runtime default set that Baseline lets a container add back explicitly.
    static let baselineAllowed: Set<String> = [
        "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE",
        "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
    ]

    static func normalized(_ name: String) -> String {
        let upper = name.trimmingWhitespace.uppercased()
        return upper.hasPrefix("CAP_") ? String(upper.dropFirst(4)) : upper
    }

    /// Each added capability: `name` normalised for judging what it grants, `raw` as written, which is
    /// what Pod Security admission compares (exactly, so `CAP_CHOWN` or `chown` is not `CHOWN` to it).
    static func added(_ container: Container) -> [(name: String, raw: String, field: FieldRef)] {
        stringItems(container.securityContext.field("capabilities.add")).map { (normalized($0.value), $0.value, $0.field) }
    }
}

struct CapabilitiesAdded: ContainerRule {
    static let description = RuleDescription(
        id: "k8s/capabilities-added", title: "Container adds capabilities beyond the default set", severity: .high,
        rationale: "Capabilities outside the runtime's default set (SYS_ADMIN, NET_ADMIN, SYS_PTRACE, SYS_MODULE, BPF, NET_RAW, ...) give a container kernel powers that lead to node compromise. Baseline allows adding back only AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID and SYS_CHROOT; k8s/capabilities-added-restricted reports those of them Restricted forbids.",
        remediation: "Remove the capability from securityContext.capabilities.add; redesign the workload so it does not need kernel privileges.",
        references: [.pss(.baseline, "Capabilities"), .cisKubernetes("5.2.9"), .nsaKubernetes("Kubernetes Pod security: Pod security enforcement"), .nist80053("AC-6")],
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
                    securityContext:
                      capabilities:
                        add: [CHOWN, ↓NET_ADMIN, ↓CAP_SYS_ADMIN, ↓CAP_SETPCAP, ↓chown]
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
                  - name: web
                    image: web:1.0
                    securityContext:
                      capabilities: {drop: [ALL], add: [NET_BIND_SERVICE, CHOWN]}
            """,
        ])

    func check(_ container: Container, in workload: Workload, _ context: RuleContext) -> [Finding] {
        LinuxCapabilities.added(container).filter { !LinuxCapabilities.baselineAllowed.contains($0.raw) }.map { added in
            guard LinuxCapabilities.baselineAllowed.contains(added.name) else {
                return context.finding(at: added.field, in: workload.object,
                                       "\(container.messageName) adds capability \(added.name); Baseline allows only the runtime default set.", evidence: added.name)
            }
            // A default capability in another spelling: admission matches names exactly and rejects the pod.
            let written = String(added.raw.filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
            return context.finding(at: added.field, in: workload.object,
                                   "\(container.messageName) adds capability \(written), which is not in Baseline's allowed list as written: Pod Security admission compares names exactly (upper case, without the CAP_ prefix) and rejects it; expected \(added.name).",
                                   evidence: written)
        }
    }
}

struct HostPathVolume: WorkloadRule {
    static let description = RuleDescription(
        id: "k8s/host-path-volume", title: "Pod mounts a hostPath volume", severity: .high,
        rationale: "A hostPath volume exposes the node's filesystem to the pod: writable mounts of /, /etc, /var/lib/kubelet or runtime sockets lead straight to node takeover, and even read-only mounts leak credentials of other pods.",
        remediation: "Use emptyDir, a ConfigMap/Secret, or a PersistentVolumeClaim instead of hostPath.",
        references: [.pss(.baseline, "HostPath Volumes"), .cisKubernetes("5.2.12"), .nsaKubernetes("Kubernetes Pod security: Pod security enforcement"), .nist80053("AC-6")],
        triggering: [
            """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: logs}
            spec:
              template:
                spec:
                  containers:
                  - {name: shipper, image: shipper:1.0}
                  volumes:
                  - name: varlog
                    hostPath: ↓{path: /var/log}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: logs}
            spec:
              template:
                spec:
                  containers:
                  - {name: shipper, image: shipper:1.0}
                  volumes:
                  - {name: scratch, emptyDir: {}}
            """,
        ])

    func check(_ workload: Workload, _ context: RuleContext) -> [Finding] {
        workload.volumeFields.compactMap { volume in
            let hostPath = volume.child("hostPath")
            guard hostPath.hasValue else { return nil }
            let path = hostPath.node?["path"]?.string ?? "?"
            let name = volume.node?["name"]?.string ?? "?"
            return context.finding(at: hostPath, in: workload.object, "volume \"\(name)\" mounts host path \(path); expected no hostPath volumes.",
                                   evidence: "hostPath: \(path)")
        }
    }
}

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

struct AppArmorUnconfined: WorkloadRule {
    static let annotationPrefix = "container.apparmor.security.beta.kubernetes.io/"
    static let description = RuleDescription(
        id: "k8s/apparmor-unconfined", title: "AppArmor profile disabled or overridden", severity: .medium,
        rationale: "The runtime's default AppArmor profile blocks mount operations and writes to sensitive /proc and /sys paths that container escapes rely on. Baseline allows only the runtime default or a profile loaded on the node (appArmorProfile.type RuntimeDefault or Localhost; annotation runtime/default or localhost/<name>); Unconfined removes that layer.",
        remediation: "Remove the Unconfined profile: set securityContext.appArmorProfile.type to RuntimeDefault (or Localhost with a reviewed profile) and drop unconfined AppArmor annotations.",
        references: [.pss(.baseline, "AppArmor"), .nsaKubernetes("Kubernetes Pod security: Hardening container environments"), .nist80053("SC-39")],
        triggering: [
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              template:
                metadata:
                  annotations:
                    container.apparmor.security.beta.kubernetes.io/web: ↓unconfined
                spec:
                  containers:
                  - name: web
                    image: web:1.0
                    securityContext:
                      appArmorProfile: {type: ↓Unconfined}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              template:
                metadata:
                  annotations:
                    container.apparmor.security.beta.kubernetes.io/web: runtime/default
                spec:
                  securityContext:
                    appArmorProfile: {type: Localhost, localhostProfile: k8s-web}
                  containers:
                  - {name: web, image: web:1.0, securityContext: {appArmorProfile: {type: RuntimeDefault}}}
            """,
        ])

    func check(_ workload: Workload, _ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        let annotations = workload.podMetadata.child("annotations")
        for pair in annotations.node?.pairs ?? [] {
            guard let key = pair.key.string, key.hasPrefix(Self.annotationPrefix) else { continue }
            let value = pair.value.string ?? ""
            guard value != "runtime/default", !value.hasPrefix("localhost/") else { continue }
            findings.append(context.finding(at: annotations.child(key), in: workload.object,
                                            "AppArmor annotation \(key) is \"\(value)\"; expected runtime/default or localhost/<profile>.",
                                            evidence: "\(key): \(value)"))
        }
        for (field, owner) in SecurityLevels.values("appArmorProfile.type", in: workload) where field.node?.string == "Unconfined" {
            findings.append(context.finding(at: field, in: workload.object,
                                            "\(owner) sets appArmorProfile.type: Unconfined; expected RuntimeDefault or Localhost.",
                                            evidence: "appArmorProfile.type: Unconfined"))
        }
        return findings
    }
}

struct SELinuxType: WorkloadRule {
    static let allowed: Set<String> = ["", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"]
    static let description = RuleDescription(
        id: "k8s/selinux-type", title: "Custom SELinux type", severity: .medium,
        rationale: "The SELinux type decides what the container may touch on the node. Baseline allows only the container types (container_t, container_init_t, container_kvm_t, container_engine_t); a type such as spc_t (super-privileged container) or unconfined_t lifts SELinux confinement.",
        remediation: "Remove seLinuxOptions.type or set it to container_t.",
        references: [.pss(.baseline, "SELinux"), .nsaKubernetes("Kubernetes Pod security: Hardening container environments"), .nist80053("AC-3(3)")],
        triggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              securityContext:
                seLinuxOptions: {type: ↓spc_t}
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
              securityContext:
                seLinuxOptions: {type: container_t, level: "s0:c123,c456"}
              containers:
              - {name: app, image: app:1.0}
            """,
        ])

    func check(_ workload: Workload, _ context: RuleContext) -> [Finding] {
        SecurityLevels.values("seLinuxOptions.type", in: workload).compactMap { field, owner in
            let value = field.node?.string ?? ""
            guard !Self.allowed.contains(value) else { return nil }
            return context.finding(at: field, in: workload.object,
                                   "\(owner) sets SELinux type \(value); expected container_t, container_init_t, container_kvm_t or container_engine_t.",
                                   evidence: "seLinuxOptions.type: \(value)")
        }
    }
}

struct SELinuxUserRole: WorkloadRule {
    static let description = RuleDescription(
        id: "k8s/selinux-user-role", title: "Custom SELinux user or role", severity: .medium,
        rationale: "Baseline forbids setting the SELinux user or role: choosing them can place the container in a more privileged SELinux domain than the runtime assigns.",
        remediation: "Remove seLinuxOptions.user and seLinuxOptions.role.",
        references: [.pss(.baseline, "SELinux"), .nist80053("AC-3(3)")],
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
                  seLinuxOptions: {user: ↓system_u, role: ↓system_r}
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
                securityContext:
                  seLinuxOptions: {user: "", level: "s0:c1,c2"}
            """,
        ])

    func check(_ workload: Workload, _ context: RuleContext) -> [Finding] {
        ["user", "role"].flatMap { key in
            SecurityLevels.values("seLinuxOptions.\(key)", in: workload).compactMap { field, owner in
                guard let value = field.node?.string, !value.isEmpty else { return nil }
                return context.finding(at: field, in: workload.object, "\(owner) sets SELinux \(key) \(value); expected it unset.",
                                       evidence: "seLinuxOptions.\(key): \(value)")
            }
        }
    }
}

struct ProcMountUnmasked: ContainerRule {
    static let description = RuleDescription(
        id: "k8s/proc-mount-unmasked", title: "Container /proc mount is unmasked", severity: .medium,
        rationale: "The default /proc mount masks and makes read-only paths (/proc/kcore, /proc/sys, /proc/sysrq-trigger) that expose the kernel; procMount: Unmasked removes those masks.",
        remediation: "Remove securityContext.procMount or set it to Default.",
        references: [.pss(.baseline, "/proc Mount Type"), .nist80053("SC-39")],
        triggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              hostUsers: false
              containers:
              - {name: app, image: app:1.0, securityContext: {procMount: ↓Unmasked}}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - {name: app, image: app:1.0, securityContext: {procMount: Default}}
            """,
        ])

    func check(_ container: Container, in workload: Workload, _ context: RuleContext) -> [Finding] {
        guard let field = container.own("procMount"), let value = field.node?.string, value != "Default" else { return [] }
        return [context.finding(at: field, in: workload.object, "\(container.messageName) sets procMount: \(value); expected Default or unset.",
                                evidence: "procMount: \(value)")]
    }
}

struct SeccompUnconfined: WorkloadRule {
    static let description = RuleDescription(
        id: "k8s/seccomp-unconfined", title: "Seccomp explicitly disabled", severity: .medium,
        rationale: "seccompProfile.type: Unconfined turns off system-call filtering, re-opening kernel attack surface (keyctl, unshare, bpf, ...) that most container escapes use. Baseline forbids it at pod and container level.",
        remediation: "Set seccompProfile.type to RuntimeDefault (or Localhost with a reviewed profile).",
        references: [.pss(.baseline, "Seccomp"), .cisKubernetes("5.7.2"), .nsaKubernetes("Kubernetes Pod security: Hardening container environments"), .nist80053("SC-39")],
        triggering: [
            """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db}
            spec:
              template:
                spec:
                  securityContext:
                    seccompProfile:
                      type: ↓Unconfined
                  containers:
                  - {name: db, image: db:1.0}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db}
            spec:
              template:
                spec:
                  securityContext:
                    seccompProfile: {type: RuntimeDefault}
                  containers:
                  - {name: db, image: db:1.0, securityContext: {seccompProfile: {type: Localhost, localhostProfile: db.json}}}
            """,
        ])

    func check(_ workload: Workload, _ context: RuleContext) -> [Finding] {
        SecurityLevels.values("seccompProfile.type", in: workload).filter { $0.field.node?.string == "Unconfined" }.map {
            context.finding(at: $0.field, in: workload.object, "\($0.owner) sets seccompProfile.type: Unconfined; expected RuntimeDefault or Localhost.",
                            evidence: "seccompProfile.type: Unconfined")
        }
    }
}

struct UnsafeSysctls: WorkloadRule {
    /// The Baseline "safe" set: namespaced sysctls isolated from other pods on the node.
    static let safe: Set<String> = [
        "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start",
        "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports",
        "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl",
        "net.ipv4.tcp_keepalive_probes",
    ]
    static let description = RuleDescription(
        id: "k8s/unsafe-sysctls", title: "Pod sets a sysctl outside the safe set", severity: .medium,
        rationale: "Sysctls outside the safe set are not isolated per pod: they change kernel behaviour for the whole node (or disable protections), so one pod can weaken or starve its neighbours.",
        remediation: "Remove the sysctl from spec.securityContext.sysctls, or tune it on the nodes that need it.",
        references: [.pss(.baseline, "Sysctls"), .nist80053("SC-39")],
        triggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              securityContext:
                sysctls:
                - {name: net.ipv4.tcp_syncookies, value: "1"}
                - {name: ↓kernel.msgmax, value: "65536"}
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
              securityContext:
                sysctls:
                - {name: net.ipv4.ip_local_port_range, value: "1024 65535"}
              containers:
              - {name: app, image: app:1.0}
            """,
        ])

    func check(_ workload: Workload, _ context: RuleContext) -> [Finding] {
        workload.podSecurityContext.child("sysctls").items.compactMap { item in
            let name = item.child("name")
            guard let value = name.node?.string, !Self.safe.contains(value) else { return nil }
            return context.finding(at: name, in: workload.object, "pod sets sysctl \(value), which is not in the Baseline safe set.",
                                   evidence: value)
        }
    }
}
