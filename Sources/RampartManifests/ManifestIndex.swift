import RampartCore

/// Views over the collected manifests, built once per evaluation so that no rule re-walks the documents.
public struct ManifestIndex: Sendable {
    public let objects: [KubernetesObject]
    public let workloads: [Workload]
    public let composeProjects: [ComposeProject]
    /// Shape problems found while building the views (e.g. a List whose items is not a sequence).
    public let problems: [InputProblem]

    public init(_ documents: [ManifestDocument]) {
        var objects: [KubernetesObject] = []
        var compose: [ComposeProject] = []
        var problems: [InputProblem] = []
        for doc in documents {
            switch doc.format {
            case .kubernetes:
                guard let object = KubernetesObject(file: doc.file, node: doc.root) else { continue }
                if object.kind.hasSuffix("List"), object.node["items"] != nil {
                    guard let items = object.node["items"]?.sequence else {
                        let n = object.node["items"]!
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
        self.composeProjects = compose
        self.problems = problems + ShapeValidator.problems(in: objects) + compose.flatMap { ComposeShapeValidator.problems(in: $0.document) }
    }

    public var composeServices: [(project: ComposeProject, service: ComposeService)] {
        composeProjects.flatMap { project in project.services.map { (project, $0) } }
    }

    public func objects(ofKind kinds: Set<String>) -> [KubernetesObject] {
        objects.filter { kinds.contains($0.kind) }
    }
}
