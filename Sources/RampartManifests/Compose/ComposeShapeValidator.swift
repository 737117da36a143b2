import RampartCore

/// Checks the shapes of the Compose fields that rules read, so that a service written as a list or a `ports`
/// written as a string is an `input/invalid-shape` problem (the file was not fully judged) instead of looking
/// like an absent field to every rule. Services that are not mappings are left out of `ComposeProject.services`.
enum ComposeShapeValidator {
    static let sequenceKeys = ["ports", "volumes", "cap_add", "cap_drop", "security_opt", "devices", "expose"]
    static let mappingOrSequenceKeys = ["environment", "labels"]

    static func problems(in document: ManifestDocument) -> [InputProblem] {
        var problems: [InputProblem] = []
        func report(_ node: YAMLNode, _ message: String, service: String, path: String) {
            problems.append(InputProblem(kind: .invalidShape, source: document.file, line: node.line, column: node.column,
                                         message: message, resource: "service \(service)", fieldPath: path))
        }
        let servicesField = ComposeProject.servicesField(of: document)
        for pair in servicesField.node?.pairs ?? [] {
            guard let name = pair.key.string else { continue }
            let service = ComposeService(file: document.file, name: name, field: servicesField.child(name))
            // `worker:` with no body: Compose reports it, and there is nothing to judge.
            guard let node = service.node, !node.isNull else { continue }
            guard node.isMapping else {
                report(node, "service \(name) is a \(kind(node)); expected a mapping of service settings", service: name, path: service.field.path)
                continue
            }
            for key in sequenceKeys {
                let field = service.field(key)
                if let value = field.node, !value.isNull, !value.isSequence {
                    report(value, "\(key) is a \(kind(value)); expected a list", service: name, path: field.path)
                }
            }
            for key in mappingOrSequenceKeys {
                let field = service.field(key)
                if let value = field.node, !value.isNull, !value.isSequence, !value.isMapping {
                    report(value, "\(key) is a \(kind(value)); expected a mapping or a list of KEY=VALUE", service: name, path: field.path)
                }
            }
            for item in service.field("ports").items {
                guard let value = item.node, ComposePort.parse(item) == nil else { continue }
                // Interpolated entries are decided by the environment; they are not shape errors.
                if let text = value.string, ComposeValue.isInterpolated(text) { continue }
                // Long syntax takes a port or range in `published`; say so at that line rather than at the entry.
                let publishedField = item.child("published")
                if value.isMapping, let publishedNode = publishedField.node, let published = publishedNode.string, !published.isEmpty,
                   !ComposeValue.isInterpolated(published), ComposePort.range(published) == nil {
                    let hint = published.contains(":") ? "; the address belongs in host_ip" : ""
                    report(publishedNode, "published '\(published)' is not a port or port range\(hint); expected published: PORT or START-END",
                           service: name, path: publishedField.path)
                    continue
                }
                let expected = "expected [HOST_IP:][PUBLISHED:]TARGET[/PROTOCOL] with ports in 0-65535, or a mapping with target"
                report(value, "port entry \(value.string.map { "'\($0)'" } ?? "(\(kind(value)))") cannot be read; \(expected)",
                       service: name, path: item.path)
            }
            for item in service.field("volumes").items {
                guard let value = item.node else { continue }
                if value.string != nil { continue }
                if value.isMapping, value["target"]?.string != nil { continue }
                report(value, "volume entry (\(kind(value))) cannot be read; expected SOURCE:TARGET[:MODE] or a mapping with type, source and target",
                       service: name, path: item.path)
            }
        }
        return problems
    }

    static func kind(_ node: YAMLNode) -> String {
        if node.isMapping { return "mapping" }
        if node.isSequence { return "sequence" }
        if node.isNull { return "null" }
        return "scalar"
    }
}
