import RampartCore

/// A Kubernetes label selector (`matchLabels` + `matchExpressions`), as NetworkPolicy podSelector uses it,
/// read once from YAML so that matching many pods against it does not re-walk the document.
public struct LabelSelector: Sendable {
    public enum Operator: Sendable { case inSet, notIn, exists, doesNotExist, invalid }
    public struct Expression: Sendable {
        public let key: String
        public let op: Operator
        public let values: Set<String>
    }

    public let matchLabels: [(key: String, value: String)]
    public let expressions: [Expression]

    /// An absent, null or empty selector selects everything.
    public init(_ node: YAMLNode?) {
        var labels: [(String, String)] = []
        var expressions: [Expression] = []
        for pair in node?["matchLabels"]?.pairs ?? [] {
            labels.append((pair.key.string ?? "", pair.value.string ?? ""))
        }
        for item in node?["matchExpressions"]?.items ?? [] {
            let op: Operator
            switch item["operator"]?.string {
            case "In": op = .inSet
            case "NotIn": op = .notIn
            case "Exists": op = .exists
            case "DoesNotExist": op = .doesNotExist
            default: op = .invalid // the API server would reject it; it selects nothing
            }
            expressions.append(Expression(key: item["key"]?.string ?? "", op: op, values: Set(item["values"]?.strings ?? [])))
        }
        matchLabels = labels
        self.expressions = expressions
    }

    public func matches(_ labels: [String: String]) -> Bool {
        for (key, value) in matchLabels where labels[key] != value { return false }
        for e in expressions {
            let value = labels[e.key]
            switch e.op {
            case .inSet: guard let value, e.values.contains(value) else { return false }
            case .notIn: if let value, e.values.contains(value) { return false }
            case .exists: if value == nil { return false }
            case .doesNotExist: if value != nil { return false }
            case .invalid: return false
            }
        }
        return true
    }
}
