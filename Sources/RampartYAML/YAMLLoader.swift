import CYAML
import RampartCore

/// Limits that keep hostile YAML in bounded time and memory. Every limit that is hit becomes an
/// `input/too-large` problem naming the file and line, never a crash.
public struct YAMLLimits: Sendable {
    /// Deepest nesting of sequences and mappings; deeper documents are refused (rules recurse on none,
    /// but evidence encoding does).
    public var maxDepth: Int = 256
    /// Nodes built from one file, across all its documents, counting every alias expansion. Rules,
    /// findings and evidence all grow with this count, so it bounds a scan's time and memory per file
    /// (about 2.5 MB of ordinary YAML; documents of kinds no rule reads are not built and do not count).
    public var maxExpandedNodes: Int = 250_000
    /// Nodes added by aliases in one file. Ordinary anchors (Compose `x-` blocks, merge keys) add a few
    /// hundred; an alias bomb or thousands of aliased containers add orders of magnitude more.
    public var maxAliasNodes: Int = 100_000

    public init() {}
}

/// Result of parsing one YAML stream: the documents that parsed and the problems, with locations.
public struct YAMLStream: Sendable {
    public var documents: [(index: Int, root: YAMLNode)] = []
    public var problems: [InputProblem] = []
    /// Documents not built because `keepKind` declined their top-level `kind`.
    public var skippedKinds: [(index: Int, kind: String)] = []
}

/// Parses YAML with libyaml's event API into `YAMLNode` trees that keep line and column.
/// A syntax error loses only the document it is in: parsing restarts at the next `---` line.
public enum YAMLLoader {
    /// `keepKind`, when given, is asked about each document's top-level `kind` as soon as it is read; a
    /// document it declines is parsed (syntax is still checked) but no tree is built for it.
    public static func parse(_ bytes: [UInt8], file: String, limits: YAMLLimits = YAMLLimits(),
                             keepKind: (@Sendable (String) -> Bool)? = nil) -> YAMLStream {
        var stream = YAMLStream()
        // libyaml re-checks every open flow level on each token, so deep flow nesting costs quadratic time;
        // refuse it before libyaml sees it.
        if let deep = FlowDepthScanner.firstExcess(in: bytes, limit: limits.maxDepth) {
            stream.problems.append(InputProblem(kind: .tooLarge, source: file, line: deep.line, column: deep.column,
                                                message: "flow nesting deeper than \(limits.maxDepth) levels; file not parsed"))
            return stream
        }
        var budget = NodeBudget(limits: limits)
        var offset = 0          // byte offset where the current parser started
        var lineOffset = 0      // lines before that offset
        var documentIndex = 0
        // Each restart begins strictly after the previous error, so this loop ends.
        while offset < bytes.count || (offset == 0 && bytes.isEmpty) {
            let slice = bytes[offset...]
            let outcome = parseRun(Array(slice), file: file, lineOffset: lineOffset, firstIndex: documentIndex, limits: limits,
                                   budget: &budget, keepKind: keepKind)
            stream.documents += outcome.documents
            stream.problems += outcome.problems
            stream.skippedKinds += outcome.skippedKinds
            documentIndex = outcome.nextIndex
            guard let errorLine = outcome.failedAtLine else { break }
            // Resume at the first document marker after the error line (line numbers here are 0-based within the slice).
            guard let resume = nextDocumentStart(in: slice, afterLine: errorLine - lineOffset) else { break }
            lineOffset += resume.lines
            offset += resume.bytes
            // The broken document still took a position in the stream.
            documentIndex += 1
        }
        return stream
    }

    private struct RunOutcome {
        var documents: [(index: Int, root: YAMLNode)] = []
        var problems: [InputProblem] = []
        var skippedKinds: [(index: Int, kind: String)] = []
        var nextIndex: Int
        /// 1-based absolute line of the error that stopped this run, nil when the run reached the end.
        var failedAtLine: Int?
    }

    /// Nodes built so far in the file, across restarts after syntax errors. Once a limit is passed the
    /// rest of the file is not built: its documents are covered by the one `input/too-large` problem.
    struct NodeBudget {
        let limits: YAMLLimits
        var nodes = 0
        var aliasNodes = 0
        var exhausted = false

