import RampartCore
import RampartYAML

/// A regulation's level criteria, the controls each level requires and the TLS minimum per level, read from
/// versioned data (`policies/regulations/*.yaml`, embedded by scripts/gen-profiles.sh), never from code.
public struct Regulation: Sendable, Equatable {
    public struct Condition: Sendable, Equatable {
        public var stateSecrets: Bool?
        public var nationalCritical: Bool?
        public var industrialControl: Bool?
        public var operates24x7: Bool?
        public var sharedInfrastructureAtLeast: DesignLevelCriteria.SharedScope?
        public var onlinePublicServiceLevelAtLeast: Int?
        public var personalDataSubjectsAtLeast: Int?
        public var servesAnyOf: [DesignLevelCriteria.Audience]?
        public var handlesDataAtLeast: DataClassification?

        /// Whether every key of the condition holds for the design; unknown facts never hold.
        public func holds(for design: DesignModel) -> Bool {
            let c = design.system.criteria
            if let v = stateSecrets, c.stateSecrets != v { return false }
            if let v = nationalCritical, c.nationalCritical != v { return false }
            if let v = industrialControl, c.industrialControl != v { return false }
            if let v = operates24x7, c.operates24x7 != v { return false }
            if let v = sharedInfrastructureAtLeast { guard let s = c.sharedInfrastructure, s >= v else { return false } }
            if let v = onlinePublicServiceLevelAtLeast { guard let s = c.onlinePublicServiceLevel, s >= v else { return false } }
            if let v = personalDataSubjectsAtLeast { guard let s = c.personalDataSubjects, s >= v else { return false } }
            if let v = servesAnyOf, !v.contains(where: c.serves.contains) { return false }
            if let v = handlesDataAtLeast {
                let highest = (design.elements.compactMap(\.highestClassification) + design.flows.compactMap(\.highestClassification)).max()
                guard let highest, highest >= v else { return false }
            }
            return true
        }

        /// `personalDataSubjects ≥ 10000`, for messages that show the computation.
        public var description: String {
            var parts: [String] = []
            if let v = stateSecrets { parts.append("stateSecrets = \(v)") }
            if let v = nationalCritical { parts.append("nationalCritical = \(v)") }
            if let v = industrialControl { parts.append("industrialControl = \(v)") }
            if let v = operates24x7 { parts.append("operates24x7 = \(v)") }
            if let v = sharedInfrastructureAtLeast { parts.append("sharedInfrastructure ≥ \(v.rawValue)") }
            if let v = onlinePublicServiceLevelAtLeast { parts.append("onlinePublicServiceLevel ≥ \(v)") }
            if let v = personalDataSubjectsAtLeast { parts.append("personalDataSubjects ≥ \(v)") }
            if let v = servesAnyOf { parts.append("serves any of \(v.map(\.rawValue).joined(separator: "/"))") }
            if let v = handlesDataAtLeast { parts.append("handles \(v.rawValue) data or more") }
            return parts.joined(separator: " and ")
        }
    }

    public struct Level: Sendable, Equatable {
        public var level: Int
        public var article: String
        public var summary: String
        public var when: [Condition]
    }

    public struct Control: Sendable, Equatable {
        public var id: String
        public var fromLevel: Int
        public var article: String
        public var summary: String
    }

    public var id: String
    public var title: String
    public var levels: [Level]
    public var controls: [Control]
    public var tlsMinimum: [Int: TLSProfile]

    /// The level the criteria require, with the article and the condition that decided it.
    public func requiredLevel(for design: DesignModel) -> (level: Int, article: String, reason: String) {
        for level in levels.sorted(by: { $0.level > $1.level }) {
            if let condition = level.when.first(where: { $0.holds(for: design) }) {
                return (level.level, level.article, condition.description)
            }
        }
        let lowest = levels.min { $0.level < $1.level }
        return (lowest?.level ?? 1, lowest?.article ?? id, "no criterion of a higher level holds")
    }

    public func control(_ id: String) -> Control? { controls.first { $0.id == id } }

    public func tlsMinimum(forLevel level: Int) -> TLSProfile {
        tlsMinimum.filter { $0.key <= level }.max { $0.key < $1.key }?.value ?? .intermediate
    }

