/// What kind of input a YAML document is, decided from its content (never from the file name alone).
public enum InputFormat: String, Codable, Sendable {
    case kubernetes, compose, design, unknown
}

/// One parsed document of a YAML stream.
public struct ManifestDocument: Codable, Sendable {
    public var file: String
    /// 0-based position of the document in its stream.
    public var index: Int
    public var format: InputFormat
    public var root: YAMLNode

    public init(file: String, index: Int, format: InputFormat, root: YAMLNode) {
        self.file = file
        self.index = index
        self.format = format
        self.root = root
    }
}

/// A problem reading an input: the file or target, where, what. Turned into an `input/*` finding, so that a
/// broken input is never a silent pass.
public struct InputProblem: Error, Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// YAML syntax error.
        case unparsable
        /// Cannot be read: missing, permission, not a regular file, symlink loop.
        case unreadable
        /// Binary data or not UTF-8 text.
        case notText = "not-text"
        /// Over a size, depth or alias-expansion limit.
        case tooLarge = "too-large"
        /// A key appears twice in one mapping.
        case duplicateKey = "duplicate-key"
        /// Valid YAML of the wrong shape for its format (e.g. `spec.containers` is a mapping).
        case invalidShape = "invalid-shape"
        /// A live target that could not be probed: no answer, refused, reset, wrong protocol.
        case targetUnreachable = "target-unreachable"
        /// A design names something that does not exist: a flow to an undeclared service, a zone nobody
        /// declared, an include cycle, an include outside the design's directory tree.
        case designReference = "design-reference"
    }

    public var kind: Kind
    /// File path or target as the user named it.
    public var source: String
    public var line: Int?
    public var column: Int?
    public var message: String
    /// Resource or field the problem is in, when known.
    public var resource: String?
    public var fieldPath: String?

    public init(kind: Kind, source: String, line: Int? = nil, column: Int? = nil, message: String,
                resource: String? = nil, fieldPath: String? = nil) {
        self.kind = kind
        self.source = source
        self.line = line
        self.column = column
        self.message = message
        self.resource = resource
        self.fieldPath = fieldPath
    }

    public var location: SourceLocation? {
        line.map { SourceLocation(file: source, line: $0, column: column ?? 1) }
    }
}

/// An input that was read but is not something Rampart judges (e.g. a Helm values file). Listed in the
/// report so that nothing is skipped silently.
public struct SkippedInput: Codable, Sendable, Hashable {
    public var source: String
    public var reason: String

    public init(source: String, reason: String) {
        self.source = source
        self.reason = reason
    }
}
