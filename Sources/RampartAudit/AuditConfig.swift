import Foundation
import RampartCore
import RampartManifests
import RampartReport
import RampartYAML

/// A `rampart: audit` file (`rampart.yaml`): what one audit reads, probes, judges and writes. Paths are
/// relative to the file's directory, so the file can be committed beside the design it audits.
public struct AuditConfig: Sendable, Equatable {
    public struct Live: Sendable, Equatable {
        /// Hosts or host:port to probe; empty means every host the design declares (endpoint hosts and `host` links).
        public var targets: [String] = []
        /// Networks and names the live stage may touch (required: an audit never probes without a scope).
        public var scope: [String] = []
        /// Ports to scan besides those the design declares (`22,80,8000-8100`, `top`).
        public var ports: String?
        /// Seconds per connection.
        public var timeout: Double = 3
        /// Seconds one target may take, and the whole live stage.
        public var targetTimeout: Double = 120
        public var maxTime: Double?
        public var caFile: String?
        public var sni: String?
        /// Check HTTP security headers on TLS endpoints.
        public var http = true
        /// Run the live stage by default; `false` keeps `rampart audit` offline until `--live` is given.
        public var enabled = true
        public var location: SourceLocation

        public init(location: SourceLocation) { self.location = location }
    }

    public var file: String
    public var designs: [String] = []
    public var manifests: [String] = []
    public var live: Live?
    public var policy: String?
    public var failOn: Severity?
    /// Compliance frameworks to summarise; kept for the report stage that renders them.
    public var frameworks: [String] = []
    public var outputs: [(format: OutputFormat, path: String)] = []
    public var evidence: String?

    public init(file: String) { self.file = file }

    public static func == (a: AuditConfig, b: AuditConfig) -> Bool {
        a.file == b.file && a.designs == b.designs && a.manifests == b.manifests && a.live == b.live && a.policy == b.policy
            && a.failOn == b.failOn && a.frameworks == b.frameworks && a.evidence == b.evidence
            && a.outputs.map { "\($0.format.rawValue)=\($0.path)" } == b.outputs.map { "\($0.format.rawValue)=\($0.path)" }
    }

    /// Most live targets one audit probes.
    public static let maxTargets = 4096

    static let topKeys = ["rampart", "design", "manifests", "live", "policy", "failOn", "frameworks", "outputs", "evidence"]
    static let liveKeys = ["targets", "scope", "ports", "timeout", "targetTimeout", "maxTime", "caFile", "sni", "http", "enabled"]
    static let outputKeys = ["format", "path"]

    /// Reads and checks a config file. Every problem is reported (file:line:column, what, and the closest
    /// known key for a misspelt one), not just the first.
    public static func load(_ path: String) -> Result<AuditConfig, RunError> {
        guard let bytes = InputCollector().readRegularFile(path) else {
            return .failure(RunError("\(path): cannot read the audit configuration (missing, not a regular file, or over the size limit)"))
        }
        return parse(bytes, file: path)
    }

    public static func parse(_ bytes: [UInt8], file: String) -> Result<AuditConfig, RunError> {
        let stream = YAMLLoader.parse(bytes, file: file)
        var errors = stream.problems.map { p in "\(p.location?.description ?? file): \(p.message)" }
        guard errors.isEmpty else { return .failure(RunError(errors.joined(separator: "\n"))) }
        guard stream.documents.count == 1, let root = stream.documents.first?.root else {
            return .failure(RunError("\(file): expected one YAML document with `rampart: audit`, found \(stream.documents.count)"))
        }
        var reader = ConfigReader(file: file)
        let config = reader.read(root)
        errors = reader.errors
        if let config, errors.isEmpty { return .success(config) }
        return .failure(RunError(errors.joined(separator: "\n")))
    }

    /// A path from the file, resolved against the file's directory (absolute paths stay).
    public func resolve(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        let dir = (file as NSString).deletingLastPathComponent
        return dir.isEmpty ? path : (dir as NSString).appendingPathComponent(path)
    }
}

/// Walks the config's YAML and collects errors with their place.
private struct ConfigReader {
    let file: String
    var errors: [String] = []

    mutating func fail(_ node: YAMLNode, _ message: String) {
        errors.append("\(file):\(node.line):\(node.column): \(message)")
    }

    mutating func mapping(_ node: YAMLNode, _ path: String, keys: [String]) -> [(key: String, value: YAMLNode)] {
        guard let pairs = node.pairs else {
            fail(node, "\(path) must be a mapping")
            return []
        }
        var out: [(String, YAMLNode)] = []
        for pair in pairs {
            guard let key = pair.key.string else {
                fail(pair.key, "\(path): keys must be strings")
                continue
            }
            guard keys.contains(key) else {
                let hint = closest(key, keys).map { "; did you mean '\($0)'?" } ?? " (known: \(keys.joined(separator: ", ")))"
                fail(pair.key, "unknown key '\(path.isEmpty ? "" : path + ".")\(key)'\(hint)")
                continue
            }
            out.append((key, pair.value))
        }
        return out
    }

