import RampartCore

/// A custom resource that runs pods through a pod template, named by the policy parameter `workloadKinds`
/// (Argo Rollouts, for example), so that every workload and container rule judges its template.
public struct WorkloadKind: Sendable, Hashable {
    public let apiVersion: String
    public let kind: String
    /// Dotted path from the object to its pod template (`spec.template`).
    public let podTemplate: String

    public init(apiVersion: String, kind: String, podTemplate: String) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.podTemplate = podTemplate
    }

    /// The policy parameter's name.
    public static let parameter = "workloadKinds"

    /// Argo Rollouts: a Deployment replacement whose pod template sits where a Deployment's does.
    public static let argoRollout = WorkloadKind(apiVersion: "argoproj.io/v1alpha1", kind: "Rollout", podTemplate: "spec.template")

    /// How the policy loader stores one entry: `apiVersion kind podTemplate` (none of them holds a space).
    public var parameterValue: String { "\(apiVersion) \(kind) \(podTemplate)" }

    /// An entry as stored by the policy loader; nil when it is not three words or the path is not a plain
    /// dotted path of keys.
    public init?(parameterValue: String) {
        let words = parameterValue.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard words.count == 3, WorkloadKind.isTemplatePath(words[2]) else { return nil }
        self.init(apiVersion: words[0], kind: words[1], podTemplate: words[2])
    }

    /// A pod-template path is one or more keys separated by dots (no list indexes, no empty keys).
    public static func isTemplatePath(_ path: String) -> Bool {
        let keys = path.split(separator: ".", omittingEmptySubsequences: false)
        return !keys.isEmpty && keys.allSatisfy { key in
            !key.isEmpty && key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
        }
    }

    /// Kinds built into Workload take precedence: a policy cannot redefine where a Deployment's template is.
    public func matches(_ object: KubernetesObject) -> Bool {
        object.kind == kind && object.apiVersion == apiVersion
    }

    /// The kinds a policy's parameters name; Argo Rollouts when they name none (an explicit empty list
    /// turns custom kinds off).
    public static func configured(_ parameters: Parameters) -> [WorkloadKind] {
        parse(parameters.list(parameter, default: [argoRollout.parameterValue]))
    }

    /// The kinds a parameter list names, skipping entries that are not valid (the policy loader refuses them).
    public static func parse(_ values: [String]) -> [WorkloadKind] {
        values.compactMap { WorkloadKind(parameterValue: $0) }
            .filter { Workload.kinds.contains($0.kind) == false }
    }
}

extension ManifestIndex {
    /// Built-in workloads, then objects of the custom `kinds` seen through their pod templates.
    public func workloads(including kinds: [WorkloadKind]) -> [Workload] {
        guard !kinds.isEmpty else { return workloads }
        return workloads + objects.compactMap { Workload($0, customKinds: kinds) }
    }
}
