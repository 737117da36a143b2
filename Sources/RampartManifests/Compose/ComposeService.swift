import RampartCore

/// One service of a Compose file. `x-` extension fields, anchors and merge keys are already resolved by
/// the loader, so the service node is what Compose itself would see.
public struct ComposeService: Locatable {
    public let file: String
    public let name: String
    public let field: FieldRef

    public init(file: String, name: String, field: FieldRef) {
        self.file = file
        self.name = name
        self.field = field
    }

    public var node: YAMLNode? { field.node }

    public func field(_ path: String) -> FieldRef { field.field(path) }

    public var resourceName: String { "service \(name)" }

    public func subject(at field: FieldRef) -> Subject {
        Subject(location: SourceLocation(file: file, line: field.anchor.line, column: field.anchor.column),
                resource: resourceName, fieldPath: field.path)
    }

    /// Labels as a map, whether written as a mapping or as a list of `key=value`.
    public var labels: [String: String] { ComposeService.keyValues(node?["labels"]) }

    /// `environment` entries with the node of each value (or of the list item), whether a mapping or a list.
    public var environment: [(key: String, value: String?, field: FieldRef)] {
        let env = field.child("environment")
        if let pairs = env.node?.pairs {
            return pairs.compactMap { pair in
                guard let key = pair.key.string else { return nil }
                return (key, pair.value.string, env.child(key))
            }
        }
        return env.items.compactMap { item in
            guard let entry = item.node?.string else { return nil }
            let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(parts[0]), parts.count > 1 ? String(parts[1]) : nil, item)
        }
    }

    public var suppressions: [String: String] { KubernetesObject.suppressions(in: labels) }

    static func keyValues(_ node: YAMLNode?) -> [String: String] {
        if node?.isMapping == true { return stringMap(node) }
        var map: [String: String] = [:]
        for entry in node?.strings ?? [] {
            let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            map[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        return map
    }
}

/// A Compose file: its services and top-level sections.
public struct ComposeProject: Sendable {
    public let document: ManifestDocument
    /// Services written as mappings. A service of any other shape is an `input/invalid-shape` problem
    /// (`ComposeShapeValidator`), so no rule needs to guard against it; an empty one has nothing to judge.
    public let services: [ComposeService]

    public init(_ document: ManifestDocument) {
        self.document = document
        let servicesField = ComposeProject.servicesField(of: document)
        self.services = (servicesField.node?.pairs ?? []).compactMap { pair in
            guard let name = pair.key.string, pair.value.isMapping else { return nil }
            return ComposeService(file: document.file, name: name, field: servicesField.child(name))
        }
    }

    /// A top-level section (`volumes`, `networks`, `secrets`); a version 1 file has none (its top-level
    /// keys are services).
    public func topLevel(_ key: String) -> FieldRef {
        let root = FieldRef(path: "", node: document.root, anchor: document.root)
        return isVersion1 ? FieldRef(path: key, node: nil, anchor: document.root) : root.child(key)
    }

    /// A version 1 file: services at the top level, no `services` key.
    public var isVersion1: Bool { DocumentClassifier.isComposeV1(document.root) }

    /// The mapping of services: `services`, or the whole document in a version 1 file.
    static func servicesField(of document: ManifestDocument) -> FieldRef {
        let root = FieldRef(path: "", node: document.root, anchor: document.root)
        return DocumentClassifier.isComposeV1(document.root) ? root : root.child("services")
    }
}
