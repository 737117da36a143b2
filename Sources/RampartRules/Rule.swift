import RampartCore
import RampartManifests

/// A rule: metadata with examples, and a pure check from facts to findings. Rules never open files,
/// never touch the network and never print.
public protocol Rule: Sendable {
    static var description: RuleDescription { get }
    /// How far the rule looks; see `RuleReach`.
    static var reach: RuleReach { get }
    /// Fact kinds the rule reads (`FactKinds`), so that a compliance summary can tell "checked and clean"
    /// from "nothing of that kind was scanned". Shapes and domains supply it; a rule rarely states its own.
    static var reads: Set<String> { get }
    init()
    func check(_ facts: Facts, _ context: RuleContext) -> [Finding]
}

/// How far a rule looks, so that a scan can judge each file as soon as it is parsed and drop it.
public enum RuleReach: Sendable, Equatable {
    /// Judges each object (or input problem, or endpoint) on its own: runs on one file's facts at a time.
    case object
    /// Relates objects to others anywhere in the scan: runs once, over every file's workloads (pod-level
    /// fields, without containers and volumes) and whole documents of the listed kinds.
    case crossResource(kinds: Set<String>)
    /// Looks at no input at all (the policy's own waivers): runs once.
    case global
}

extension Rule {
    public static var reach: RuleReach { .object }
    public static var reads: Set<String> { FactKinds.reads(domain: description.domain) }
}

/// What a rule sees: the collected facts and views built over them once.
public struct Facts: Sendable {
    public let set: FactSet
    public let manifests: ManifestIndex

    public init(_ set: FactSet) {
        self.set = set
        self.manifests = ManifestIndex(set.documents)
    }

    /// Drops repeats, keeping order. A document with duplicated keys is judged once per reading
    /// (`ManifestIndex`); what several readings find about the same rule, resource and field is reported
    /// once, as the first reading (the one where the last copy counts) put it.
    public func unique(_ findings: [Finding]) -> [Finding] {
        let files = manifests.filesReadSeveralWays
        guard !files.isEmpty else { return findings }
        var seen = Set<String>()
        return findings.filter { finding in
            guard let file = finding.subject.location?.file, files.contains(file) else { return true }
            return seen.insert(finding.fingerprint).inserted
        }
    }
}

/// The rule's effective metadata and parameters under the policy, and helpers that make findings.
public struct RuleContext: Sendable {
    public let description: RuleDescription
    public let severity: Severity
    public let parameters: Parameters
    /// The policy's waivers, for the rule that reports expired ones.
    public let waivers: [Waiver]
    /// `yyyy-mm-dd` of the run, so that rules about dates stay pure.
    public let today: String
    /// Ids of every rule of the run (built-in and the policy's), for judging suppressions that name
    /// rules; nil means the built-in registry.
    public var knownRuleIDs: Set<String>?

    public init(description: RuleDescription, severity: Severity? = nil, parameters: Parameters = Parameters(),
                waivers: [Waiver] = [], today: String = "1970-01-01") {
        self.description = description
        self.severity = severity ?? description.severity
        self.parameters = parameters
        self.waivers = waivers
        self.today = today
    }

    /// A finding at `field` of a Kubernetes object or Compose service.
    public func finding(at field: FieldRef, in resource: some Locatable, _ message: String, evidence: String? = nil,
                        severity: Severity? = nil) -> Finding {
        finding(subject: resource.subject(at: field), message, evidence: evidence, severity: severity)
    }

    /// A finding about any subject (endpoint, design element, input problem).
    public func finding(subject: Subject, _ message: String, evidence: String? = nil, severity: Severity? = nil,
                        discriminator: String? = nil) -> Finding {
        Finding(ruleID: description.id, severity: severity ?? self.severity, title: description.title, message: message,
                subject: subject, evidence: evidence, remediation: description.remediation,
                references: description.references, discriminator: discriminator)
    }
}

extension RuleContext {
    /// Workload-like custom resources the policy names (`workloadKinds`); Argo Rollouts when it names none.
    public var workloadKinds: [WorkloadKind] {
        WorkloadKind.configured(parameters)
    }
}

// MARK: - Shapes of rules, so that each rule writes only its judgement.

/// Judges each workload (all kinds, through their pod template).
public protocol WorkloadRule: Rule {
    func check(_ workload: Workload, _ context: RuleContext) -> [Finding]
}

extension WorkloadRule {
    public static var reads: Set<String> { FactKinds.workloadKinds }

    public func check(_ facts: Facts, _ context: RuleContext) -> [Finding] {
        facts.unique(facts.manifests.workloads(including: context.workloadKinds).flatMap { check($0, context) })
    }
}

/// Judges each container (init and ephemeral included) with its workload.
public protocol ContainerRule: Rule {
    func check(_ container: Container, in workload: Workload, _ context: RuleContext) -> [Finding]
}

extension ContainerRule {
    public static var reads: Set<String> { FactKinds.workloadKinds }

    public func check(_ facts: Facts, _ context: RuleContext) -> [Finding] {
        facts.unique(facts.manifests.workloads(including: context.workloadKinds).flatMap { workload in
            workload.containers.flatMap { check($0, in: workload, context) }
        })
    }
}

/// Judges Kubernetes objects of the given kinds.
public protocol ObjectRule: Rule {
    static var kinds: Set<String> { get }
    func check(_ object: KubernetesObject, _ context: RuleContext) -> [Finding]
}

extension ObjectRule {
    public static var reads: Set<String> { Set(kinds.map { FactKinds.kubernetes($0) }) }

    public func check(_ facts: Facts, _ context: RuleContext) -> [Finding] {
        facts.unique(facts.manifests.objects(ofKind: Self.kinds).flatMap { check($0, context) })
    }
}

/// Judges each Compose service.
public protocol ComposeServiceRule: Rule {
    func check(_ service: ComposeService, in project: ComposeProject, _ context: RuleContext) -> [Finding]
}

extension ComposeServiceRule {
    public func check(_ facts: Facts, _ context: RuleContext) -> [Finding] {
        facts.unique(facts.manifests.composeServices.flatMap { check($0.service, in: $0.project, context) })
    }
}
