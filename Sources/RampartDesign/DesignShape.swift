import RampartCore

/// Reads typed values out of design YAML and records, as `input/*` problems at file:line:column, every key
/// it does not know (with the closest known key), every wrong type and every value out of range.
struct DesignShape {
    var file: String
    var problems: [InputProblem] = []

    init(file: String) { self.file = file }

    func location(_ node: YAMLNode) -> SourceLocation {
        SourceLocation(file: file, line: node.line, column: node.column)
    }

    mutating func fail(_ node: YAMLNode, _ path: String, _ message: String, kind: InputProblem.Kind = .invalidShape) {
        problems.append(InputProblem(kind: kind, source: file, line: node.line, column: node.column,
                                     message: "\(path): \(message)", fieldPath: path))
    }

    static func describe(_ node: YAMLNode) -> String {
        if node.isMapping { return "a mapping" }
        if node.isSequence { return "a sequence" }
        if node.isNull { return "nothing (null)" }
        return "'\(String((node.string ?? "").prefix(40)))'"
    }

    /// The mapping's keys and values, after checking each key is one of `keys`.
    mutating func mapping(_ node: YAMLNode, _ path: String, keys: [String]) -> [(key: String, keyNode: YAMLNode, value: YAMLNode)]? {
        guard let pairs = node.pairs else {
            fail(node, path, "expected a mapping, found \(Self.describe(node))")
            return nil
        }
        var out: [(String, YAMLNode, YAMLNode)] = []
        for pair in pairs {
            guard let key = pair.key.string else {
                fail(pair.key, path, "expected a text key, found \(Self.describe(pair.key))")
                continue
            }
            guard keys.contains(key) else {
                let hint = Spelling.closest(to: key, among: keys).map { " (did you mean '\($0)'?)" } ?? ""
                fail(pair.key, path.isEmpty ? key : "\(path).\(key)", "unknown key '\(key)'\(hint)")
                continue
            }
            out.append((key, pair.key, pair.value))
        }
        return out
    }

    mutating func list(_ node: YAMLNode, _ path: String) -> [YAMLNode]? {
        if node.isNull { return [] }
        guard let items = node.sequence else {
            fail(node, path, "expected a sequence, found \(Self.describe(node))")
            return nil
        }
        return items
    }

    mutating func string(_ node: YAMLNode, _ path: String) -> String? {
        guard let s = node.scalar, !node.isNull else {
            fail(node, path, "expected text, found \(Self.describe(node))")
            return nil
        }
        guard !s.value.isEmpty else {
            fail(node, path, "must not be empty")
            return nil
        }
        return s.value
    }

    mutating func int(_ node: YAMLNode, _ path: String, in range: ClosedRange<Int>) -> Int? {
        guard let value = node.int else {
            fail(node, path, "expected a whole number, found \(Self.describe(node))")
            return nil
        }
        guard range.contains(value) else {
            fail(node, path, "\(value) is outside \(range.lowerBound)…\(range.upperBound)")
            return nil
        }
        return value
    }

    mutating func bool(_ node: YAMLNode, _ path: String) -> Bool? {
        guard let value = node.bool else {
            fail(node, path, "expected true or false, found \(Self.describe(node))")
            return nil
        }
        return value
    }

    mutating func choice<E: RawRepresentable & CaseIterable>(_ node: YAMLNode, _ path: String, _: E.Type) -> E?
    where E.RawValue == String {
        guard let raw = string(node, path) else { return nil }
        if let value = E(rawValue: raw) { return value }
        let all = E.allCases.map(\.rawValue)
        let hint = Spelling.closest(to: raw, among: all).map { "did you mean '\($0)'? " } ?? ""
        fail(node, path, "'\(raw)' is not one of the known values; \(hint)expected one of \(all.joined(separator: ", "))")
        return nil
    }
}
