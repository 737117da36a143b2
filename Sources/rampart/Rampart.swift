import ArgumentParser
import Foundation
import RampartAudit
import RampartCore
import RampartPolicy
import RampartProbe
import RampartReport
import RampartRules

@main
struct Rampart: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rampart",
        abstract: "Security-by-design audit scanner for city and e-government services.",
        discussion: "Exit codes: 0 = nothing at or above the gate, 1 = findings at or above the gate, 2 = usage or input error.",
        version: ToolInfo.current.version,
        subcommands: [ScanCommand.self, ProbeCommand.self, AuditCommand.self, EvaluateCommand.self, ReportCommand.self, RulesCommand.self, FrameworksCommand.self,
                      ExplainCommand.self, DesignCommand.self, InitCommand.self]
    )

    /// As ParsableCommand's main, except that usage errors exit 2 (the contract) rather than 64.
    static func main() {
        // Process-wide, before any connection: a peer that goes away must not kill the run with SIGPIPE.
        NetRuntime.prepare()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                // Argument values are echoed in usage errors: escaped, like every outside string bound for a terminal.
                FileHandle.standardError.write(Data((TerminalText.escapeKeepingLines(fullMessage(for: error)) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