        /// Counts `weight` more nodes (of which `aliased` came through an alias); the problem when a limit is passed now.
        mutating func spend(_ weight: Int, aliased: Bool) -> String? {
            guard !exhausted else { return nil }
            nodes += weight
            if aliased { aliasNodes += weight }
            if nodes > limits.maxExpandedNodes {
                exhausted = true
                return "file expands to more than \(limits.maxExpandedNodes) YAML nodes (counting alias expansions); this document and the rest of the file were not judged: split the file"
            }
            if aliasNodes > limits.maxAliasNodes {
                exhausted = true
                return "aliases in this file expand to more than \(limits.maxAliasNodes) YAML nodes (alias bomb?); this document and the rest of the file were not judged"
            }
            return nil
        }
    }

    /// Builder frame for an open collection.
    private struct Frame {
        var isMapping: Bool
        var line: Int
        var column: Int
        var anchor: String?
        var items: [YAMLNode] = []
        var weights: Int = 1
        var pendingKey: YAMLNode?
        var pendingKeyWeight = 0
    }

    private static func parseRun(_ bytes: [UInt8], file: String, lineOffset: Int, firstIndex: Int, limits: YAMLLimits,
                                 budget: inout NodeBudget, keepKind: (@Sendable (String) -> Bool)?) -> RunOutcome {
        var outcome = RunOutcome(nextIndex: firstIndex)
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            outcome.problems.append(InputProblem(kind: .unreadable, source: file, message: "libyaml could not initialise a parser"))
            return outcome
        }
        defer { yaml_parser_delete(&parser) }

