import RampartCore
import RampartManifests

struct ComposeImageLatestTag: ComposeServiceRule {
    static let description = RuleDescription(
        id: "compose/image-latest-tag", title: "Image has no tag or uses latest", severity: .medium,
        rationale: "`latest` (which an untagged reference means) moves whenever the publisher pushes: two deployments of the same file run different code, a compromised or broken upstream release is pulled in unreviewed, and a rollback has nothing to roll back to.",
        remediation: "Pin a specific version tag (`postgres:16.4`), or better a digest (`postgres:16.4@sha256:...`), and update it deliberately.",
        references: [.owaspDocker("RULE #13 - Enhance Supply Chain Security"),
                     .nist800190("4.1.5 Use of untrusted images"), .nist800190("4.2.2 Stale images in registries"), .nist80053("CM-2")],
        triggering: [
            """
            services:
              db:
                image: ↓postgres
              cache:
                image: ↓redis:latest
              proxy:
                image: ↓registry.city.example:5000/ops/proxy
            """,
        ],
        nonTriggering: [
            """
            services:
              db:
                image: postgres:16.4
              cache:
                image: redis@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
              proxy:
                image: registry.city.example:5000/ops/proxy:2.3.1
              app:
                build: ./app
                image: city/app:latest
              worker:
                build: ./worker
              tool:
                image: ${TOOL_IMAGE}
              versioned:
                image: "tool:${TOOL_VERSION:-1.2}"
            """,
        ])

    func check(_ service: ComposeService, in project: ComposeProject, _ context: RuleContext) -> [Finding] {
        guard let image = ImageReference.pulled(by: service), image.reference.digest == nil else { return [] }
        let tag = image.reference.tag
        guard tag == nil || tag == "latest" else { return [] }
        let seen = tag == nil ? "has no tag, which means latest" : "uses the latest tag"
        return [context.finding(at: image.field, in: service, "image \(image.text) \(seen); expected a fixed version tag or digest",
                                evidence: image.text)]
    }
}

struct ComposeImageNotPinned: ComposeServiceRule {
    static let description = RuleDescription(
        id: "compose/image-not-pinned", title: "Image is not pinned by digest", severity: .low,
        rationale: "A tag is a mutable pointer: the publisher, or anyone who takes over the registry account, can move `nginx:1.27` to different content. Only a digest names the exact bytes that were reviewed and scanned.",
        remediation: "Append the digest of the reviewed image (`nginx:1.27@sha256:...`) and let a dependency bot propose updates.",
        references: [.owaspDocker("RULE #13 - Enhance Supply Chain Security"), .nist800190("4.1.5 Use of untrusted images"),
                     .nist80053("SI-7"), .nist80053("CM-14")],
        triggering: [
            """
            services:
              web:
                image: ↓nginx:1.27
            """,
        ],
        nonTriggering: [
            """
            services:
              web:
                image: nginx:1.27@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
              app:
                build: .
            """,
        ],
        optIn: true)

    func check(_ service: ComposeService, in project: ComposeProject, _ context: RuleContext) -> [Finding] {
        guard let image = ImageReference.pulled(by: service), image.reference.digest == nil else { return [] }
        return [context.finding(at: image.field, in: service, "image \(image.text) is referenced by tag only; expected a @sha256 digest",
                                evidence: image.text)]
    }
}
