import RampartCore

/// One entry of a service's `ports`, read from the short syntax (`[HOST_IP:][PUBLISHED:]TARGET[/PROTOCOL]`, with
/// ranges and bracketed or bare IPv6 addresses) or the long syntax (`target`, `published`, `host_ip`, `protocol`).
public struct ComposePort: Equatable, Sendable {
    /// How the host side is bound.
    public enum Binding: Equatable, Sendable {
        /// No address, `0.0.0.0` or `::`: every interface of the host.
        case allInterfaces
        /// A loopback address: reachable from the host only.
        case loopback(String)
        /// One specific non-loopback address.
        case specific(String)
        /// Depends on an environment variable without a default.
        case unknown
    }

    public let binding: Binding
    /// Published host port or range as written; nil when Docker picks an ephemeral port.
    public let published: String?
    /// Container port range.
    public let target: ClosedRange<Int>
    public let proto: String
    /// Where a finding points: the short-syntax string, or the long syntax's `host_ip` / `published` / entry.
    public let field: FieldRef

    public static func all(in service: ComposeService) -> [ComposePort] {
        service.field("ports").items.compactMap(parse)
    }

    public static func parse(_ item: FieldRef) -> ComposePort? {
        guard let node = item.node else { return nil }
        if node.isMapping {
            guard let targetText = node["target"]?.string, let target = range(targetText) else { return nil }
            let published = node["published"]?.string.flatMap { $0.isEmpty ? nil : $0 }
            // Long syntax takes a port or range only; `"127.0.0.1:8080"` is invalid (the address goes in host_ip).
            if let published, !ComposeValue.isInterpolated(published), range(published) == nil { return nil }
            let hostIP = node["host_ip"]?.string
            let pointer = item.child("host_ip").exists ? item.child("host_ip")
                : item.child("published").exists ? item.child("published") : item
            return ComposePort(binding: binding(hostIP), published: published, target: target,
                               proto: node["protocol"]?.string?.lowercased() ?? "tcp", field: pointer)
        }
        guard let text = node.string else { return nil }
        return parseShort(text, field: item)
    }

    public static func parseShort(_ raw: String, field: FieldRef) -> ComposePort? {
        var text = raw.trimmingCharacters(in: .whitespaces)
        var proto = "tcp"
        if let slash = text.lastIndex(of: "/"), !text[slash...].contains("}") {
            proto = String(text[text.index(after: slash)...]).lowercased()
            text = String(text[..<slash])
        }
        var hostIP: String?
        if text.hasPrefix("[") {
            // `[::1]:8080:80`: the address is bracketed, the rest is `PUBLISHED:TARGET`.
            guard let close = text.firstIndex(of: "]") else { return nil }
            hostIP = String(text[text.index(after: text.startIndex)..<close])
            text = String(text[text.index(after: close)...])
            guard text.hasPrefix(":") else { return nil }
            text.removeFirst()
            let parts = ComposeValue.split(text, on: ":")
            guard parts.count == 2, let target = range(parts[1]) else { return nil }
            return ComposePort(binding: binding(hostIP), published: parts[0].isEmpty ? nil : parts[0], target: target,
                               proto: proto, field: field)
        }
        let parts = ComposeValue.split(text, on: ":")
        guard let target = parts.last.flatMap(range) else { return nil }
        var published: String?
        switch parts.count {
        case 1:
            break
        case 2:
            published = parts[0]
        default:
            // `IP:PUBLISHED:TARGET`; a bare IPv6 address (`::1:6000:6000`) holds colons of its own.
            published = parts[parts.count - 2]
            hostIP = parts[..<(parts.count - 2)].joined(separator: ":")
        }
        return ComposePort(binding: binding(hostIP), published: published.flatMap { $0.isEmpty ? nil : $0 },
                           target: target, proto: proto, field: field)
    }

    /// `80`, `8080-8081`; nil for interpolations and anything else Compose would reject.
    public static func range(_ text: String) -> ClosedRange<Int>? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { return nil }
        let bounds = parts.compactMap { Int(String($0).trimmingCharacters(in: .whitespaces)) }
        guard bounds.count == parts.count, let low = bounds.first, let high = bounds.last, low <= high,
              low >= 0, high <= 65535 else { return nil }
        return low...high
    }

    public static func binding(_ hostIP: String?) -> Binding {
        guard let hostIP else { return .allInterfaces }
        guard let ip = ComposeValue.staticValue(hostIP.trimmingCharacters(in: .whitespaces)) else { return .unknown }
        var address = ip
        if address.hasPrefix("["), address.hasSuffix("]") { address = String(address.dropFirst().dropLast()) }
        switch address {
        case "", "0.0.0.0", "::", "0:0:0:0:0:0:0:0": return .allInterfaces
        case "::1", "0:0:0:0:0:0:0:1", "localhost": return .loopback(address)
        default:
            if address.hasPrefix("127.") || address.lowercased().hasPrefix("::ffff:127.") { return .loopback(address) }
            return .specific(address)
        }
    }

    /// `host port 8080/tcp` or `a random host port (tcp)`, for messages.
    public var hostSide: String {
        published.map { "host port \($0)/\(proto)" } ?? "a random host port (\(proto))"
    }

    public var targetText: String {
        target.count == 1 ? "\(target.lowerBound)" : "\(target.lowerBound)-\(target.upperBound)"
    }

    public static func == (a: ComposePort, b: ComposePort) -> Bool {
        a.binding == b.binding && a.published == b.published && a.target == b.target && a.proto == b.proto
            && a.field.path == b.field.path
    }
}
