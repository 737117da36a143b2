import RampartCore
import RampartYAML

/// An error in a policy file, with file and line, for exit code 2.
public struct PolicyError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Loads policies from YAML: shipped profiles by name, or a file. `extends` chains are followed (bounded).
public enum PolicyLoader {
    public static let defaultProfile = "default"

    public static var shippedNames: [String] { ShippedProfiles.all.keys.sorted() }

    /// `reference` is a shipped profile name or a path to a policy file.
    public static func load(_ reference: String?, readFile: (String) -> [UInt8]? = readFileBytes) throws -> Policy {
        try load(reference ?? defaultProfile, depth: 0, readFile: readFile)
    }

    private static func load(_ reference: String, depth: Int, readFile: (String) -> [UInt8]?) throws -> Policy {
        guard depth < 8 else { throw PolicyError("policy '\(reference)': extends chain deeper than 8 (a cycle?)") }
        let name: String
        let bytes: [UInt8]
        if let text = ShippedProfiles.all[reference] {
            name = "policies/\(reference).yaml"
            bytes = Array(text.utf8)
        } else if let data = readFile(reference) {
            name = reference
            bytes = data
        } else {
            throw PolicyError("policy '\(reference)' is neither a shipped profile (\(shippedNames.joined(separator: ", "))) nor a readable file")
        }
        var policy = try parse(bytes, file: name)
        if policy.name.isEmpty { policy.name = reference }
        if let parent = policy.extends {
            policy = try load(parent, depth: depth + 1, readFile: readFile).overlaid(with: policy)
        }
        return policy
    }

    /// `workloadKinds`: a list of `{apiVersion, kind, podTemplate}` mappings, stored as `apiVersion kind
    /// podTemplate` (the form RampartManifests' WorkloadKind reads). A mistake here would leave a kind's pods
    /// silently unjudged, so every entry is checked.
    static func workloadKinds(_ node: YAMLNode, fail: (YAMLNode, String) -> PolicyError) throws -> [String] {
        if node.isNull { return [] }
        guard let items = node.sequence else {
            throw fail(node, "parameter 'workloadKinds' must be a list of {apiVersion, kind, podTemplate} mappings")
        }
        return try items.map { item in
            guard let pairs = item.pairs else {
                throw fail(item, "each workloadKinds entry must be a mapping with apiVersion, kind and podTemplate")
            }
            let allowed = ["apiVersion", "kind", "podTemplate"]
            for pair in pairs {
                guard let name = pair.key.string, allowed.contains(name) else {
                    throw fail(pair.key, "unknown key '\(pair.key.string ?? "?")' in a workloadKinds entry (known: apiVersion, kind, podTemplate)")
                }
            }
            var words: [String] = []
            for name in allowed {
                guard let value = item[name]?.string, !value.isEmpty, !value.contains(where: { $0 == " " || $0 == "\t" }) else {
                    throw fail(item[name] ?? item, "workloadKinds entry needs \(name) as one word")
                }
                words.append(value)
            }
            let keys = words[2].split(separator: ".", omittingEmptySubsequences: false)
            let pathIsPlain = keys.allSatisfy { key in
                !key.isEmpty && key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
            }
            guard pathIsPlain else {
                throw fail(item["podTemplate"] ?? item, "podTemplate '\(words[2])' must be a dotted path of keys, like spec.template")
            }
            return words.joined(separator: " ")
        }
    }

