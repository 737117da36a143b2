import RampartCore

/// Every built-in rule. Each domain keeps its own list (one line per rule) in its folder.
public enum RuleRegistry {
    public static let all: [any Rule.Type] =
        InputRules.all + PolicyRules.all + KubernetesRules.all + ComposeRules.all + TLSRules.all + CertificateRules.all + HTTPRules.all
        + PortRules.all
        + DesignRules.all + DriftRules.all

    public static var descriptions: [RuleDescription] { all.map { $0.description } }

    public static func rule(id: String) -> (any Rule.Type)? {
        all.first { $0.description.id == id }
    }
}
