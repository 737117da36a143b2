import RampartCore
import RampartPolicy

/// Judges each design model. The regulation (level criteria, controls per level, TLS minimum) comes from
/// the policy parameter `regulation`, so a newer decree is a data file, not new code.
public protocol DesignRule: Rule {
    func check(_ design: DesignView, _ context: RuleContext) -> [Finding]
}

extension DesignRule {
    public func check(_ facts: Facts, _ context: RuleContext) -> [Finding] {
        let name = context.parameters.string("regulation", default: Regulation.defaultName)
        guard let regulation = Regulation.named(name) ?? Regulation.named(Regulation.defaultName) else { return [] }
        return facts.set.design.flatMap { check(DesignView($0, regulation: regulation), context) }
    }
}

/// A design with what rules derive from it once: zones by name, elements by name, the level.
public struct DesignView: Sendable {
    public let model: DesignModel
    public let regulation: Regulation
    private let zonesByName: [String: DesignZone]
    private let elementsByName: [String: DesignService]
    /// What the criteria require, with article and reason.
    public let required: (level: Int, article: String, reason: String)

    init(_ model: DesignModel, regulation: Regulation) {
        self.model = model
        self.regulation = regulation
        zonesByName = Dictionary(model.zones.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        elementsByName = Dictionary(model.elements.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        required = regulation.requiredLevel(for: model)
    }

    /// The level controls are judged at: the declared level, or the required one when that is higher (a level
    /// declared too low is its own finding and must not also excuse missing controls).
    public var level: Int { max(model.system.level ?? 0, required.level) }

    /// `level 3 (declared 2, required 3 by Art. 9)`, for messages.
    public var levelText: String {
        let declared = model.system.level.map { "declared \($0)" } ?? "not declared"
        return "level \(level) (\(declared); criteria require \(required.level), \(required.article))"
    }

    public func element(_ name: String) -> DesignService? { elementsByName[name] }
    public func zone(_ name: String?) -> DesignZone? { name.flatMap { zonesByName[$0] } }
    public func zone(of element: DesignService) -> DesignZone? { zone(element.zone) }

    /// Zones of both ends of a flow, when both are known.
    public func zones(of flow: DesignFlow) -> (from: DesignZone, to: DesignZone)? {
        guard let a = element(flow.from).flatMap(zone(of:)), let b = element(flow.to).flatMap(zone(of:)) else { return nil }
        return (a, b)
    }

    /// A flow crosses a trust boundary when its ends live in different zones.
    public func crossesBoundary(_ flow: DesignFlow) -> Bool {
        guard let z = zones(of: flow) else { return false }
        return z.from.name != z.to.name
    }

    public func isIn(_ element: DesignService, _ kind: DesignZone.Kind) -> Bool { zone(of: element)?.kind == kind }
}

extension RuleContext {
    /// A finding about a design element's field (or the element, when the field was not written).
    func finding(_ element: some DesignLocated, resource: String, field: String?, _ message: String,
                 evidence: String? = nil, discriminator: String? = nil) -> Finding {
        let location = field.map { element.location(of: $0) } ?? element.location
        return finding(subject: Subject(location: location, resource: resource, fieldPath: field), message,
                       evidence: evidence, discriminator: discriminator)
    }
}

/// References design rules cite, spelled once.
extension Reference {
    static func decree85(_ article: String) -> Reference {
        Reference("Decree 85/2016/ND-CP", section: article)
    }
    static func circular12(_ section: String) -> Reference {
        Reference("Circular 12/2022/TT-BTTTT", section: section)
    }
    static let circular31 = Reference("Circular 31/2017/TT-BTTTT", section: "monitoring of information systems")
    static func tcvn11930(_ section: String) -> Reference {
        Reference("TCVN 11930:2017", section: section)
    }
    static func asvs(_ section: String) -> Reference {
        Reference("OWASP ASVS 4.0.3", section: section, url: "https://owasp.org/www-project-application-security-verification-standard/")
    }
    static func nist800207(_ section: String) -> Reference {
        Reference("NIST SP 800-207", section: section, url: "https://csrc.nist.gov/pubs/sp/800/207/final")
    }
    static func cwe(_ id: Int, _ name: String) -> Reference {
        Reference("CWE-\(id)", section: name, url: "https://cwe.mitre.org/data/definitions/\(id).html")
    }
}
