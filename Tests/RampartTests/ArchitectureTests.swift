import Foundation
import Testing

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