    /// Parses one policy document (without following `extends`).
    public static func parse(_ bytes: [UInt8], file: String) throws -> Policy {
        let stream = YAMLLoader.parse(bytes, file: file)
        if let problem = stream.problems.first {
            throw PolicyError("\(file):\(problem.line ?? 1):\(problem.column ?? 1): \(problem.message)")
        }
        guard let root = stream.documents.first?.root, root.isMapping else {
            throw PolicyError("\(file):1:1: a policy must be a mapping with name, rules, parameters and waivers")
        }
        var policy = Policy(name: "")
        func fail(_ node: YAMLNode, _ message: String) -> PolicyError {
            PolicyError("\(file):\(node.line):\(node.column): \(message)")
        }
        // The header says what the file is: without it, any YAML mapping (a manifest passed by mistake) would
        // be read as a policy that changes nothing.
        guard let header = root["rampart"] else {
            throw PolicyError("\(file):1:1: not a policy file: it must start with `rampart: policy`")
        }
        guard header.string == "policy" else {
            throw fail(header, "not a policy file: `rampart:` must be `policy`, not '\(TerminalText.escape(header.string ?? "(not a string)"))'")
        }
        func note(_ kind: NameReference.Kind, _ node: YAMLNode) {
            guard let name = node.string else { return }
            policy.names.append(NameReference(kind: kind, name: name, location: SourceLocation(file: file, line: node.line, column: node.column)))
        }
        let known: Set<String> = ["rampart", "name", "description", "extends", "failOn", "rules", "parameters", "waivers", "inlineSuppressions"]
        for pair in root.pairs ?? [] where !known.contains(pair.key.string ?? "") {
            throw fail(pair.key, "unknown policy key '\(pair.key.string ?? "?")' (expected one of \(known.sorted().joined(separator: ", ")))")
        }
        policy.name = root["name"]?.string ?? ""
        policy.description = root["description"]?.string ?? ""
        policy.extends = root["extends"]?.string
        if let node = root["failOn"] {
            guard let s = node.string, let sev = Severity(rawValue: s) else { throw fail(node, "failOn must be one of info, low, medium, high, critical") }
            policy.failOn = sev
        }
        if let node = root["inlineSuppressions"] {
            guard let b = node.bool else { throw fail(node, "inlineSuppressions must be true or false") }
            policy.inlineSuppressions = b
        }
        if let rules = root["rules"] {
            guard rules.isMapping else { throw fail(rules, "rules must be a mapping with enable, disable and severity") }
            for key in ["enable", "disable"] {
                guard let list = rules[key] else { continue }
                guard list.isSequence || list.isNull else { throw fail(list, "rules.\(key) must be a list of rule ids or globs") }
                let ids = list.strings
                for item in list.items { note(key == "enable" ? .enable : .disable, item) }
                if key == "enable" { policy.enabled = ids } else { policy.disabled = ids }
            }
            if let sev = rules["severity"] {
                for pair in sev.pairs ?? [] {
                    guard let id = pair.key.string, let value = pair.value.string, let s = Severity(rawValue: value) else {
                        throw fail(pair.value, "rules.severity values must be one of info, low, medium, high, critical")
                    }
                    policy.severities[id] = s
                    note(.severity, pair.key)
                }
            }
        }
        if let params = root["parameters"] {
            guard let pairs = params.pairs else { throw fail(params, "parameters must be a mapping") }
            for pair in pairs {
                guard let key = pair.key.string else { continue }
                note(.parameter, pair.key)
                let v = pair.value
                if key == "workloadKinds" {
                    policy.parameters.values[key] = .list(try workloadKinds(v, fail: fail))
                } else if let items = v.sequence {
                    policy.parameters.values[key] = .list(items.compactMap(\.string))
                } else if let b = v.bool {
                    policy.parameters.values[key] = .bool(b)
                } else if let i = v.int, v.scalar?.style == .plain {
                    policy.parameters.values[key] = .int(i)
                } else if let s = v.string {
                    policy.parameters.values[key] = .string(s)
                } else {
                    throw fail(v, "parameter '\(key)' must be a scalar or a list of scalars")
                }
            }
        }
        // Fail closed: design rules must not silently judge under another regulation than the one named.
        if let node = root["parameters"]?["regulation"], let name = node.string, Regulation.named(name) == nil {
            throw fail(node, "regulation '\(name)' is not shipped (known: \(Regulation.shippedNames.joined(separator: ", ")))")
        }
        if let waivers = root["waivers"] {
            guard waivers.isSequence || waivers.isNull else { throw fail(waivers, "waivers must be a list") }
            for item in waivers.items {
                var fields: [String: String] = [:]
                for key in ["rule", "subject", "reason", "owner", "expires"] {
                    guard let s = item[key]?.string, !s.isEmpty else {
                        throw fail(item, "a waiver needs rule, subject, reason, owner and expires (yyyy-mm-dd); '\(key)' is missing")
                    }
                    fields[key] = s
                }
                if let rule = item["rule"] { note(.waiver, rule) }
                let expires = fields["expires"]!
                guard isISODate(expires) else { throw fail(item["expires"]!, "waiver expires must be a date yyyy-mm-dd, not '\(expires)'") }
                policy.waivers.append(Waiver(rule: fields["rule"]!, subject: fields["subject"]!, reason: fields["reason"]!,
                                             owner: fields["owner"]!, expires: expires,
                                             declaredAt: SourceLocation(file: file, line: item.line, column: item.column)))
            }
        }
        return policy
    }

    static func isISODate(_ s: String) -> Bool {
        let parts = s.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let m = Int(parts[1]), let d = Int(parts[2]), Int(parts[0]) != nil else { return false }
        return (1...12).contains(m) && (1...31).contains(d)
    }

    public static func readFileBytes(_ path: String) -> [UInt8]? {
        if case .success(let bytes) = FileReader.read(path, maxBytes: FileReader.defaultMaxBytes) { return bytes }
        return nil
    }
}
