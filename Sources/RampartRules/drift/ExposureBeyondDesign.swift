import RampartCore
import RampartManifests

struct ExposureBeyondDesign: DriftRule {
    static let description = RuleDescription(
        id: "drift/exposure-beyond-design", title: "Manifests expose a service the design keeps internal", severity: .high,
        rationale: "The design places the service behind the system's boundary; a NodePort, LoadBalancer, Ingress host, hostPort, host network or a Compose port published on every interface puts it in front of networks the design never assessed.",
        remediation: "Make the Service ClusterIP, drop the Ingress rule, hostPort or hostNetwork, or bind the Compose port to an internal address; or change the design's exposure (and have it reviewed) if the service is meant to be reachable.",
        references: [.nist80053("SC-7"), .nist800207("3.1 (micro-segmentation)"), .cisKubernetes("5.7.4"), .circular12("network access control")],
        triggering: [DriftExample.yaml("""
            services:
            - name: api
              kind: api
              owner: it
              zone: app
              exposure: internal
              endpoints: [{port: 8080, protocol: http, authentication: token}]
              implementedBy: [{workload: api}]
            """, manifests: DriftManifest.deployment("api", extraPod: "hostNetwork: ↓true") + "\n---\n" + """
            apiVersion: v1
            kind: Service
            metadata: {name: api, namespace: city}
            spec:
              type: ↓NodePort
              selector: {app: api}
              ports: [{port: 8080}]
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: api, namespace: city}
            spec:
              rules:
              - host: ↓api.city.example
                http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: api, port: {number: 8080}}}}]}
            """),
            // A public service whose admin endpoint the design keeps in the management zone.
            DriftExample.yaml("""
            services:
            - name: portal
              kind: web
              owner: it
              zone: dmz
              exposure: public
              endpoints:
              - {port: 443, protocol: https, tls: intermediate, authentication: oidc}
              - {port: 9000, protocol: https, tls: intermediate, authentication: mtls, exposure: management, admin: true}
              implementedBy: [{k8s-service: portal}]
            """, manifests: """
            apiVersion: v1
            kind: Service
            metadata: {name: portal, namespace: city}
            spec:
              type: LoadBalancer
              selector: {app: portal}
              ports: [{port: 443, name: https}, {port: ↓9000, name: admin}]
            """)],
        nonTriggering: [DriftExample.yaml("""
            services:
            - name: api
              kind: api
              owner: it
              zone: app
              exposure: internal
              endpoints: [{port: 8080, protocol: http, authentication: token}]
              implementedBy: [{workload: api}]
            - name: portal
              kind: web
              owner: it
              zone: dmz
              exposure: public
              endpoints: [{port: 443, protocol: https, tls: intermediate, authentication: oidc}]
              implementedBy: [{compose: portal}]
            """, manifests: DriftManifest.deployment("api") + "\n---\n" + """
            apiVersion: v1
            kind: Service
            metadata: {name: api, namespace: city}
            spec:
              selector: {app: api}
              ports: [{port: 8080}]
            ---
            services:
              portal:
                image: registry.city.example/portal:1
                ports: ["443:8443"]
            """)])

