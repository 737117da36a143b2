import ArgumentParser
import Foundation
import RampartCore
import RampartDesign
import RampartManifests

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a starter design (design.yaml) and policy (policy.yaml); with --from, draft the design from manifests.")

    @Option(name: .long, parsing: .upToNextOption, help: "Kubernetes / Compose files or directories to draft the design from.")
    var from: [String] = []

    @Option(name: .long, help: "Directory to write into.")
    var dir: String = "."

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
        let files = [("design.yaml", design), ("policy.yaml", Self.policyTemplate)]
        for (name, _) in files where !force {
            let path = (dir as NSString).appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: path) {
                FileHandle.standardError.write(Data("rampart: \(path) exists; use --force to overwrite\n".utf8))
                throw ExitCode(2)
            }
        }
        for (name, text) in files {
            let path = (dir as NSString).appendingPathComponent(name)
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
