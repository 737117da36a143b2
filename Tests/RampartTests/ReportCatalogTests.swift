import Foundation
import Testing
import RampartCore
import RampartRules
@testable import RampartReport

/// `rampart rules`, `rampart explain` and docs/rules.md, from hand-made descriptions and from the real registry.
@Suite struct ReportCatalogTests {
    static let rules: [RuleDescription] = [
        ReportFixtures.rule("tls/protocol-tls10", .high, title: "TLS 1.0 accepted", references: [.rfc(8996)],
                            parameters: ["minTLSVersion": "1.2"]),
        ReportFixtures.rule("k8s/privileged-container", .critical, title: "Container runs privileged"),
        ReportFixtures.rule("k8s/host-network", .high, title: "Pod uses the host network", optIn: true),
        ReportFixtures.rule("zeta/custom", .info, title: "A custom rule", references: [Reference("House rule")]),
    ]

    @Test func textListsOneAlignedLinePerRule() {
        let out = RuleCatalogWriter.text(Self.rules)
        let lines = out.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[0] == "k8s/host-network          high      Pod uses the host network (opt-in)")
        #expect(lines[1] == "k8s/privileged-container  critical  Container runs privileged")
        #expect(lines[3].hasPrefix("zeta/custom               info      "))
        #expect(out.hasSuffix("\n"))
        #expect(RuleCatalogWriter.text([]) == "")
    }

    @Test func explainShowsEverythingIncludingAllExamples() {
        var rule = Self.rules[0]
        rule.triggering.append("{\"tls\": []}")
        let out = RuleCatalogWriter.explain(rule)
        #expect(out.hasPrefix("tls/protocol-tls10: TLS 1.0 accepted\nSeverity: high\n"))
        #expect(out.contains("Why\n  Because `it` matters."))
        #expect(out.contains("Fix\n  Fix it in `spec`."))
        #expect(out.contains("  - RFC 8996 <https://www.rfc-editor.org/rfc/rfc8996>"))
        #expect(out.contains("  minTLSVersion = 1.2"))
        #expect(out.contains("Triggering example 1 (↓ marks where the finding points)\n    apiVersion: v1"))
        #expect(out.contains("    hostNetwork: ↓true"))
        #expect(out.contains("Triggering example 2\n    {\"tls\": []}"))
        #expect(out.contains("Non-triggering example 1\n    apiVersion: v1"))
    }

    @Test func explainWrapsProse() {
        let long = Array(repeating: "word", count: 60).joined(separator: " ")
        let wrapped = RuleCatalogWriter.indent(long, width: 40)
        let lines = wrapped.split(separator: "\n")
        #expect(lines.count > 1 && lines.allSatisfy { $0.count <= 40 && $0.hasPrefix("  word") })
        #expect(lines.map { $0.dropFirst(2) }.joined(separator: " ") == long[...])
        // A word longer than the width stays whole on its own line.
        let url = "https://example.org/" + String(repeating: "x", count: 60)
        #expect(RuleCatalogWriter.indent("see \(url) now", width: 40) == "  see\n  \(url)\n  now")
    }

    @Test func markdownGroupsByDomainWithTablesAndDetails() {
        let md = RuleCatalogWriter.markdown(Self.rules)
        #expect(md.hasPrefix("# Rampart rules\n"))
        // Known domains in reading order, unknown ones after.
        let k8s = md.range(of: "## Kubernetes (`k8s/`)")?.lowerBound
        let tls = md.range(of: "## TLS (`tls/`)")?.lowerBound
        let zeta = md.range(of: "## zeta (`zeta/`)")?.lowerBound
        #expect(k8s != nil && tls != nil && zeta != nil && k8s! < tls! && tls! < zeta!)
        #expect(md.contains("| [`k8s/privileged-container`](#k8sprivileged-container) | critical | Container runs privileged |"))
        #expect(md.contains("| [`k8s/host-network`](#k8shost-network) | high | Pod uses the host network *(opt-in)* |"))
        #expect(md.contains("### k8s/privileged-container\n\n**Container runs privileged**"))
        #expect(md.contains("**Why:** Because `it` matters."))
        #expect(md.contains("- [RFC 8996](https://www.rfc-editor.org/rfc/rfc8996)"))
        #expect(md.contains("- House rule"))
        #expect(md.contains("| `minTLSVersion` | 1.2 |"))
        // Examples are copyable YAML: marker gone, a comment in its place.
        #expect(md.contains("Triggers on:\n\n```yaml\napiVersion: v1\nkind: Pod\nspec:\n  hostNetwork: true  # ← finding\n```"))
        #expect(md.contains("Does not trigger on:\n\n```yaml\n"))
        #expect(!md.contains("↓"))
    }

    @Test func codeFencesOutgrowBackticksInExamples() {
        var rule = Self.rules[1]
        rule.triggering = ["{\"note\": \"```not a fence```\"}"]
        let md = RuleCatalogWriter.markdown([rule])
        #expect(md.contains("````json\n{\"note\": \"```not a fence```\"}\n````"))
    }

    @Test func slugsMatchGitHubHeadings() {
        #expect(RuleCatalogWriter.slug("k8s/privileged-container") == "k8sprivileged-container")
        #expect(RuleCatalogWriter.slug("Docker Compose (`compose/`)") == "docker-compose-compose")
    }

    @Test func realCatalogRendersEveryRule() {
        let rules = RuleRegistry.all.map { $0.description }
        let md = RuleCatalogWriter.markdown(rules)
        let text = RuleCatalogWriter.text(rules)
        #expect(text.split(separator: "\n").count == rules.count)
        for rule in rules {
            #expect(md.contains("### \(rule.id)\n"), "\(rule.id) missing from rules.md")
            let explained = RuleCatalogWriter.explain(rule)
            #expect(explained.hasPrefix("\(rule.id): "))
            #expect(explained.contains("Non-triggering example 1"))
        }
    }
}
