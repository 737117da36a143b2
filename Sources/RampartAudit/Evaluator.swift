import Dispatch
import Foundation
import RampartCore
import RampartManifests
import RampartPolicy
import RampartRules

/// Judges facts under a policy: runs the enabled rules, then applies inline suppressions, waivers and the
/// baseline. Pure: the date comes in as a parameter, and nothing here reads files or the network.
public struct Evaluator: Sendable {
    public var policy: Policy
    public var rules: [any Rule.Type]
    /// `yyyy-mm-dd` of the run, for waiver expiry.
    public var today: String
    /// Fingerprints of accepted findings from an earlier report.
    public var baseline: Set<String>

    public init(policy: Policy, rules: [any Rule.Type] = RuleRegistry.all, today: String, baseline: Set<String> = []) {
        self.policy = policy
        self.rules = rules
        self.today = today
        self.baseline = baseline
    }

    public func evaluate(_ set: FactSet, failOn: Severity? = nil, generatedAt: String) -> Report {
        let facts = Facts(set)
        let policy = self.policy, today = self.today
        let enabled = rules.filter { policy.isEnabled($0.description) }
        // Rules are pure and independent, so they run in parallel; the sort below makes the order deterministic.
        let results = ConcurrentSlots<[Finding]>(count: enabled.count)
        DispatchQueue.concurrentPerform(iterations: enabled.count) { i in
            let description = enabled[i].description
            let context = RuleContext(description: description, severity: policy.severity(for: description),
                                      parameters: policy.parameters, waivers: policy.waivers, today: today)
            results[i] = enabled[i].init().check(facts, context)
        }
        var findings: [Finding] = []
        var fired: [String: RuleDescription] = [:]
        for (i, produced) in results.values.enumerated() where !produced.isEmpty {
            fired[enabled[i].description.id] = enabled[i].description
            findings += produced
        }
        findings = suppress(findings, facts: facts)
        findings.sort(by: Evaluator.reportOrder)
        return Report(policy: policy.name, generatedAt: generatedAt, sources: set.sources, findings: findings,
                      skipped: set.skipped, rules: fired.values.sorted { $0.id < $1.id },
                      failOn: failOn ?? policy.failOn ?? .high)
    }

    /// Marks suppressed findings; they stay in the report. Precedence: inline annotation, waiver, baseline.
    func suppress(_ findings: [Finding], facts: Facts) -> [Finding] {
        var inline: [String: [String: String]] = [:]
        if policy.inlineSuppressions {
            for object in facts.manifests.objects where !object.suppressions.isEmpty {
                inline["\(object.file)|\(object.resourceName)", default: [:]].merge(object.suppressions) { a, _ in a }
            }
            for (_, service) in facts.manifests.composeServices where !service.suppressions.isEmpty {
                inline["\(service.file)|\(service.resourceName)", default: [:]].merge(service.suppressions) { a, _ in a }
            }
        }
        let activeWaivers = policy.waivers.filter { !$0.isExpired(today: today) }
        return findings.map { finding in
            var f = finding
            // Findings about the exceptions themselves are never suppressed by them.
            guard !f.ruleID.hasPrefix("policy/") else { return f }
            if let file = f.subject.location?.file, let resource = f.subject.resource,
               let reason = inline["\(file)|\(resource)"]?[f.ruleID], !reason.isEmpty {
                f.suppression = Suppression(kind: .inline, reason: reason)
            } else if let waiver = activeWaivers.first(where: { $0.matches(f) }) {
                f.suppression = Suppression(kind: .waiver, reason: waiver.reason, owner: waiver.owner, expires: waiver.expires)
            } else if baseline.contains(f.fingerprint) {
                f.suppression = Suppression(kind: .baseline, reason: "present in the baseline report")
            }
            return f
        }
    }

    /// Most severe first, then by place, so that reports read top-down and diff cleanly.
    static func reportOrder(_ a: Finding, _ b: Finding) -> Bool {
        if a.severity != b.severity { return a.severity > b.severity }
        let la = a.subject.location, lb = b.subject.location
        if la?.file != lb?.file { return (la?.file ?? "") < (lb?.file ?? "") }
        if la?.line != lb?.line { return (la?.line ?? 0) < (lb?.line ?? 0) }
        if la?.column != lb?.column { return (la?.column ?? 0) < (lb?.column ?? 0) }
        if a.subject.endpoint?.displayName != b.subject.endpoint?.displayName {
            return (a.subject.endpoint?.displayName ?? "") < (b.subject.endpoint?.displayName ?? "")
        }
        if a.ruleID != b.ruleID { return a.ruleID < b.ruleID }
        return a.fingerprint < b.fingerprint
    }
}

/// Fixed-size result slots, each written by exactly one concurrent iteration.
final class ConcurrentSlots<T: Sendable>: @unchecked Sendable {
    private var storage: [T?]
    private let lock = NSLock()

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    subscript(index: Int) -> T? {
        get { lock.withLock { storage[index] } }
        set { lock.withLock { storage[index] = newValue } }
    }

    /// All slots in order; every slot must have been written.
    var values: [T] { lock.withLock { storage.map { $0! } } }
}
