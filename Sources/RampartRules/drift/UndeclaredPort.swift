import RampartCore
import RampartManifests

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
