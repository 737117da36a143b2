/// How bad a finding is. Ordered so that a gate can compare (`.high >= .medium`).
public enum Severity: String, Codable, Sendable, CaseIterable, Comparable {
    case info, low, medium, high, critical

    private var rank: Int {
        switch self {
        case .info: 0
        case .low: 1
        case .medium: 2
        case .high: 3
        case .critical: 4
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }

    /// CVSS-like score that SARIF consumers (GitHub code scanning) read as `security-severity`.
    public var securityScore: Double {
        switch self {
        case .info: 0.0
        case .low: 3.0
        case .medium: 5.5
        case .high: 8.0
        case .critical: 9.5
        }
    }
}
