import RampartCore
import RampartManifests

// Container images: mutable references and untrusted registries.

extension Container {
    /// The parsed image reference, nil when absent or templated.
    var parsedImage: ContainerImageReference? { image.node?.string.flatMap(ContainerImageReference.init) }
}

struct ImageMutableTag: ContainerRule {
    static let description = RuleDescription(
        id: "k8s/image-mutable-tag", title: "Image has no tag or uses latest", severity: .medium,
        rationale: "An image without a tag means :latest. What runs then depends on when a node pulled it: replicas can differ, a rollback does not roll back, and a compromised or careless push to the tag reaches production unreviewed. A digest pin (image@sha256:...) is immutable and passes this rule whatever the tag. The policy parameter mutableTags lists further tags treated like latest (e.g. stable, main, nightly).",
        remediation: "Reference a specific version tag (app:2.4.1), or better a digest (app@sha256:...).",
        references: [.nsaKubernetes("Kubernetes Pod security: Building secure container images"), .cisKubernetes("5.5.1"), .nist80053("CM-2"), .nist80053("SI-7")],
        triggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - {name: app, image: ↓nginx}
              - {name: side, image: ↓"registry.example:5000/tools/side:latest"}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - {name: app, image: "nginx:1.27.2"}
              - {name: side, image: "registry.example:5000/side@sha256:0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"}
            """,
        ],
        parameters: ["mutableTags": "[latest]"])

    func check(_ container: Container, in workload: Workload, _ context: RuleContext) -> [Finding] {
        let mutable = Set(context.parameters.list("mutableTags", default: ["latest"]).map { $0.trimmingWhitespace })
        guard let ref = container.parsedImage, ref.digest == nil, ref.tag.map(mutable.contains) ?? true else { return [] }
        let image = container.image.node?.string ?? ""
        let seen = ref.tag.map { "uses the mutable tag \($0)" } ?? "has no tag (defaults to latest)"
        return [context.finding(at: container.image, in: workload.object, "\(container.messageName) image \(image) \(seen); expected a version tag or digest.",
                                evidence: image)]
    }
}

struct ImageNotPinned: ContainerRule {
    static let description = RuleDescription(
        id: "k8s/image-not-pinned", title: "Image not pinned by digest", severity: .low,
        rationale: "Tags are mutable: the registry can serve different content under the same tag tomorrow. Only a digest guarantees that the reviewed image is the one that runs. Opt-in, since many teams pin digests at deploy time rather than in source manifests.",
        remediation: "Reference images by digest (registry/app:1.2.3@sha256:<digest>), e.g. with a tool that resolves tags at release time.",
        references: [.nsaKubernetes("Kubernetes Pod security: Building secure container images"), .nist80053("SI-7"), .nist80053("CM-14")],
        triggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - {name: app, image: ↓ghcr.io/city/app:1.4.0}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - {name: app, image: "ghcr.io/city/app:1.4.0@sha256:0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"}
            """,
        ],
        optIn: true)

    func check(_ container: Container, in workload: Workload, _ context: RuleContext) -> [Finding] {
        guard let ref = container.parsedImage, ref.digest == nil else { return [] }
        let image = container.image.node?.string ?? ""
        return [context.finding(at: container.image, in: workload.object, "\(container.messageName) image \(image) is not pinned by digest; expected @sha256:<digest>.",
                                evidence: image)]
    }
}

struct ImageRegistryNotAllowed: ContainerRule {
    static let description = RuleDescription(
        id: "k8s/image-registry-not-allowed", title: "Image from a registry outside the allowlist", severity: .medium,
        rationale: "Images from registries the organisation does not control or mirror bypass its scanning, signing and retention, and can change or vanish upstream. An image without a registry comes from docker.io (nginx is docker.io/library/nginx). With an empty allowedRegistries list the rule passes.",
        remediation: "Mirror the image into an allowed registry and reference it there, or add the registry to the policy's allowedRegistries after review.",
        references: [.cisKubernetes("5.5.1"), .nsaKubernetes("Kubernetes Pod security: Building secure container images"), .nist80053("CM-7(5)"), .nist80053("SR-3")],
        triggering: [
            #"""
            {"parameters": {"values": {"allowedRegistries": ["registry.city.example", "ghcr.io/city"]}},
             "documents": [{"file": "pod.yaml", "index": 0, "format": "kubernetes", "root":
              {"line": 1, "column": 1, "content": {"mapping": {"_0": [
               {"key": {"line": 1, "column": 1, "content": {"scalar": {"_0": {"value": "apiVersion", "style": "plain"}}}},
                "value": {"line": 1, "column": 13, "content": {"scalar": {"_0": {"value": "v1", "style": "plain"}}}}},
               {"key": {"line": 2, "column": 1, "content": {"scalar": {"_0": {"value": "kind", "style": "plain"}}}},
                "value": {"line": 2, "column": 7, "content": {"scalar": {"_0": {"value": "Pod", "style": "plain"}}}}},
               {"key": {"line": 3, "column": 1, "content": {"scalar": {"_0": {"value": "spec", "style": "plain"}}}},
                "value": {"line": 4, "column": 3, "content": {"mapping": {"_0": [
                 {"key": {"line": 4, "column": 3, "content": {"scalar": {"_0": {"value": "containers", "style": "plain"}}}},
                  "value": {"line": 5, "column": 3, "content": {"sequence": {"_0": [
                   {"line": 5, "column": 5, "content": {"mapping": {"_0": [
                    {"key": {"line": 5, "column": 5, "content": {"scalar": {"_0": {"value": "image", "style": "plain"}}}},
                     "value": {"line": 5, "column": 12, "content": {"scalar": {"_0": {"value": "nginx:1.27", "style": "plain"}}}}}
                   ]}}}
                  ]}}}}
                ]}}}}
              ]}}}}]}
            """#,
        ],
        nonTriggering: [
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - {name: app, image: "nginx:1.27"}
            """,
        ],
        parameters: ["allowedRegistries": "[] (any registry)"])

    func check(_ container: Container, in workload: Workload, _ context: RuleContext) -> [Finding] {
        let allowed = context.parameters.list("allowedRegistries", default: []).filter { !$0.trimmingWhitespace.isEmpty }
        guard !allowed.isEmpty, let ref = container.parsedImage else { return [] }
        guard !allowed.contains(where: ref.isAllowed(by:)) else { return [] }
        let image = container.image.node?.string ?? ""
        return [context.finding(at: container.image, in: workload.object,
                                "\(container.messageName) image \(image) comes from \(ref.registry), which is not in allowedRegistries (\(allowed.joined(separator: ", "))).",
                                evidence: ref.location)]
    }
}
