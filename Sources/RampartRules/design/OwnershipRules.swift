import RampartCore

struct OwnerMissing: DesignRule {
    static let description = RuleDescription(
        id: "design/owner-missing", title: "No owner declared", severity: .medium,
        rationale: "Decree 85/2016 assigns security duties to the system's owner and operator; a service nobody owns is patched by nobody and answers to nobody in an incident.",
        remediation: "Name the owning unit (owner:) on the system and on every service and datastore.",
        references: [.decree85("Art. 20 (responsibilities of the system owner)"), .nist80053("PM-10"), .nist80053("CM-8(4)")],
        triggering: [DesignExample.design("""
            services:
            - ↓{name: api, kind: api, zone: app}
            """),
                     "rampart: design\nsystem: ↓{name: s, level: 1}\n"],
        nonTriggering: [DesignExample.design("""
            services:
            - {name: api, kind: api, zone: app, owner: transport-department}
            """)])

    func check(_ design: DesignView, _ context: RuleContext) -> [Finding] {
        var out: [Finding] = []
        let system = design.model.system
        if system.owner == nil {
            out.append(context.finding(system, resource: "system \(system.name)", field: nil, "system \(system.name) declares no owner"))
        }
        for element in design.model.elements where element.owner == nil {
            out.append(context.finding(element, resource: element.resourceName, field: nil, "\(element.resourceName) declares no owner"))
        }
        return out
    }
}

struct SharedServiceWithoutIsolation: DesignRule {
    static let description = RuleDescription(
        id: "design/shared-service-without-isolation", title: "Shared service without isolation between tenants", severity: .high,
        rationale: "Shared infrastructure serves several agencies; without isolation one tenant's compromise or mistake reaches the others' data.",
        remediation: "Isolate tenants (separate schemas, namespaces, keys or instances) and declare tenantIsolation: logical or physical.",
        references: [.decree85("Art. 4.2 (shared infrastructure)"), .nist80053("SC-2"), .nist80053("SC-4"), .cwe(653, "Improper Isolation or Compartmentalization")],
        triggering: [DesignExample.design("""
            datastores:
            - {name: db, kind: database, owner: it, zone: data, multiTenant: true, tenantIsolation: ↓none}
            """),
                     DesignExample.design("""
            datastores:
            - {name: db, kind: database, owner: it, zone: data, multiTenant: ↓true}
            """)],
        nonTriggering: [DesignExample.design("""
            datastores:
            - {name: db, kind: database, owner: it, zone: data, multiTenant: true, tenantIsolation: logical}
            - {name: own, kind: database, owner: it, zone: data}
            """)])

    func check(_ design: DesignView, _ context: RuleContext) -> [Finding] {
        design.model.elements.filter { $0.multiTenant == true && ($0.tenantIsolation == nil || $0.tenantIsolation == DesignService.TenantIsolation.none) }.map { element in
            context.finding(element, resource: element.resourceName, field: element.tenantIsolation == nil ? "multiTenant" : "tenantIsolation",
                            "\(element.resourceName) is shared between tenants with \(element.tenantIsolation == nil ? "no declared" : "no") isolation; expected tenantIsolation: logical or physical")
        }
    }
}

struct DatastoreUnencryptedAtRest: DesignRule {
    static let description = RuleDescription(
        id: "design/datastore-unencrypted-at-rest", title: "Sensitive data stored without encryption at rest", severity: .medium,
        rationale: "Personal, sensitive or confidential data on disk is exposed by stolen backups, snapshots and decommissioned disks unless it is encrypted.",
        remediation: "Encrypt the datastore's storage (and its backups) and set encryptedAtRest: true.",
        references: [.nist80053("SC-28"), .asvs("V6.1.1"), Reference("Decree 13/2023/ND-CP", section: "Art. 26"), .cwe(311, "Missing Encryption of Sensitive Data")],
        triggering: [DesignExample.design("""
            datastores:
            - name: db
              kind: database
              owner: it
              zone: data
              data: [{name: residents, classification: personal}]
              encryptedAtRest: ↓false
            """)],
        nonTriggering: [DesignExample.design("""
            datastores:
            - name: db
              kind: database
              owner: it
              zone: data
              data: [{name: residents, classification: personal}]
              encryptedAtRest: true
            - name: cache
              kind: cache
              owner: it
              zone: data
              data: [{name: timetables, classification: public}]
            """)])

    func check(_ design: DesignView, _ context: RuleContext) -> [Finding] {
        design.model.elements.compactMap { element in
            guard element.isDatastore, element.encryptedAtRest != true, let highest = element.highestClassification,
                  highest >= .personal else { return nil }
            return context.finding(element, resource: element.resourceName, field: element.encryptedAtRest == nil ? nil : "encryptedAtRest",
                                   "\(element.resourceName) stores \(highest.rawValue) data without encryption at rest; expected encryptedAtRest: true")
        }
    }
}

struct IdentityProviderWeak: DesignRule {
    static let description = RuleDescription(
        id: "design/identity-provider-plaintext", title: "Identity provider endpoint without TLS", severity: .critical,
        rationale: "An identity provider handles passwords, tokens and session secrets for every other service; any plaintext endpoint of it leaks them all.",
        remediation: "Serve every endpoint of the identity provider over TLS (intermediate or modern).",
        references: [.asvs("V9.1.1"), .nist80053("IA-5(1)"), Reference("NIST SP 800-63B", section: "5.2.5"), .cwe(523, "Unprotected Transport of Credentials")],
        triggering: [DesignExample.design("""
            services:
            - name: idp
              kind: identity-provider
              owner: it
              zone: app
              endpoints:
              - ↓{port: 8080, protocol: http, authentication: password}
            """)],
        nonTriggering: [DesignExample.design("""
            services:
            - name: idp
              kind: identity-provider
              owner: it
              zone: app
              endpoints:
              - {port: 8443, protocol: https, tls: intermediate, authentication: password}
            """)])

    func check(_ design: DesignView, _ context: RuleContext) -> [Finding] {
        design.model.elements.filter { $0.kind == .identityProvider }.flatMap { idp in
            idp.endpoints.filter { $0.tls == .none }.map { endpoint in
                context.finding(endpoint, resource: idp.resourceName, field: endpoint.fields["tls"] == nil ? nil : "tls",
                                "identity provider \(idp.name) has a plaintext endpoint \(endpoint.port)/\(endpoint.protocol); expected TLS on every endpoint",
                                discriminator: "\(endpoint.port)")
            }
        }
    }
}
