import RampartCore

struct AdminInterfaceExposed: DesignRule {
    static let description = RuleDescription(
        id: "design/admin-interface-exposed", title: "Administrative interface outside the management zone", severity: .high,
        rationale: "Consoles, management APIs and SSH control the system; reachable from ordinary zones or the internet they are the first thing attackers try.",
        remediation: "Put administrative endpoints in the management zone with management exposure, reached over a VPN or bastion.",
        references: [.circular12("administration from a separate management network"), .nist80053("AC-17"), .nist80053("SC-7(15)"),
                     .asvs("V1.4"), .cwe(668, "Exposure of Resource to Wrong Sphere")],
        triggering: [DesignExample.design("""
            services:
            - name: portal
              kind: web
              owner: it
              zone: dmz
              exposure: public
              endpoints:
              - {port: 443, protocol: https, tls: intermediate, authentication: oidc}
              - {port: 8443, protocol: https, tls: intermediate, authentication: password, admin: ↓true}
            """),
                     DesignExample.design("""
            services:
            - {name: console, kind: admin-console, owner: it, zone: ↓app}
            """)],
        nonTriggering: [DesignExample.design("""
            services:
            - {name: console, kind: admin-console, owner: it, zone: mgmt, exposure: management}
            - name: portal
              kind: web
              owner: it
              zone: dmz
              endpoints:
              - {port: 443, protocol: https, tls: intermediate, authentication: oidc}
            """)])

    func check(_ design: DesignView, _ context: RuleContext) -> [Finding] {
        var out: [Finding] = []
        for service in design.model.elements {
            let inManagement = design.isIn(service, .management)
            if service.kind == .adminConsole, !inManagement || service.exposure == .public || service.exposure == .partner {
                out.append(context.finding(service, resource: service.resourceName, field: inManagement ? "exposure" : "zone",
                                           "\(service.resourceName) is an admin console in zone \(service.zone ?? "(none)") with exposure \(service.exposure.rawValue); expected the management zone with management exposure"))
                continue
            }
            for endpoint in service.endpoints where endpoint.admin {
                let exposure = endpoint.effectiveExposure(in: service)
                guard !inManagement || exposure == .public || exposure == .partner else { continue }
                out.append(context.finding(endpoint, resource: service.resourceName, field: "admin",
                                           "admin endpoint \(endpoint.port)/\(endpoint.protocol) of \(service.resourceName) is in zone \(service.zone ?? "(none)") with exposure \(exposure.rawValue); expected the management zone",
                                           discriminator: "\(endpoint.port)"))
            }
        }
        return out
    }
}
