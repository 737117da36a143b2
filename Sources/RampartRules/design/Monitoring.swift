import RampartCore

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
