import RampartCore

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
