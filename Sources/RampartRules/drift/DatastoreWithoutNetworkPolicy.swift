import RampartCore
import RampartManifests

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
