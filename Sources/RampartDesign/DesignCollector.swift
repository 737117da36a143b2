import RampartCore
import RampartManifests

/// Turns the design documents a collection found into design models (reading their includes), and their
/// problems into input problems. Fragments (`rampart: design-fragment`) are loaded only through the design
/// that includes them, so they are listed as skipped on their own.
public enum DesignCollector {
    public static func resolve(_ facts: FactSet, collector: InputCollector = InputCollector(),
                               options: DesignLoader.Options = DesignLoader.Options()) -> FactSet {
        guard facts.documents.contains(where: { $0.format == .design }) else { return facts }
        var out = facts
        out.documents = facts.documents.filter { $0.format != .design }
        let inputs = DesignInputs(collector: collector)
        for doc in facts.documents where doc.format == .design {
            switch DesignHeader.of(doc.root) {
            case .root:
                let (model, problems) = DesignLoader.load(root: doc.root, file: doc.file, inputs: inputs, options: options)
                out.problems += problems
                if let model { out.design.append(model) }
            case .fragment:
                out.skipped.append(SkippedInput(source: "\(doc.file)#\(doc.index)",
                                                reason: "design fragment: judged through the design that includes it"))
            case nil:
                break
            }
        }
        return out
    }

    /// Loads one design file (for `rampart design graph` and `rampart init`).
    public static func load(file: String, collector: InputCollector = InputCollector()) -> FactSet {
        resolve(collector.collect(file: file), collector: collector)
    }
}
