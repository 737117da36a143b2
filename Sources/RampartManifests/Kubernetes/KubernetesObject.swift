import RampartCore

/// Something a finding can be located in: maps a field to a subject with file, line, resource and path.
public protocol Locatable: Sendable {
    func subject(at field: FieldRef) -> Subject
    /// Inline suppressions declared on the resource: rule id → reason (empty when no reason was given).
    var suppressions: [String: String] { get }
}

/// One Kubernetes object, either a whole document or an item of a `List`.
public struct KubernetesObject: Locatable {
    public let file: String
    public let node: YAMLNode
    /// Path of the object inside its document: empty, or `items[3]` for List items.
    public let basePath: String
    public let apiVersion: String
    public let kind: String
    public let name: String
    /// `metadata.namespace`, nil when the manifest leaves it to the apply context.
    public let namespace: String?

    public init?(file: String, node: YAMLNode, basePath: String = "") {
        guard let apiVersion = node["apiVersion"]?.string, let kind = node["kind"]?.string else { return nil }
        self.file = file
        self.node = node
        self.basePath = basePath
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = node["metadata"]?["name"]?.string ?? node["metadata"]?["generateName"]?.string ?? "<unnamed>"
        self.namespace = node["metadata"]?["namespace"]?.string
    }

    public var root: FieldRef { FieldRef(path: basePath, node: node, anchor: node) }

    public func field(_ path: String) -> FieldRef { root.field(path) }

    /// `Kind/namespace/name`; cluster-scoped kinds have no namespace part.
    public var resourceName: String {
        KubernetesObject.clusterScoped.contains(kind) ? "\(kind)/\(name)" : "\(kind)/\(namespace ?? "default")/\(name)"
    }

    public var annotations: [String: String] { stringMap(node["metadata"]?["annotations"]) }
    public var labels: [String: String] { stringMap(node["metadata"]?["labels"]) }

    public func subject(at field: FieldRef) -> Subject {
        Subject(location: SourceLocation(file: file, line: field.anchor.line, column: field.anchor.column),
                resource: resourceName, fieldPath: field.path)
    }

    /// Annotation prefix for inline suppressions: `suppress.rampart.io/k8s.privileged-container: "reason"`.
    public static let suppressionPrefix = "suppress.rampart.io/"

    public var suppressions: [String: String] {
        Self.suppressions(in: annotations)
    }

    static func suppressions(in map: [String: String]) -> [String: String] {
        var result: [String: String] = [:]
        for (key, reason) in map where key.hasPrefix(suppressionPrefix) {
            let name = key.dropFirst(suppressionPrefix.count)
            // The first dot separates the domain: k8s.privileged-container → k8s/privileged-container.
            guard let dot = name.firstIndex(of: ".") else { continue }
            result["\(name[..<dot])/\(name[name.index(after: dot)...])"] = reason.trimmingWhitespace
        }
        return result
    }

    static let clusterScoped: Set<String> = [
        "Namespace", "Node", "ClusterRole", "ClusterRoleBinding", "PersistentVolume", "StorageClass",
        "CustomResourceDefinition", "PriorityClass", "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration",
        "IngressClass", "RuntimeClass", "PodSecurityPolicy",
    ]
}

func stringMap(_ node: YAMLNode?) -> [String: String] {
    var map: [String: String] = [:]
    for pair in node?.pairs ?? [] {
        if let key = pair.key.string { map[key] = pair.value.string ?? "" }
    }
    return map
}
