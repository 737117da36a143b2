import Dispatch
import RampartCore
import RampartDesign
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
    /// Frameworks to summarise control by control in the report (`--framework`).
    public var frameworks: [Framework]
    /// Rules the policy or `--rules` loaded from YAML; judged like built-in rules that look at one object.
    public var custom: [CustomRule] = []

    public init(policy: Policy, rules: [any Rule.Type] = RuleRegistry.all, today: String, baseline: Set<String> = [],
                frameworks: [Framework] = []) {
        self.policy = policy
        self.rules = rules
        self.today = today
        self.baseline = baseline
        self.frameworks = frameworks
    }

    public func evaluate(_ set: FactSet, failOn: Severity? = nil, generatedAt: String) -> Report {
        let facts = Facts(set)
        var r = report(findings: findings(facts), sources: set.sources, skipped: set.skipped, failOn: failOn,
                       generatedAt: generatedAt, seen: FactKinds.seen(in: facts), inventory: InventoryBuilder.build(facts))
        r.design = set.design
        return r
    }

    /// Judges manifests file by file as they are parsed, so memory holds findings and small stubs rather
    /// than every parsed file: each file meets the rules that look at one object at a time and is then
    /// dropped, keeping only what cross-resource rules read (see `StubPruner`); those rules, and the
    /// global ones, run once at the end. The findings are the same as `evaluate` over all files at once.
    public func scan(paths: [String], collector: InputCollector = InputCollector(), failOn: Severity? = nil,
                     generatedAt: String) -> Report {
        scanCounting(paths: paths, collector: collector, failOn: failOn, generatedAt: generatedAt).report
    }

    /// As `scan`, also counting the documents judged, so that a run that judged nothing can say so.
    public func scanCounting(paths: [String], collector: InputCollector = InputCollector(), failOn: Severity? = nil,
                             generatedAt: String) -> (report: Report, documents: Int) {
        var keepWhole: Set<String> = []
        for rule in rules {
            if case .crossResource(let kinds) = rule.reach { keepWhole.formUnion(kinds) }
        }
        let kinds = keepWhole
        let parts = collector.collect(paths: paths) { parsed -> (findings: [Finding], stub: FactSet, documents: Int, seen: Set<String>, inventory: Inventory) in
            // A design file becomes its model here (with its includes), so design rules judge it like any file.
            let file = DesignCollector.resolve(parsed, collector: collector)
            var stub = FactSet()
            stub.design = file.design
            stub.sources = file.sources
            stub.skipped = file.skipped
            stub.documents = StubPruner.stubs(of: file.documents, keepingWhole: kinds)
            let facts = Facts(file)
            // Files are already judged in parallel; a file's own rules run in turn.
            return (findings(facts, reaching: { $0 == .object }, parallel: false), stub, file.documents.count + file.design.count,
                    FactKinds.seen(in: facts), InventoryBuilder.build(facts))
        }
        var all: [Finding] = []
        var stubs = FactSet()
        var documents = 0
        var seen: Set<String> = []
        var inventory = Inventory()
        for part in parts {
            all += part.findings
            stubs.merge(part.stub)
            documents += part.documents
            seen.formUnion(part.seen)
            inventory.merge(part.inventory)
        }
        // Designs were judged with their file; the stub keeps them only for the writers that draw them.
        let designs = stubs.design
        stubs.design = []
        all += findings(Facts(stubs), reaching: { $0 != .object })
        var r = report(findings: all, sources: stubs.sources, skipped: stubs.skipped, failOn: failOn, generatedAt: generatedAt,
                       seen: seen, inventory: inventory)
        r.design = designs
        return (r, documents)
    }

    /// Runs the enabled rules whose reach passes `filter`, and applies suppressions.
    func findings(_ set: FactSet, reaching filter: (RuleReach) -> Bool = { _ in true }, parallel: Bool = true) -> [Finding] {
        findings(Facts(set), reaching: filter, parallel: parallel)
    }

    func findings(_ facts: Facts, reaching filter: (RuleReach) -> Bool = { _ in true }, parallel: Bool = true) -> [Finding] {
        let policy = self.policy, today = self.today
        let enabled = rules.filter { policy.isEnabled($0.description) && filter($0.reach) }
        let ruleIDs = Set(rules.map { $0.description.id } + custom.map(\.description.id))
        // Custom rules judge one object at a time (reach `.object`).
        let customEnabled = filter(.object) ? custom.filter { policy.isEnabled($0.description) } : []
        let customCheck = { @Sendable (rule: CustomRule) -> [Finding] in
            var context = RuleContext(description: rule.description, severity: policy.severity(for: rule.description),
                                      parameters: policy.parameters, waivers: policy.waivers, today: today)
            context.knownRuleIDs = ruleIDs
            return rule.check(facts, context)
        }
        // Rules are pure and independent, so they run in parallel; the report sorts what they find.
        let check = { @Sendable (rule: any Rule.Type) -> [Finding] in
            let description = rule.description
            var context = RuleContext(description: description, severity: policy.severity(for: description),
                                      parameters: policy.parameters, waivers: policy.waivers, today: today)
            context.knownRuleIDs = ruleIDs
            return rule.init().check(facts, context)
        }
        guard parallel else {
            return suppress(facts.unique(enabled.flatMap(check) + customEnabled.flatMap(customCheck)), facts: facts)
        }
        let total = enabled.count + customEnabled.count
        let results = ConcurrentSlots<[Finding]>(count: total)
        DispatchQueue.concurrentPerform(iterations: total) { i in
            results[i] = i < enabled.count ? check(enabled[i]) : customCheck(customEnabled[i - enabled.count])
        }
        return suppress(facts.unique(results.values.flatMap { $0 }), facts: facts)
    }

    func report(findings: [Finding], sources: [String], skipped: [SkippedInput], failOn: Severity?, generatedAt: String,
                seen: Set<String> = [], inventory: Inventory = Inventory()) -> Report {
        let fired = Set(findings.map(\.ruleID))
        let descriptions = (rules.map { $0.description } + custom.map(\.description)).filter { fired.contains($0.id) }
        var report = Report(policy: policy.name, generatedAt: generatedAt, sources: sources,
                            findings: findings.sorted(by: Evaluator.reportOrder), skipped: skipped.sorted { $0.source < $1.source },
                            rules: descriptions.sorted { $0.id < $1.id }, failOn: failOn ?? policy.failOn ?? .high)
        if !frameworks.isEmpty {
            report.compliance = frameworks.map {
                ComplianceJudge.summarize($0, rules: coverage, factKinds: seen, findings: report.findings)
            }
        }
        report.inventory = inventory.isEmpty ? nil : inventory.sorted()
        return report
    }

    /// Every rule with whether the policy enables it and what it reads, for compliance summaries.
    public var coverage: [RuleCoverage] {
        rules.map { RuleCoverage(description: $0.description, enabled: policy.isEnabled($0.description), reads: $0.reads) }
            + custom.map { RuleCoverage(description: $0.description, enabled: policy.isEnabled($0.description), reads: $0.reads) }
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
