import RampartCore
import RampartManifests

// Shared readings of Kubernetes facts used by several rules, so that each rule states only its judgement.

extension Workload {
    /// Windows pods are exempt from the Linux-only restricted controls (seccomp, capabilities,
    /// allowPrivilegeEscalation), as the Pod Security Standards say.
    var isWindowsPod: Bool { podSpec.node?["os"]?["name"]?.string?.lowercased() == "windows" }

    /// Kinds whose pods are meant to keep running (probes make sense there); a bare Pod counts unless its
    /// restartPolicy says it runs to completion.
    var runsContinuously: Bool {
        switch object.kind {
        case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController": return true
        case "Pod":
            let policy = podSpec.node?["restartPolicy"]?.string ?? "Always"
            return policy == "Always"
        default: return false
        }
    }

    var volumeFields: [FieldRef] { podSpec.child("volumes").items.filter { $0.node?.isMapping == true } }

    /// Service account the pods run as: `serviceAccountName`, the deprecated `serviceAccount`, or `default`.
    var effectiveServiceAccount: String {
        podSpec.node?["serviceAccountName"]?.string ?? podSpec.node?["serviceAccount"]?.string ?? "default"
    }
}

extension Container {
    /// `container "app"`, `init container "setup"`: how messages name a container.
    var messageName: String {
        switch kind {
        case .container: "container \"\(name)\""
        case .initContainer: "init container \"\(name)\""
        case .ephemeralContainer: "ephemeral container \"\(name)\""
        }
    }

    /// The container's own securityContext value of `path`, when present and not null.
    func own(_ path: String) -> FieldRef? {
        let field = securityContext.field(path)
        guard let node = field.node, !node.isNull else { return nil }
        return field
    }
}

/// A user or group id as the API server accepts it: an integer from 0 to 2147483647 (validation of
/// runAsUser, runAsGroup, fsGroup). nil for anything else, including integers too long for Int.
struct UserID {
    static let maximum = 2_147_483_647
    let value: Int

    init?(_ node: YAMLNode) {
        guard let value = node.int, value >= 0, value <= UserID.maximum else { return nil }
        self.value = value
    }
}

/// A field is "set" when present and not YAML null.
extension FieldRef {
    var hasValue: Bool { node.map { !$0.isNull } ?? false }
}

/// Both levels at which PSS admission judges a "must not be" security field: the pod's securityContext and
/// each container's own. A bad pod-level value is reported once at the pod, even when every container
/// overrides it, because admission rejects it there too.
struct SecurityLevels {
    /// Each present value of `path` at the pod level and in every container's own securityContext.
    static func values(_ path: String, in workload: Workload) -> [(field: FieldRef, owner: String)] {
        var out: [(FieldRef, String)] = []
        let pod = workload.podSecurityContext.field(path)
        if pod.hasValue { out.append((pod, "pod")) }
        for container in workload.containers {
            if let own = container.own(path) { out.append((own, container.messageName)) }
        }
        return out
    }
}

/// An OCI image reference split into the parts policies talk about. `nginx` reads as
/// `docker.io/library/nginx`, as Docker and containerd resolve it.
struct ContainerImageReference: Equatable {
    var registry: String
    var repository: String
    var tag: String?
    var digest: String?

