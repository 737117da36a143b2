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
        // Hot path of every rule: scan the path once, without building a list of steps.
        var current = self
        var utf8 = Substring(relative).utf8[...]
        while !utf8.isEmpty {
            if utf8.first == UInt8(ascii: ".") { utf8 = utf8.dropFirst(); continue }
            if utf8.first == UInt8(ascii: "[") {
                let close = utf8.firstIndex(of: UInt8(ascii: "]")) ?? utf8.endIndex
                if let i = Int(Substring(utf8[utf8.index(after: utf8.startIndex)..<close])) { current = current.item(i) }
                utf8 = close < utf8.endIndex ? utf8[utf8.index(after: close)...] : utf8[utf8.endIndex...]
                continue
            }
            let end = utf8.firstIndex { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "[") } ?? utf8.endIndex
            current = current.child(String(Substring(utf8[..<end])))
            utf8 = utf8[end...]
        }
        return current
    }
}
