import RampartCore
import RampartManifests

struct ComposeDockerSocketMount: ComposeServiceRule {
    /// File names of container-runtime control sockets; any bind of one of them hands over the runtime.
    static let defaultSockets = ["docker.sock", "podman.sock", "containerd.sock", "crio.sock", "cri-dockerd.sock",
                                 "buildkitd.sock", "dockershim.sock"]

    static let description = RuleDescription(
        id: "compose/docker-socket-mount", title: "Service mounts the container runtime socket", severity: .critical,
        rationale: "Whoever can talk to the Docker (or Podman, containerd, CRI-O) socket can start a privileged container with the host's root filesystem mounted: mounting the socket gives the service root on the host, read-only or not.",
        remediation: "Remove the socket mount. If the service must watch containers, put a filtering proxy that allows only the read-only API calls it needs in front of the socket, or use the runtime's event stream from the host.",
        references: [.cisDocker("5.32"), .owaspDocker("RULE #1 - Do not expose the Docker daemon socket (even to the containers)"),
                     .nist800190("4.4.3 Insecure container runtime configurations"), .nist80053("AC-6")],
        triggering: [
            """
            services:
              portainer:
                image: portainer/portainer-ce:2.21
                volumes:
                  - ↓/var/run/docker.sock:/var/run/docker.sock:ro
                  - data:/data
            """,
            """
            services:
              traefik:
                image: traefik:v3.1
                volumes:
                  - type: bind
                    source: ↓/run/docker.sock
                    target: /var/run/docker.sock
                    read_only: true
              builder:
                image: builder:1.0
                volumes: [↓"/run/containerd/containerd.sock:/run/containerd/containerd.sock", ↓"${XDG_RUNTIME_DIR}/podman/podman.sock:/var/run/docker.sock"]
            """,
        ],
        nonTriggering: [
            """
            services:
              app:
                image: app:1.4
                volumes:
                  - ./config:/etc/app:ro
                  - sockets:/var/run/app
                  - type: volume
                    source: data
                    target: /data
            volumes:
              sockets: {}
              data: {}
            """,
        ],
        parameters: ["runtimeSockets": defaultSockets.joined(separator: ", ")])

    func check(_ service: ComposeService, in project: ComposeProject, _ context: RuleContext) -> [Finding] {
        let sockets = Set(context.parameters.list("runtimeSockets", default: Self.defaultSockets))
        return ComposeVolume.all(in: service, project: project).compactMap { volume in
            guard volume.kind == .bind, let source = volume.source,
                  let name = source.split(separator: "/").last.map(String.init), sockets.contains(name) else { return nil }
            return context.finding(at: volume.sourceField, in: service,
                                   "mounts the container runtime socket \(source)\(volume.throughNamedVolume) (\(volume.accessMode)) at \(volume.target ?? "?"); expected no runtime socket inside a container",
                                   evidence: source)
        }
    }
}

struct ComposeSensitiveHostMount: ComposeServiceRule {
    /// Host paths that are sensitive themselves and everything beneath them.
    static let defaultTrees = ["/proc", "/sys", "/dev", "/boot", "/root", "/var/lib/docker", "/var/lib/containerd",
                               "/var/lib/kubelet", "/etc/docker", "/etc/kubernetes", "/etc/ssh", "/etc/shadow",
                               "/etc/sudoers", "/etc/pki", "/etc/ssl/private"]
    /// Host directories that are sensitive when mounted whole (files under them, such as /etc/localtime, are common and fine).
    static let defaultDirectories = ["/", "/etc", "/home", "/usr", "/lib", "/lib64", "/bin", "/sbin", "/var", "/run", "/var/run", "/var/log"]

    static let description = RuleDescription(
        id: "compose/sensitive-host-mount", title: "Service mounts a sensitive host path", severity: .high,
        rationale: "Binding the host's root, /etc, /proc, /sys, /dev, /boot or the runtime's data directory into a container lets it read host secrets (shadow, SSH keys, other containers' files) and, read-write, change the host's configuration, kernel settings or boot files.",
        remediation: "Mount only the specific file or application directory the service needs, read-only where possible; keep service data in named volumes.",
        references: [.cisDocker("5.6"), .owaspDocker("RULE #8 - Set filesystem and volumes to read-only"),
                     .nist800190("4.5.5 Host OS file system tampering"), .nist80053("AC-6")],
        triggering: [
            """
            services:
              agent:
                image: node-exporter:1.8
                volumes:
                  - ↓/:/host:ro
                  - ↓/proc:/host/proc:ro
                  - ↓/sys/fs/cgroup:/sys/fs/cgroup
                  - /etc/localtime:/etc/localtime:ro
            """,
            """
            services:
              backup:
                image: backup:1.0
                volumes:
                  - type: bind
                    source: ↓/etc/
                    target: /host-etc
                  - {type: bind, source: ↓/var/lib/docker/volumes, target: /volumes}
            """,
            """
            services:
              backup:
                image: backup:1.0
                volumes:
                  - hostetc:/host-etc:ro
            volumes:
              hostetc:
                driver: local
                driver_opts: {type: none, o: bind, device: ↓/etc}
            """,
        ],
        nonTriggering: [
            """
            services:
              web:
                image: nginx:1.27
                volumes:
                  - ./site:/usr/share/nginx/html:ro
                  - /etc/localtime:/etc/localtime:ro
                  - /srv/web/logs:/var/log/nginx
                  - cache:/var/cache/nginx
            volumes:
              cache: {}
            """,
            """
            services:
              web:
                image: nginx:1.27
                volumes: [shared:/data]
            volumes:
              shared:
                driver_opts: {type: nfs, o: "addr=10.0.0.5,ro", device: ":/etc"}
            """,
        ],
        parameters: ["sensitiveHostPaths": defaultTrees.joined(separator: ", "),
                     "sensitiveHostDirectories": defaultDirectories.joined(separator: ", ")])

