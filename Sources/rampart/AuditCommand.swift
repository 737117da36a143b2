import ArgumentParser
import Foundation
import RampartAudit
import RampartCore

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Audit everything a rampart.yaml names: design, manifests and live endpoints, judged together with drift rules.",
        discussion: """
            Stages run in order design → manifests → live and their facts are judged together, so drift rules \
            compare the design with the manifests and the live endpoints. Paths in the config are relative to it. \
            Live targets must lie inside the config's live.scope; a target outside it stops the audit before any \
            packet is sent (exit 2). Command-line --policy, --fail-on, --format/--output and --evidence add to or \
            override the config's.
            """)

    @Option(name: [.customShort("c"), .long], help: "The audit configuration (`rampart: audit`).")
    var config: String = "rampart.yaml"

    @Flag(name: .long, help: "Skip the live stage.")
    var offline = false

    @Flag(name: .long, help: "Run the live stage even when the config sets live.enabled: false.")
    var live = false

    @Option(name: .long, help: ArgumentHelp("Stages to run, comma-separated: design, manifests, live.", valueName: "list"))
    var stage: String?

    @OptionGroup var common: CommonOptions

    func run() throws {
        let loaded: AuditConfig
        switch AuditConfig.load(config) {
        case .success(let c): loaded = c
        case .failure(let e): throw usage(e.description)
        }
        let stages = stage.map { Set($0.split(separator: ",").map { String($0).trimmingWhitespace }) }
        let quiet = common.quiet
        let facts: FactSet
        switch Audit.collect(loaded, options: Audit.Options(stages: stages, offline: offline, live: live),
                             progress: { if !quiet { FileHandle.standardError.write(Data("rampart audit: \($0)\n".utf8)) } }) {
        case .success(let f): facts = f
        case .failure(let e): throw usage(e.description)
        }
        var options = try common.runOptions()
        options.policy = common.policy ?? loaded.policy.map { p in
            // A policy that names a file beside the config is that file; otherwise a profile name.
            let path = loaded.resolve(p)
            return FileManager.default.fileExists(atPath: path) ? path : p
        }
        options.failOn = common.failOn ?? loaded.failOn
        options.evidencePath = common.evidence ?? loaded.evidence.map(loaded.resolve)
        // The config's frameworks, then any --framework the command line adds; a file beside the config is that file.
        let configFrameworks = loaded.frameworks.map { name in
            let path = loaded.resolve(name)
            return FileManager.default.fileExists(atPath: path) ? path : name
        }
        options.frameworks = configFrameworks + options.frameworks.filter { !configFrameworks.contains($0) }
        let configured = loaded.outputs.map { (format: $0.format, path: Optional(loaded.resolve($0.path))) }
        for case let (_, path?) in configured {
            // The config names report files, often in a folder of their own: make it.
            let dir = (path as NSString).deletingLastPathComponent
            if !dir.isEmpty { try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        }
        if !configured.isEmpty {
            // The config's files are written in addition to what the command line asks for.
            let cliAskedStdout = !common.format.isEmpty || !common.output.isEmpty
            options.outputs = (cliAskedStdout ? options.outputs : options.outputs.filter { $0.path == nil }) + configured
        }
        let outcome = Run.judgeAndReport(facts, options: options,
                                         stdout: { FileHandle.standardOutput.write(Data($0.utf8)) },
                                         diagnostics: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) })
        Foundation.exit(outcome.rawValue)
    }

    private func usage(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("rampart audit: \(message)\n".utf8))
        return ExitCode(2)
    }
}
