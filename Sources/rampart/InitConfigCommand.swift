import ArgumentParser
import Foundation
import RampartAudit

/// `rampart init --config`: writes the commented starter `rampart.yaml`. (The design template is written by
/// the design stage's `init`; the two share this command when merged.)
struct InitConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented starter rampart.yaml for `rampart audit`.")

    @Flag(name: .long, help: "Write the audit configuration (rampart.yaml).")
    var config = false

    @Option(name: .long, help: "Where to write it.")
    var path: String = StarterConfig.fileName

    @Flag(name: .long, help: "Overwrite an existing file.")
    var force = false

    func run() throws {
        if FileManager.default.fileExists(atPath: path) && !force {
            FileHandle.standardError.write(Data("rampart init: \(path) already exists; pass --force to overwrite it\n".utf8))
            throw ExitCode(2)
        }
        do {
            try Data(StarterConfig.text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            FileHandle.standardError.write(Data("rampart init: cannot write \(path): \(error.localizedDescription)\n".utf8))
            throw ExitCode(2)
        }
        print("wrote \(path); edit it, then run `rampart audit -c \(path)`")
    }
}
