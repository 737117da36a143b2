import RampartCore

struct PlaintextFlowAcrossBoundary: DesignRule {
    static let description = RuleDescription(
        id: "design/plaintext-flow-across-boundary", title: "Unencrypted flow crosses a trust boundary", severity: .high,
        rationale: "Traffic that leaves its zone passes networks the receiving zone does not control; in plaintext it can be read and altered there.",
        remediation: "Encrypt the flow (TLS, mutual TLS for service-to-service) and set encrypted: true, or keep both ends in one zone.",
        references: [.decree85("Art. 4.1 (security from the design stage)"), .circular12("network and transmission security"),
                     .nist80053("SC-8"), .asvs("V9.1.1"), .cwe(319, "Cleartext Transmission of Sensitive Information")],
        triggering: [DesignExample.design("""
            services:
            - {name: web, kind: web, owner: it, zone: dmz}
            - {name: api, kind: api, owner: it, zone: app}
            flows:
            - {from: web, to: api, protocol: http, port: 8080, encrypted: ↓false, authenticated: true}
            """),
                     DesignExample.design("""
            services:
            - {name: web, kind: web, owner: it, zone: dmz}
            - {name: api, kind: api, owner: it, zone: app}
            flows:
            - ↓{from: web, to: api, protocol: http, port: 8080}
            """)],
        nonTriggering: [DesignExample.design("""
            services:
            - {name: web, kind: web, owner: it, zone: dmz}
            - {name: api, kind: api, owner: it, zone: app}
            - {name: job, kind: worker, owner: it, zone: app}
            flows:
            - {from: web, to: api, protocol: https, port: 8443, encrypted: true, authenticated: true}
            - {from: job, to: api, protocol: http, port: 8080, encrypted: false, authenticated: true}
            """)])

    func check(_ design: DesignView, _ context: RuleContext) -> [Finding] {
        design.model.flows.filter { design.crossesBoundary($0) && $0.encrypted != true }.compactMap { flow in
            guard let z = design.zones(of: flow) else { return nil }
            let said = flow.encrypted == nil ? "does not say it is encrypted" : "is not encrypted"
            return context.finding(flow, resource: flow.resourceName, field: flow.encrypted == nil ? nil : "encrypted",
                                   "flow \(flow.from) -> \(flow.to) (\(flow.protocol)) crosses from zone \(z.from.name) to zone \(z.to.name) and \(said); expected encrypted: true")
        }
    }
}

struct PersonalDataUnprotectedFlow: DesignRule {
    static let description = RuleDescription(
        id: "design/personal-data-unprotected-flow", title: "Personal data over an unencrypted or unauthenticated flow", severity: .high,
        rationale: "Personal data must be protected in transit against disclosure and against being sent to, or accepted from, an impostor.",
        remediation: "Encrypt and authenticate every flow that carries personal data (encrypted: true, authenticated: true).",
        references: [.decree85("Art. 5.1.c (personal information)"), Reference("Decree 13/2023/ND-CP", section: "Art. 26 (protection measures)"),
                     .nist80053("SC-8"), .asvs("V8.3.1"), .cwe(319, "Cleartext Transmission of Sensitive Information")],
        triggering: [DesignExample.design("""
            services:
            - {name: web, kind: web, owner: it, zone: app}
            - {name: api, kind: api, owner: it, zone: app}
            flows:
            - {from: web, to: api, protocol: https, data: ↓[personal], encrypted: true, authenticated: false}
            """)],
        nonTriggering: [DesignExample.design("""
            services:
            - {name: web, kind: web, owner: it, zone: app}
            - {name: api, kind: api, owner: it, zone: app}
            flows:
            - {from: web, to: api, protocol: https, data: [personal], encrypted: true, authenticated: true}
            - {from: api, to: web, protocol: http, data: [public], encrypted: false, authenticated: false}
            """)])

    func check(_ design: DesignView, _ context: RuleContext) -> [Finding] {
        design.model.flows.compactMap { flow in
            guard let personal = flow.data.filter(\.isPersonal).max() else { return nil }
            var missing: [String] = []
            if flow.encrypted != true { missing.append("encrypted") }
            if flow.authenticated != true { missing.append("authenticated") }
            guard !missing.isEmpty else { return nil }
            return context.finding(flow, resource: flow.resourceName, field: "data",
                                   "flow \(flow.from) -> \(flow.to) carries \(personal.rawValue) data but is not \(missing.joined(separator: " and ")); expected both encrypted and authenticated")
        }
    }
}

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

struct FlowPortUndeclared: DesignRule {
    static let description = RuleDescription(
        id: "design/flow-port-undeclared", title: "Flow to a port its target does not declare", severity: .medium,
        rationale: "A flow to a port no endpoint of the target declares means the inventory is wrong or an undocumented service listens there; either way firewall rules and reviews built from the design miss it.",
        remediation: "Declare the endpoint on the target service, or correct the flow's port.",
        references: [.nist80053("CM-8"), .circular12("inventory of information assets"), .cwe(1059, "Insufficient Technical Documentation")],
        triggering: [DesignExample.design("""
            services:
            - {name: web, kind: web, owner: it, zone: app}
            - name: api
              kind: api
              owner: it
              zone: app
              endpoints: [{port: 8443, protocol: https, tls: intermediate}]
            flows:
            - {from: web, to: api, protocol: https, port: ↓9000, encrypted: true, authenticated: true}
            """)],
        nonTriggering: [DesignExample.design("""
            services:
            - {name: web, kind: web, owner: it, zone: app}
            - name: api
              kind: api
              owner: it
              zone: app
              endpoints: [{port: 8443, protocol: https, tls: intermediate}]
            flows:
            - {from: web, to: api, protocol: https, port: 8443, encrypted: true, authenticated: true}
            """)])

    func check(_ design: DesignView, _ context: RuleContext) -> [Finding] {
        design.model.flows.compactMap { flow in
            guard let port = flow.port, let target = design.element(flow.to), !target.endpoints.isEmpty,
                  !target.endpoints.contains(where: { $0.port == port }) else { return nil }
            let declared = target.endpoints.map { "\($0.port)/\($0.protocol)" }.joined(separator: ", ")
            return context.finding(flow, resource: flow.resourceName, field: "port",
                                   "flow \(flow.from) -> \(flow.to) uses port \(port), which \(target.resourceName) does not declare (it declares \(declared))")
        }
    }
}
