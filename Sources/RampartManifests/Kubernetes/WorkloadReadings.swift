import RampartCore

// Readings of Kubernetes facts that several rules share, so that each rule states only its judgement.

extension Workload {
    /// Windows pods are exempt from the Linux-only restricted controls (seccomp, capabilities,
    /// allowPrivilegeEscalation), as the Pod Security Standards say.
    public var isWindowsPod: Bool { podSpec.node?["os"]?["name"]?.string?.lowercased() == "windows" }

    /// Kinds whose pods are meant to keep running (probes make sense there); a bare Pod counts unless its
    /// restartPolicy says it runs to completion.
    public var runsContinuously: Bool {
        switch object.kind {
        case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "DeploymentConfig": return true
        case "Pod":
            let policy = podSpec.node?["restartPolicy"]?.string ?? "Always"
            return policy == "Always"
        default: return false
        }
    }

    public var volumeFields: [FieldRef] { podSpec.child("volumes").items.filter { $0.node?.isMapping == true } }

    /// Service account the pods run as: `serviceAccountName`, the deprecated `serviceAccount`, or `default`.
    public var effectiveServiceAccount: String {
        podSpec.node?["serviceAccountName"]?.string ?? podSpec.node?["serviceAccount"]?.string ?? "default"
    }
}

extension Container {
    /// `container "app"`, `init container "setup"`: how messages name a container.
    public var messageName: String {
        switch kind {
        case .container: "container \"\(name)\""
        case .initContainer: "init container \"\(name)\""
        case .ephemeralContainer: "ephemeral container \"\(name)\""
        }
    }

    /// The container's own securityContext value of `path`, when present and not null.
    public func own(_ path: String) -> FieldRef? {
        let field = securityContext.field(path)
        guard let node = field.node, !node.isNull else { return nil }
        return field
    }
}

/// A user or group id as the API server accepts it: an integer from 0 to 2147483647 (validation of
/// runAsUser, runAsGroup, fsGroup). nil for anything else, including integers too long for Int.
public struct UserID: Sendable, Equatable {
    public static let maximum = 2_147_483_647
    public let value: Int

    public init?(_ node: YAMLNode) {
        guard let value = node.int, value >= 0, value <= UserID.maximum else { return nil }
        self.value = value
    }
}

/// A field is "set" when present and not YAML null.
extension FieldRef {
    public var hasValue: Bool { node.map { !$0.isNull } ?? false }
}

/// Both levels at which PSS admission judges a "must not be" security field: the pod's securityContext and
/// each container's own. A bad pod-level value is reported once at the pod, even when every container
/// overrides it, because admission rejects it there too.
public enum SecurityLevels {
    /// Each present value of `path` at the pod level and in every container's own securityContext.
    public static func values(_ path: String, in workload: Workload) -> [(field: FieldRef, owner: String)] {
        var out: [(FieldRef, String)] = []
        let pod = workload.podSecurityContext.field(path)
        if pod.hasValue { out.append((pod, "pod")) }
        for container in workload.containers {
            if let own = container.own(path) { out.append((own, container.messageName)) }
        }
        return out
    }
}
