import RampartCore
import RampartYAML

/// A compliance framework as versioned data (`policies/frameworks/*.yaml`): its controls and which rules
/// assess each one. A rule covers a control when its id matches one of the control's rule globs, or when one
/// of the rule's `references` cites the framework (`cites`) at one of the control's `sections`.
public struct Framework: Sendable, Hashable {
    public var id: String
    public var name: String
    public var version: String
    public var url: String?
    public var description: String
    /// `Reference.standard` values by which rules cite this framework.
    public var cites: [String]
    public var controls: [Control]

    public struct Control: Sendable, Hashable {
        public var id: String
        public var title: String
        /// Reference sections that map to this control (matched case-insensitively); empty: the control id.
        public var sections: [String]
        /// Rule ids or globs (`design/*`) that assess this control.
        public var rules: [String]
        /// Article cited, scope, or why Rampart cannot assess it.
        public var note: String?

        public init(id: String, title: String, sections: [String] = [], rules: [String] = [], note: String? = nil) {
            self.id = id
            self.title = title
            self.sections = sections
            self.rules = rules
            self.note = note
        }
    }

    public init(id: String, name: String, version: String, url: String? = nil, description: String = "",
                cites: [String] = [], controls: [Control]) {
        self.id = id
        self.name = name
        self.version = version
        self.url = url
        self.description = description
        self.cites = cites
        self.controls = controls
    }

    /// Whether `rule` assesses `control`: by id glob, or by a reference to this framework at the control's section.
    public func covers(_ control: Control, rule: RuleDescription) -> Bool {
        if control.rules.contains(where: { Glob.matches($0, rule.id) }) { return true }
        let sections = Set((control.sections.isEmpty ? [control.id] : control.sections).map { $0.lowercased() })
        return rule.references.contains { ref in
            cites.contains(ref.standard) && ref.section.map { sections.contains($0.lowercased()) } == true
        }
    }

    /// Every rule (of `rules`) that covers some control, with the controls it covers, for `rampart rules --framework`.
    public func mapping(_ rules: [RuleDescription]) -> [(control: Control, rules: [RuleDescription])] {
        controls.map { control in (control, rules.filter { covers(control, rule: $0) }) }
    }
}

/// Loads frameworks: shipped ones by id (embedded by scripts/gen-profiles.sh), or a YAML file by path.
public enum FrameworkLoader {
    public static var shippedIDs: [String] { ShippedFrameworks.all.keys.sorted() }

    /// The embedded YAML of a shipped framework, for the test that it matches policies/frameworks/.
    public static func shippedText(_ id: String) -> String? { ShippedFrameworks.all[id] }

    public static func shipped() throws -> [Framework] {
        try shippedIDs.map { try load($0) }
    }

    public static func load(_ reference: String, readFile: (String) -> [UInt8]? = PolicyLoader.readFileBytes) throws -> Framework {
        if let text = ShippedFrameworks.all[reference] {
            return try parse(Array(text.utf8), file: "policies/frameworks/\(reference).yaml")
        }
        guard reference.hasSuffix(".yaml") || reference.hasSuffix(".yml") || reference.contains("/") else {
            throw PolicyError("unknown framework '\(reference)' (shipped: \(shippedIDs.joined(separator: ", ")); or give a path to a framework YAML file)")
        }
        guard let bytes = readFile(reference) else {
            throw PolicyError("framework '\(reference)' is neither a shipped framework nor a readable file")
        }
        return try parse(bytes, file: reference)
    }

    /// Parses one framework file. Errors name file:line:column and what is wrong.
    public static func parse(_ bytes: [UInt8], file: String) throws -> Framework {
        let stream = YAMLLoader.parse(bytes, file: file)
        if let problem = stream.problems.first {
            throw PolicyError("\(file):\(problem.line ?? 1):\(problem.column ?? 1): \(problem.message)")
        }
        guard let root = stream.documents.first?.root, root.isMapping else {
            throw PolicyError("\(file):1:1: a framework must be a mapping with rampart: framework, id, name, version and controls")
        }
        func fail(_ node: YAMLNode, _ message: String) -> PolicyError {
            PolicyError("\(file):\(node.line):\(node.column): \(message)")
        }
        let known: Set<String> = ["rampart", "id", "name", "version", "url", "description", "cites", "controls"]
        for pair in root.pairs ?? [] where !known.contains(pair.key.string ?? "") {
            throw fail(pair.key, "unknown framework key '\(pair.key.string ?? "?")' (expected one of \(known.sorted().joined(separator: ", ")))")
        }
        guard root["rampart"]?.string == "framework" else {
            throw fail(root["rampart"] ?? root, "a framework file starts with 'rampart: framework'")
        }
        func required(_ key: String) throws -> String {
            guard let s = root[key]?.string, !s.isEmpty else { throw fail(root, "framework needs a non-empty '\(key)'") }
            return s
        }
        let id = try required("id"), name = try required("name"), version = try required("version")
        if let cites = root["cites"], !cites.isSequence { throw fail(cites, "cites must be a list of reference standards") }
        guard let controlsNode = root["controls"], let items = controlsNode.sequence, !items.isEmpty else {
            throw fail(root["controls"] ?? root, "controls must be a non-empty list")
        }
        var controls: [Framework.Control] = []
        var seen = Set<String>()
        let controlKeys: Set<String> = ["id", "title", "sections", "rules", "note"]
        for item in items {
            guard item.isMapping else { throw fail(item, "a control must be a mapping with id, title and rules") }
            for pair in item.pairs ?? [] where !controlKeys.contains(pair.key.string ?? "") {
                throw fail(pair.key, "unknown control key '\(pair.key.string ?? "?")' (expected one of \(controlKeys.sorted().joined(separator: ", ")))")
            }
            guard let cid = item["id"]?.string, !cid.isEmpty else { throw fail(item, "a control needs an id") }
            guard let title = item["title"]?.string, !title.isEmpty else { throw fail(item, "control '\(cid)' needs a title") }
            guard seen.insert(cid).inserted else { throw fail(item, "control '\(cid)' is listed twice") }
            for key in ["sections", "rules"] {
                if let list = item[key], !(list.isSequence || list.isNull) {
                    throw fail(list, "\(key) of control '\(cid)' must be a list")
                }
            }
            controls.append(Framework.Control(id: cid, title: title, sections: item["sections"]?.strings ?? [],
                                              rules: item["rules"]?.strings ?? [], note: item["note"]?.string))
        }
        return Framework(id: id, name: name, version: version, url: root["url"]?.string,
                         description: root["description"]?.string ?? "", cites: root["cites"]?.strings ?? [],
                         controls: controls)
    }
}

