import RampartCore

struct DatastoreReachableFromInternet: DesignRule {
    static let description = RuleDescription(
        id: "design/datastore-reachable-from-internet", title: "Datastore reachable from the internet", severity: .critical,
        rationale: "A datastore exposed to the internet (public or partner exposure, placed in the internet zone or the DMZ) is one credential or one bug away from a full data breach.",
        remediation: "Keep datastores in the data zone with internal exposure; let only application services reach them.",
        references: [.decree85("Art. 4.1"), .circular12("network segmentation"), .tcvn11930("network security: zoning"),
                     .nist80053("SC-7"), .cwe(668, "Exposure of Resource to Wrong Sphere")],
        triggering: [DesignExample.design("""
            datastores:
            - {name: db, kind: database, owner: it, zone: data, exposure: ↓public}
            """),
                     DesignExample.design("""
            datastores:
            - {name: db, kind: database, owner: it, zone: ↓dmz}
            """)],
        nonTriggering: [DesignExample.design("""
            datastores:
            - {name: db, kind: database, owner: it, zone: data, exposure: internal}
            """)])

    func check(_ design: DesignView, _ context: RuleContext) -> [Finding] {
        design.model.elements.filter(\.isDatastore).compactMap { store in
            if store.exposure == .public || store.exposure == .partner {
                return context.finding(store, resource: store.resourceName, field: "exposure",
                                       "\(store.resourceName) has exposure \(store.exposure.rawValue); a datastore should be internal to the data zone")
            }
            if let endpoint = store.endpoints.first(where: { $0.exposure == .public || $0.exposure == .partner }) {
                return context.finding(endpoint, resource: store.resourceName, field: "exposure",
                                       "\(store.resourceName) exposes port \(endpoint.port) as \(endpoint.exposure?.rawValue ?? ""); a datastore should be internal to the data zone")
            }
            if let zone = design.zone(of: store), zone.kind == .internet || zone.kind == .dmz {
                return context.finding(store, resource: store.resourceName, field: "zone",
                                       "\(store.resourceName) sits in zone \(zone.name) (\(zone.kind.rawValue)), reachable from the internet; expected the data zone")
            }
            return nil
        }
    }
}

struct InternetToDataZone: DesignRule {
    static let description = RuleDescription(
        id: "design/internet-to-data-zone", title: "Flow from the internet zone straight into the data zone", severity: .high,
        rationale: "With no tier between them, anything on the internet talks directly to where the data lives; the application tier that should validate and authorise requests is skipped.",
        remediation: "Route the flow through a service in the DMZ or application zone that validates requests, and remove the direct flow.",
        references: [.circular12("network segmentation"), .tcvn11930("network security: zoning"), .nist80053("SC-7(21)"),
                     .cwe(923, "Improper Restriction of Communication Channel to Intended Endpoints")],
        triggering: [DesignExample.design("""
            services:
            - {name: citizen, kind: other, owner: it, zone: internet}
            datastores:
            - {name: db, kind: database, owner: it, zone: data}
            flows:
            - {from: citizen, to: ↓db, protocol: postgres, encrypted: true, authenticated: true}
            """)],
        nonTriggering: [DesignExample.design("""
            services:
            - {name: citizen, kind: other, owner: it, zone: internet}
            - {name: api, kind: api, owner: it, zone: app}
            datastores:
            - {name: db, kind: database, owner: it, zone: data}
            flows:
            - {from: citizen, to: api, protocol: https, encrypted: true, authenticated: true}
            - {from: api, to: db, protocol: postgres, encrypted: true, authenticated: true}
            """)])

    func check(_ design: DesignView, _ context: RuleContext) -> [Finding] {
        design.model.flows.compactMap { flow in
            guard let z = design.zones(of: flow), z.from.kind == .internet, z.to.kind == .data else { return nil }
            return context.finding(flow, resource: flow.resourceName, field: "to",
                                   "flow \(flow.from) -> \(flow.to) goes from zone \(z.from.name) (internet) straight to zone \(z.to.name) (data); expected a DMZ or application tier between them")
        }
    }
}

struct FieldZoneToInternet: DesignRule {
    static let description = RuleDescription(
        id: "design/field-zone-to-internet", title: "Field / IoT zone flows directly to the internet", severity: .high,
        rationale: "Sensors and controllers are hard to patch; letting them talk straight to the internet exposes them and lets a compromised device exfiltrate or be commanded from anywhere.",
        remediation: "Send field traffic through a gateway in the DMZ or application zone; block direct internet egress from the field zone.",
        references: [.decree85("Art. 6 (industrial control systems)"), .nist80053("SC-7"), Reference("IEC 62443-3-3", section: "SR 5.1 Network segmentation"),
                     .cwe(668, "Exposure of Resource to Wrong Sphere")],
        triggering: [DesignExample.design("""
            services:
            - {name: sensor, kind: other, owner: it, zone: field}
            - {name: cloud, kind: api, owner: vendor, zone: internet}
            flows:
            - {from: sensor, to: ↓cloud, protocol: mqtts, encrypted: true, authenticated: true}
            """)],
        nonTriggering: [DesignExample.design("""
            services:
            - {name: sensor, kind: other, owner: it, zone: field}
            - {name: gateway, kind: iot-gateway, owner: it, zone: dmz}
            flows:
            - {from: sensor, to: gateway, protocol: mqtts, encrypted: true, authenticated: true}
            """)])

    func check(_ design: DesignView, _ context: RuleContext) -> [Finding] {
        design.model.flows.compactMap { flow in
            guard let z = design.zones(of: flow), z.from.kind == .field, z.to.kind == .internet else { return nil }
            return context.finding(flow, resource: flow.resourceName, field: "to",
                                   "flow \(flow.from) -> \(flow.to) goes from field zone \(z.from.name) directly to internet zone \(z.to.name); expected a gateway between them")
        }
    }
}