        return bytes.withUnsafeBufferPointer { buffer -> RunOutcome in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var stack: [Frame] = []
            var anchors: [String: (node: YAMLNode, weight: Int)] = [:]
            var root: YAMLNode?
            var documentFailed = false   // a limit was hit or the kind is not wanted: skip events to the document end
            var skippedKind: String?
            var event = yaml_event_t()

            func fail(_ kind: InputProblem.Kind, line: Int, column: Int, _ message: String) {
                outcome.problems.append(InputProblem(kind: kind, source: file, line: line, column: column, message: message))
            }

            /// Adds a finished node to its parent, or makes it the document root.
            func attach(_ node: YAMLNode, weight: Int) {
                guard !stack.isEmpty else { root = node; return }
                let top = stack.count - 1
                if stack[top].isMapping {
                    if let key = stack[top].pendingKey {
                        if top == 0, let keepKind, key.scalar?.value == "kind", let kind = node.scalar?.value, !keepKind(kind) {
                            skippedKind = kind
                            documentFailed = true
                        }
                        stack[top].items.append(key)
                        stack[top].items.append(node)
                        stack[top].weights += stack[top].pendingKeyWeight + weight
                        stack[top].pendingKey = nil
                    } else {
                        stack[top].pendingKey = node
                        stack[top].pendingKeyWeight = weight
                    }
                } else {
                    stack[top].items.append(node)
                    stack[top].weights += weight
                }
            }

            /// Spends from the file's node budget; false (with the problem reported) once it is exhausted.
            func spend(_ weight: Int, aliased: Bool, line: Int, column: Int) -> Bool {
                guard let message = budget.spend(weight, aliased: aliased) else { return !budget.exhausted }
                fail(.tooLarge, line: line, column: column, message)
                documentFailed = true
                return false
            }

            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    let (line, column, message) = describeError(parser, bytes: buffer, lineOffset: lineOffset)
                    let kind: InputProblem.Kind = parser.error == YAML_READER_ERROR ? .notText : .unparsable
                    fail(kind, line: line, column: column, message)
                    outcome.failedAtLine = line
                    return outcome
                }
                defer { yaml_event_delete(&event) }
                let line = Int(event.start_mark.line) + 1 + lineOffset
                let column = Int(event.start_mark.column) + 1

                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return outcome
                case YAML_DOCUMENT_START_EVENT:
                    stack.removeAll()
                    anchors.removeAll()
                    root = nil
                    documentFailed = budget.exhausted
                    skippedKind = nil
                case YAML_DOCUMENT_END_EVENT:
                    if let skippedKind {
                        outcome.skippedKinds.append((outcome.nextIndex, skippedKind))
                    } else if let root, !documentFailed {
                        outcome.documents.append((outcome.nextIndex, root))
                    }
                    outcome.nextIndex += 1
                case YAML_SCALAR_EVENT:
                    if documentFailed { continue }
                    guard spend(1, aliased: false, line: line, column: column) else { continue }
                    let s = event.data.scalar
                    let value = String(decoding: UnsafeBufferPointer(start: s.value, count: Int(s.length)), as: UTF8.self)
                    let style: YAMLScalar.Style
                    switch s.style {
                    case YAML_PLAIN_SCALAR_STYLE: style = .plain
                    case YAML_LITERAL_SCALAR_STYLE, YAML_FOLDED_SCALAR_STYLE: style = .block
                    default: style = .quoted
                    }
                    let tag = s.tag.map { String(cString: $0) }
                    let node = YAMLNode(.scalar(YAMLScalar(value: value, style: style, tag: tag)), line: line, column: column)
                    if let anchor = s.anchor { anchors[String(cString: anchor)] = (node, 1) }
                    attach(node, weight: 1)
                case YAML_ALIAS_EVENT:
                    if documentFailed { continue }
                    let name = String(cString: event.data.alias.anchor)
                    guard let target = anchors[name] else {
                        // Also catches an alias to a collection that is still open (a recursive structure). The name is
                        // not echoed: an unquoted value such as `password: *S3cret` is read as an alias.
                        fail(.unparsable, line: line, column: column,
                             "an alias (a value starting with '*') refers to no complete anchor; quote the value if it is literal text; document skipped")
                        documentFailed = true
                        continue
                    }
                    guard spend(target.weight, aliased: true, line: line, column: column) else { continue }
                    attach(target.node, weight: target.weight)
                case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                    if documentFailed { continue }
                    let isMapping = event.type == YAML_MAPPING_START_EVENT
                    let anchorPtr = isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor
                    guard spend(1, aliased: false, line: line, column: column) else { continue }
                    if stack.count >= limits.maxDepth {
                        fail(.tooLarge, line: line, column: column, "nesting deeper than \(limits.maxDepth) levels; document skipped")
                        documentFailed = true
                        continue
                    }
                    stack.append(Frame(isMapping: isMapping, line: line, column: column, anchor: anchorPtr.map { String(cString: $0) }))
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    if documentFailed { continue }
                    guard let frame = stack.popLast() else { continue }
                    let node: YAMLNode
                    if frame.isMapping {
                        var pairs: [YAMLPair] = []
                        pairs.reserveCapacity(frame.items.count / 2)
                        var i = 0
                        while i + 1 < frame.items.count {
                            pairs.append(YAMLPair(key: frame.items[i], value: frame.items[i + 1]))
                            i += 2
                        }
                        let (merged, duplicates) = applyMergeKeys(pairs)
                        for dup in duplicates {
                            fail(.duplicateKey, line: dup.line, column: dup.column,
                                 "duplicate key '\(dup.scalar?.value ?? "?")' in mapping; readers differ on which value counts (some reject the file, others keep the first or the last), so the rules judged every value")
                        }
                        node = YAMLNode(.mapping(merged), line: frame.line, column: frame.column)
                    } else {
                        node = YAMLNode(.sequence(frame.items), line: frame.line, column: frame.column)
                    }
                    if let anchor = frame.anchor { anchors[anchor] = (node, frame.weights) }
                    attach(node, weight: frame.weights)
                default:
                    break
                }
                // Nothing more of this file is built once its budget is spent, so stop reading it now.
                if budget.exhausted { return outcome }
            }
        }
    }

    /// Applies YAML merge keys (`<<: *base` or `<<: [*a, *b]`): explicit keys win, then earlier merged maps.
    /// Returns the merged pairs and the key nodes that were duplicated explicitly.
    static func applyMergeKeys(_ pairs: [YAMLPair]) -> ([YAMLPair], [YAMLNode]) {
        // Fast path for the common case: small mapping, no merge key. Pairwise comparison beats hashing here.
        if pairs.count <= 12, !pairs.contains(where: { $0.key.scalar?.value == "<<" }) {
            var duplicates: [YAMLNode] = []
            for i in pairs.indices {
                guard let key = pairs[i].key.scalar?.value else { continue }
                for j in 0..<i where pairs[j].key.scalar?.value == key {
                    duplicates.append(pairs[i].key)
                    break
                }
            }
            return (pairs, duplicates)
        }
        var seen = Set<String>()
        var duplicates: [YAMLNode] = []
        var explicit: [YAMLPair] = []
        var mergeSources: [YAMLNode] = []
        for pair in pairs {
            if let key = pair.key.scalar, key.style == .plain, key.value == "<<",
               key.tag == nil || key.tag == "tag:yaml.org,2002:merge" {
                if pair.value.isMapping { mergeSources.append(pair.value) }
                else { mergeSources += pair.value.items.filter(\.isMapping) }
                continue
            }
            if let key = pair.key.scalar?.value {
                if !seen.insert(key).inserted { duplicates.append(pair.key) }
            }
            explicit.append(pair)
        }
        guard !mergeSources.isEmpty else { return (explicit, duplicates) }
        var result = explicit
        for source in mergeSources {
            for pair in source.pairs ?? [] {
                guard let key = pair.key.scalar?.value else { continue }
                if seen.insert(key).inserted { result.append(pair) }
            }
        }
        return (result, duplicates)
    }

    private static func describeError(_ parser: yaml_parser_t, bytes: UnsafeBufferPointer<UInt8>, lineOffset: Int) -> (Int, Int, String) {
        let problem = parser.problem.map { String(cString: $0) } ?? "syntax error"
        if parser.error == YAML_READER_ERROR {
            // Reader errors carry a byte offset, not a mark.
            let offset = min(Int(parser.problem_offset), bytes.count)
            var line = 1
            var lineStart = 0
            for i in 0..<offset where bytes[i] == 0x0A { line += 1; lineStart = i + 1 }
            let what = problem.contains("UTF-8") || problem.contains("octet") ? "not valid UTF-8 text: \(problem)" : problem
            return (line + lineOffset, offset - lineStart + 1, "\(what) (byte \(offset))")
        }
        let mark = parser.problem_mark
        var message = problem
        if let context = parser.context.map({ String(cString: $0) }) {
            message = "\(context), \(problem) (context at line \(Int(parser.context_mark.line) + 1 + lineOffset))"
        }
        return (Int(mark.line) + 1 + lineOffset, Int(mark.column) + 1, message)
    }

    /// Byte offset and line count of the first line that starts a document (`---`) at or after `afterLine`
    /// (1-based, relative to the slice), never the slice's own first byte, so every restart moves forward.
    private static func nextDocumentStart(in bytes: ArraySlice<UInt8>, afterLine: Int) -> (bytes: Int, lines: Int)? {
        var line = 1
        var i = bytes.startIndex
        while i < bytes.endIndex {
            // The error may be reported on the marker line itself; any marker past the start makes progress.
            if line >= afterLine, i > bytes.startIndex, bytes[i] == 0x2D, i + 2 < bytes.endIndex, bytes[i + 1] == 0x2D, bytes[i + 2] == 0x2D,
               i + 3 == bytes.endIndex || [0x0A, 0x0D, 0x20, 0x09].contains(bytes[i + 3]) {
                return (i - bytes.startIndex, line - 1)
            }
            // Advance to the next line.
            while i < bytes.endIndex, bytes[i] != 0x0A { i += 1 }
            i += 1
            line += 1
        }
        return nil
    }
}

