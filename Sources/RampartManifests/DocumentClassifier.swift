import RampartCore

/// Decides what a YAML document is from its content.
public enum DocumentClassifier {
    public static func classify(_ root: YAMLNode) -> InputFormat {
        guard root.isMapping else { return .unknown }
        // Design inventories announce themselves; RampartDesign loads them.
        if let header = root["rampart"]?.string, header == "design" || header == "design-fragment" { return .design }
        if root["apiVersion"]?.string != nil, root["kind"]?.string != nil { return .kubernetes }
        if let services = root["services"], services.isMapping, root["apiVersion"] == nil { return .compose }
        if isComposeV1(root) { return .compose }
        // Anything else is .unknown: listed as skipped, never dropped silently.
        return .unknown
    }

    /// A version 1 Compose file (no `version`, no `services`): every top-level key is a service, a mapping
    /// with `image` as a string or `build`. Demanding every key keeps other YAML (Helm values, whose
    /// `image` is usually a mapping and which have scalar settings beside it) from being read as Compose.
    public static func isComposeV1(_ root: YAMLNode) -> Bool {
        guard let pairs = root.pairs, !pairs.isEmpty, root["services"] == nil, root["version"] == nil,
              root["apiVersion"] == nil, root["kind"] == nil else { return false }
        return pairs.allSatisfy { pair in
            guard pair.key.string != nil, pair.value.isMapping else { return false }
            return pair.value["image"]?.string != nil || pair.value["build"].map { $0.string != nil || $0.isMapping } == true
        }
    }

    /// `apiVersion` or `kind` written as a mapping or sequence: the document means to be a Kubernetes
    /// object but cannot be one.
    static func nonScalarIdentity(_ root: YAMLNode) -> (key: String, node: YAMLNode)? {
        for key in ["kind", "apiVersion"] {
            if let node = root[key], node.isMapping || node.isSequence { return (key, node) }
        }
        return nil
    }

    static func whyNotKubernetes(_ root: YAMLNode) -> String {
        guard root.isMapping else { return root.isSequence ? "a sequence at the top level" : "a scalar at the top level" }
        let missing = ["apiVersion", "kind"].filter { root[$0]?.string == nil }
        return "no \(missing.joined(separator: " or "))"
    }
}

/// Kinds that built-in rules judge. Others (CRDs, custom resources) are skipped and listed, which keeps
/// memory proportional to judged resources rather than to file size.
public enum KubernetesKinds {
    public static let workloads: Set<String> = [
        "Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob",
        "DeploymentConfig",
    ]
    public static let judged: Set<String> = workloads.union([
        "Service", "Ingress", "NetworkPolicy", "ConfigMap", "Secret", "ServiceAccount", "Namespace",
        "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding", "PodTemplate", "List",
    ])
}
