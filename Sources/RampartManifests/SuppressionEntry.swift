import RampartCore

/// One inline suppression as written: the annotation (Kubernetes) or label (Compose) key, the node to point
/// at, its reason. Unlike `suppressions`, keeps keys that name no rule, so that they can be reported.
public struct SuppressionEntry: Sendable {
    /// The key after `suppress.rampart.io/`, e.g. `k8s.host-network`.
    public let suffix: String
    public let reason: String
    public let field: FieldRef

    /// `domain/name` from the first dot; nil when the key has no dot.
    public var ruleID: String? {
        guard let dot = suffix.firstIndex(of: "."), dot != suffix.startIndex else { return nil }
        return "\(suffix[..<dot])/\(suffix[suffix.index(after: dot)...])"
    }

    public static func annotations(of object: KubernetesObject) -> [SuppressionEntry] {
        let annotations = object.field("metadata.annotations")
        return (annotations.node?.pairs ?? []).compactMap { pair in
            guard let key = pair.key.string, key.hasPrefix(KubernetesObject.suppressionPrefix) else { return nil }
            let field = annotations.child(key)
            return SuppressionEntry(suffix: String(key.dropFirst(KubernetesObject.suppressionPrefix.count)),
                                    reason: (pair.value.string ?? "").trimmingWhitespace,
                                    field: FieldRef(path: field.path, node: field.node, anchor: pair.key))
        }
    }

    /// Labels in either Compose form: a mapping (pointing at the key) or a list of `KEY=VALUE` (at the item).
    public static func labels(of service: ComposeService) -> [SuppressionEntry] {
        let labels = service.field("labels")
        if let pairs = labels.node?.pairs {
            return pairs.compactMap { pair in
                guard let key = pair.key.string, key.hasPrefix(KubernetesObject.suppressionPrefix) else { return nil }
                let field = labels.child(key)
                return SuppressionEntry(suffix: String(key.dropFirst(KubernetesObject.suppressionPrefix.count)),
                                        reason: (pair.value.string ?? "").trimmingWhitespace,
                                        field: FieldRef(path: field.path, node: field.node, anchor: pair.key))
            }
        }
        return labels.items.compactMap { item in
            guard let text = item.node?.string, text.hasPrefix(KubernetesObject.suppressionPrefix) else { return nil }
            let rest = text.dropFirst(KubernetesObject.suppressionPrefix.count)
            let key = rest.firstIndex(of: "=").map { rest[..<$0] } ?? rest
            let reason = rest.firstIndex(of: "=").map { String(rest[rest.index(after: $0)...]) } ?? ""
            return SuppressionEntry(suffix: String(key), reason: reason.trimmingWhitespace, field: item)
        }
    }
}
