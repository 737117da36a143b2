import Foundation
import RampartCore
import RampartDesign
import RampartManifests
import RampartPolicy
import RampartReport
import RampartRules

/// What the user asked for, independent of how the command line spelled it.
public struct RunOptions: Sendable {
    public var policy: String?
    /// Formats to write to stdout (at most one is allowed there) or to a path.
    public var outputs: [(format: OutputFormat, path: String?)] = [(.text, nil)]
    public var failOn: Severity?
    public var baselinePath: String?
    public var evidencePath: String?
    public var color = false
    public var verbose = false
    public var quiet = false
    /// Let a run that judged nothing (empty directory, empty stdin) pass instead of exiting 2.
    public var allowEmpty = false
    /// Keep secret values in the evidence file; by default they are replaced by presence, length and a hash.
    public var evidenceIncludesSecrets = false
    /// File names relative to this root; nil: as the paths were given (tests, facts without files).
    public var sourceRoot: SourceRoot?
    /// Frameworks (shipped ids or YAML paths) to summarise control by control (`--framework`).
    public var frameworks: [String] = []
    /// Largest Markdown report in characters (`--markdown-limit`); nil: no limit.
    public var markdownLimit: Int?

    public init() {}
}

/// Exit status of a command, as the CLI contract defines it.
public enum Outcome: Int32, Sendable {
    case passed = 0
    case failed = 1
    case inputError = 2
}

/// Judges facts, writes every requested report and evidence, and returns the gate's outcome.
/// Diagnostics go to `diagnostics` (stderr in the CLI); reports to stdout or files.
public enum Run {
    public static func judgeAndReport(_ facts: FactSet, options: RunOptions, now: Date = Date(),
                                      stdout: (String) -> Void, diagnostics: (String) -> Void) -> Outcome {
        judgeAndReport(.facts(facts), options: options, now: now, stdout: stdout, diagnostics: diagnostics)
    }

    /// What to judge: facts already collected (probes, evidence), or paths to scan.
    public enum Input: Sendable {
        case facts(FactSet)
        case paths([String])

        var paths: [String] {
            if case .paths(let p) = self { return p }
            return []
        }
    }