    func check(_ drift: DriftView, _ context: RuleContext) -> [Finding] {
        guard drift.manifestsAssessed else { return [] }
        return drift.model.elements.flatMap { element -> [Finding] in
            guard !element.widestExposure.isOutside else { return internalEndpointsExposed(element, drift, context) }
            let designSide = drift.related(element, field: element.fields["exposure"] == nil ? nil : "exposure",
                                           "\(element.resourceName) has \(element.exposure.rawValue) exposure")
            let impl = drift.implementation(of: element)
            var out: [Finding] = []
            func report(_ field: FieldRef, in resource: some Locatable, name: String, _ what: String) {
                out.append(context.finding(at: field, in: resource,
                    "\(name) \(what), but the design gives \(element.resourceName) \(element.exposure.rawValue) exposure",
                    evidence: field.node?.string).relating([designSide]))
            }
            for s in impl.services {
                let type = s.field("spec.type")
                if let t = type.node?.string, t == "NodePort" || t == "LoadBalancer" {
                    report(type, in: s, name: s.resourceName, "is of type \(t), reachable from outside the cluster")
                }
            }
            for i in impl.ingresses {
                let rules = i.field("spec.rules").items
                let hosts = rules.map { $0.child("host") }.filter(\.exists)
                if hosts.isEmpty {
                    report(i.field("spec"), in: i, name: i.resourceName, "routes outside traffic to it")
                }
                for h in hosts { report(h, in: i, name: i.resourceName, "publishes it as host \(h.node?.string ?? "?")") }
            }
            for w in impl.workloads {
                let hostNetwork = w.podSpec.child("hostNetwork")
                if hostNetwork.node?.bool == true {
                    report(hostNetwork, in: w.object, name: w.object.resourceName, "runs on the node's network")
                }
                for c in w.containers {
                    for p in c.field("ports").items {
                        let hostPort = p.child("hostPort")
                        if let n = hostPort.node?.int, n > 0 {
                            report(hostPort, in: w.object, name: w.object.resourceName, "binds node port \(n) (hostPort) for container \(c.name)")
                        }
                    }
                }
            }
            for (_, service) in impl.compose {
                let mode = service.field("network_mode")
                if mode.node?.string?.lowercased() == "host" {
                    report(mode, in: service, name: "Compose \(service.resourceName)", "uses the host's network")
                    continue
                }
                for port in ComposePort.all(in: service) where port.binding == .allInterfaces && port.published != nil {
                    report(port.field, in: service, name: "Compose \(service.resourceName)",
                           "publishes port \(port.targetText)/\(port.proto) on all host interfaces")
                }
            }
            return out
        }
    }
}

extension ExposureBeyondDesign {
    /// For a service the design exposes: its ports the design keeps internal or management-only (an admin
    /// console beside a public site) must not be published by a NodePort, LoadBalancer or Compose port.
    func internalEndpointsExposed(_ element: DesignService, _ drift: DriftView, _ context: RuleContext) -> [Finding] {
        let inside = element.endpoints.filter { !$0.effectiveExposure(in: element).isOutside }
        guard !inside.isEmpty else { return [] }
        let impl = drift.implementation(of: element)
        var out: [Finding] = []
        func report(_ field: FieldRef, in resource: some Locatable, name: String, _ e: DesignEndpoint) {
            let exposure = e.effectiveExposure(in: element).rawValue
            let side = drift.related(e, field: e.fields["exposure"] == nil ? nil : "exposure",
                                     "endpoint \(e.port)/\(e.protocol) of \(element.resourceName) has \(exposure) exposure")
            out.append(context.finding(at: field, in: resource,
                "\(name) publishes port \(e.port) outside, but the design gives endpoint \(e.port)/\(e.protocol) of \(element.resourceName) \(exposure) exposure",
                evidence: "port \(e.port)").relating([side]))
        }
        for s in impl.services {
            guard let t = s.field("spec.type").node?.string, t == "NodePort" || t == "LoadBalancer" else { continue }
            for p in s.field("spec.ports").items {
                let port = p.child("port").node?.int, target = p.child("targetPort").node?.int
                if let e = inside.first(where: { $0.port == port || $0.port == target }) { report(p.child("port"), in: s, name: s.resourceName, e) }
            }
        }
        for (_, service) in impl.compose where service.field("network_mode").node?.string?.lowercased() != "host" {
            for port in ComposePort.all(in: service) where port.binding == .allInterfaces && port.published != nil {
                if let e = inside.first(where: { port.target.contains($0.port) || port.published == String($0.port) }) {
                    report(port.field, in: service, name: "Compose \(service.resourceName)", e)
                }
            }
        }
        for w in impl.workloads {
            for c in w.containers {
                for p in c.field("ports").items {
                    let hostPort = p.child("hostPort")
                    guard let h = hostPort.node?.int, h > 0 else { continue }
                    let container = p.child("containerPort").node?.int
                    if let e = inside.first(where: { $0.port == h || $0.port == container }) { report(hostPort, in: w.object, name: w.object.resourceName, e) }
                }
            }
        }
        return out
    }
}
