import RampartCore

struct ElementWithoutZone: DesignRule {
    static let description = RuleDescription(
        id: "design/element-without-zone", title: "Service or datastore in no zone", severity: .medium,
        rationale: "An element without a zone cannot be checked against trust boundaries: every boundary rule silently skips its flows.",
        remediation: "Give the element a zone from the design's zones.",
        references: [.nist80053("CM-8"), .nist800207("3.1 (resource inventory)"), .tcvn11930("network security: zoning")],
        triggering: [DesignExample.design("""
            services:
            - ↓{name: api, kind: api, owner: it}
            """)],
        nonTriggering: [DesignExample.design("""
            services:
            - {name: api, kind: api, owner: it, zone: app}
            """)])

    func check(_ design: DesignView, _ context: RuleContext) -> [Finding] {
        guard !design.model.zones.isEmpty else { return [] }
        return design.model.elements.filter { $0.zone == nil }.map {
            context.finding($0, resource: $0.resourceName, field: nil, "\($0.resourceName) declares no zone; expected one of \(design.model.zones.map(\.name).joined(separator: ", "))")
        }
    }
}
