import RampartCore

/// An object that runs pods, seen through its pod template. Every workload kind reaches the same
/// `podSpec`, so rules are written once for all of them.
public struct Workload: Sendable {
    public let object: KubernetesObject
    /// The pod spec: `spec`, `spec.template.spec` or `spec.jobTemplate.spec.template.spec`.
    public let podSpec: FieldRef
    /// The pod's metadata (labels and annotations the pods will carry).
    public let podMetadata: FieldRef
    public let containers: [Container]

    /// Where each kind keeps its pod template.
    static let podTemplatePaths: [String: String] = [
        "Pod": "",
        "Deployment": "spec.template", "StatefulSet": "spec.template", "DaemonSet": "spec.template",
        "ReplicaSet": "spec.template", "ReplicationController": "spec.template", "Job": "spec.template",
        "PodTemplate": "template",
        "CronJob": "spec.jobTemplate.spec.template",
        // OpenShift (apps.openshift.io/v1): a Deployment's forerunner, same template place.
        "DeploymentConfig": "spec.template",
    ]

    /// Every kind that runs pods.
    public static var kinds: Set<String> { Set(podTemplatePaths.keys) }

    public init?(_ object: KubernetesObject) {
        guard let templatePath = Workload.podTemplatePaths[object.kind] else { return nil }
        self.init(object, templatePath: templatePath)
    }

    /// A workload-like custom resource (`WorkloadKind`), when `object` is of that apiVersion and kind.
    public init?(_ object: KubernetesObject, customKinds: [WorkloadKind]) {
        guard Workload.podTemplatePaths[object.kind] == nil,
              let custom = customKinds.first(where: { $0.matches(object) }) else { return nil }
        self.init(object, templatePath: custom.podTemplate)
    }

    private init(_ object: KubernetesObject, templatePath: String) {
        let template = templatePath.isEmpty ? object.root : object.field(templatePath)
        self.object = object
        self.podSpec = template.child("spec")
        self.podMetadata = template.child("metadata")
        let podSecurityContext = podSpec.child("securityContext")
        var containers: [Container] = []
        for kind in Container.Kind.allCases {
            for field in podSpec.child(kind.rawValue).items where field.node?.isMapping == true {
                containers.append(Container(field: field, kind: kind, podSecurityContext: podSecurityContext))
            }
        }
        self.containers = containers
    }

    public var podSecurityContext: FieldRef { podSpec.child("securityContext") }

    /// Labels the pods carry (for NetworkPolicy and Service selection).
    public var podLabels: [String: String] { stringMap(podMetadata.node?["labels"]) }

    public var podAnnotations: [String: String] { stringMap(podMetadata.node?["annotations"]) }

    public var namespace: String { object.namespace ?? "default" }
}

/// A container of a pod, with its security context resolved against the pod's.
public struct Container: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case container = "containers"
        case initContainer = "initContainers"
        case ephemeralContainer = "ephemeralContainers"
    }

    public let field: FieldRef
    public let kind: Kind
    let podSecurityContext: FieldRef

    public var name: String { field.node?["name"]?.string ?? "<unnamed>" }
    public var image: FieldRef { field.child("image") }
    public var securityContext: FieldRef { field.child("securityContext") }

    public func field(_ path: String) -> FieldRef { field.field(path) }

    /// Fields a container inherits from the pod's securityContext when it does not set them itself.
    public static let inheritedSecurityFields: Set<String> = [
        "runAsUser", "runAsGroup", "runAsNonRoot", "seLinuxOptions", "seccompProfile", "windowsOptions", "appArmorProfile",
    ]

    /// The effective value of `securityContext.<key>`: the container's own when set, else the pod's for
    /// inherited fields. When neither sets it, the field points at the container's securityContext (or
    /// the container) so that a finding lands on the container that lacks it.
    public func effectiveSecurity(_ key: String) -> FieldRef {
        let own = securityContext.child(key)
        if let node = own.node, !node.isNull { return own }
        if Container.inheritedSecurityFields.contains(key) {
            let inherited = podSecurityContext.child(key)
            if let node = inherited.node, !node.isNull { return inherited }
        }
        return own
    }
}
