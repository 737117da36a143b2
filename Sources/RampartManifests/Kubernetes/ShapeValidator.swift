import RampartCore

/// Checks the types of the fields that rules read, so that a wrong type is reported as what it is
/// (`expected a mapping for spec.template, found a sequence`) instead of looking like an absent field.
enum ShapeValidator {
    enum Expected: String {
        case mapping = "a mapping"
        case sequence = "a sequence"
        case scalar = "a scalar"
        case bool = "a boolean"
        case integer = "an integer"
        /// A user or group id: the API server accepts 0...2147483647 and rejects the rest.
        case id = "an integer from 0 to 2147483647"

        func accepts(_ node: YAMLNode) -> Bool {
            if node.isNull { return true }   // an explicit null reads as absent everywhere in Kubernetes
            switch self {
            case .mapping: return node.isMapping
            case .sequence: return node.isSequence
            case .scalar: return node.scalar != nil
            case .bool: return node.bool != nil
            case .integer: return node.scalar != nil && node.int != nil
            case .id: return node.scalar != nil && UserID(node) != nil
            }
        }
    }

    static let objectFields: [(String, Expected)] = [("metadata", .mapping), ("metadata.labels", .mapping), ("metadata.annotations", .mapping), ("spec", .mapping)]

    static let podFields: [(String, Expected)] = [
        ("containers", .sequence), ("initContainers", .sequence), ("ephemeralContainers", .sequence),
        ("volumes", .sequence), ("securityContext", .mapping), ("hostNetwork", .bool), ("hostPID", .bool), ("hostIPC", .bool),
        ("automountServiceAccountToken", .bool), ("serviceAccountName", .scalar),
        ("securityContext.runAsUser", .id), ("securityContext.runAsGroup", .id), ("securityContext.fsGroup", .id),
        ("securityContext.runAsNonRoot", .bool),
    ]

    static let containerFields: [(String, Expected)] = [
        ("image", .scalar), ("securityContext", .mapping), ("securityContext.privileged", .bool),
        ("securityContext.allowPrivilegeEscalation", .bool), ("securityContext.readOnlyRootFilesystem", .bool),
        ("securityContext.runAsNonRoot", .bool), ("securityContext.runAsUser", .id), ("securityContext.runAsGroup", .id), ("securityContext.capabilities", .mapping),
        ("securityContext.capabilities.add", .sequence), ("securityContext.capabilities.drop", .sequence),
        ("ports", .sequence), ("env", .sequence), ("envFrom", .sequence), ("resources", .mapping), ("volumeMounts", .sequence),
    ]

    static func problems(in objects: [KubernetesObject]) -> [InputProblem] {
        var problems: [InputProblem] = []
        for object in objects {
            func check(_ base: FieldRef, _ fields: [(String, Expected)]) {
                for (path, expected) in fields {
                    let field = base.field(path)
                    guard let node = field.node, !expected.accepts(node) else { continue }
                    let found = expected == .id && node.int != nil ? "a number out of that range" : describe(node)
                    problems.append(InputProblem(kind: .invalidShape, source: object.file, line: node.line, column: node.column,
                                                 message: "expected \(expected.rawValue) for \(field.path), found \(found)",
                                                 resource: object.resourceName, fieldPath: field.path))
                }
            }
            check(object.root, objectFields)
            guard let templatePath = Workload.podTemplatePaths[object.kind] else { continue }
            var parent = object.root
            // Each step of the template path must be a mapping for the pod spec to be found.
            for step in templatePath.split(separator: ".") {
                parent = parent.child(String(step))
                if let node = parent.node, !node.isMapping, !node.isNull {
                    problems.append(InputProblem(kind: .invalidShape, source: object.file, line: node.line, column: node.column,
                                                 message: "expected a mapping for \(parent.path), found \(describe(node))",
                                                 resource: object.resourceName, fieldPath: parent.path))
                    break
                }
            }
            guard let workload = Workload(object) else { continue }
            check(workload.podSpec, podFields)
            for kind in Container.Kind.allCases {
                for item in workload.podSpec.child(kind.rawValue).items {
                    guard let node = item.node else { continue }
                    if !node.isMapping {
                        problems.append(InputProblem(kind: .invalidShape, source: object.file, line: node.line, column: node.column,
                                                     message: "expected a mapping for \(item.path), found \(describe(node))",
                                                     resource: object.resourceName, fieldPath: item.path))
                    }
                }
            }
            for container in workload.containers { check(container.field, containerFields) }
        }
        return problems
    }

    static func describe(_ node: YAMLNode) -> String {
        switch node.content {
        case .mapping: return "a mapping"
        case .sequence: return "a sequence"
        // The value itself is not quoted: a mistyped field may hold a secret.
        case .scalar:
            if node.int != nil { return "a number" }
            // Digits too many for a 64-bit integer are a number, not a string, to the reader.
            if let s = node.scalar, s.style == .plain, s.value.drop(while: { $0 == "-" || $0 == "+" }).count > 1,
               s.value.drop(while: { $0 == "-" || $0 == "+" }).allSatisfy({ $0.isASCII && $0.isNumber }) {
                return "a number too large for a 64-bit integer"
            }
            return node.bool != nil ? "a boolean" : "a string"
        }
    }
}