    mutating func string(_ node: YAMLNode, _ path: String) -> String? {
        guard let s = node.scalar?.value, !s.isEmpty, !node.isNull else {
            fail(node, "\(path) must be a non-empty string")
            return nil
        }
        return s
    }

    /// One string or a list of strings.
    mutating func strings(_ node: YAMLNode, _ path: String) -> [String] {
        if node.scalar != nil { return string(node, path).map { [$0] } ?? [] }
        guard let items = node.sequence else {
            fail(node, "\(path) must be a string or a list of strings")
            return []
        }
        return items.enumerated().compactMap { string($1, "\(path)[\($0)]") }
    }

    mutating func seconds(_ node: YAMLNode, _ path: String, max: Double) -> Double? {
        guard let s = node.scalar?.value, let v = Double(s), v > 0, v <= max else {
            fail(node, "\(path) must be a number of seconds above 0 and at most \(Int(max))")
            return nil
        }
        return v
    }

    mutating func read(_ root: YAMLNode) -> AuditConfig? {
        guard root.isMapping else {
            fail(root, "an audit configuration is a mapping starting with `rampart: audit`")
            return nil
        }
        guard root["rampart"]?.string == "audit" else {
            fail(root["rampart"] ?? root, "the first key must be `rampart: audit` (this file says \(root["rampart"]?.string.map { "rampart: \($0)" } ?? "nothing"))")
            return nil
        }
        var config = AuditConfig(file: file)
        for (key, value) in mapping(root, "", keys: AuditConfig.topKeys) {
            switch key {
            case "design": config.designs = strings(value, key)
            case "manifests": config.manifests = strings(value, key)
            case "policy": config.policy = string(value, key)
            case "evidence": config.evidence = string(value, key)
            case "frameworks": config.frameworks = strings(value, key)
            case "failOn":
                if let s = string(value, key) {
                    if let severity = Severity(rawValue: s) { config.failOn = severity } else {
                        fail(value, "failOn must be one of \(Severity.allCases.map(\.rawValue).joined(separator: ", ")); got '\(s)'")
                    }
                }
            case "outputs": config.outputs = outputs(value)
            case "live": config.live = live(value)
            default: break
            }
        }
        if config.designs.isEmpty && config.manifests.isEmpty {
            fail(root, "name at least one design file (design:) or manifest path (manifests:) to audit")
        }
        return config
    }

    mutating func outputs(_ node: YAMLNode) -> [(format: OutputFormat, path: String)] {
        guard let items = node.sequence else {
            fail(node, "outputs must be a list of {format, path}")
            return []
        }
        var out: [(OutputFormat, String)] = []
        for (i, item) in items.enumerated() {
            var format: OutputFormat?
            var path: String?
            for (key, value) in mapping(item, "outputs[\(i)]", keys: AuditConfig.outputKeys) {
                if key == "path" { path = string(value, "outputs[\(i)].path") }
                if key == "format", let s = string(value, "outputs[\(i)].format") {
                    format = OutputFormat(rawValue: s)
                    if format == nil {
                        fail(value, "outputs[\(i)].format must be one of \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")); got '\(s)'")
                    }
                }
            }
            if let format, let path { out.append((format, path)) } else if item.isMapping && errors.isEmpty {
                fail(item, "outputs[\(i)] needs both format and path")
            }
        }
        return out
    }

    mutating func live(_ node: YAMLNode) -> AuditConfig.Live {
        var live = AuditConfig.Live(location: SourceLocation(file: file, line: node.line, column: node.column))
        for (key, value) in mapping(node, "live", keys: AuditConfig.liveKeys) {
            let p = "live.\(key)"
            switch key {
            case "targets": live.targets = strings(value, p)
            case "scope": live.scope = strings(value, p)
            case "ports": live.ports = string(value, p)
            case "timeout": live.timeout = seconds(value, p, max: 300) ?? live.timeout
            case "targetTimeout": live.targetTimeout = seconds(value, p, max: 86400) ?? live.targetTimeout
            case "maxTime": live.maxTime = seconds(value, p, max: 604_800)
            case "caFile": live.caFile = string(value, p)
            case "sni": live.sni = string(value, p)
            case "http":
                if let b = value.bool { live.http = b } else { fail(value, "\(p) must be true or false") }
            case "enabled":
                if let b = value.bool { live.enabled = b } else { fail(value, "\(p) must be true or false") }
            default: break
            }
        }
        // Each target is checked and resolved before the stage starts: keep that bounded.
        if live.targets.count > AuditConfig.maxTargets {
            fail(node, "live.targets lists \(live.targets.count) targets; at most \(AuditConfig.maxTargets) per audit (shard larger estates)")
        }
        if live.scope.isEmpty {
            fail(node, "live.scope is required: list the networks and host names the audit may probe (e.g. [127.0.0.1/32])")
        }
        return live
    }

    /// The known key within two edits of `word`, for "did you mean".
    func closest(_ word: String, _ candidates: [String]) -> String? {
        let w = Array(word.lowercased())
        var best: (String, Int)?
        for c in candidates {
            let d = distance(w, Array(c.lowercased()))
            if d <= 2, best.map({ d < $0.1 }) ?? true { best = (c, d) }
        }
        return best?.0
    }

    private func distance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
