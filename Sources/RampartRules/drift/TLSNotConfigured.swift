import RampartCore
import RampartManifests

struct TLSNotConfigured: DriftRule {
    static let description = RuleDescription(
        id: "drift/tls-not-configured", title: "Design asks for TLS; the Ingress or Service serves plain HTTP", severity: .high,
        rationale: "The design's TLS profile is only a promise until the deployment terminates TLS: an Ingress without a tls section, or a Service port the design declares as TLS but names plain http, sends the traffic in clear.",
        remediation: "Add a tls section for the host to the Ingress (with its certificate Secret), or serve the Service port over TLS; keep a plain port only to redirect.",
        references: [.nist80053("SC-8"), .asvs("V9.1.1"), .circular12("encryption of transmitted data"), .cwe(319, "Cleartext Transmission of Sensitive Information")],
        triggering: [DriftExample.yaml("""
            services:
            - name: portal
              kind: web
              owner: it
              zone: dmz
              exposure: public
              endpoints:
              - {port: 443, protocol: https, tls: intermediate, authentication: oidc}
              implementedBy: [{workload: portal}]
            """, manifests: DriftManifest.deployment("portal") + "\n---\n" + """
            apiVersion: v1
            kind: Service
            metadata: {name: portal, namespace: city}
            spec:
              selector: {app: portal}
              ports: [{port: 443, name: ↓http, targetPort: 8080}]
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: portal, namespace: city}
            spec:
              rules:
              - host: ↓portal.city.example
                http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: portal, port: {number: 443}}}}]}
            """)],
        nonTriggering: [DriftExample.yaml("""
            services:
            - name: portal
              kind: web
              owner: it
              zone: dmz
              exposure: public
              endpoints:
              - {port: 443, protocol: https, tls: intermediate, authentication: oidc}
              implementedBy: [{ingress: portal}]
            """, manifests: """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: portal, namespace: city}
            spec:
              tls: [{hosts: [portal.city.example], secretName: portal-tls}]
              rules:
              - host: portal.city.example
                http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: portal, port: {number: 443}}}}]}
            """)])

    func check(_ drift: DriftView, _ context: RuleContext) -> [Finding] {
        guard drift.manifestsAssessed else { return [] }
        return drift.model.elements.flatMap { element -> [Finding] in
            let tlsEndpoints = element.endpoints.filter { $0.tls != .none }
            guard let first = tlsEndpoints.first else { return [] }
            let impl = drift.implementation(of: element)
            var out: [Finding] = []
            func designSide(_ e: DesignEndpoint) -> RelatedLocation {
                drift.related(e, field: e.fields["tls"] == nil ? nil : "tls",
                              "endpoint \(e.port)/\(e.protocol) of \(element.resourceName) declares TLS profile \(e.tls.rawValue)")
            }
            // Ingresses face the clients of the element's TLS endpoints: every routed host needs a tls entry.
            for i in impl.ingresses {
                let covered = Set((i.node["spec"]?["tls"]?.items ?? []).flatMap { $0["hosts"]?.strings ?? [] })
                let anyTLS = !(i.node["spec"]?["tls"]?.items ?? []).isEmpty
                let rules = i.field("spec.rules").items
                var hosts = rules.map { $0.child("host") }.filter(\.exists)
                if hosts.isEmpty && !anyTLS { hosts = [i.field("spec")] }
                for h in hosts {
                    let name = h.node?.string
                    if let name, covered.contains(name) || (anyTLS && covered.isEmpty) { continue }
                    out.append(context.finding(at: h, in: i,
                        "\(i.resourceName) serves \(name.map { "host \($0)" } ?? "its routes") without TLS (no spec.tls entry), but the design declares TLS (\(first.tls.rawValue)) for \(element.resourceName)",
                        evidence: name).relating([designSide(first)]))
                }
            }
            // A Service port at a TLS endpoint's port that says it speaks plain HTTP.
            for s in impl.services {
                for p in s.field("spec.ports").items {
                    guard let port = p.child("port").node?.int, let e = tlsEndpoints.first(where: { $0.port == port }) else { continue }
                    for key in ["appProtocol", "name"] {
                        let field = p.child(key)
                        guard let value = field.node?.string?.lowercased(), value == "http" || value == "kubernetes.io/h2c" || value == "h2c" else { continue }
                        out.append(context.finding(at: field, in: s,
                            "\(s.resourceName) port \(port) is declared as \(value) (plain HTTP), but the design declares TLS (\(e.tls.rawValue)) on endpoint \(e.port)/\(e.protocol) of \(element.resourceName)",
                            evidence: "\(key): \(value)").relating([designSide(e)]))
                        break
                    }
                }
            }
            return out
        }
    }
}
