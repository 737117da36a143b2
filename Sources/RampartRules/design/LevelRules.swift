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

struct CentralMonitoringMissing: DesignRule {
    static let description = RuleDescription(
        id: "design/central-monitoring-missing", title: "No central monitoring feed at level 3 or above", severity: .high,
        rationale: "Systems of level 3 and above must send their logs to the monitoring system of their ministry or province, so attacks are seen beyond the system itself.",
        remediation: "Declare monitoring.central (the receiving SOC) and monitoring.endpoint, and ship logs there.",
        references: [.circular31, .circular12("monitoring, level 3 and above"), .nist80053("SI-4"), .nist80053("AU-6(3)")],
        triggering: ["rampart: design\nsystem: ↓{name: feedback, owner: it, level: 3}\n"],
        nonTriggering: ["rampart: design\nsystem: {name: feedback, owner: it, level: 3}\nmonitoring: {central: provincial-soc, endpoint: 'soc.example:6514'}\n",
                        "rampart: design\nsystem: {name: feedback, owner: it, level: 2, criteria: {serves: [citizens]}}\n"],
        parameters: ["regulation": "vn-decree85-2016"])

    func check(_ design: DesignView, _ context: RuleContext) -> [Finding] {
        guard let control = design.regulation.control("central-monitoring"), design.level >= control.fromLevel,
              design.model.monitoring?.isDeclared != true else { return [] }
        let system = design.model.system
        return [context.finding(system, resource: "system \(system.name)", field: nil,
                                "system \(system.name) is \(design.levelText) but declares no central monitoring feed; \(control.article) requires one from level \(control.fromLevel)")]
    }
}

struct BackupMissing: DesignRule {
    static let description = RuleDescription(
        id: "design/backup-missing", title: "Datastore without backup at level 3 or above", severity: .high,
        rationale: "At level 3 and above the data must survive ransomware, deletion and hardware loss; a datastore with no backup cannot be restored.",
        remediation: "Back the datastore up (off-site, tested restores) and set backup: true.",
        references: [.circular12("backup and recovery, level 3 and above"), .nist80053("CP-9"), .tcvn11930("backup")],
        triggering: [DesignExample.design(system: "{name: s, owner: it, level: 3}", """
            monitoring: {central: soc}
            datastores:
            - {name: db, kind: database, owner: it, zone: data, backup: ↓false}
            """)],
        nonTriggering: [DesignExample.design(system: "{name: s, owner: it, level: 3}", """
            datastores:
            - {name: db, kind: database, owner: it, zone: data, backup: true}
            """),
                        DesignExample.design("""
            datastores:
            - {name: db, kind: database, owner: it, zone: data}
            """)],
        parameters: ["regulation": "vn-decree85-2016"])

    func check(_ design: DesignView, _ context: RuleContext) -> [Finding] {
        guard let control = design.regulation.control("backup"), design.level >= control.fromLevel else { return [] }
        return design.model.elements.filter { $0.isDatastore && $0.backup != true }.map { store in
            context.finding(store, resource: store.resourceName, field: store.backup == nil ? nil : "backup",
                            "\(store.resourceName) has no backup at \(design.levelText); \(control.article) requires backup from level \(control.fromLevel)")
        }
    }
}

struct SingleReplica: DesignRule {
    static let description = RuleDescription(
        id: "design/single-replica", title: "Single instance at level 4 or above", severity: .high,
        rationale: "Level 4 systems must run 24/7; a single instance stops the service on every failure, restart or upgrade.",
        remediation: "Run at least two replicas (in different failure domains) and set replicas accordingly.",
        references: [.decree85("Art. 10"), .circular12("redundancy, level 4 and above"), .nist80053("CP-7"), .nist80053("SC-6")],
        triggering: [DesignExample.design(system: "{name: s, owner: it, level: 4}", """
            services:
            - {name: api, kind: api, owner: it, zone: app, replicas: ↓1}
            """)],
        nonTriggering: [DesignExample.design(system: "{name: s, owner: it, level: 4}", """
            services:
            - {name: api, kind: api, owner: it, zone: app, replicas: 3}
            """),
                        DesignExample.design("""
            services:
            - {name: api, kind: api, owner: it, zone: app, replicas: 1}
            """)],
        parameters: ["regulation": "vn-decree85-2016"])

    func check(_ design: DesignView, _ context: RuleContext) -> [Finding] {
        guard let control = design.regulation.control("redundancy"), design.level >= control.fromLevel else { return [] }
        return design.model.elements.filter { ($0.replicas ?? 1) < 2 }.map { element in
            let said = element.replicas.map { "\($0) replica(s)" } ?? "no replica count (one instance assumed)"
            return context.finding(element, resource: element.resourceName, field: element.replicas == nil ? nil : "replicas",
                                   "\(element.resourceName) declares \(said) at \(design.levelText); \(control.article) requires redundancy from level \(control.fromLevel)")
        }
    }
}

struct ServiceNotMonitored: DesignRule {
    static let description = RuleDescription(
        id: "design/service-not-monitored", title: "Service left out of monitoring at level 3 or above", severity: .medium,
        rationale: "A central feed helps only for the services that send to it; one service left out is a blind spot an attacker can use.",
        remediation: "Send the service's logs to the central feed and set monitored: true.",
        references: [.circular31, .nist80053("AU-2"), .nist80053("SI-4")],
        triggering: [DesignExample.design(system: "{name: s, owner: it, level: 3}", """
            monitoring: {central: soc}
            services:
            - {name: api, kind: api, owner: it, zone: app, monitored: ↓false}
            """)],
        nonTriggering: [DesignExample.design(system: "{name: s, owner: it, level: 3}", """
            monitoring: {central: soc}
            services:
            - {name: api, kind: api, owner: it, zone: app, monitored: true}
            """)],
        parameters: ["regulation": "vn-decree85-2016"])

    func check(_ design: DesignView, _ context: RuleContext) -> [Finding] {
        guard let control = design.regulation.control("central-monitoring"), design.level >= control.fromLevel else { return [] }
        return design.model.elements.filter { $0.monitored == false }.map { element in
            context.finding(element, resource: element.resourceName, field: "monitored",
                            "\(element.resourceName) is not monitored (monitored: false) in a system at \(design.levelText)")
        }
    }
}
