import RampartCore

/// The criteria as the design states them, for messages that show the computation.
func criteriaText(_ c: DesignLevelCriteria) -> String {
    var parts: [String] = []
    if !c.serves.isEmpty { parts.append("serves \(c.serves.map(\.rawValue).joined(separator: "/"))") }
    if let v = c.onlinePublicServiceLevel { parts.append("onlinePublicServiceLevel \(v)") }
    if let v = c.personalDataSubjects { parts.append("personalDataSubjects \(v)") }
    if let v = c.sharedInfrastructure { parts.append("sharedInfrastructure \(v.rawValue)") }
    if let v = c.operates24x7 { parts.append("operates24x7 \(v)") }
    if let v = c.industrialControl { parts.append("industrialControl \(v)") }
    if let v = c.stateSecrets { parts.append("stateSecrets \(v)") }
    if let v = c.nationalCritical { parts.append("nationalCritical \(v)") }
    return parts.isEmpty ? "no criteria declared" : parts.joined(separator: ", ")
}

struct LevelBelowCriteria: DesignRule {
    static let description = RuleDescription(
        id: "design/level-below-criteria", title: "Declared security level below what the criteria require", severity: .high,
        rationale: "Decree 85/2016 decides a system's level from what it serves and what it processes (Arts. 7–11); a level declared too low brings too few controls and a dossier the appraising body will reject.",
        remediation: "Declare the level the criteria require (or correct the criteria), and plan the controls of that level.",
        references: [.decree85("Arts. 7–11 (criteria for levels 1–5)"), .decree85("Art. 14 (level proposal dossier)"), .nist80053("RA-2")],
        triggering: ["""
            rampart: design
            system:
              name: feedback
              owner: it
              level: ↓2
              criteria: {serves: [citizens], onlinePublicServiceLevel: 4}
            """],
        nonTriggering: ["""
            rampart: design
            system:
              name: feedback
              owner: it
              level: 3
              criteria: {serves: [citizens], onlinePublicServiceLevel: 4}
            """],
        parameters: ["regulation": "vn-decree85-2016"])

    func check(_ design: DesignView, _ context: RuleContext) -> [Finding] {
        let system = design.model.system
        guard let declared = system.level, declared < design.required.level else { return [] }
        return [context.finding(system, resource: "system \(system.name)", field: "level",
                                "declared level \(declared) is below level \(design.required.level) required by \(design.required.article): \(design.required.reason) holds (design: \(criteriaText(system.criteria)))")]
    }
}

struct LevelUndeclared: DesignRule {
    static let description = RuleDescription(
        id: "design/level-undeclared", title: "System declares no security level", severity: .medium,
        rationale: "Every information system of a state body needs a level (Decree 85/2016 Art. 12–15) before it is built; without one, no level-dependent control can be planned.",
        remediation: "Set system.level (1–5) to the level the criteria require and have it appraised.",
        references: [.decree85("Art. 12 (authority to decide levels)"), .decree85("Art. 14 (level proposal dossier)"), .nist80053("RA-2")],
        triggering: ["rampart: design\nsystem: ↓{name: feedback, owner: it, criteria: {serves: [citizens]}}\n"],
        nonTriggering: ["rampart: design\nsystem: {name: feedback, owner: it, level: 2, criteria: {serves: [citizens]}}\n"])

    func check(_ design: DesignView, _ context: RuleContext) -> [Finding] {
        let system = design.model.system
        guard system.level == nil else { return [] }
        return [context.finding(system, resource: "system \(system.name)", field: nil,
                                "system \(system.name) declares no security level; the criteria require level \(design.required.level) (\(design.required.article): \(design.required.reason))")]
    }
}
