import RampartCore
import RampartManifests

// Pod Security Standards, Restricted level (everything Baseline forbids is reported by the Baseline rules;
// these rules report only what Restricted adds, so a field is never reported twice).

struct RestrictedVolumeTypes: WorkloadRule {
    static let allowed: Set<String> = [
        "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret",
    ]
    static let description = RuleDescription(
        id: "k8s/restricted-volume-types", title: "Volume type outside the Restricted set", severity: .medium,
        rationale: "Restricted allows only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected and secret volumes. Other in-tree types (nfs, iscsi, rbd, cephfs, gitRepo, awsElasticBlockStore, ...) connect the node to storage chosen by the pod author, bypassing PersistentVolume administration; gitRepo even runs git on the node. hostPath is reported by k8s/host-path-volume.",
        remediation: "Provision the storage as a PersistentVolume and mount it through a persistentVolumeClaim (or use a CSI driver); replace gitRepo with an init container that clones into an emptyDir.",
        references: [.pss(.restricted, "Volume Types"), .nsaKubernetes("Kubernetes Pod security: Pod security enforcement"), .nist80053("CM-7")],
        triggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - {name: app, image: app:1.0}
              volumes:
              - name: shared
                nfs: ↓{server: nfs.example, path: /exports}
              - {name: cache, emptyDir: {}}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - {name: app, image: app:1.0}
              volumes:
              - {name: data, persistentVolumeClaim: {claimName: data}}
              - {name: conf, configMap: {name: conf}}
              - {name: token, projected: {sources: [{serviceAccountToken: {path: token}}]}}
            """,
        ])

    func check(_ workload: Workload, _ context: RuleContext) -> [Finding] {
        workload.volumeFields.flatMap { volume -> [Finding] in
            let name = volume.node?["name"]?.string ?? "?"
            return (volume.node?.pairs ?? []).compactMap { pair in
                guard let type = pair.key.string, type != "name", type != "hostPath", !Self.allowed.contains(type) else { return nil }
                return context.finding(at: volume.child(type), in: workload.object,
                                       "volume \"\(name)\" has type \(type); Restricted allows only \(Self.allowed.sorted().joined(separator: ", ")).",
                                       evidence: type)
            }
        }
    }
}
