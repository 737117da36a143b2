import RampartCore
import RampartManifests

// Pod Security Standards, Restricted level (everything Baseline forbids is reported by the Baseline rules;
// these rules report only what Restricted adds, so a field is never reported twice).

/// Collects findings once per field path: several containers that inherit the same pod-level value must
/// not produce duplicate findings (they would share a fingerprint).
struct FindingsByPath {
    private var seen: Set<String> = []
    private(set) var findings: [Finding] = []

    mutating func add(_ field: FieldRef, _ make: () -> Finding) {
        guard seen.insert(field.path).inserted else { return }
        findings.append(make())
    }
}