    public static let defaultName = "vn-decree85-2016"

    public static var shippedNames: [String] { ShippedRegulations.all.keys.sorted() }

    /// A shipped regulation by name; parsed once.
    public static func named(_ name: String) -> Regulation? {
        if name == defaultName { return defaultRegulation }
        guard let text = ShippedRegulations.all[name] else { return nil }
        return try? parse(Array(text.utf8), file: "policies/regulations/\(name).yaml")
    }

    private static let defaultRegulation: Regulation? = ShippedRegulations.all[defaultName].flatMap {
        try? parse(Array($0.utf8), file: "policies/regulations/\(defaultName).yaml")
    }

    /// Parses a regulation file; errors name file:line:column.
    public static func parse(_ bytes: [UInt8], file: String) throws -> Regulation {
        let stream = YAMLLoader.parse(bytes, file: file)
        if let p = stream.problems.first { throw PolicyError("\(file):\(p.line ?? 1):\(p.column ?? 1): \(p.message)") }
        guard let root = stream.documents.first?.root, root["rampart"]?.string == "regulation" else {
            throw PolicyError("\(file):1:1: a regulation starts with 'rampart: regulation'")
        }
        func fail(_ node: YAMLNode, _ message: String) -> PolicyError { PolicyError("\(file):\(node.line):\(node.column): \(message)") }
        var levels: [Level] = []
        for item in root["levels"]?.items ?? [] {
            guard let n = item["level"]?.int, (1...5).contains(n) else { throw fail(item, "each level needs 'level' 1–5") }
            var conditions: [Condition] = []
            for c in item["when"]?.items ?? [] {
                var cond = Condition()
                for pair in c.pairs ?? [] {
                    let v = pair.value
                    switch pair.key.string ?? "" {
                    case "stateSecrets": cond.stateSecrets = v.bool
                    case "nationalCritical": cond.nationalCritical = v.bool
                    case "industrialControl": cond.industrialControl = v.bool
                    case "operates24x7": cond.operates24x7 = v.bool
                    case "sharedInfrastructureAtLeast": cond.sharedInfrastructureAtLeast = v.string.flatMap(DesignLevelCriteria.SharedScope.init)
                    case "onlinePublicServiceLevelAtLeast": cond.onlinePublicServiceLevelAtLeast = v.int
                    case "personalDataSubjectsAtLeast": cond.personalDataSubjectsAtLeast = v.int
                    case "servesAnyOf": cond.servesAnyOf = v.strings.compactMap(DesignLevelCriteria.Audience.init)
                    case "handlesDataAtLeast": cond.handlesDataAtLeast = v.string.flatMap(DataClassification.init)
                    default: throw fail(pair.key, "unknown criterion '\(pair.key.string ?? "?")'")
                    }
                }
                guard cond.description != "" else { throw fail(c, "a condition needs at least one known criterion with a valid value") }
                conditions.append(cond)
            }
            levels.append(Level(level: n, article: item["article"]?.string ?? "", summary: item["summary"]?.string ?? "", when: conditions))
        }
        var controls: [Control] = []
        for item in root["controls"]?.items ?? [] {
            guard let id = item["id"]?.string, let from = item["fromLevel"]?.int else { throw fail(item, "a control needs id and fromLevel") }
            controls.append(Control(id: id, fromLevel: from, article: item["article"]?.string ?? "", summary: item["summary"]?.string ?? ""))
        }
        var tls: [Int: TLSProfile] = [:]
        for item in root["tlsMinimum"]?.items ?? [] {
            guard let level = item["level"]?.int, let profile = item["profile"]?.string.flatMap(TLSProfile.init) else {
                throw fail(item, "each tlsMinimum entry needs level and profile (none, old, intermediate, modern)")
            }
            tls[level] = profile
        }
        guard !levels.isEmpty else { throw fail(root, "a regulation needs levels") }
        return Regulation(id: root["id"]?.string ?? file, title: root["title"]?.string ?? "", levels: levels, controls: controls, tlsMinimum: tls)
    }
}
