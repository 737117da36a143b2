import RampartCore
import RampartManifests

// Secrets in manifests, service-account tokens and namespaces. A finding about a secret names its key and
// points at its line; the value itself is never copied into a message or evidence.

/// Service accounts in the scan, by namespace and name, to resolve what a pod inherits.
struct ServiceAccounts {
    /// Accounts by name, so that thousands of workloads each find theirs without a scan of all accounts.
    let byName: [String: [KubernetesObject]]

    init(_ facts: Facts) {
        byName = Dictionary(grouping: facts.manifests.objects(ofKind: ["ServiceAccount"]), by: \.name)
    }

    func account(named name: String, near namespace: String?) -> KubernetesObject? {
        byName[name]?.first { sameNamespace($0.namespace, namespace) }
    }

    /// Whether the pod gets an API token mounted: the pod's setting wins, else the service account's, else true.
    func mountsToken(_ workload: Workload) -> (mounts: Bool, field: FieldRef) {
        let own = workload.podSpec.child("automountServiceAccountToken")
        if let value = own.node?.bool { return (value, own) }
        if let account = account(named: workload.effectiveServiceAccount, near: workload.object.namespace),
           let value = account.node["automountServiceAccountToken"]?.bool, value == false {
            return (false, own)
        }
        return (true, own)
    }
}