    public static func judgeAndReport(_ input: Input, options: RunOptions, now: Date = Date(),
                                      stdout: (String) -> Void, diagnostics: (String) -> Void) -> Outcome {
        let policy: Policy
        do {
            policy = try PolicyLoader.load(options.policy)
            // Names are checked against the live registry, so rules added by any module count.
            let problems = PolicyValidator.problems(policy, ruleIDs: RuleRegistry.all.map { $0.description.id },
                                                    parameterNames: Set(RuleRegistry.all.flatMap { $0.description.parameters.keys }))
            if !problems.isEmpty {
                diagnostics(problems.map { "rampart: " + $0 }.joined(separator: "\n"))
                return .inputError
            }
        } catch {
            diagnostics("rampart: \(TerminalText.escapeKeepingLines(String(describing: error)))")
            return .inputError
        }
        var frameworks: [Framework] = []
        for name in options.frameworks {
            do {
                frameworks.append(try FrameworkLoader.load(name))
            } catch {
                diagnostics("rampart: \(error)")
                return .inputError
            }
        }
        var baseline: Set<String> = []
        if let path = options.baselinePath {
            switch loadBaseline(path) {
            case .success(let fingerprints): baseline = fingerprints
            case .failure(let error):
                diagnostics("rampart: baseline \(error)")
                return .inputError
            }
        }
        // Evidence needs every fact, so a scan that saves it collects everything first; otherwise files
        // are judged as they are parsed and dropped (Evaluator.scan).
        var collector = InputCollector()
        // Custom workload kinds are judged by every workload rule, so their documents must be built.
        collector.keptKinds = collector.keptKinds.map { $0.union(WorkloadKind.configured(policy.parameters).map(\.kind)) }
        if let root = options.sourceRoot { collector.displayName = { root.name($0) } }
        var facts: FactSet?
        switch input {
        case .facts(let f): facts = f
        case .paths(let paths):
            if options.evidencePath != nil { facts = DesignCollector.resolve(collector.collect(paths: paths), collector: collector) }
        }
        let evaluator = Evaluator(policy: policy, today: isoDate(now), baseline: baseline, frameworks: frameworks)
        var report: Report
        let judged: Int
        if let facts {
            report = evaluator.evaluate(facts, failOn: options.failOn, generatedAt: isoTimestamp(now))
            // An audit's live findings land on the design line that declares their endpoint.
            if !facts.stages.isEmpty { report = AuditLocations.place(report) }
            judged = facts.documents.count + facts.design.count + facts.tls.count + facts.hosts.count
        } else {
            (report, judged) = evaluator.scanCounting(paths: input.paths, collector: collector, failOn: options.failOn,
                                                      generatedAt: isoTimestamp(now))
        }
        if case .paths = input, let root = options.sourceRoot { report.root = root.root }
        // Written after judging, so that the values credential rules flagged can be found and redacted.
        if let path = options.evidencePath, let facts {
            let saved = options.evidenceIncludesSecrets ? facts
                : EvidenceRedaction.fromEnvironment().redact(facts, findings: report.findings)
            if case .failure(let error) = Evidence.write(saved, to: path) {
                diagnostics("rampart: \(error)")
                return .inputError
            }
        }
        // A gate that saw nothing must not pass: an empty directory, or `kustomize build | rampart scan -` when
        // kustomize failed and wrote nothing, would otherwise be a green build.
        if judged == 0 && report.notScanned.isEmpty && !options.allowEmpty {
            diagnostics("rampart: no input scanned: \(nothingScannedReason(report, input: input)); "
                + "pass --allow-empty if an empty input is expected")
            return .inputError
        }
        for output in options.outputs {
            var render = RenderOptions(color: output.path == nil && options.color, verbose: options.verbose,
                                       markdownLimit: options.markdownLimit)
            if output.format == .html { render.designSVGs = GraphvizRenderer.svgs(for: report) }
            if let path = output.path {
                // Streamed to the file: a large report is never one string in memory.
                guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
                    diagnostics("rampart: cannot write \(output.format.rawValue) report to \(TerminalText.escape(path)): cannot create the file")
                    return .inputError
                }
                var failure: (any Error)?
                ReportWriter.write(report, as: output.format, options: render) { chunk in
                    guard failure == nil else { return }
                    do { try handle.write(contentsOf: Data(chunk.utf8)) } catch { failure = error }
                }
                try? handle.close()
                if let failure {
                    diagnostics("rampart: cannot write \(output.format.rawValue) report to \(TerminalText.escape(path)): \(failure.localizedDescription)")
                    return .inputError
                }
            } else if !options.quiet || output.format != .text {
                withoutActuallyEscaping(stdout) { out in ReportWriter.write(report, as: output.format, options: render, to: out) }
            }
        }
        // An input that could not be fully read is an input error (exit 2) even though it is also reported
        // as a finding: the gate cannot vouch for what it did not see.
        let incomplete = report.notScanned
        if !incomplete.isEmpty {
            let sources = Set(incomplete.map { $0.subject.location?.file ?? $0.subject.endpoint?.host ?? "?" })
            diagnostics("rampart: \(incomplete.count) input problem(s) in \(sources.count) file(s) or target(s) were not fully scanned; see the input/* findings")
            return .inputError
        }
        return report.passed ? .passed : .failed
    }

    /// Why a run judged nothing, in the user's terms.
    static func nothingScannedReason(_ report: Report, input: Input) -> String {
        let shownPaths = input.paths.prefix(3).map { $0 == "-" ? "standard input" : TerminalText.escape($0) }.joined(separator: ", ")
        if case .facts = input { return "the evidence holds no documents, endpoints or hosts" }
        if report.sources.isEmpty {
            return "no .yaml, .yml or .json files found in \(shownPaths)"
        }
        if report.sources == ["<stdin>"] {
            return "standard input held no Kubernetes, Compose or design document (did the command feeding it fail?)"
        }
        let n = report.sources.count
        return "\(n) file\(n == 1 ? "" : "s") read, but none held a document Rampart judges (a Kubernetes object of a kind "
            + "with rules, a Compose file or a design)" + (report.skipped.isEmpty ? "" : "; \(report.skipped.count) skipped, listed with -v")
    }

    /// Fingerprints of the findings in an earlier JSON report.
    static func loadBaseline(_ path: String) -> Result<Set<String>, RunError> {
        ReportOperations.load(path).map { Set($0.findings.map(\.fingerprint)) }
    }

    /// Reads saved evidence for `rampart evaluate`.
    public static func loadEvidence(_ path: String) -> Result<FactSet, RunError> { Evidence.load(path) }

    public static func isoDate(_ date: Date) -> String {
        String(isoTimestamp(date).prefix(10))
    }

    public static func isoTimestamp(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: date)
    }
}


/// A message for the user about an input the run could not use.
public struct RunError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
