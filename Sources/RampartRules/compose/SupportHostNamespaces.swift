import RampartCore
import RampartManifests

/// Shared check for `KEY: host` namespace settings: one finding at the value when the service joins the host's namespace.
protocol HostNamespaceRule: ComposeServiceRule {
    /// The service key, e.g. `network_mode`.
    static var key: String { get }
    /// What sharing the namespace gives the container, for the message.
    static var consequence: String { get }
}

extension HostNamespaceRule {
    func check(_ service: ComposeService, in project: ComposeProject, _ context: RuleContext) -> [Finding] {
        let field = service.field(Self.key)
        guard let value = field.node?.string, value.lowercased() == "host" else { return [] }
        return [context.finding(at: field, in: service,
                                "\(Self.key) is '\(value)': the container shares the host's namespace (\(Self.consequence)); expected the service's own namespace (remove \(Self.key))",
                                evidence: "\(Self.key): \(value)")]
    }
}