/// What compliance needs to know about one rule in a run.
public struct RuleCoverage: Sendable {
    public var description: RuleDescription
    /// Enabled under the run's policy.
    public var enabled: Bool
    /// Fact kinds the rule reads (e.g. `kubernetes:Deployment`, `compose`, `tls`); it assessed something only
    /// when the run saw at least one of them.
    public var reads: Set<String>

    public init(description: RuleDescription, enabled: Bool, reads: Set<String>) {
        self.description = description
        self.enabled = enabled
        self.reads = reads
    }
}

/// Judges frameworks control by control. Pure: rules, fact kinds seen and findings in; summaries out.
public enum ComplianceJudge {
    public static func summarize(_ framework: Framework, rules: [RuleCoverage], factKinds: Set<String>,
                                 findings: [Finding]) -> ComplianceSummary {
        var byRule: [String: [Finding]] = [:]
        for f in findings { byRule[f.ruleID, default: []].append(f) }
        let results = framework.controls.map { control -> ControlResult in
            let covering = rules.filter { framework.covers(control, rule: $0.description) }
            func notAssessed(_ reason: String) -> ControlResult {
                ControlResult(id: control.id, title: control.title, status: .notAssessed, reason: reason, note: control.note)
            }
            if covering.isEmpty {
                return notAssessed("no Rampart rule covers this control")
            }
            let enabled = covering.filter(\.enabled)
            if enabled.isEmpty {
                return notAssessed("the policy disables every rule that covers it (\(covering.map(\.description.id).sorted().joined(separator: ", ")))")
            }
            let ran = enabled.filter { !$0.reads.isDisjoint(with: factKinds) }
            let behind = enabled.flatMap { byRule[$0.description.id] ?? [] }
            let active = behind.filter { !$0.isSuppressed }
            // A finding fails the control even if its rule's declared reads were not recognised: it saw something.
            let assessedBy = Set(ran.map(\.description.id)).union(active.map(\.ruleID)).sorted()
            if !active.isEmpty {
                let refs = active.sorted { ($0.severity, $1.ruleID) > ($1.severity, $0.ruleID) }.map {
                    ControlFinding(ruleID: $0.ruleID, fingerprint: $0.fingerprint, severity: $0.severity, place: placeName($0))
                }
                return ControlResult(id: control.id, title: control.title, status: .failed, rules: assessedBy,
                                     findings: refs, suppressed: behind.count - active.count, note: control.note)
            }
            if ran.isEmpty {
                let kinds = Set(enabled.flatMap(\.reads)).map(readableKind)
                return notAssessed("no facts of the kind its rules read were scanned (\(Set(kinds).sorted().joined(separator: ", ")))")
            }
            return ControlResult(id: control.id, title: control.title, status: .passed, rules: assessedBy,
                                 suppressed: behind.count, note: control.note)
        }
        return ComplianceSummary(framework: framework.id, name: framework.name, version: framework.version,
                                 url: framework.url, controls: results)
    }

    /// `kubernetes:Deployment` → `Kubernetes Deployment`, for reasons a reader sees.
    static func readableKind(_ kind: String) -> String {
        let parts = kind.split(separator: ":", maxSplits: 1).map(String.init)
        let names = ["kubernetes": "Kubernetes", "compose": "Compose services", "tls": "live TLS endpoints",
                     "certificate": "certificates", "http": "HTTP responses", "ports": "port scans", "design": "design models"]
        let head = names[parts.first ?? ""] ?? parts.first ?? kind
        return parts.count == 2 ? "\(head) \(parts[1])" : head
    }

    static func placeName(_ f: Finding) -> String {
        if let location = f.subject.location { return location.description }
        if let endpoint = f.subject.endpoint { return endpoint.displayName }
        return f.subject.resource ?? "-"
    }
}
