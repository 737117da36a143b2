import RampartCore

struct DatastoreFlowUnauthenticated: DesignRule {
    static let description = RuleDescription(
        id: "design/datastore-flow-unauthenticated", title: "Flow to a datastore without authentication", severity: .high,
        rationale: "A datastore that accepts unauthenticated connections gives its whole content to anything that reaches its port.",
        remediation: "Require credentials or client certificates on the datastore and set authenticated: true on the flow.",
        references: [.circular12("access control"), .nist80053("IA-3"), .asvs("V2.10.1"), .cwe(306, "Missing Authentication for Critical Function")],
        triggering: [DesignExample.design("""
            services:
            - {name: api, kind: api, owner: it, zone: app}
            datastores:
            - {name: cache, kind: cache, owner: it, zone: data}
            flows:
            - {from: api, to: cache, protocol: redis, port: 6379, encrypted: true, authenticated: ↓false}
            """)],
        nonTriggering: [DesignExample.design("""
            services:
            - {name: api, kind: api, owner: it, zone: app}
            datastores:
            - {name: cache, kind: cache, owner: it, zone: data}
            flows:
            - {from: api, to: cache, protocol: redis, port: 6379, encrypted: true, authenticated: true}
            """)])

    func check(_ design: DesignView, _ context: RuleContext) -> [Finding] {
        design.model.flows.compactMap { flow in
            guard flow.authenticated != true, let target = design.element(flow.to), target.isDatastore else { return nil }
            return context.finding(flow, resource: flow.resourceName, field: flow.authenticated == nil ? nil : "authenticated",
                                   "flow \(flow.from) -> \(flow.to) reaches \(target.resourceName) without authentication; expected authenticated: true")
        }
    }
}

struct MutualAuthenticationMissing: DesignRule {
    static let description = RuleDescription(
        id: "design/mutual-authentication-missing", title: "Service-to-service flow across a boundary without mutual authentication", severity: .medium,
        rationale: "Zero trust: inside the system a service must prove who it is to the service it calls, so a foothold in one zone does not open the next.",
        remediation: "Use mutual TLS (or signed workload identities) between the services and set mutual: true.",
        references: [.nist800207("2.1 Tenets of Zero Trust"), .circular12("authentication between components, level 3 and above"),
                     .nist80053("IA-9"), .asvs("V9.2.1")],
        triggering: [DesignExample.design(system: "{name: s, owner: it, level: 3}", """
            services:
            - {name: web, kind: web, owner: it, zone: dmz}
            - {name: api, kind: api, owner: it, zone: app}
            flows:
            - {from: web, to: api, protocol: https, encrypted: true, authenticated: true, mutual: ↓false}
            """)],
        nonTriggering: [DesignExample.design(system: "{name: s, owner: it, level: 3}", """
            services:
            - {name: web, kind: web, owner: it, zone: dmz}
            - {name: api, kind: api, owner: it, zone: app}
            flows:
            - {from: web, to: api, protocol: https, encrypted: true, authenticated: true, mutual: true}
            """),
                        DesignExample.design("""
            services:
            - {name: web, kind: web, owner: it, zone: dmz}
            - {name: api, kind: api, owner: it, zone: app}
            flows:
            - {from: web, to: api, protocol: https, encrypted: true, authenticated: true}
            """)],
        parameters: ["regulation": "vn-decree85-2016"])

    func check(_ design: DesignView, _ context: RuleContext) -> [Finding] {
        guard let control = design.regulation.control("mutual-authentication"), design.level >= control.fromLevel else { return [] }
        return design.model.flows.compactMap { flow in
            guard flow.mutual != true, let z = design.zones(of: flow), z.from.name != z.to.name,
                  z.from.kind != .internet, z.to.kind != .internet else { return nil }
            return context.finding(flow, resource: flow.resourceName, field: flow.mutual == nil ? nil : "mutual",
                                   "flow \(flow.from) -> \(flow.to) crosses from zone \(z.from.name) to \(z.to.name) at \(design.levelText) without mutual authentication; \(control.article) expects it from level \(control.fromLevel)")
        }
    }
}
