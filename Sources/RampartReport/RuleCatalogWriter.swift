import RampartCore

/// The rule catalog in its three forms: docs/rules.md, `rampart rules`, `rampart explain ID`. All read
/// `RuleDescription` only, so the docs cannot drift from the rules.
public enum RuleCatalogWriter {
    /// docs/rules.md, generated from rule metadata (grouped by domain, a table of id/severity/title, then per
    /// rule: rationale, remediation, references with links, parameters, and the first triggering/non-triggering
    /// example as code blocks)
    public static func markdown(_ rules: [RuleDescription]) -> String {
        let sorted = rules.sorted { $0.id < $1.id }
        let domains = Dictionary(grouping: sorted, by: \.domain)
        let domainOrder = domains.keys.sorted { (domainRank($0), $0) < (domainRank($1), $1) }
        let p = Escape.prose

        var o: [String] = [
            "# Rampart rules", "",
            "<!-- Generated from the rules' metadata (RuleCatalogWriter.markdown); edit the rule, not this file. -->", "",
            "\(sorted.count) rules in \(domainOrder.count) domain\(domainOrder.count == 1 ? "" : "s"). "
                + "Rule ids are stable: suppressions, waivers and baselines refer to them. "
                + "Rules marked *opt-in* run only when a policy enables them.", "",
        ]
        for domain in domainOrder {
            o.append("- [\(domainTitle(domain))](#\(slug(domainTitle(domain)))) (\(domains[domain, default: []].count))")
        }
        o.append("")

        for domain in domainOrder {
            let group = domains[domain, default: []]
            o += ["## \(domainTitle(domain))", "", "| Rule | Severity | Title |", "|---|---|---|"]
            for r in group {
                let optIn = r.optIn ? " *(opt-in)*" : ""
                o.append("| [`\(r.id)`](#\(slug(r.id))) | \(r.severity.rawValue) | \(Escape.markdown(r.title))\(optIn) |")
            }
            o.append("")
            for r in group {
                o += ["### \(r.id)", "", "**\(p(r.title))**", "",
                      "Severity: **\(r.severity.rawValue)**" + (r.optIn ? " · opt-in (off unless a policy enables it)" : ""), "",
                      "**Why:** \(p(r.rationale))", "",
                      "**Fix:** \(p(r.remediation))", ""]
                // Custom rules (docs/custom-rules.md) name their rule file; built-in ones are found by id.
                if !r.sourceFile.isEmpty, !r.sourceFile.hasPrefix("Sources/") {
                    o += ["**Defined in:** \(Escape.markdown(r.sourceFile)) (custom rule)", ""]
                }
                if !r.references.isEmpty {
                    o.append("**References:**")
                    o.append("")
                    for ref in r.references {
                        o.append(ref.safeURL.map { "- [\(Escape.markdown(ref.description))](\($0))" }
                            ?? "- \(Escape.markdown(ref.description))")
                    }
                    o.append("")
                }
                if !r.parameters.isEmpty {
                    o += ["**Parameters** (set in a policy's `parameters`):", "", "| Parameter | Default |", "|---|---|"]
                    for (name, value) in r.parameters.sorted(by: { $0.key < $1.key }) {
                        o.append("| `\(name)` | \(Escape.markdown(value)) |")
                    }
                    o.append("")
                }
                if let example = r.triggering.first {
                    o += ["Triggers on:", ""] + codeBlock(Example.annotated(example)) + [""]
                }
                if let example = r.nonTriggering.first {
                    o += ["Does not trigger on:", ""] + codeBlock(Example.annotated(example)) + [""]
                }
            }
        }
        return o.joined(separator: "\n")
    }

    /// `rampart rules` listing: one line per rule (id, severity, title), aligned
    public static func text(_ rules: [RuleDescription]) -> String {
        let sorted = rules.sorted { $0.id < $1.id }
        let idWidth = sorted.map(\.id.count).max() ?? 0
        let sevWidth = Severity.allCases.map(\.rawValue.count).max() ?? 0
        return sorted.map { r in
            let line = pad(r.id, idWidth) + "  " + pad(r.severity.rawValue, sevWidth) + "  "
                + Escape.terminal(r.title) + (r.optIn ? " (opt-in)" : "")
            return line
        }.joined(separator: "\n") + (sorted.isEmpty ? "" : "\n")
    }

