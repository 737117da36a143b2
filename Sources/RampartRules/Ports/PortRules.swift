/// The Ports rules, in catalog order.
public enum PortRules {
    public static let all: [any Rule.Type] = [
    ]
}
