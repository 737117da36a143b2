/// Everything the collectors gathered, and nothing they judged. Saved as evidence (`--evidence`) and judged
/// again by `rampart evaluate` without touching files or the network.
public struct FactSet: Codable, Sendable {
    /// What the file is, so that a report or any other JSON is never judged as if it were evidence.
    public static let kind = "rampart-evidence"
    /// 2: document trees stored flat (`FlatYAML`); 1: as nested trees. Both are read.
    public static let currentVersion = 2

    public var kind: String? = FactSet.kind
    public var version: Int = FactSet.currentVersion
    /// True when secret values were replaced by `redacted:len=N:hmac-sha256=…` tokens (see docs/cli.md).
    public var secretsRedacted: Bool?
    /// Files and targets that were read, in order, for the report's summary.
    public var sources: [String] = []
    public var documents: [ManifestDocument] = []
    public var problems: [InputProblem] = []
    public var skipped: [SkippedInput] = []
    /// Live TLS endpoints probed (`rampart probe`).
    public var tls: [TLSEndpointFacts] = []
    /// Hosts port-scanned (`rampart probe --ports`).
    public var hosts: [HostPortFacts] = []
    /// Design models (`rampart: design` files with their includes), one per root design file.
    public var design: [DesignModel] = []
    /// Stages an audit ran (`design`, `manifests`, `live`). Drift rules compare only stages that ran, so a
    /// design judged alone never reads as "nothing implemented". Empty outside `rampart audit`.
    public var stages: [String] = []

    public init() {}

    // Absent sections decode as empty, so that evidence from older versions and hand-written examples load.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decodeIfPresent(String.self, forKey: .kind)
        version = try c.decodeIfPresent(Int.self, forKey: .version) ?? FactSet.currentVersion
        secretsRedacted = try c.decodeIfPresent(Bool.self, forKey: .secretsRedacted)
        sources = try c.decodeIfPresent([String].self, forKey: .sources) ?? []
        documents = try c.decodeIfPresent([ManifestDocument].self, forKey: .documents) ?? []
        problems = try c.decodeIfPresent([InputProblem].self, forKey: .problems) ?? []
        skipped = try c.decodeIfPresent([SkippedInput].self, forKey: .skipped) ?? []
        tls = try c.decodeIfPresent([TLSEndpointFacts].self, forKey: .tls) ?? []
        hosts = try c.decodeIfPresent([HostPortFacts].self, forKey: .hosts) ?? []
        design = try c.decodeIfPresent([DesignModel].self, forKey: .design) ?? []
        stages = try c.decodeIfPresent([String].self, forKey: .stages) ?? []
    }

    public mutating func merge(_ other: FactSet) {
        sources += other.sources
        documents += other.documents
        problems += other.problems
        skipped += other.skipped
        tls += other.tls
        hosts += other.hosts
        design += other.design
        stages += other.stages.filter { !stages.contains($0) }
    }
}
