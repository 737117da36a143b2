/// Evidence stores a document's node tree as a flat list in pre-order (a node, then its children; a mapping's
/// children alternate key, value), so that the JSON stays two levels deep however deep the YAML is: JSON
/// coders refuse documents nested a few hundred levels, and the loader accepts YAML 256 levels deep, each
/// of which would cost several JSON levels as a tree. Both directions are loops over an explicit stack.
public struct FlatYAMLNode: Codable, Sendable, Hashable {
    /// `scalar`, `sequence` or `mapping`.
    public var type: String
    /// Children of a sequence, pairs of a mapping.
    public var count: Int?
    public var value: String?
    public var style: YAMLScalar.Style?
    public var tag: String?
    public var line: Int
    public var column: Int
}

public enum FlatYAML {
    public static func flatten(_ root: YAMLNode) -> [FlatYAMLNode] {
        var out: [FlatYAMLNode] = []
        var stack: [YAMLNode] = [root]
        while let node = stack.popLast() {
            switch node.content {
            case .scalar(let s):
                out.append(FlatYAMLNode(type: "scalar", value: s.value, style: s.style, tag: s.tag, line: node.line, column: node.column))
            case .sequence(let items):
                out.append(FlatYAMLNode(type: "sequence", count: items.count, line: node.line, column: node.column))
                stack.append(contentsOf: items.reversed())
            case .mapping(let pairs):
                out.append(FlatYAMLNode(type: "mapping", count: pairs.count, line: node.line, column: node.column))
                for pair in pairs.reversed() {
                    stack.append(pair.value)
                    stack.append(pair.key)
                }
            }
        }
        return out
    }

    public enum Problem: Error, Sendable, CustomStringConvertible {
        case badNode(index: Int, what: String)
        case truncated
        case trailing(index: Int)

        public var description: String {
            switch self {
            case .badNode(let i, let what): "node \(i): \(what)"
            case .truncated: "the node list ends inside a sequence or mapping"
            case .trailing(let i): "node \(i) is left over after the root is complete"
            }
        }
    }

    /// The tree again. Counts come from a file, so they are checked, never trusted for allocation.
    public static func build(_ nodes: [FlatYAMLNode]) -> Result<YAMLNode, Problem> {
        struct Frame {
            var isMapping: Bool
            var remaining: Int
            var items: [YAMLNode] = []
            var line: Int
            var column: Int
        }
        var stack: [Frame] = []
        var finished: YAMLNode?
        for (i, flat) in nodes.enumerated() {
            guard finished == nil else { return .failure(.trailing(index: i)) }
            var node: YAMLNode
            switch flat.type {
            case "scalar":
                guard let value = flat.value else { return .failure(.badNode(index: i, what: "scalar without a value")) }
                node = YAMLNode(.scalar(YAMLScalar(value: value, style: flat.style ?? .plain, tag: flat.tag)), line: flat.line, column: flat.column)
            case "sequence", "mapping":
                guard let count = flat.count, count >= 0, count <= nodes.count else {
                    return .failure(.badNode(index: i, what: "\(flat.type) needs a count between 0 and the number of nodes"))
                }
                let isMapping = flat.type == "mapping"
                if count > 0 {
                    stack.append(Frame(isMapping: isMapping, remaining: isMapping ? count * 2 : count, line: flat.line, column: flat.column))
                    continue
                }
                node = YAMLNode(isMapping ? .mapping([]) : .sequence([]), line: flat.line, column: flat.column)
            default:
                return .failure(.badNode(index: i, what: "unknown type \"\(TerminalText.escape(flat.type))\""))
            }
            // Attach the finished node to its parent; a parent that is now complete is itself finished.
            while true {
                guard var top = stack.popLast() else { finished = node; break }
                top.items.append(node)
                top.remaining -= 1
                if top.remaining > 0 { stack.append(top); break }
                if top.isMapping {
                    var pairs: [YAMLPair] = []
                    pairs.reserveCapacity(top.items.count / 2)
                    var k = 0
                    while k + 1 < top.items.count {
                        pairs.append(YAMLPair(key: top.items[k], value: top.items[k + 1]))
                        k += 2
                    }
                    node = YAMLNode(.mapping(pairs), line: top.line, column: top.column)
                } else {
                    node = YAMLNode(.sequence(top.items), line: top.line, column: top.column)
                }
            }
        }
        guard let finished else { return .failure(.truncated) }
        return .success(finished)
    }
}

extension ManifestDocument {
    enum CodingKeys: String, CodingKey { case file, index, format, root, nodes }

    /// Writes `nodes` (flat); reads `nodes`, or `root` as a tree (version 1 evidence, hand-written examples).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(file, forKey: .file)
        try c.encode(index, forKey: .index)
        try c.encode(format, forKey: .format)
        try c.encode(FlatYAML.flatten(root), forKey: .nodes)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let file = try c.decode(String.self, forKey: .file)
        let index = try c.decode(Int.self, forKey: .index)
        let format = try c.decode(InputFormat.self, forKey: .format)
        if let nodes = try c.decodeIfPresent([FlatYAMLNode].self, forKey: .nodes) {
            switch FlatYAML.build(nodes) {
            case .success(let root): self.init(file: file, index: index, format: format, root: root)
            case .failure(let problem):
                throw DecodingError.dataCorruptedError(forKey: .nodes, in: c, debugDescription: problem.description)
            }
        } else {
            self.init(file: file, index: index, format: format, root: try c.decode(YAMLNode.self, forKey: .root))
        }
    }
}
