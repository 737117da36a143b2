import Foundation
import Testing
import RampartRules

/// The module graph as Package.swift declares it: every import declared directly, imports flowing downward
/// (scripts/check-imports.sh, which CI runs too).
@Suite struct ArchitectureTests {
    static let root = DocsTests.root

    /// Runs scripts/check-imports.sh on a package root, with a hard timeout.
    static func checkImports(_ packageRoot: URL) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["bash", root.appendingPathComponent("scripts/check-imports.sh").path, packageRoot.path]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = LockedData(), errData = LockedData()
        let group = DispatchGroup()
        for (pipe, sink) in [(out, outData), (err, errData)] {
            group.enter()
            DispatchQueue.global().async {
                sink.set(pipe.fileHandleForReading.readDataToEndOfFile())
                group.leave()
            }
        }
        if group.wait(timeout: .now() + 60) == .timedOut {
            process.terminate()
            throw TimeoutError(command: "check-imports.sh")
        }
        process.waitUntilExit()
        return ProcessResult(status: process.terminationStatus, stdout: String(decoding: outData.get(), as: UTF8.self),
                             stderr: String(decoding: errData.get(), as: UTF8.self))
    }

    @Test func everyImportIsDeclaredAndFlowsDownward() throws {
        let r = try Self.checkImports(Self.root)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
    }

    /// The check must catch what it is for: an undeclared (only transitive) import and an upward one.
    @Test func undeclaredAndUpwardImportsFail() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rampart-imports-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        func write(_ path: String, _ text: String) throws {
            let url = dir.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        try write("Package.swift", """
            // swift-tools-version: 6.0
            import PackageDescription
            let package = Package(name: "P", targets: [
                .target(name: "RampartCore"),
                .target(name: "RampartYAML", dependencies: ["RampartCore"]),
                .target(name: "RampartManifests", dependencies: ["RampartYAML"]),
                .target(name: "RampartRules", dependencies: ["RampartManifests"]),
            ])
            """)
        try write("Sources/RampartCore/A.swift", "import Foundation\nimport RampartRules\n")
        try write("Sources/RampartYAML/B.swift", "import RampartCore\n")
        try write("Sources/RampartManifests/C.swift", "import RampartYAML\n")
        try write("Sources/RampartRules/D.swift", "import RampartManifests\nimport RampartCore\n")
        let r = try Self.checkImports(dir)
        #expect(r.status == 1)
        #expect(r.stdout.contains("Sources/RampartRules/D.swift:2: RampartRules imports RampartCore but does not declare it in Package.swift"))
        #expect(r.stdout.contains("Sources/RampartCore/A.swift:2: RampartCore (layer 1) imports RampartRules (layer 4); imports must flow downward"))
        #expect(!r.stdout.contains("C.swift"))
    }
}

/// Rules are filed by their id: `k8s/host-port` lives in `Sources/RampartRules/k8s/`, and every rule type is registered.
@Suite struct RuleLayoutTests {
    static let rulesDirectory = DocsTests.root.appendingPathComponent("Sources/RampartRules")

    @Test func everyRuleLivesInTheFolderOfItsDomain() {
        for rule in RuleRegistry.descriptions {
            let expected = "Sources/RampartRules/\(rule.domain)/"
            #expect(rule.sourceFile.hasPrefix(expected), "\(rule.id) is declared in \(rule.sourceFile); expected a file under \(expected)")
            let path = DocsTests.root.appendingPathComponent(rule.sourceFile).path
            #expect(FileManager.default.fileExists(atPath: path), "\(rule.id): \(rule.sourceFile) does not exist")
        }
    }

    /// Struct declarations conforming to a `...Rule` protocol, by name, with the file that declares them.
    static func declaredRuleTypes() throws -> [String: String] {
        var found: [String: String] = [:]
        let pattern = try Regex(#"(?m)^(?:public |internal )?struct (\w+)\s*:\s*([\w ,]+?)\s*\{"#)
        guard let files = FileManager.default.enumerator(atPath: rulesDirectory.path) else { return found }
        for case let file as String in files where file.hasSuffix(".swift") {
            let text = try String(contentsOf: rulesDirectory.appendingPathComponent(file), encoding: .utf8)
            for match in text.matches(of: pattern) {
                guard let name = match.output[1].substring, let conformances = match.output[2].substring else { continue }
                let isRule = conformances.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces).hasSuffix("Rule") }
                if isRule { found[String(name)] = file }
            }
        }
        return found
    }

    @Test func everyDeclaredRuleIsRegistered() throws {
        let declared = try Self.declaredRuleTypes()
        #expect(declared.count >= RuleRegistry.all.count, "the scan for rule declarations found too few: \(declared.count)")
        let registered = Set(RuleRegistry.all.map { String(describing: $0) })
        for (name, file) in declared.sorted(by: { $0.key < $1.key }) {
            #expect(registered.contains(name), "\(name) in \(file) conforms to a rule protocol but is not in RuleRegistry")
        }
    }

    /// One rule per file, or a small family of at most four (CONTRIBUTING.md): a rule id must lead to a short file.
    static let maxRulesPerFile = 4

    @Test func noFileDeclaresMoreThanASmallFamilyOfRules() throws {
        // The registered rules by the file that declares them (RuleDescription.sourceFile)...
        let registered = Dictionary(grouping: RuleRegistry.descriptions, by: \.sourceFile)
        #expect(!registered.isEmpty, "no registered rules found")
        for (file, rules) in registered.sorted(by: { $0.key < $1.key }) where rules.count > Self.maxRulesPerFile {
            Issue.record("\(file) declares \(rules.count) rules (\(rules.map(\.id).joined(separator: ", "))); split it into files of at most \(Self.maxRulesPerFile)")
        }
        // ...and, so that an unregistered rule counts too, the descriptions written in each source file.
        let marker = "static let description = RuleDescription("
        guard let files = FileManager.default.enumerator(atPath: Self.rulesDirectory.path) else {
            Issue.record("cannot list \(Self.rulesDirectory.path)")
            return
        }
        var scanned = 0
        for case let file as String in files where file.hasSuffix(".swift") {
            let text = try String(contentsOf: Self.rulesDirectory.appendingPathComponent(file), encoding: .utf8)
            let count = text.components(separatedBy: marker).count - 1
            scanned += count
            #expect(count <= Self.maxRulesPerFile, "Sources/RampartRules/\(file) declares \(count) rules; at most \(Self.maxRulesPerFile) per file")
        }
        #expect(scanned >= RuleRegistry.descriptions.count, "the scan found \(scanned) rule descriptions, fewer than the \(RuleRegistry.descriptions.count) registered")
    }

    @Test func explainNamesTheSourceFile() throws {
        let r = try runRampart(["explain", "compose/docker-socket-mount"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("Source: Sources/RampartRules/compose/HostMounts.swift"), "\(r.stdout)")
    }
}
