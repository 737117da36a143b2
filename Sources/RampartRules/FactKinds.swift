import RampartCore
import RampartManifests

/// Names for the kinds of facts a run can see, shared by rules (what they read) and runs (what was scanned).
/// `kubernetes:KIND` per object kind (and `kubernetes` for any object), `compose`, `tls`, `certificate`,
/// `http`, `ports`, `design`.
public enum FactKinds {
    public static func kubernetes(_ kind: String) -> String { "kubernetes:\(kind)" }

    /// A control-plane component (static pod) or kubelet configuration seen in the scan.
    public static func controlPlane(_ kind: ControlPlaneComponent.Kind) -> String { "control-plane:\(kind.rawValue)" }

    /// Kinds that run pods (what workload and container rules iterate).
    public static let workloadKinds: Set<String> = Set(Workload.kinds.map { kubernetes($0) })

    /// What a rule of `domain` reads when its shape does not say more precisely.
    public static func reads(domain: String) -> Set<String> {
        switch domain {
        case "k8s": ["kubernetes"]
        case "compose": ["compose"]
        case "tls": ["tls"]
        case "cert": ["certificate"]
        case "http": ["http"]
        case "port": ["ports"]
        case "design": ["design"]
        // Drift compares the design with manifests or live facts; the design must be there.
        case "drift": ["design"]
        default: []
        }
    }

    /// Every kind of fact present in `facts`.
    public static func seen(in facts: Facts) -> Set<String> {
        var kinds: Set<String> = []
        for object in facts.manifests.objects {
            kinds.insert("kubernetes")
            kinds.insert(kubernetes(object.kind))
        }
        // Control-plane components and kubelets, so that a scan without them does not count their CIS
        // recommendations as checked and clean.
        for component in facts.manifests.controlPlane { kinds.insert(controlPlane(component.kind)) }
        if !facts.manifests.kubelets.isEmpty { kinds.insert(controlPlane(.kubelet)) }
        if !facts.manifests.composeServices.isEmpty { kinds.insert("compose") }
        if !facts.set.design.isEmpty || facts.set.documents.contains(where: { $0.format == .design }) { kinds.insert("design") }
        for endpoint in facts.set.tls {
            if !endpoint.protocols.isEmpty { kinds.insert("tls") }
            if endpoint.certificate?.leaf != nil { kinds.insert("certificate") }
            if endpoint.http?.status != nil { kinds.insert("http") }
        }
        if !facts.set.hosts.isEmpty { kinds.insert("ports") }
        return kinds
    }
}
