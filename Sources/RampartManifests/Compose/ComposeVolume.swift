import RampartCore

/// One entry of a service's `volumes`, read from the short (`SRC:DST[:MODE]`) or long (`type: bind, source: ...`)
/// syntax of the Compose specification.
public struct ComposeVolume: Sendable {
    public enum Kind: String, Sendable { case bind, volume, tmpfs, npipe, cluster, image, unknown }

    public let kind: Kind
    /// Host path for binds, volume name for named volumes, nil for anonymous volumes and tmpfs.
    public let source: String?
    public let target: String?
    public let readOnly: Bool
    /// Bind propagation (`shared`, `rshared`, ...) when given.
    public let propagation: String?
    /// The whole entry.
    public let field: FieldRef
    /// Where a finding about the source points: the short-syntax string or the long syntax's `source`, or
    /// for a named volume defined as a bind, its `driver_opts.device`.
    public let sourceField: FieldRef
    /// The named volume a bind came through (`driver_opts`), for messages; nil for a direct bind.
    public var namedVolume: String? = nil

    init(kind: Kind, source: String?, target: String?, readOnly: Bool, propagation: String?, field: FieldRef,
         sourceField: FieldRef, namedVolume: String? = nil) {
        self.kind = kind
        self.source = source
        self.target = target
        self.readOnly = readOnly
        self.propagation = propagation
        self.field = field
        self.sourceField = sourceField
        self.namedVolume = namedVolume
    }

    /// The service's volumes; with its `project`, a named volume that the top-level `volumes` section
    /// defines as a bind (`driver_opts: {type: none, o: bind, device: /etc}`) reads as a bind of that device.
    public static func all(in service: ComposeService, project: ComposeProject? = nil) -> [ComposeVolume] {
        let volumes = service.field("volumes").items.compactMap(parse)
        guard let project else { return volumes }
        return volumes.map { $0.resolvingNamedBind(in: project) }
    }

    /// The local driver's bind form: mount options `o` holding `bind` or `rbind`, and a `device` path.
    /// Docker passes them to mount(2), so the container sees the host directory as with a bind mount.
    func resolvingNamedBind(in project: ComposeProject) -> ComposeVolume {
        guard kind == .volume, let name = source,
              let definition = project.topLevel("volumes").child(name).node, definition.isMapping else { return self }
        let driver = definition["driver"]?.string ?? "local"
        guard driver == "local", ComposeValue.bool(definition["external"]) != true,
              let options = definition["driver_opts"], options.isMapping,
              let mountOptions = options["o"]?.string, let device = options["device"]?.string else { return self }
        let modes = mountOptions.split(separator: ",").map { String($0).trimmingWhitespace.lowercased() }
        guard modes.contains("bind") || modes.contains("rbind") else { return self }
        let deviceField = project.topLevel("volumes").child(name).child("driver_opts").child("device")
        let propagation = modes.first { ["shared", "rshared", "slave", "rslave", "private", "rprivate"].contains($0) }
        return ComposeVolume(kind: .bind, source: device, target: target, readOnly: readOnly || modes.contains("ro"),
                             propagation: propagation ?? self.propagation, field: field, sourceField: deviceField,
                             namedVolume: name)
    }

    public static func parse(_ item: FieldRef) -> ComposeVolume? {
        guard let node = item.node else { return nil }
        if let text = node.string { return parseShort(text, item) }
        guard node.isMapping else { return nil }
        let type = node["type"]?.string.flatMap { Kind(rawValue: $0.lowercased()) } ?? .unknown
        let source = node["source"]?.string
        let kind: Kind = type != .unknown ? type : (source.map(isHostPath) == true ? .bind : .volume)
        return ComposeVolume(kind: kind, source: source, target: node["target"]?.string,
                             readOnly: ComposeValue.bool(node["read_only"]) == true,
                             propagation: node["bind"]?["propagation"]?.string?.lowercased(),
                             field: item, sourceField: item.child("source").exists ? item.child("source") : item)
    }

    /// `SRC:DST[:MODE]`, `DST` (anonymous volume), with Windows drive letters (`C:\data:/data`) kept whole.
    public static func parseShort(_ text: String, _ item: FieldRef) -> ComposeVolume {
        var parts = ComposeValue.split(text, on: ":")
        // A drive letter such as `C` followed by a path is one part, not two.
        if parts.count > 1, parts[0].count == 1, parts[0].first?.isLetter == true,
           parts[1].hasPrefix("\\") || parts[1].hasPrefix("/") {
            parts[0] += ":" + parts[1]
            parts.remove(at: 1)
        }
        guard parts.count > 1 else {
            return ComposeVolume(kind: .volume, source: nil, target: parts.first, readOnly: false, propagation: nil,
                                 field: item, sourceField: item)
        }
        let source = parts[0]
        let modes = parts.count > 2 ? parts[2].lowercased().split(separator: ",").map(String.init) : []
        let propagation = modes.first { ["shared", "rshared", "slave", "rslave", "private", "rprivate"].contains($0) }
        return ComposeVolume(kind: isHostPath(source) ? .bind : .volume, source: source, target: parts[1],
                             readOnly: modes.contains("ro"), propagation: propagation, field: item, sourceField: item)
    }

    /// Compose treats a source that looks like a path (absolute, relative, home, or a Windows drive) as a bind.
    public static func isHostPath(_ source: String) -> Bool {
        if source.hasPrefix("/") || source.hasPrefix(".") || source.hasPrefix("~") || source.hasPrefix("\\") { return true }
        if source.hasPrefix("$") { return true }   // `${HOME}/x`, `$PWD`: an interpolated host path
        let chars = Array(source)
        return chars.count > 2 && chars[0].isLetter && chars[1] == ":" && (chars[2] == "\\" || chars[2] == "/")
    }

    /// The host path with `//`, `/./`, `..` and trailing slashes resolved lexically; nil unless absolute and literal.
    public var normalizedHostPath: String? {
        guard kind == .bind, let source, let literal = ComposeValue.staticValue(source), literal.hasPrefix("/") else { return nil }
        return ComposeVolume.normalize(literal)
    }

    public static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// ` through named volume "x"` for a bind made by a named volume's driver_opts, for messages.
    public var throughNamedVolume: String { namedVolume.map { " through named volume \"\($0)\"" } ?? "" }

    /// `read-only` or `read-write`, for messages.
    public var accessMode: String { readOnly ? "read-only" : "read-write" }
}
