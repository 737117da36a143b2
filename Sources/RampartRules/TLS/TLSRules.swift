/// The TLS rules, in catalog order.
public enum TLSRules {
    public static let all: [any Rule.Type] = [
    ]
}
