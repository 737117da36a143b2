import RampartCore

/// Views over the collected manifests, built once per evaluation so that no rule re-walks the documents.
public struct ManifestIndex: Sendable {
    public let objects: [KubernetesObject]
    public let workloads: [Workload]
    public let composeProjects: [ComposeProject]
    /// Control-plane components run in pods (kubeadm static pods), with their flags read.
    public let controlPlane: [ControlPlaneComponent]
    /// Kubelet settings from KubeletConfiguration files and from kubelets run in pods.
    public let kubelets: [KubeletSettings]
    public let encryptionConfigurations: [EncryptionConfiguration]
    /// Shape problems found while building the views (e.g. a List whose items is not a sequence).
    public let problems: [InputProblem]
    /// Files with a duplicated key, whose documents were also judged as each other reading of it: the
    /// same finding may come from several readings, anchored at either copy of the key.
    public let filesReadSeveralWays: Set<String>

    public init(_ documents: [ManifestDocument]) {
        var objects: [KubernetesObject] = []
        var compose: [ComposeProject] = []
        var problems: [InputProblem] = []
        // Readers differ on a duplicated key (some reject the document, others keep the first or the last copy),
        // so each reading is judged and the findings are the union (`Facts.unique` drops repeats).
        var severalWays = Set<String>()
        let readings = documents.flatMap { doc in
            let alternatives = DuplicateKeyReadings.alternatives(of: doc.root)
            if !alternatives.isEmpty { severalWays.insert(doc.file) }
            return [doc] + alternatives.map { ManifestDocument(file: doc.file, index: doc.index, format: doc.format, root: $0) }
        }
        self.filesReadSeveralWays = severalWays
        for doc in readings {
            switch doc.format {
            case .kubernetes:
                guard let object = KubernetesObject(file: doc.file, node: doc.root) else { continue }
                if object.kind.hasSuffix("List"), let n = object.node["items"] {
                    guard let items = n.sequence else {
                        problems.append(InputProblem(kind: .invalidShape, source: doc.file, line: n.line, column: n.column,
                                                     message: "items of \(object.kind) must be a sequence", resource: object.resourceName, fieldPath: "items"))
                        continue
                    }
                    for (i, item) in items.enumerated() {
                        if let inner = KubernetesObject(file: doc.file, node: item, basePath: "items[\(i)]") {
                            objects.append(inner)
                        } else {
                            problems.append(InputProblem(kind: .invalidShape, source: doc.file, line: item.line, column: item.column,
                                                         message: "item \(i) of \(object.kind) is not a Kubernetes object (no apiVersion or kind)",
                                                         fieldPath: "items[\(i)]"))
                        }
                    }
                } else {
                    objects.append(object)
                }
            case .compose:
                compose.append(ComposeProject(doc))
            case .design, .unknown:
                break
            }
        }
        self.objects = objects
        self.workloads = objects.compactMap(Workload.init)
        self.controlPlane = workloads.flatMap(ControlPlaneComponent.components(in:))
        self.kubelets = objects.compactMap(KubeletSettings.init(configuration:)) + controlPlane.compactMap(KubeletSettings.init(component:))
        self.encryptionConfigurations = objects.compactMap(EncryptionConfiguration.init)
        self.composeProjects = compose
        // Every reading of a duplicated key yields the same shape problems; report each once.
        var seen = Set<InputProblem>()
        self.problems = (problems + ShapeValidator.problems(in: objects) + compose.flatMap { ComposeShapeValidator.problems(in: $0.document) })
            .filter { seen.insert($0).inserted }
    }

    public var composeServices: [(project: ComposeProject, service: ComposeService)] {
        composeProjects.flatMap { project in project.services.map { (project, $0) } }
    }

    public func objects(ofKind kinds: Set<String>) -> [KubernetesObject] {
        objects.filter { kinds.contains($0.kind) }
    }
}

/// The other ways a document with duplicated keys can be read: in each alternative, one earlier
/// occurrence of a duplicated key is the one that counts (the loaded tree already has the last one win).
enum DuplicateKeyReadings {
    /// Alternatives per document; beyond this a file with many duplicates is judged by the first few
    /// (every duplicate is still reported by input/duplicate-key).
    static let limit = 16

    static func alternatives(of root: YAMLNode) -> [YAMLNode] {
        alternatives(of: root, limit: limit)
    }

    private static func alternatives(of node: YAMLNode, limit: Int) -> [YAMLNode] {
        guard limit > 0 else { return [] }
        switch node.content {
        case .scalar:
            return []
        case .sequence(let items):
            var out: [YAMLNode] = []
            for (i, item) in items.enumerated() where out.count < limit {
                for alternative in alternatives(of: item, limit: limit - out.count) {
                    var copy = items
                    copy[i] = alternative
                    out.append(YAMLNode(.sequence(copy), line: node.line, column: node.column))
                }
            }
            return out
        case .mapping(let pairs):
            var out: [YAMLNode] = []
            if hasDuplicateKey(pairs) {
                var last: [String: Int] = [:]
                for (i, pair) in pairs.enumerated() { if let key = pair.key.scalar?.value { last[key] = i } }
                for (i, pair) in pairs.enumerated() where out.count < limit {
                    guard let key = pair.key.scalar?.value, last[key] != i else { continue }
                    // This occurrence wins: drop the other occurrences of the key.
                    let kept = pairs.enumerated().filter { $0.offset == i || $0.element.key.scalar?.value != key }.map(\.element)
                    out.append(YAMLNode(.mapping(kept), line: node.line, column: node.column))
                }
            }
            for (i, pair) in pairs.enumerated() where out.count < limit {
                for alternative in alternatives(of: pair.value, limit: limit - out.count) {
                    var copy = pairs
                    copy[i].value = alternative
                    out.append(YAMLNode(.mapping(copy), line: node.line, column: node.column))
                }
            }
            return out
        }
    }

    private static func hasDuplicateKey(_ pairs: [YAMLPair]) -> Bool {
        if pairs.count <= 12 {
            for i in pairs.indices {
                guard let key = pairs[i].key.scalar?.value else { continue }
                for j in 0..<i where pairs[j].key.scalar?.value == key { return true }
            }
            return false
        }
        var seen = Set<String>()
        for pair in pairs { if let key = pair.key.scalar?.value, !seen.insert(key).inserted { return true } }
        return false
    }
}
