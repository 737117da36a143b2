/// Which stage of a service's life a finding is about. Derived from the rule id's domain, so that every
/// finding, built-in or custom, is tagged the same way without the rule saying so.
public enum Stage: String, Codable, Sendable, CaseIterable, Comparable {
    /// The service inventory (design model).
    case design
    /// Kubernetes and Compose manifests.
    case manifests
    /// Live endpoints: TLS, certificates, HTTP headers, ports and services.
    case live
    /// Disagreement between design, manifests and live facts.
    case drift
    /// Inputs that could not be read, and the policy's own exceptions.
    case input

    /// `design/` → design, `drift/` → drift, `k8s/` and `compose/` → manifests, `tls/`, `cert/`, `http/`, `port/`
    /// → live, everything else (`input/`, `policy/`, unknown domains) → input.
    public init(ruleID: String) {
        let domain = ruleID.split(separator: "/", maxSplits: 1).first.map(String.init) ?? ""
        switch domain {
        case "design": self = .design
        case "drift": self = .drift
        case "k8s", "compose": self = .manifests
        case "tls", "cert", "http", "port": self = .live
        default: self = .input
        }
    }

    public static func < (a: Stage, b: Stage) -> Bool {
        (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
    }
}
