import ArgumentParser
import Foundation
import RampartAudit
import RampartCore
import RampartPolicy
import RampartReport

extension Severity: ExpressibleByArgument {}
extension OutputFormat: ExpressibleByArgument {}

/// Options every judging command shares: policy, formats, gate, baseline, evidence, output style.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "Policy profile name (default, strict, ...) or path to a policy file.")
    var policy: String?

    @Option(name: .customLong("rules"), help: ArgumentHelp("Directory (or file) of custom rules (`rampart: rules`, see docs/custom-rules.md). Repeatable.", valueName: "dir"))
    var rules: [String] = []

    @Option(name: .long, help: "Report format for stdout: text, json, sarif, junit, markdown, html. Repeatable with --output.")
    var format: [OutputFormat] = []

    @Option(name: .long, help: ArgumentHelp("Write a report to a file, as FORMAT=PATH (e.g. sarif=rampart.sarif). Repeatable.", valueName: "format=path"))
    var output: [String] = []

    @Option(name: .long, help: "Fail (exit 1) when a finding is at or above this severity: info, low, medium, high, critical. Default: the policy's (high).")
    var failOn: Severity?

    @Option(name: .long, help: "Earlier JSON report whose findings are accepted (marked suppressed, not failing).")
    var baseline: String?

    @Option(name: .long, help: "Save the collected facts as JSON (mode 0600), to judge again with `rampart evaluate`. Secret values are redacted.")
    var evidence: String?

    @Flag(name: .long, help: "Keep secret values (Secret data, flagged credentials) in the --evidence file instead of redacting them.")
    var evidenceIncludeSecrets = false

    @Flag(name: .long, help: "Exit 0 even when nothing was scanned (an empty directory or empty standard input); by default that is exit 2.")
    var allowEmpty = false

    @Flag(name: .long, help: "No ANSI colour (also when NO_COLOR is set or stdout is not a terminal).")
    var noColor = false

    @Flag(name: .shortAndLong, help: "Only the exit code and machine formats; no text report on stdout.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Show suppressed findings, skipped inputs and the inventory too.")
    var verbose = false

    @Option(name: .long, help: ArgumentHelp("Add a control-by-control compliance summary for a framework: a shipped id (see `rampart frameworks`) or a framework YAML file. Repeatable.", valueName: "name"))
    var framework: [String] = []

    @Option(name: .long, help: ArgumentHelp("Fit the Markdown report into a size: pr (65,536, a pull-request comment), step (1 MiB, a CI step summary) or a number of bytes (at least 4096). Findings are left out least severe first, and the report says what it left out.", valueName: "pr|step|N"))
    var markdownLimit: String?

    /// Checked at parse time, so that a bad framework name stops a probe before any packet is sent.
    func validate() throws {
        for name in framework {
            do {
                _ = try FrameworkLoader.load(name)
            } catch {
                throw ValidationError("--framework: \(error)")
            }
        }
        _ = try parsedMarkdownLimit()
    }

    func parsedMarkdownLimit() throws -> Int? {
        guard let markdownLimit else { return nil }
        switch markdownLimit {
        case "pr": return 65_536
        case "step": return 1_048_576
        default:
            guard let n = Int(markdownLimit), n >= 4096 else {
                throw ValidationError("--markdown-limit takes pr, step or a number of bytes of at least 4096; got '\(markdownLimit)'")
            }
            return n
        }
    }

    func runOptions() throws -> RunOptions {
        var options = RunOptions()
        options.policy = policy
        options.customRules = rules
        options.failOn = failOn
        options.baselinePath = baseline
        options.evidencePath = evidence
        options.quiet = quiet
        options.verbose = verbose
        options.allowEmpty = allowEmpty
        options.sourceRoot = SourceRoot.current()
        options.frameworks = framework
        options.markdownLimit = try parsedMarkdownLimit()
        let env = ProcessInfo.processInfo.environment
        options.color = !noColor && env["NO_COLOR"].map(\.isEmpty) != false && isatty(STDOUT_FILENO) == 1 && env["TERM"] != "dumb"
        options.evidenceIncludesSecrets = evidenceIncludeSecrets
        var outputs: [(OutputFormat, String?)] = format.map { ($0, nil) }
        for spec in output {
            let parts = spec.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let f = OutputFormat(rawValue: String(parts[0])), !parts[1].isEmpty else {
                throw usageError("--output takes FORMAT=PATH (PATH - for standard output) with FORMAT one of "
                    + "\(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")); got '\(TerminalText.escape(spec))'")
            }
            // `-` is standard output, as everywhere else on the command line, not a file named `-`.
            outputs.append((f, parts[1] == "-" ? nil : String(parts[1])))
        }
        if outputs.filter({ $0.1 == nil }).count > 1 {
            throw usageError("only one report can go to standard output (--format, or --output FORMAT=-); send the others to files with --output FORMAT=PATH")
        }
        if outputs.isEmpty || (outputs.allSatisfy { $0.1 != nil } && !quiet) {
            outputs.insert((.text, nil), at: 0)
        }
        options.outputs = outputs
        return options
    }

    /// A one-line error for one option, exit 2: not the whole usage text, which would bury it.
    func usageError(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("rampart: \(message)\n".utf8))
        return ExitCode(2)
    }

    /// Whether progress lines (carriage returns, `ESC[K`) may be drawn: stderr is a terminal that understands them.
    static var progressAllowed: Bool {
        isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["TERM"].map { $0 != "dumb" && !$0.isEmpty } ?? false
    }

    /// Judges and reports, then exits with the contract's code.
    func finish(_ facts: FactSet) throws -> Never {
        try finish(.facts(facts))
    }

    func finish(_ input: Run.Input) throws -> Never {
        let options = try runOptions()
        let outcome = Run.judgeAndReport(input, options: options,
                                         stdout: { FileHandle.standardOutput.write(Data($0.utf8)) },
                                         diagnostics: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) })
        Foundation.exit(outcome.rawValue)
    }
}
