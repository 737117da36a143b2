import RampartCore

struct PublicEndpointWithoutAuthentication: DesignRule {
    static let description = RuleDescription(
        id: "design/public-endpoint-without-authentication", title: "Public endpoint without authentication serves non-public data", severity: .high,
        rationale: "An endpoint anyone on the internet can reach, with no authentication, gives away every non-public record the service handles.",
        remediation: "Require authentication (OIDC, SAML, tokens, client certificates) on the endpoint, or serve only public data from it.",
        references: [.asvs("V4.1.1"), .nist80053("AC-3"), .circular12("access control"), .cwe(306, "Missing Authentication for Critical Function")],
        triggering: [DesignExample.design("""
            services:
            - name: api
              kind: api
              owner: it
              zone: dmz
              exposure: public
              data: [{name: complaints, classification: personal}]
              endpoints:
              - {port: 443, protocol: https, tls: intermediate, authentication: ↓none}
            """)],
        nonTriggering: [DesignExample.design("""
            services:
            - name: opendata
              kind: api
              owner: it
              zone: dmz
              exposure: public
              data: [{name: bus-times, classification: public}]
              endpoints:
              - {port: 443, protocol: https, tls: intermediate, authentication: none}
            - name: api
              kind: api
              owner: it
              zone: dmz
              exposure: public
              data: [{name: complaints, classification: personal}]
              endpoints:
              - {port: 443, protocol: https, tls: intermediate, authentication: oidc}
            """)])

    func check(_ design: DesignView, _ context: RuleContext) -> [Finding] {
        design.model.elements.flatMap { service -> [Finding] in
            guard let highest = service.highestClassification, highest > .public else { return [] }
            return service.endpoints.filter {
                $0.effectiveExposure(in: service) == .public && ($0.authentication == .none || $0.authentication == .unknown)
            }.map { endpoint in
                let said = endpoint.authentication == .none ? "no authentication" : "no declared authentication"
                return context.finding(endpoint, resource: service.resourceName, field: endpoint.fields["authentication"] == nil ? nil : "authentication",
                                       "public endpoint \(endpoint.port)/\(endpoint.protocol) of \(service.resourceName) has \(said) but the service handles \(highest.rawValue) data",
                                       discriminator: "\(endpoint.port)")
            }
        }
    }
}

struct TLSProfileBelowLevel: DesignRule {
    static let description = RuleDescription(
        id: "design/tls-profile-below-level", title: "TLS profile weaker than the security level requires", severity: .high,
        rationale: "Each security level sets a lowest TLS configuration (versioned in the regulation data); an endpoint designed below it will be built below it.",
        remediation: "Raise the endpoint's tls profile to the level's minimum (see the regulation file's tlsMinimum).",
        references: [.circular12("encryption of transmitted data"), Reference("NIST SP 800-52 Rev. 2", section: "3.1 Protocol Version Support"),
                     .asvs("V9.1.3"), .cwe(326, "Inadequate Encryption Strength")],
        triggering: [DesignExample.design("""
            services:
            - name: portal
              kind: web
              owner: it
              zone: dmz
              endpoints:
              - {port: 443, protocol: https, tls: ↓old, authentication: oidc}
            """)],
        nonTriggering: [DesignExample.design("""
            services:
            - name: portal
              kind: web
              owner: it
              zone: dmz
              endpoints:
              - {port: 443, protocol: https, tls: intermediate, authentication: oidc}
            """)],
        parameters: ["regulation": "vn-decree85-2016"])

    func check(_ design: DesignView, _ context: RuleContext) -> [Finding] {
        let minimum = design.regulation.tlsMinimum(forLevel: design.level)
        return design.model.elements.flatMap { service in
            service.endpoints.filter { $0.tls != .none && $0.tls < minimum }.map { endpoint in
                context.finding(endpoint, resource: service.resourceName, field: "tls",
                                "endpoint \(endpoint.port)/\(endpoint.protocol) of \(service.resourceName) uses TLS profile \(endpoint.tls.rawValue) (from \(endpoint.tls.minimumVersion ?? "-")); \(design.levelText) requires at least \(minimum.rawValue) (from \(minimum.minimumVersion ?? "-")) under \(design.regulation.id)",
                                discriminator: "\(endpoint.port)")
            }
        }
    }
}

struct PlaintextExposedEndpoint: DesignRule {
    static let description = RuleDescription(
        id: "design/plaintext-exposed-endpoint", title: "Endpoint reachable from outside the system without TLS", severity: .high,
        rationale: "An endpoint with public or partner exposure and no TLS sends credentials and data in clear over networks the city does not control.",
        remediation: "Serve the endpoint over TLS (tls: intermediate or modern); keep a plaintext port only to redirect to HTTPS.",
        references: [.nist80053("SC-8"), .asvs("V9.1.1"), .circular12("encryption of transmitted data"), .cwe(319, "Cleartext Transmission of Sensitive Information")],
        triggering: [DesignExample.design("""
            services:
            - name: portal
              kind: web
              owner: it
              zone: dmz
              exposure: public
              endpoints:
              - ↓{port: 80, protocol: http, authentication: none}
            """)],
        nonTriggering: [DesignExample.design("""
            services:
            - name: portal
              kind: web
              owner: it
              zone: dmz
              exposure: public
              endpoints:
              - {port: 443, protocol: https, tls: intermediate, authentication: oidc}
            - name: api
              kind: api
              owner: it
              zone: app
              endpoints:
              - {port: 8080, protocol: http, authentication: token}
            """)])

    func check(_ design: DesignView, _ context: RuleContext) -> [Finding] {
        design.model.elements.flatMap { service in
            service.endpoints.filter {
                let exposure = $0.effectiveExposure(in: service)
                return $0.tls == .none && (exposure == .public || exposure == .partner)
            }.map { endpoint in
                context.finding(endpoint, resource: service.resourceName, field: endpoint.fields["tls"] == nil ? nil : "tls",
                                "endpoint \(endpoint.port)/\(endpoint.protocol) of \(service.resourceName) has \(endpoint.effectiveExposure(in: service).rawValue) exposure and no TLS",
                                discriminator: "\(endpoint.port)")
            }
        }
    }
}
