/// One node of a parsed YAML document, with the 1-based line and column where it starts.
/// Aliases are resolved to the anchored node (shared storage, so an alias costs no copy) and merge keys
/// (`<<`) are applied by the loader, so rules only ever see plain scalars, sequences and mappings.
public struct YAMLNode: Codable, Sendable, Hashable {
    public enum Content: Codable, Sendable, Hashable {
        case scalar(YAMLScalar)
        case sequence([YAMLNode])
        case mapping([YAMLPair])
    }

    public var content: Content
    public var line: Int
    public var column: Int

    public init(_ content: Content, line: Int, column: Int) {
        self.content = content
        self.line = line
        self.column = column
    }

    public static func scalar(_ value: String, line: Int = 1, column: Int = 1) -> YAMLNode {
        YAMLNode(.scalar(YAMLScalar(value: value, style: .plain)), line: line, column: column)
    }
}

public struct YAMLScalar: Codable, Sendable, Hashable {
    public enum Style: String, Codable, Sendable { case plain, quoted, block }
    public var value: String
    public var style: Style
    /// Explicit tag, e.g. `!!str`; nil when the scalar had none.
    public var tag: String?

    public init(value: String, style: Style, tag: String? = nil) {
        self.value = value
        self.style = style
        self.tag = tag
    }
}

public struct YAMLPair: Codable, Sendable, Hashable {
    public var key: YAMLNode
    public var value: YAMLNode

    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}

// MARK: - Typed reads, resolved the way Kubernetes (sigs.k8s.io/yaml, YAML 1.1) and Compose read them.

extension YAMLNode {
    public var scalar: YAMLScalar? {
        if case .scalar(let s) = content { return s }
        return nil
    }

    public var sequence: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    public var pairs: [YAMLPair]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }

    public var isMapping: Bool { pairs != nil }
    public var isSequence: Bool { sequence != nil }

    /// YAML null: an empty plain scalar, `~`, `null` in its three spellings, or tagged `!!null`.
    public var isNull: Bool {
        guard let s = scalar else { return false }
        if s.tag == "tag:yaml.org,2002:null" { return true }
        guard s.style == .plain, s.tag == nil else { return false }
        switch s.value {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }

    /// The scalar's text, or nil for null, sequences and mappings.
    public var string: String? {
        guard let s = scalar, !isNull else { return nil }
        return s.value
    }

    /// YAML 1.1 booleans as go-yaml v2 resolves them (Kubernetes' decoder): y/yes/true/on and n/no/false/off
    /// in lower, title and upper case. Quoted scalars are strings, not booleans.
    public var bool: Bool? {
        guard let s = scalar, s.style == .plain else { return nil }
        if let tag = s.tag, tag != "tag:yaml.org,2002:bool" { return nil }
        switch s.value {
        case "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON": return true
        case "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF": return false
        default: return nil
        }
    }

    /// Integers in decimal, `0x` hex, `0o` / leading-zero octal, with optional sign and `_` separators.
    /// Quoted scalars are read too, since Compose accepts ports and user ids as strings.
    public var int: Int? {
        guard let raw = string else { return nil }
        var text = String(raw.filter { $0 != "_" })
        var sign = 1
        if text.hasPrefix("-") { sign = -1; text.removeFirst() } else if text.hasPrefix("+") { text.removeFirst() }
        guard !text.isEmpty else { return nil }
        let value: Int?
        if text.hasPrefix("0x") { value = Int(text.dropFirst(2), radix: 16) }
        else if text.hasPrefix("0o") { value = Int(text.dropFirst(2), radix: 8) }
        else if text.count > 1, text.hasPrefix("0"), scalar?.style == .plain { value = Int(text.dropFirst(), radix: 8) }
        else { value = Int(text) }
        return value.map { $0 * sign }
    }

    /// The value of `key` in a mapping; the last one wins if the key is duplicated, as in go-yaml.
    public subscript(key: String) -> YAMLNode? {
        guard let pairs else { return nil }
        for pair in pairs.reversed() where pair.key.scalar?.value == key { return pair.value }
        return nil
    }

    /// The key node for `key`, for pointing at a field name rather than its value.
    public func keyNode(_ key: String) -> YAMLNode? {
        pairs?.last { $0.key.scalar?.value == key }?.key
    }

    /// Items of a sequence; an absent or null value reads as empty.
    public var items: [YAMLNode] { sequence ?? [] }

    /// String items of a sequence, skipping nulls and non-scalars.
    public var strings: [String] { items.compactMap(\.string) }

    /// Number of nodes in this subtree, counting every alias expansion (used to bound work on alias bombs).
    public var nodeCount: Int {
        var count = 0
        var stack: [YAMLNode] = [self]
        while let node = stack.popLast() {
            count += 1
            switch node.content {
            case .scalar: break
            case .sequence(let items): stack.append(contentsOf: items)
            case .mapping(let pairs):
                for pair in pairs { stack.append(pair.key); stack.append(pair.value) }
            }
        }
        return count
    }
}
