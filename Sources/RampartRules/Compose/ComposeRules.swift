/// The Compose rules, in catalog order.
public enum ComposeRules {
    public static let all: [any Rule.Type] = [
    ]
}
