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
        } catch {
            diagnostics("rampart: \(error)")
            return .inputError
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
        var facts: FactSet?
        switch input {
        case .facts(let f): facts = f
        case .paths(let paths):
            if options.evidencePath != nil {
                let collector = InputCollector()
                facts = DesignCollector.resolve(collector.collect(paths: paths), collector: collector)
            }
        }
        if let path = options.evidencePath, let facts {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            do {
                try encoder.encode(facts).write(to: URL(fileURLWithPath: path))
            } catch {
                diagnostics("rampart: cannot write evidence to \(path): \(error.localizedDescription)")
                return .inputError
            }
        }
        let evaluator = Evaluator(policy: policy, today: isoDate(now), baseline: baseline)
        var report = facts.map { evaluator.evaluate($0, failOn: options.failOn, generatedAt: isoTimestamp(now)) }
            ?? evaluator.scan(paths: input.paths, failOn: options.failOn, generatedAt: isoTimestamp(now))
        // An audit's live findings land on the design line that declares their endpoint.
        if facts?.stages.isEmpty == false { report = AuditLocations.place(report) }
        for output in options.outputs {
            let text = ReportWriter.render(report, as: output.format,
                                           options: RenderOptions(color: output.path == nil && options.color, verbose: options.verbose))
            if let path = output.path {
                do {
                    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
                } catch {
                    diagnostics("rampart: cannot write \(output.format.rawValue) report to \(path): \(error.localizedDescription)")
                    return .inputError
                }
            } else if !options.quiet || output.format != .text {
                stdout(text)
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


    /// Fingerprints of the findings in an earlier JSON report.
    static func loadBaseline(_ path: String) -> Result<Set<String>, RunError> {
        ReportOperations.load(path).map { Set($0.findings.map(\.fingerprint)) }
    }

    /// Reads saved evidence for `rampart evaluate`.
    public static func loadEvidence(_ path: String) -> Result<FactSet, RunError> {
        guard let data = FileManager.default.contents(atPath: path) else { return .failure(RunError("\(path): cannot read file")) }
        do {
            let facts = try JSONDecoder().decode(FactSet.self, from: data)
            guard facts.version <= FactSet.currentVersion else {
                return .failure(RunError("\(path): evidence version \(facts.version) is newer than this rampart understands (\(FactSet.currentVersion))"))
            }
            return .success(facts)
        } catch {
            return .failure(RunError("\(path): not Rampart evidence (\(error))"))
        }
    }

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
