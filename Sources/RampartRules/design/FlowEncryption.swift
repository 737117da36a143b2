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
