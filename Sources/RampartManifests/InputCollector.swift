#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import RampartCore
import RampartYAML

/// Reads files, directories and stdin into facts. Gathers only: classification of a document's format is
/// a fact; judging it is not done here.
public struct InputCollector: Sendable {
    /// Largest file read; a larger one is an `input/too-large` problem (never read into memory).
    public var maxFileBytes: Int = FileReader.defaultMaxBytes
    public var limits = YAMLLimits()
    /// Kubernetes kinds whose documents are kept for rules; others are listed as skipped.
    /// nil keeps every kind (for custom rules that match any kind).
    public var keptKinds: Set<String>? = KubernetesKinds.judged
    /// The name a file is reported under, from the path it is opened by; the audit layer makes `k8s/a.yaml`,
    /// `./k8s/a.yaml` and `$PWD/k8s/a.yaml` one name (so one fingerprint). Identity by default.
    public var displayName: @Sendable (String) -> String = { $0 }

    public init() {}

    /// Suffixes picked up when walking a directory. Files named on the command line are read whatever their suffix.
    static let yamlSuffixes = [".yaml", ".yml"]
    /// JSON is YAML's flow style, so `kubectl get -o json` output parses with the same locations. A
    /// directory's other JSON (package.json, lock files) is listed as skipped without being parsed.
    static let jsonSuffix = ".json"

    public func collect(paths: [String], readStdin: @Sendable () -> [UInt8]? = InputCollector.readStandardInput) -> FactSet {
        var facts = FactSet()
        for part in collect(paths: paths, readStdin: readStdin, transform: { $0 }) { facts.merge(part) }
        return facts
    }

    /// Collects each file on its own and hands its facts to `transform` on the worker that parsed it, so a
    /// caller can judge a file and keep only what it needs from it. Problems found while walking
    /// directories come as one more FactSet. Results are in input order.
    public func collect<T: Sendable>(paths: [String], readStdin: @Sendable () -> [UInt8]? = InputCollector.readStandardInput,
                                     transform: @Sendable (FactSet) -> T) -> [T] {
        var files: [String] = []
        var walkedJSON = Set<String>()
        var walkFacts = FactSet()
        for path in paths {
            if path == "-" {
                files.append("-")
                continue
            }
            let walked = DirectoryWalker.walk(path, suffixes: InputCollector.yamlSuffixes + [InputCollector.jsonSuffix])
            for file in walked.files where file != path && file.hasSuffix(InputCollector.jsonSuffix) { walkedJSON.insert(file) }
            files += walked.files
            walkFacts.problems += walked.problems
        }
        // Parse files in parallel; each slot is written by exactly one iteration.
        let paths = files
        let sniffJSON = walkedJSON
        let results = ConcurrentSlots<T>(count: paths.count)
        DispatchQueue.concurrentPerform(iterations: paths.count) { i in
            let file = paths[i]
            var facts: FactSet
            if file == "-" {
                if let bytes = readStdin() {
                    facts = collect(bytes: bytes, name: "<stdin>")
                } else {
                    facts = FactSet()
                    facts.sources = ["-"]
                    facts.problems = [InputProblem(kind: .unreadable, source: "<stdin>", message: "standard input could not be read")]
                }
            } else if sniffJSON.contains(file) {
                facts = collectFoundJSON(file: file)
            } else {
                facts = collect(file: file, name: displayName(file))
            }
            results[i] = transform(facts)
        }
        var out = results.values
        if !walkFacts.problems.isEmpty { out.append(transform(walkFacts)) }
        return out
    }

    /// A `.json` file met while walking a directory: parsed when it looks like a manifest or Rampart
    /// document, otherwise listed as skipped (never silently dropped, never an error for a foreign file).
    func collectFoundJSON(file: String) -> FactSet {
        switch FileReader.read(file, maxBytes: maxFileBytes) {
        case .success(let bytes):
            if InputCollector.looksLikeManifestJSON(bytes) { return collect(bytes: bytes, name: file) }
            var facts = FactSet()
            facts.sources = [file]
            facts.skipped = [SkippedInput(source: file, reason: "JSON without apiVersion and kind, Compose services or a rampart header; not a manifest")]
            return facts
        case .failure(let problem):
            var facts = FactSet()
            facts.sources = [file]
            facts.problems = [problem]
            return facts
        }
    }

    /// A byte search for the keys that make a JSON document a Kubernetes object (or List), a Compose file
    /// or a Rampart document. Cheap on large foreign files; a false positive is only parsed and classified.
    static func looksLikeManifestJSON(_ bytes: [UInt8]) -> Bool {
        func contains(_ needle: String) -> Bool {
            let n = Array(needle.utf8)
            guard let first = n.first, bytes.count >= n.count else { return false }
            var i = 0
            let last = bytes.count - n.count
            while i <= last {
                if bytes[i] == first {
                    var j = 1
                    while j < n.count, bytes[i + j] == n[j] { j += 1 }
                    if j == n.count { return true }
                }
                i += 1
            }
            return false
        }
        return (contains("\"apiVersion\"") && contains("\"kind\"")) || contains("\"services\"") || contains("\"rampart\"")
    }

