import RampartCore

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
