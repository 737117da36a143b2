import RampartCore

/// What a file leaves behind once it has been judged on its own: only what cross-resource rules read.
/// Workloads keep their pod-level fields and lose their containers and volumes (the bulk of their
/// nodes); whole documents are kept only for the kinds asked for. Nodes keep their original line and
/// column, so findings made later still point at the right place.
public enum StubPruner {
    static let workloadBulk: Set<String> = ["containers", "initContainers", "ephemeralContainers", "volumes"]

    public static func stubs(of documents: [ManifestDocument], keepingWhole kinds: Set<String>) -> [ManifestDocument] {
        documents.compactMap { doc in
            guard doc.format == .kubernetes, let kind = doc.root["kind"]?.string else { return nil }
            // List kinds may hold anything: kept whole, they are rare.
            if kinds.contains(kind) || kind.hasSuffix("List") { return doc }
            guard KubernetesKinds.workloads.contains(kind) || kind == "PodTemplate" else { return nil }
            var pruned = doc
            pruned.root = prune(doc.root)
            return pruned
        }
    }

    /// Drops the bulky workload keys at any depth. Recursion is bounded by the loader's nesting limit.
    static func prune(_ node: YAMLNode) -> YAMLNode {
        guard let pairs = node.pairs else { return node }
        var out = node
        out.content = .mapping(pairs.compactMap { pair in
            if let key = pair.key.scalar?.value, workloadBulk.contains(key) { return nil }
            return YAMLPair(key: pair.key, value: pair.value.isMapping ? prune(pair.value) : pair.value)
        })
        return out
    }
}
