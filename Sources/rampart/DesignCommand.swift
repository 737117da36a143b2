import ArgumentParser
import Foundation
import RampartCore
import RampartDesign
import RampartReport

struct DesignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "design", abstract: "Work with design files (rampart: design).",
        subcommands: [DesignGraphCommand.self])
}

struct DesignGraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Print a design's data-flow diagram as Mermaid or Graphviz DOT (render DOT with `dot -Tsvg`).")

    @Argument(help: "A design file (rampart: design).")
    var file: String

    @Option(name: .long, help: "mermaid or dot.")
    var format: String = "mermaid"

    func run() throws {
        guard let diagram = DesignDiagram.Format(rawValue: format) else {
            throw ValidationError("--format for design graph is mermaid or dot; got '\(format)'")
        }
        let facts = DesignCollector.load(file: file)
        for problem in facts.problems {
            let place = problem.location?.description ?? problem.source
            FileHandle.standardError.write(Data("rampart: \(place): \(problem.message)\n".utf8))
        }
        guard facts.problems.isEmpty, let model = facts.design.first else {
            if facts.problems.isEmpty {
                FileHandle.standardError.write(Data("rampart: \(file): not a design file (expected a document starting with 'rampart: design')\n".utf8))
            }
            throw ExitCode(2)
        }
        print(DesignDiagram.render(model, as: diagram), terminator: "")
    }
}
