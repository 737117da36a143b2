import RampartCore
import RampartManifests

/// A workload-like custom resource (policy parameter `workloadKinds`) without a pod template where the
/// policy says it is: its pods would otherwise go unjudged without a word.
struct CustomWorkloadTemplateMissing: Rule {
    static let description = RuleDescription(
        id: "k8s/custom-workload-template-missing", title: "Custom workload has no pod template at the configured path", severity: .medium,
        rationale: "Workload and container rules judge a custom resource named in the policy's workloadKinds through its pod template. When the template is not at the configured path (a misspelt path, or a version of the resource that moved it), none of those rules sees the pods it runs, and a clean report would mean nothing. A resource that refers to another workload through spec.workloadRef (Argo Rollouts) has no template of its own and is not reported: the referenced workload is judged itself.",
        remediation: "Correct podTemplate in the policy's workloadKinds entry for this kind, or give the resource its pod template (a mapping with spec.containers) at that path.",
        references: [.nist80053("CM-6"), .vendor("Argo Rollouts: Rollout specification", "https://argo-rollouts.readthedocs.io/en/stable/features/specification/")],
        triggering: [
            """
            apiVersion: argoproj.io/v1alpha1
            kind: Rollout
            metadata: {name: payments}
            spec:
              ↓strategy: {canary: {steps: [{setWeight: 20}]}}
              templates:
                spec:
                  containers:
                  - {name: payments, image: payments:3.0}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: argoproj.io/v1alpha1
            kind: Rollout
            metadata: {name: payments}
            spec:
              template:
                spec:
                  containers:
                  - {name: payments, image: payments:3.0}
            """,
            """
            apiVersion: argoproj.io/v1alpha1
            kind: Rollout
            metadata: {name: payments}
            spec:
              workloadRef: {apiVersion: apps/v1, kind: Deployment, name: payments}
            """,
        ],
        parameters: [WorkloadKind.parameter: "[{apiVersion: argoproj.io/v1alpha1, kind: Rollout, podTemplate: spec.template}]"])

    func check(_ facts: Facts, _ context: RuleContext) -> [Finding] {
        let kinds = context.workloadKinds
        guard !kinds.isEmpty else { return [] }
        return facts.unique(facts.manifests.objects.compactMap { object -> Finding? in
            guard let kind = kinds.first(where: { $0.matches(object) }), object.node["spec"]?["workloadRef"] == nil else { return nil }
            let template = object.field(kind.podTemplate)
            guard template.node?["spec"]?.isMapping != true else { return nil }
            return context.finding(at: template, in: object,
                                   "\(object.kind) \(object.name) has no pod template at \(kind.podTemplate); its pods are not judged by any workload rule.",
                                   evidence: kind.podTemplate)
        })
    }
}
