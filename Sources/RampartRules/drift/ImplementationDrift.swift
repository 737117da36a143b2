import RampartCore
import RampartManifests

/// A small deployment for drift examples: a Deployment named `name` with pods labelled `app: name`.
enum DriftManifest {
    static func deployment(_ name: String, namespace: String = "city", extraPod: String = "", container: String = "") -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: \(name), namespace: \(namespace)}
        spec:
          selector: {matchLabels: {app: \(name)}}
          template:
            metadata: {labels: {app: \(name)}}
            spec:\(extraPod.isEmpty ? "" : "\n      " + extraPod)
              containers:
              - name: app
                image: registry.city.example/\(name):1.0\(container.isEmpty ? "" : "\n        " + container)
        """
    }
}

struct UndeclaredWorkload: DriftRule {
    static let description = RuleDescription(
        id: "drift/undeclared-workload", title: "Workload or Compose service the design does not declare", severity: .medium,
        rationale: "Something runs that no design element accounts for: nobody has classified its data, placed it in a zone or reviewed its flows, so none of the design's controls reach it.",
        remediation: "Declare the workload in the design (a service or datastore whose implementedBy names it), or remove it from the manifests.",
        references: [.nist80053("CM-8"), .decree85("Art. 4.1 (security from the design stage)"), .cisControls("1.1"), .owaspTopTenMisconfig],
        triggering: [DriftExample.yaml("""
            services:
            - name: portal
              kind: web
              owner: it
              zone: dmz
              implementedBy: [{workload: portal}]
            """, manifests: DriftManifest.deployment("portal") + "\n---\n" + """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: ↓shadow-admin, namespace: city}
            spec:
              template:
                spec:
                  containers: [{name: a, image: registry.city.example/admin:1}]
            ---
            services:
              ↓cron-export: {image: registry.city.example/export:1}
            """)],
        nonTriggering: [DriftExample.yaml("""
            services:
            - name: portal
              kind: web
              owner: it
              zone: dmz
              implementedBy: [{workload: portal}, {compose: cron-export}]
            """, manifests: DriftManifest.deployment("portal") + "\n---\n" + """
            services:
              cron-export: {image: registry.city.example/export:1}
            """),
            // The same manifests judged without an audit's manifests stage: not drift.
            DriftExample.yaml("""
            services:
            - {name: portal, kind: web, owner: it, zone: dmz}
            """, manifests: DriftManifest.deployment("shadow"), stages: [DriftStage.design])])

    func check(_ drift: DriftView, _ context: RuleContext) -> [Finding] {
        // Claims of every design count (a city splits its design per agency); reported once.
        guard drift.manifestsAssessed, drift.isFirstDesign else { return [] }
        var claimedWorkloads: Set<String> = [], claimedCompose: Set<String> = []
        for view in drift.allDesigns {
            let claimed = view.claimed
            claimedWorkloads.formUnion(claimed.workloads.map { "\($0.object.file)|\($0.object.resourceName)" })
            claimedCompose.formUnion(claimed.compose.map { "\($0.file)|\($0.name)" })
        }
        let designSide = RelatedLocation(location: drift.model.location,
                                         message: "design: \(drift.model.file) declares no element implemented by it")
        var out: [Finding] = []
        for w in drift.manifests.workloads where !claimedWorkloads.contains("\(w.object.file)|\(w.object.resourceName)") {
            out.append(context.finding(at: w.object.field("metadata.name"), in: w.object,
                "\(w.object.resourceName) runs but no element of design \(drift.model.file) declares it (implementedBy)")
                .relating([designSide]))
        }
        for project in drift.manifests.composeProjects {
            for service in project.services where !claimedCompose.contains("\(service.file)|\(service.name)") {
                // The finding points at the service's name, the key a reader looks for.
                let key = project.document.root["services"]?.keyNode(service.name) ?? service.field.anchor
                out.append(context.finding(at: FieldRef(path: service.field.path, node: service.node, anchor: key), in: service,
                    "Compose \(service.resourceName) runs but no element of design \(drift.model.file) declares it (implementedBy)")
                    .relating([designSide]))
            }
        }
        return out
    }
}

struct UnimplementedService: DriftRule {
    static let description = RuleDescription(
        id: "drift/unimplemented-service", title: "Declared service has no implementation in the manifests", severity: .medium,
        rationale: "The design promises a service (and the controls around it) that the manifests do not deploy, or links it to a name that does not exist: either the design is stale, or the service runs under another name that no design control reaches.",
        remediation: "Fix the implementedBy link to the workload, Service, Ingress or Compose service that implements the element, or remove the element from the design. A link into a file that failed to parse is not judged until the file parses.",
        references: [.nist80053("CM-8"), .decree85("Art. 13 (design dossier)"), .nist80053("SA-17")],
        triggering: [DriftExample.yaml("""
            services:
            - name: portal
              kind: web
              owner: it
              zone: dmz
              implementedBy: [{workload: portal}, ↓{workload: portal-worker}]
            - name: ↓api
              kind: api
              owner: it
              zone: app
            """, manifests: DriftManifest.deployment("portal"))],
        nonTriggering: [DriftExample.yaml("""
            services:
            - name: portal
              kind: web
              owner: it
              zone: dmz
              implementedBy: [{workload: portal}, {host: portal.city.example}]
            - name: idp
              kind: identity-provider
              owner: it
              zone: app
              implementedBy: [{host: login.gov.example}]
            """, manifests: DriftManifest.deployment("portal"))])

    func check(_ drift: DriftView, _ context: RuleContext) -> [Finding] {
        guard drift.manifestsAssessed else { return [] }
        return drift.model.elements.flatMap { element -> [Finding] in
            if element.implementedBy.isEmpty {
                return [context.finding(element, resource: element.resourceName, field: element.fields["name"] == nil ? nil : "name",
                                        "\(element.resourceName) declares no implementedBy link; nothing in the manifests or on the network is held to it")]
            }
            // A link into a file that did not parse may be right: not assessed, and the input/* finding says why.
            guard drift.brokenManifestFiles.isEmpty else { return [] }
            return drift.implementation(of: element).missing.map { link in
                let ns = link.namespace.map { " in namespace \($0)" } ?? ""
                return context.finding(subject: Subject(location: link.location, resource: element.resourceName, fieldPath: "implementedBy"),
                                       "\(element.resourceName) is implemented by \(link.kind.rawValue) \(link.name)\(ns), which no scanned manifest defines",
                                       discriminator: "\(link.kind.rawValue)/\(link.name)")
            }
        }
    }
}

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

struct UndeclaredPort: DriftRule {
    static let description = RuleDescription(
        id: "drift/undeclared-port", title: "Manifest opens a port the design does not declare", severity: .medium,
        rationale: "Every port is an entry point. A port the design does not list has no declared protocol, TLS profile or authentication, so no design rule has judged it.",
        remediation: "Declare the endpoint in the design (port, protocol, tls, authentication), or remove the port from the manifests.",
        references: [.nist80053("CM-7"), .cisControls("4.8"), .circular12("network access control")],
        triggering: [DriftExample.yaml("""
            services:
            - name: api
              kind: api
              owner: it
              zone: app
              endpoints: [{port: 8080, protocol: http, authentication: token}]
              implementedBy: [{workload: api}, {compose: api-dev}]
            """, manifests: DriftManifest.deployment("api", container: "ports: [{containerPort: 8080}, {containerPort: ↓9090, name: metrics}]") + "\n---\n" + """
            apiVersion: v1
            kind: Service
            metadata: {name: api, namespace: city}
            spec:
              selector: {app: api}
              ports: [{port: 8080}, {port: ↓5005, name: debug}]
            ---
            services:
              api-dev:
                image: registry.city.example/api:1
                ports: ["127.0.0.1:8080:8080", ↓"127.0.0.1:5005:5005"]
            """)],
        nonTriggering: [DriftExample.yaml("""
            services:
            - name: api
              kind: api
              owner: it
              zone: app
              endpoints: [{port: 443, protocol: https, tls: intermediate, authentication: token}]
              implementedBy: [{workload: api}]
            """, manifests: DriftManifest.deployment("api", container: "ports: [{containerPort: 8443}]") + "\n---\n" + """
            apiVersion: v1
            kind: Service
            metadata: {name: api, namespace: city}
            spec:
              selector: {app: api}
              ports: [{port: 443, targetPort: 8443}]
            """)])

    func check(_ drift: DriftView, _ context: RuleContext) -> [Finding] {
        guard drift.manifestsAssessed else { return [] }
        return drift.model.elements.flatMap { element -> [Finding] in
            let impl = drift.implementation(of: element)
            guard !impl.isEmpty else { return [] }
            var declared = Set(element.endpoints.map(\.port))
            // A Service port the design declares may forward to another container port: that port is declared too.
            for s in impl.services {
                for p in s.node["spec"]?["ports"]?.items ?? [] {
                    if let port = p["port"]?.int, declared.contains(port), let target = p["targetPort"]?.int { declared.insert(target) }
                }
            }
            let list = declared.isEmpty ? "none" : element.endpoints.map { String($0.port) }.joined(separator: ", ")
            let designSide = drift.related(element, field: element.fields["endpoints"] == nil ? nil : "endpoints",
                                           "\(element.resourceName) declares ports \(list)")
            var out: [Finding] = []
            func report(_ field: FieldRef, in resource: some Locatable, name: String, port: Int) {
                out.append(context.finding(at: field, in: resource,
                    "\(name) opens port \(port), which \(element.resourceName) does not declare (declared: \(list))",
                    evidence: "port \(port)").relating([designSide]))
            }
            for w in impl.workloads {
                for c in w.containers {
                    for p in c.field("ports").items {
                        let field = p.child("containerPort")
                        if let port = field.node?.int, !declared.contains(port) { report(field, in: w.object, name: w.object.resourceName, port: port) }
                    }
                }
            }
            for s in impl.services {
                for p in s.field("spec.ports").items {
                    let field = p.child("port")
                    if let port = field.node?.int, !declared.contains(port) { report(field, in: s, name: s.resourceName, port: port) }
                }
            }
            for (_, service) in impl.compose {
                for port in ComposePort.all(in: service) {
                    let published = port.published.flatMap { Int($0) }
                    if declared.contains(where: { port.target.contains($0) }) || published.map(declared.contains) == true { continue }
                    report(port.field, in: service, name: "Compose \(service.resourceName)", port: published ?? port.target.lowerBound)
                }
            }
            return out
        }
    }
}

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

struct DatastoreWithoutNetworkPolicy: DriftRule {
    static let description = RuleDescription(
        id: "drift/datastore-without-network-policy", title: "Datastore in the data zone has no NetworkPolicy", severity: .high,
        rationale: "The design keeps the datastore in the data zone, reachable only by the flows it declares. In Kubernetes every pod can reach every other pod until a NetworkPolicy selects it, so without one the zone exists only on paper.",
        remediation: "Add a NetworkPolicy that selects the datastore's pods and allows ingress only from the workloads of the design's flows to it.",
        references: [.nist80053("SC-7"), .nist800207("3.1 (micro-segmentation)"), .cisKubernetes("5.3.2"), .circular12("network segmentation")],
        triggering: [DriftExample.yaml("""
            datastores:
            - name: db
              kind: database
              owner: it
              zone: ↓data
              implementedBy: [{workload: db}]
            """, manifests: DriftManifest.deployment("db"))],
        nonTriggering: [DriftExample.yaml("""
            datastores:
            - name: db
              kind: database
              owner: it
              zone: data
              implementedBy: [{workload: db}]
            """, manifests: DriftManifest.deployment("db") + "\n---\n" + """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: db-from-api, namespace: city}
            spec:
              podSelector: {matchLabels: {app: db}}
              policyTypes: [Ingress]
              ingress: [{from: [{podSelector: {matchLabels: {app: api}}}]}]
            """)])

    func check(_ drift: DriftView, _ context: RuleContext) -> [Finding] {
        guard drift.manifestsAssessed else { return [] }
        let policies = drift.manifests.objects(ofKind: ["NetworkPolicy"])
        return drift.model.elements.flatMap { element -> [Finding] in
            guard element.isDatastore, drift.design.isIn(element, .data) else { return [] }
            let workloads = drift.implementation(of: element).workloads
            guard !workloads.isEmpty else { return [] }
            let limited = workloads.allSatisfy { w in
                policies.contains { p in
                    guard sameNamespace(p.namespace, w.object.namespace) else { return false }
                    let types = p.node["spec"]?["policyTypes"]?.strings
                    // Without policyTypes, a policy always restricts ingress.
                    guard types == nil || types?.contains("Ingress") == true else { return false }
                    return LabelSelector(p.node["spec"]?["podSelector"]).matches(w.podLabels)
                }
            }
            guard !limited else { return [] }
            let names = workloads.map(\.object.resourceName).joined(separator: ", ")
            let sides = workloads.map { DriftView.related($0.object, at: $0.object.field("metadata.name"), "\($0.object.resourceName) selected by no NetworkPolicy") }
            return [context.finding(element, resource: element.resourceName, field: element.fields["zone"] == nil ? nil : "zone",
                                    "\(element.resourceName) lives in data zone \(element.zone ?? "?") but its pods (\(names)) are selected by no NetworkPolicy restricting ingress; any pod in the cluster can reach it")
                .relating(sides)]
        }
    }
}