    /// nil for empty references and for ones still holding template variables (`$(IMAGE)`, `${TAG}`),
    /// which cannot be judged before substitution.
    init?(_ raw: String) {
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
    var location: String { "\(registry)/\(repository)" }

    /// An allowlist entry matches a registry (`ghcr.io`), a registry path prefix at a `/` boundary
    /// (`ghcr.io/city`), or any subdomain of a wildcard host (`*.city.example`).
    func isAllowed(by entry: String) -> Bool {
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

/// A Kubernetes label selector (`matchLabels` + `matchExpressions`), as NetworkPolicy podSelector uses it,
/// read once from YAML so that matching many pods against it does not re-walk the document.
struct LabelSelector: Sendable {
    enum Operator: Sendable { case inSet, notIn, exists, doesNotExist, invalid }
    struct Expression: Sendable {
        let key: String
        let op: Operator
        let values: Set<String>
    }

    let matchLabels: [(key: String, value: String)]
    let expressions: [Expression]

    /// An absent, null or empty selector selects everything.
    init(_ node: YAMLNode?) {
        var labels: [(String, String)] = []
        var expressions: [Expression] = []
        for pair in node?["matchLabels"]?.pairs ?? [] {
            labels.append((pair.key.string ?? "", pair.value.string ?? ""))
        }
        for item in node?["matchExpressions"]?.items ?? [] {
            let op: Operator
            switch item["operator"]?.string {
            case "In": op = .inSet
            case "NotIn": op = .notIn
            case "Exists": op = .exists
            case "DoesNotExist": op = .doesNotExist
            default: op = .invalid // the API server would reject it; it selects nothing
            }
            expressions.append(Expression(key: item["key"]?.string ?? "", op: op, values: Set(item["values"]?.strings ?? [])))
        }
        matchLabels = labels
        self.expressions = expressions
    }

    func matches(_ labels: [String: String]) -> Bool {
        for (key, value) in matchLabels where labels[key] != value { return false }
        for e in expressions {
            let value = labels[e.key]
            switch e.op {
            case .inSet: guard let value, e.values.contains(value) else { return false }
            case .notIn: if let value, e.values.contains(value) { return false }
            case .exists: if value == nil { return false }
            case .doesNotExist: if value != nil { return false }
            case .invalid: return false
            }
        }
        return true
    }
}

/// Names of environment variables and ConfigMap keys that, by convention, hold credentials.
enum CredentialNames {
    static let markers = ["password", "passwd", "passphrase", "secret", "token", "apikey", "privatekey",
                          "accesskey", "credential", "authkey", "signingkey", "encryptionkey"]
    /// Last words that make a name about a secret rather than the secret itself (`TOKEN_FILE`, `SECRET_NAME`).
    static let metaSuffixes: Set<String> = ["file", "path", "dir", "name", "url", "uri", "endpoint", "id", "ttl",
                                            "timeout", "length", "size", "enabled", "enable", "header", "type",
                                            "expiry", "expiration", "lifetime", "duration", "mode", "ref", "location",
                                            "policy", "audience", "issuer", "version", "count", "seconds", "minutes"]
    static let fileExtensions: Set<String> = ["conf", "cfg", "json", "yaml", "yml", "xml", "ini", "properties", "toml",
                                              "sh", "py", "js", "txt", "html", "lua", "tpl", "template", "env", "md", "sql"]

    /// The markers (and `pwd`) as bytes, for the pre-filter: the stdlib's String.contains(String) is far slower.
    static let markerBytes: [[UInt8]] = (markers + ["pwd"]).map { Array($0.utf8) }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        let first = needle[0]
        var i = 0
        while i <= haystack.count - needle.count {
            if haystack[i] == first {
                var j = 1
                while j < needle.count, haystack[i + j] == needle[j] { j += 1 }
                if j == needle.count { return true }
            }
            i += 1
        }
        return false
    }

    static func words(_ name: String) -> [String] {
        var spaced = ""
        var previousLower = false
        for ch in name {
            if ch.isUppercase, previousLower { spaced.append("_") }
            previousLower = ch.isLowercase || ch.isNumber
            spaced.append(ch)
        }
        return spaced.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }

    static func looksSecret(_ name: String) -> Bool {
        // Cheap pre-filter: lower-cased letters and digits only. Most names hold no marker at all, and then
        // the word split (Unicode-aware, so slower) is not needed.
        var compact: [UInt8] = []
        compact.reserveCapacity(name.utf8.count)
        for b in name.utf8 {
            if b >= 65 && b <= 90 { compact.append(b + 32) } else if (b >= 97 && b <= 122) || (b >= 48 && b <= 57) || b >= 128 { compact.append(b) }
        }
        guard markerBytes.contains(where: { contains(compact, $0) }) else { return false }
        let parts = words(name)
        guard let last = parts.last, !metaSuffixes.contains(last) else { return false }
        let joined = parts.joined()
        if parts.contains("pwd") { return true }
        return markers.contains { joined.contains($0) }
    }

    /// A ConfigMap key that names a file (`nginx.conf`) holds a document, not one credential.
    static func looksLikeFile(_ key: String) -> Bool {
        guard let dot = key.lastIndex(of: ".") else { return false }
        return fileExtensions.contains(key[key.index(after: dot)...].lowercased())
    }
}

/// Namespaces as the scan sees them: nil when the manifest leaves it to the apply context. Two objects are
/// taken to share a namespace when both name the same one or either leaves it unset (the usual case of
/// manifests applied together with `kubectl -n` or a kustomization `namespace:`).
func sameNamespace(_ a: String?, _ b: String?) -> Bool {
    guard let a, let b else { return true }
    return a == b
}

/// Items of a string-or-sequence field (RBAC verbs, resources), each with its own FieldRef.
func stringItems(_ field: FieldRef) -> [(value: String, field: FieldRef)] {
    field.items.compactMap { item in item.node?.string.map { ($0, item) } }
}
