import ArgumentParser
import Foundation
import RampartAudit
import RampartCore
import RampartReport

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Work with finished JSON reports: merge shards, diff two scans, render in another format.",
        subcommands: [Merge.self, Diff.self, Render.self])

    static func load(_ path: String) throws -> Report {
        switch ReportOperations.load(path) {
        case .success(let r): return r
        case .failure(let e):
            FileHandle.standardError.write(Data("rampart: \(e)\n".utf8))
            throw ExitCode(2)
        }
    }

    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Join shard reports (JSON) into one report; exits by the joined gate.")
        @Argument(help: "JSON reports, e.g. one per shard.") var reports: [String]
        @Option(name: .long, help: "Output format.") var format: OutputFormat = .json

        func run() throws {
            let merged = ReportOperations.merge(try reports.map(ReportCommand.load), generatedAt: Run.isoTimestamp(Date()))
            print(ReportWriter.render(merged, as: format), terminator: "")
            throw ExitCode(merged.passed ? 0 : 1)
        }
    }

    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "New, fixed and unchanged findings between two JSON reports; exits 1 if any finding is new.")
        @Argument(help: "The earlier report.") var old: String
        @Argument(help: "The later report.") var new: String
        @Flag(name: .long, help: "JSON output.") var json = false

        func run() throws {
            let diff = ReportOperations.diff(old: try ReportCommand.load(old), new: try ReportCommand.load(new))
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(diff), as: UTF8.self))
            } else {
                print(ReportOperations.renderDiff(diff), terminator: "")
            }
            throw ExitCode(diff.new.isEmpty ? 0 : 1)
        }
    }

    struct Render: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Render a JSON report in another format.")
        @Argument(help: "A JSON report.") var report: String
        @Option(name: .long, help: "Output format.") var format: OutputFormat = .text
        @Option(name: .long, help: ArgumentHelp("Fit Markdown into pr (65,536), step (1 MiB) or N bytes.", valueName: "pr|step|N"))
        var markdownLimit: String?

        func run() throws {
            var limit: Int?
            switch markdownLimit {
            case nil: limit = nil
            case "pr": limit = 65_536
            case "step": limit = 1_048_576
            case let s?:
                guard let n = Int(s), n >= 4096 else {
                    throw ValidationError("--markdown-limit takes pr, step or a number of bytes of at least 4096; got '\(s)'")
                }
                limit = n
            }
            print(ReportWriter.render(try ReportCommand.load(report), as: format, options: RenderOptions(markdownLimit: limit)),
                  terminator: "")
        }
    }
}
