import ArgumentParser
import Foundation
import RampartAudit
import RampartCore
import RampartDesign
import RampartManifests

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a starter design (design.yaml), policy (policy.yaml) and audit config (rampart.yaml); with --from, draft the design from manifests; with --config, only the audit config.")

    @Option(name: .long, parsing: .upToNextOption, help: "Kubernetes / Compose files or directories to draft the design from.")
    var from: [String] = []

    @Option(name: .long, help: "Directory to write into.")
    var dir: String = "."

    @Flag(name: .long, help: "Write only the commented audit configuration (rampart.yaml).")
    var config = false

    @Option(name: .long, help: "Where to write rampart.yaml (default: DIR/rampart.yaml).")
    var path: String?

    @Flag(name: .long, help: "Overwrite existing files.")
    var force = false

    static let policyTemplate = """
        # A starter policy: the default profile, with the design rules' regulation named explicitly.
        rampart: policy
        name: my-policy
        extends: default
        failOn: high
        parameters:
          regulation: vn-decree85-2016
        waivers: []
        """ + "\n"

    func run() throws {
        let configPath = path ?? (dir as NSString).appendingPathComponent(StarterConfig.fileName)
        // One command for every starter file: `--config` alone is for a project that already has its design.
        if config {
            guard from.isEmpty else {
                FileHandle.standardError.write(Data("rampart: --from drafts a design; it cannot be combined with --config\n".utf8))
                throw ExitCode(2)
            }
            try write([(configPath, StarterConfig.text)])
            print("edit it, then run `rampart audit -c \(configPath)`")
            return
        }
        var design = DesignDrafter.template
        if !from.isEmpty {
            let facts = InputCollector().collect(paths: from)
            for problem in facts.problems {
                FileHandle.standardError.write(Data("rampart: \(problem.location?.description ?? problem.source): \(problem.message)\n".utf8))
            }
            guard facts.problems.isEmpty else { throw ExitCode(2) }
            guard facts.documents.contains(where: { $0.format == .kubernetes || $0.format == .compose }) else {
                FileHandle.standardError.write(Data("rampart: no Kubernetes or Compose manifests found in \(from.joined(separator: ", "))\n".utf8))
                throw ExitCode(2)
            }
            design = DesignDrafter.draft(from: facts)
        }
        try write([((dir as NSString).appendingPathComponent("design.yaml"), design),
                   ((dir as NSString).appendingPathComponent("policy.yaml"), Self.policyTemplate),
                   (configPath, StarterConfig.text)])
    }

    /// Writes every file, or none when one of them exists and --force is not given.
    private func write(_ files: [(path: String, text: String)]) throws {
        for (path, _) in files where !force {
            if FileManager.default.fileExists(atPath: path) {
                FileHandle.standardError.write(Data("rampart: \(path) already exists; use --force to overwrite\n".utf8))
                throw ExitCode(2)
            }
        }
        for (path, text) in files {
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            } catch {
                FileHandle.standardError.write(Data("rampart: cannot write \(path): \(error.localizedDescription)\n".utf8))
                throw ExitCode(2)
            }
            FileHandle.standardError.write(Data("wrote \(path)\n".utf8))
        }
    }
}