    /// Reads one regular file with size and type checks, then parses it.
    public func collect(file: String, name: String? = nil) -> FactSet {
        let name = name ?? file
        switch FileReader.read(file, maxBytes: maxFileBytes) {
        case .success(let bytes): return collect(bytes: bytes, name: name)
        case .failure(var problem):
            var facts = FactSet()
            facts.sources = [name]
            problem.source = name
            facts.problems = [problem]
            return facts
        }
    }

    /// Parses and classifies a YAML stream already in memory.
    public func collect(bytes: [UInt8], name: String) -> FactSet {
        var facts = FactSet()
        facts.sources = [name]
        if bytes.count > maxFileBytes {
            facts.problems.append(InputProblem(kind: .tooLarge, source: name,
                                               message: "\(bytes.count) bytes is over the \(maxFileBytes)-byte limit; not parsed"))
            return facts
        }
        if let nul = bytes.firstIndex(of: 0) {
            facts.problems.append(InputProblem(kind: .notText, source: name, line: lineOf(offset: nul, in: bytes), column: 1,
                                               message: "binary data (NUL byte at offset \(nul)); not a YAML text file"))
            return facts
        }
        var keepKind: (@Sendable (String) -> Bool)?
        if let kinds = keptKinds {
            keepKind = { kind in kinds.contains(kind) || kind.hasSuffix("List") }
        }
        let stream = YAMLLoader.parse(bytes, file: name, limits: limits, keepKind: keepKind)
        facts.problems += stream.problems
        for skipped in stream.skippedKinds {
            facts.skipped.append(SkippedInput(source: "\(name)#\(skipped.index)", reason: "kind \(skipped.kind) has no rules"))
        }
        let classified = stream.documents.map { (index: $0.index, root: $0.root, format: DocumentClassifier.classify($0.root)) }
        let fileHasKubernetes = classified.contains { $0.format == .kubernetes }
        for doc in classified {
            switch doc.format {
            case .kubernetes:
                let kind = doc.root["kind"]?.string ?? ""
                if let keptKinds, !keptKinds.contains(kind), !kind.hasSuffix("List") {
                    facts.skipped.append(SkippedInput(source: "\(name)#\(doc.index)", reason: "kind \(kind) has no rules"))
                    continue
                }
                facts.documents.append(ManifestDocument(file: name, index: doc.index, format: .kubernetes, root: doc.root))
            case .compose, .design:
                facts.documents.append(ManifestDocument(file: name, index: doc.index, format: doc.format, root: doc.root))
            case .unknown:
                if doc.root.isNull { continue }   // empty document, e.g. a trailing `---`
                if let bad = DocumentClassifier.nonScalarIdentity(doc.root) {
                    // `kind: [Pod]` is a broken Kubernetes object, not a foreign document: say where.
                    facts.problems.append(InputProblem(kind: .invalidShape, source: name, line: bad.node.line, column: bad.node.column,
                                                       message: "expected a string for \(bad.key), found \(bad.node.isMapping ? "a mapping" : "a sequence"); document \(doc.index) not judged",
                                                       fieldPath: bad.key))
                    continue
                }
                if fileHasKubernetes {
                    // In a stream of Kubernetes objects, a document without apiVersion/kind is broken, not foreign.
                    facts.problems.append(InputProblem(kind: .invalidShape, source: name, line: doc.root.line, column: doc.root.column,
                                                       message: "document \(doc.index) is not a Kubernetes object: \(DocumentClassifier.whyNotKubernetes(doc.root))"))
                } else {
                    facts.skipped.append(SkippedInput(source: "\(name)#\(doc.index)",
                                                      reason: "not a Kubernetes object, Compose file or design (\(DocumentClassifier.whyNotKubernetes(doc.root)))"))
                }
            }
        }
        return facts
    }

    private func lineOf(offset: Int, in bytes: [UInt8]) -> Int {
        var line = 1
        for i in 0..<offset where bytes[i] == 0x0A { line += 1 }
        return line
    }

    @Sendable public static func readStandardInput() -> [UInt8]? {
        FileReader.readAll(fd: 0, maxBytes: FileReader.defaultMaxBytes + 1)
    }
}

extension InputCollector {
    /// Bytes of a regular file within the size limit, or nil (for configuration files such as policies).
    public func readRegularFile(_ path: String) -> [UInt8]? {
        if case .success(let bytes) = FileReader.read(path, maxBytes: maxFileBytes) { return bytes }
        return nil
    }
}