/// Linear scan for `[` / `{` nesting outside quotes and comments. Approximate by design (a bracket inside a
/// plain scalar counts), which can only over-count depth in files with hundreds of unbalanced brackets.
enum FlowDepthScanner {
    static func firstExcess(in bytes: [UInt8], limit: Int) -> (line: Int, column: Int)? {
        // Depth can only exceed the limit if there are more opening brackets than the limit; most files have few.
        let opening = bytes.withUnsafeBufferPointer { buffer in
            buffer.reduce(into: 0) { count, b in if b == 0x5B || b == 0x7B { count &+= 1 } }
        }
        guard opening > limit else { return nil }
        return bytes.withUnsafeBufferPointer { buffer -> (line: Int, column: Int)? in
            var depth = 0, line = 1, column = 0
            var quote: UInt8 = 0        // 0, '\'' or '"'
            var inComment = false
            var previous: UInt8 = 0x0A
            var i = 0
            let count = buffer.count
            while i < count {
                let b = buffer[i]
                column += 1
                if b == 0x0A { line += 1; column = 0; inComment = false }
                if inComment {
                } else if quote != 0 {
                    if b == 0x5C, quote == 0x22 { i += 1; column += 1 }          // escape in double quotes
                    else if b == quote { quote = 0 }
                } else {
                    switch b {
                    case 0x23, 0x27, 0x22:
                        let atTokenStart = previous == 0x20 || previous == 0x09 || previous == 0x0A || previous == 0x5B
                            || previous == 0x7B || previous == 0x2C || previous == 0x3A
                        if atTokenStart { if b == 0x23 { inComment = true } else { quote = b } }
                    case 0x5B, 0x7B:
                        depth += 1
                        if depth > limit { return (line, column) }
                    case 0x5D, 0x7D: depth = max(0, depth - 1)
                    default: break
                    }
                }
                previous = b
                i += 1
            }
            return nil
        }
    }
}
