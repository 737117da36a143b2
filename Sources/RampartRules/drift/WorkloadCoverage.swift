import RampartCore
import RampartManifests

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
        remediation: "Fix the implementedBy link to the workload, Service, Ingress or Compose service that implements the element, or remove the element from the design. Mark an actor the system does not deploy (residents, a partner's system, field devices) `external: true`. A link into a file that failed to parse is not judged until the file parses.",
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
            - name: citizen
              kind: other
              owner: public
              zone: internet
              external: true
            """, manifests: DriftManifest.deployment("portal"))])

    func check(_ drift: DriftView, _ context: RuleContext) -> [Finding] {
        guard drift.manifestsAssessed else { return [] }
        return drift.model.elements.flatMap { element -> [Finding] in
            // An external actor (users, a partner's system, devices) is drawn for its flows; nothing deploys it.
            if element.implementedBy.isEmpty, !element.isExternal {
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