    func check(_ service: ComposeService, in project: ComposeProject, _ context: RuleContext) -> [Finding] {
        let trees = context.parameters.list("sensitiveHostPaths", default: Self.defaultTrees).map(ComposeVolume.normalize)
        let directories = Set(context.parameters.list("sensitiveHostDirectories", default: Self.defaultDirectories).map(ComposeVolume.normalize))
        return ComposeVolume.all(in: service, project: project).compactMap { volume in
            guard let path = volume.normalizedHostPath else { return nil }
            let matched = directories.contains(path) ? path
                : trees.first { path == $0 || path.hasPrefix($0 == "/" ? "/" : $0 + "/") }
            guard let matched else { return nil }
            let what = matched == path ? "host path \(path)" : "host path \(path) (under \(matched))"
            return context.finding(at: volume.sourceField, in: service,
                                   "mounts \(what)\(volume.throughNamedVolume) \(volume.accessMode) at \(volume.target ?? "?"); expected no host system directories in a container",
                                   evidence: volume.source)
        }
    }
}

struct ComposeSharedMountPropagation: ComposeServiceRule {
    static let description = RuleDescription(
        id: "compose/shared-mount-propagation", title: "Service mounts a host path with shared propagation", severity: .medium,
        rationale: "With shared (or rshared) propagation, mounts the container makes under the bind appear on the host, so a compromised container can place mounts into the host's filesystem tree.",
        remediation: "Use the default private propagation; drop `shared`/`rshared` from the volume.",
        references: [.cisDocker("5.20"), .nist80053("SC-39")],
        triggering: [
            """
            services:
              csi:
                image: csi-driver:1.2
                volumes:
                  - ↓/mnt/data:/data:rshared
                  - type: bind
                    source: ↓/srv/exports
                    target: /exports
                    bind: {propagation: shared}
            """,
        ],
        nonTriggering: [
            """
            services:
              app:
                image: app:1.4
                volumes:
                  - /mnt/data:/data:ro,rslave
                  - type: bind
                    source: /srv/exports
                    target: /exports
                    bind: {propagation: private}
            """,
        ])

    func check(_ service: ComposeService, in project: ComposeProject, _ context: RuleContext) -> [Finding] {
        ComposeVolume.all(in: service, project: project).compactMap { volume in
            guard volume.kind == .bind, let mode = volume.propagation, mode == "shared" || mode == "rshared" else { return nil }
            return context.finding(at: volume.sourceField, in: service,
                                   "mounts \(volume.source ?? "?") with \(mode) propagation; expected private (the default) or slave",
                                   evidence: "propagation: \(mode)")
        }
    }
}

struct ComposeHostDevice: ComposeServiceRule {
    static let description = RuleDescription(
        id: "compose/host-device", title: "Service maps a host device", severity: .high,
        rationale: "A host device in the container (a disk, /dev/mem, a GPU, a serial port) bypasses the container's filesystem isolation: with a block device the container reads and writes the host disk below every permission check.",
        remediation: "Remove the device mapping, or map the single device the service needs with the least permissions (`r` rather than `rwm`) and document it in a waiver.",
        references: [.cisDocker("5.18"), .nist800190("4.4.3 Insecure container runtime configurations"), .nist80053("AC-6")],
        triggering: [
            """
            services:
              zigbee:
                image: zigbee2mqtt:1.40
                devices:
                  - ↓/dev/ttyUSB0:/dev/ttyACM0
                  - ↓"/dev/sda:/dev/xvda:rwm"
            """,
        ],
        nonTriggering: [
            """
            services:
              app:
                image: app:1.4
                devices: []
            """,
        ])

    func check(_ service: ComposeService, in project: ComposeProject, _ context: RuleContext) -> [Finding] {
        service.field("devices").items.compactMap { item in
            let text = item.node?.string ?? item.node?["source"]?.string
            guard let text else { return nil }
            let host = String(text.split(separator: ":", maxSplits: 1).first ?? Substring(text))
            return context.finding(at: item, in: service,
                                   "maps host device \(host) into the container; expected no host devices",
                                   evidence: text)
        }
    }
}
