/// The Kubernetes rules, in catalog order.
public enum KubernetesRules {
    public static let all: [any Rule.Type] = [
    ]
}
