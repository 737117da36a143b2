import RampartCore
import RampartManifests
import RampartYAML

/// The only place RampartDesign touches the YAML loader and file reading, so that moving the loader to
/// another module changes this file alone.
struct DesignInputs: Sendable {
    var collector: InputCollector

    /// Parses one included file through the shared loader (same limits, same problems as any input).
    /// Returns its design documents and the problems met reading it.
    func read(_ path: String) -> (documents: [YAMLNode], problems: [InputProblem]) {
        let facts = collector.collect(file: path)
        let docs = facts.documents.filter { $0.format == .design }.map(\.root)
        return (docs, facts.problems)
    }
}

extension DesignHeader {
    /// `rampart: design` (a root) or `rampart: design-fragment` (only loaded through `includes:`).
    static func of(_ root: YAMLNode) -> DesignHeader? {
        switch root["rampart"]?.string {
        case "design": .root
        case "design-fragment": .fragment
        default: nil
        }
    }
}

enum DesignHeader { case root, fragment }
