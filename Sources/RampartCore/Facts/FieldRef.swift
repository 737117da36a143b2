/// A field a rule points at: its dotted path and, where the field exists, its node; where it does not,
/// the nearest parent that does, so that a finding about a missing field still lands on a real line.
public struct FieldRef: Sendable {
    public var path: String
    /// The field's own node, nil when the field is absent.
    public var node: YAMLNode?
    /// Node whose position the finding takes: the field itself, or its nearest existing parent.
    public var anchor: YAMLNode

    public init(path: String, node: YAMLNode?, anchor: YAMLNode) {
        self.path = path
        self.node = node
        self.anchor = anchor
    }

    public var exists: Bool { node != nil }

    /// The child under a literal key (which may contain dots, like annotation names).
    public func child(_ key: String) -> FieldRef {
        let next = node?[key]
        let escaped = key.contains(".") || key.contains("/") ? "[\"\(key)\"]" : key
        let childPath = escaped.hasPrefix("[") ? path + escaped : (path.isEmpty ? key : "\(path).\(key)")
        return FieldRef(path: childPath, node: next, anchor: next ?? anchor)
    }

    /// The `index`th item of a sequence.
    public func item(_ index: Int) -> FieldRef {
        let next = node?.sequence.flatMap { index < $0.count ? $0[index] : nil }
        return FieldRef(path: "\(path)[\(index)]", node: next, anchor: next ?? anchor)
    }

    /// Each item of the sequence at this field, with its own path.
    public var items: [FieldRef] {
        (node?.sequence ?? []).indices.map(item)
    }

    /// Walks `relative` (dot-separated keys, `[n]` for sequence items) from this field.
    public func field(_ relative: String) -> FieldRef {
        var current = self
        for step in FieldRef.steps(relative) {
            switch step {
            case .key(let k): current = current.child(k)
            case .index(let i): current = current.item(i)
            }
        }
        return current
    }

    enum Step { case key(String), index(Int) }

    static func steps(_ path: String) -> [Step] {
        var steps: [Step] = []
        for part in path.split(separator: ".", omittingEmptySubsequences: true) {
            var name = Substring(part)
            var indices: [Int] = []
            while name.hasSuffix("]"), let open = name.lastIndex(of: "[") {
                if let i = Int(name[name.index(after: open)..<name.index(before: name.endIndex)]) { indices.insert(i, at: 0) }
                name = name[..<open]
            }
            if !name.isEmpty { steps.append(.key(String(name))) }
            steps += indices.map(Step.index)
        }
        return steps
    }
}
