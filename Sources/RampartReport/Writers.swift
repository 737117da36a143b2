import Foundation
import RampartCore

// Interim writers: the full set (SARIF, JUnit, Markdown, HTML) replaces this file.
public enum OutputFormat: String, CaseIterable, Sendable { case text, json, sarif, junit, markdown, html }

public struct RenderOptions: Sendable {
    public var color: Bool
    public var verbose: Bool
    public init(color: Bool = false, verbose: Bool = false) {
        self.color = color
        self.verbose = verbose
    }
}

public enum ReportWriter {
    public static func render(_ report: Report, as format: OutputFormat, options: RenderOptions = RenderOptions()) -> String {
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            return String(decoding: (try? encoder.encode(report)) ?? Data(), as: UTF8.self) + "\n"
        default:
            var out = ""
            for f in report.findings where options.verbose || !f.isSuppressed {
                out += "\(f.severity.rawValue.uppercased()) \(f.ruleID) \(f.subject.displayName) \(f.message)\n"
            }
            out += "\(report.activeFindings.count) findings; \(report.passed ? "PASS" : "FAIL")\n"
            return out
        }
    }
}

public enum RuleCatalogWriter {
    public static func text(_ rules: [RuleDescription]) -> String {
        rules.map { "\($0.id)  \($0.severity.rawValue)  \($0.title)" }.joined(separator: "\n") + "\n"
    }

    public static func explain(_ rule: RuleDescription) -> String {
        "\(rule.id) (\(rule.severity.rawValue)): \(rule.title)\n\n\(rule.rationale)\n\nRemediation: \(rule.remediation)\n"
    }

    public static func markdown(_ rules: [RuleDescription]) -> String {
        rules.map { "## \($0.id)\n\n\($0.title)\n" }.joined(separator: "\n")
    }
}
