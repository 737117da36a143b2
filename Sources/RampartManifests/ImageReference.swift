import RampartCore

/// An image reference split the way registries read it: `[registry[:port]/]path[:tag][@digest]`.
/// Shared by the Kubernetes and Compose image rules, which add their own reading on top.
public struct ImageReference: Sendable {
    public let name: String
    public let tag: String?
    public let digest: String?

    public init(_ text: String) {
        var rest = Substring(text)
        if let at = rest.firstIndex(of: "@") {
            digest = String(rest[rest.index(after: at)...])
            rest = rest[..<at]
        } else {
            digest = nil
        }
        // A colon after the last slash is the tag; one before it is a registry port.
        let lastSlash = rest.lastIndex(of: "/") ?? rest.startIndex
        if let colon = rest[lastSlash...].lastIndex(of: ":") {
            tag = String(rest[rest.index(after: colon)...])
            name = String(rest[..<colon])
        } else {
            tag = nil
            name = String(rest)
        }
    }
}

extension ImageReference {
    /// The image of a service that pulls it; nil for build-only services, services that build the image they
    /// name, and references that depend on the environment.
    public static func pulled(by service: ComposeService) -> (reference: ImageReference, text: String, field: FieldRef)? {
        let field = service.field("image")
        guard !service.field("build").exists, let text = field.node?.string, !text.isEmpty else { return nil }
        // `${REGISTRY}/app:1.2` is judged; `app:${VERSION}` and `${IMAGE}` depend on the environment.
        let lastComponent = text.split(separator: "/").last.map(String.init) ?? text
        guard !ComposeValue.isInterpolated(lastComponent) else { return nil }
        return (ImageReference(text), text, field)
    }
}

/// An OCI image reference split into the parts policies talk about. `nginx` reads as
/// `docker.io/library/nginx`, as Docker and containerd resolve it.
public struct ContainerImageReference: Equatable, Sendable {
    public var registry: String
    public var repository: String
    public var tag: String?
    public var digest: String?

    /// nil for empty references and for ones still holding template variables (`$(IMAGE)`, `${TAG}`),
    /// which cannot be judged before substitution.
    public init?(_ raw: String) {
        let text = raw.trimmingWhitespace
        guard !text.isEmpty, !text.contains("$("), !text.contains("${"), !text.contains("{{") else { return nil }
        let split = ImageReference(text)
        digest = split.digest
        tag = split.tag.flatMap { $0.isEmpty ? nil : $0 }
        let name = split.name
        let parts = name.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        if parts.count == 2, parts[0].contains(".") || parts[0].contains(":") || parts[0] == "localhost" {
            registry = parts[0].lowercased()
            repository = String(parts[1])
        } else {
            registry = "docker.io"
            repository = String(name)
        }
        if registry == "index.docker.io" || registry == "registry-1.docker.io" { registry = "docker.io" }
        if registry == "docker.io", !repository.contains("/") { repository = "library/" + repository }
        guard !repository.isEmpty else { return nil }
    }

    /// `registry/repository`, the form allowlist entries are compared with.
    public var location: String { "\(registry)/\(repository)" }

    /// An allowlist entry matches a registry (`ghcr.io`), a registry path prefix at a `/` boundary
    /// (`ghcr.io/city`), or any subdomain of a wildcard host (`*.city.example`).
    public func isAllowed(by entry: String) -> Bool {
        var e = entry.trimmingWhitespace.lowercased()
        for scheme in ["https://", "http://"] where e.hasPrefix(scheme) { e.removeFirst(scheme.count) }
        while e.hasSuffix("/") { e.removeLast() }
        guard !e.isEmpty else { return false }
        if e == "index.docker.io" || e == "registry-1.docker.io" { e = "docker.io" }
        if e.hasPrefix("*.") {
            let suffix = e.dropFirst(1)
            return registry.hasSuffix(suffix)
        }
        let here = location.lowercased()
        return here == e || here.hasPrefix(e + "/") || registry == e
    }
}
