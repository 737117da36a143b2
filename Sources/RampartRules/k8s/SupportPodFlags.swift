import RampartCore
import RampartManifests

// Pod Security Standards, Baseline level: one rule per control. Every rule judges all workload kinds through
// their pod template, and every container kind (containers, initContainers, ephemeralContainers).

/// A pod-level boolean that must not be true (host namespaces, shared process namespace).
protocol PodFlagRule: WorkloadRule {
    static var flag: String { get }
    static var meaning: String { get }
}

extension PodFlagRule {
    func check(_ workload: Workload, _ context: RuleContext) -> [Finding] {
        let field = workload.podSpec.child(Self.flag)
        guard field.node?.bool == true else { return [] }
        return [context.finding(at: field, in: workload.object,
                                "\(Self.flag) is true: \(Self.meaning); expected false or unset.", evidence: "\(Self.flag): true")]
    }
}