    /// `rampart explain ID`: everything about one rule, examples included
    public static func explain(_ rule: RuleDescription) -> String {
        let t = Escape.terminal
        var o: [String] = [
            "\(rule.id): \(t(rule.title))",
            "Severity: \(rule.severity.rawValue)" + (rule.optIn ? " (opt-in: off unless a policy enables it)" : ""),
        ]
        if !rule.sourceFile.isEmpty { o.append("Source: \(t(rule.sourceFile))") }
        o += [
            "",
            "Why", indent(rule.rationale), "",
            "Fix", indent(rule.remediation), "",
        ]
        if !rule.references.isEmpty {
            o.append("References")
            for ref in rule.references {
                o.append("  - " + t(ref.description) + (ref.url.map { " <\(t($0))>" } ?? ""))
            }
            o.append("")
        }
        if !rule.parameters.isEmpty {
            o.append("Parameters (policy `parameters`, with defaults)")
            let width = rule.parameters.keys.map(\.count).max() ?? 0
            for (name, value) in rule.parameters.sorted(by: { $0.key < $1.key }) {
                o.append("  " + pad(t(name), width) + " = " + t(value))
            }
            o.append("")
        }
        for (n, example) in rule.triggering.enumerated() {
            o.append("Triggering example \(n + 1)" + (example.contains(Example.marker) ? " (\(Example.marker) marks where the finding points)" : ""))
            o += lines(example).map { "    " + t($0) }
            o.append("")
        }
        for (n, example) in rule.nonTriggering.enumerated() {
            o.append("Non-triggering example \(n + 1)")
            o += lines(example).map { "    " + t($0) }
            o.append("")
        }
        return o.joined(separator: "\n")
    }

    // MARK: helpers

    /// Domains in the order a reader meets them (design, then manifests, then live), others alphabetically after.
    private static let knownDomains: [(id: String, title: String)] = [
        ("design", "Design"), ("k8s", "Kubernetes"), ("compose", "Docker Compose"), ("tls", "TLS"),
        ("cert", "Certificates"), ("port", "Ports and exposed services"), ("http", "HTTP"), ("drift", "Drift"),
        ("policy", "Policy"), ("input", "Input"),
    ]

    private static func domainRank(_ domain: String) -> Int {
        knownDomains.firstIndex { $0.id == domain } ?? knownDomains.count
    }

    static func domainTitle(_ domain: String) -> String {
        let title = knownDomains.first { $0.id == domain }?.title ?? domain
        return "\(title) (`\(domain)/`)"
    }

    /// The anchor GitHub and GitLab derive from a heading: lower case, punctuation other than `-` and `_`
    /// dropped, spaces to hyphens.
    static func slug(_ heading: String) -> String {
        String(heading.lowercased().compactMap { c -> Character? in
            if c == " " { return "-" }
            if c.isLetter || c.isNumber || c == "-" || c == "_" { return c }
            return nil
        })
    }

    /// A fenced block longer than any backtick run inside, so that no example can close it early.
    private static func codeBlock(_ example: (language: String, text: String)) -> [String] {
        var longest = 0, run = 0
        for c in example.text {
            run = c == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return [fence + example.language] + example.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) + [fence]
    }

    private static func lines(_ example: String) -> [String] {
        Example.trimmingTrailingNewlines(example).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// Indented by two and wrapped at word boundaries to `width` columns, so prose reads in an 80-100 column terminal.
    static func indent(_ text: String, width: Int = 100) -> String {
        var out: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
                let w = Escape.terminal(String(word))
                if !line.isEmpty, 2 + line.count + 1 + w.count > width {
                    out.append("  " + line)
                    line = w
                } else {
                    line = line.isEmpty ? w : line + " " + w
                }
            }
            out.append("  " + line)
        }
        return out.joined(separator: "\n")
    }

    private static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }
}

/// Rule examples as documentation: YAML examples lose their `↓` markers (so that they can be copied) and
/// gain a `# ← finding` comment on each marked line instead; JSON examples (recorded facts) stay as written.
enum Example {
    static let marker: Character = "↓"

    static func annotated(_ example: String) -> (language: String, text: String) {
        let example = trimmingTrailingNewlines(example)
        let trimmed = example.drop { $0.isWhitespace }
        if trimmed.first == "{" || trimmed.first == "[" { return ("json", example) }
        let lines = example.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard line.contains(marker) else { return String(line) }
            return line.filter { $0 != marker } + "  # ← finding"
        }
        return ("yaml", lines.joined(separator: "\n"))
    }

    static func trimmingTrailingNewlines(_ s: String) -> String {
        var s = Substring(s)
        while s.last == "\n" || s.last == "\r" { s = s.dropLast() }
        return String(s)
    }
}
