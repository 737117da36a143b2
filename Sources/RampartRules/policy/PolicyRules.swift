import RampartCore
import RampartManifests

/// Rules about the policy's own exceptions: they must carry a reason, name an existing rule, and they expire.
public enum PolicyRules {
    public static let all: [any Rule.Type] = [SuppressionWithoutReason.self, SuppressionUnknownRule.self, WaiverExpired.self]
}
