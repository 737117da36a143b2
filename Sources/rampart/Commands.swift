import ArgumentParser
import Foundation
import RampartAudit
import RampartCore
import RampartPolicy
import RampartReport
import RampartRules

struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Scan design files and Kubernetes and Docker Compose manifests (files, directories, or - for stdin). No network.")

    @Argument(help: "Files or directories (.yaml/.yml found recursively), or - for standard input.")
    var paths: [String] = []

    @OptionGroup var common: CommonOptions

    func validate() throws {
        if paths.isEmpty { throw ValidationError("name at least one file, directory or - (stdin) to scan") }
    }

    func run() throws {
        try common.finish(.paths(paths))
    }
}

struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Judge saved evidence (from --evidence) again, under any policy, without touching files or the network.")

    @Argument(help: "Evidence JSON written by --evidence.")
    var evidence: String

    @OptionGroup var common: CommonOptions

    func run() throws {
        switch Run.loadEvidence(evidence) {
        case .success(let facts): try common.finish(facts)
        case .failure(let message):
            FileHandle.standardError.write(Data("rampart: \(message)\n".utf8))
            throw ExitCode(2)
        }
    }
}

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rules", abstract: "List the rule catalog, or which rules assess each control of a framework.")

    @Option(name: .long, help: "text or markdown (the docs/rules.md format).")
    var format: String = "text"

    @Option(name: .long, help: ArgumentHelp("Show the framework's controls and the rules that assess each (shipped id or YAML file).", valueName: "name"))
    var framework: String?

    @Option(name: .customLong("rules"), help: ArgumentHelp("Also list the custom rules in this directory (or file). Repeatable.", valueName: "dir"))
    var customRules: [String] = []

    func validate() throws {
        if !["text", "markdown"].contains(format) { throw ValidationError("--format for rules is text or markdown") }
    }

    func run() throws {
        let rules = RuleRegistry.descriptions + (try loadCustomRules(customRules)).map(\.description)
        if let name = framework {
            let loaded: Framework
            do {
                loaded = try FrameworkLoader.load(name)
            } catch {
                FileHandle.standardError.write(Data("rampart: \(error)\n".utf8))
                throw ExitCode(2)
            }
            let mapping = FrameworkMapping(
                id: loaded.id, name: loaded.name, version: loaded.version, url: loaded.url,
                rows: loaded.mapping(rules).map { .init(id: $0.control.id, title: $0.control.title, note: $0.control.note, rules: $0.rules.map(\.id)) })
            print(format == "markdown" ? RuleCatalogWriter.frameworkMarkdown(mapping) : RuleCatalogWriter.frameworkText(mapping),
                  terminator: "")
            return
        }
        switch format {
        case "text": print(RuleCatalogWriter.text(rules), terminator: "")
        case "markdown": print(RuleCatalogWriter.markdown(rules), terminator: "")
        default: throw ValidationError("--format for rules is text or markdown")
        }
    }
}

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "explain", abstract: "Explain one rule in full.")

    @Argument(help: "Rule id, e.g. k8s/privileged-container.")
    var id: String

    @Option(name: .customLong("rules"), help: ArgumentHelp("Also look among the custom rules in this directory (or file). Repeatable.", valueName: "dir"))
    var customRules: [String] = []

    func run() throws {
        let custom = try loadCustomRules(customRules)
        if let rule = custom.first(where: { $0.description.id == id }) {
            print(RuleCatalogWriter.explain(rule.description), terminator: "")
            return
        }
        guard let rule = RuleRegistry.rule(id: id) else {
            let close = (RuleRegistry.descriptions + custom.map(\.description)).map { $0.id }.filter { $0.contains(id) || id.contains($0.split(separator: "/").last.map(String.init) ?? "~") }
            FileHandle.standardError.write(Data("rampart: no rule '\(TerminalText.escape(id))'\(close.isEmpty ? "" : "; did you mean \(close.prefix(5).joined(separator: ", "))?")\n".utf8))
            throw ExitCode(2)
        }
        print(RuleCatalogWriter.explain(rule.description), terminator: "")
    }
}

struct FrameworksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "frameworks", abstract: "List the shipped compliance frameworks (for --framework).")

    func run() throws {
        do {
            let list = try FrameworkLoader.shipped().map {
                FrameworkMapping(id: $0.id, name: $0.name, version: $0.version, url: $0.url,
                                 rows: $0.controls.map { .init(id: $0.id, title: $0.title, note: $0.note, rules: []) })
            }
            print(RuleCatalogWriter.frameworkList(list), terminator: "")
        } catch {
            // Shipped frameworks are tested to load; reaching here means a broken build.
            FileHandle.standardError.write(Data("rampart: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}

/// Custom rules for the catalog commands; a rule file that does not load is exit 2 with every problem.
func loadCustomRules(_ paths: [String]) throws -> [CustomRule] {
    do {
        return try CustomRules.load(paths)
    } catch {
        FileHandle.standardError.write(Data("rampart: \(TerminalText.escapeKeepingLines(String(describing: error)))\n".utf8))
        throw ExitCode(2)
    }
}
