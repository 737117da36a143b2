import Foundation
import RampartCore
import RampartManifests
import RampartYAML

/// A temporary directory removed when the value is dropped by the test's `defer`.
struct TempDir {
    let path: String

    init() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("rampart-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        path = base.path
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try write(name, bytes: Array(text.utf8))
    }

    @discardableResult
    func write(_ name: String, bytes: [UInt8]) throws -> String {
        let full = (path as NSString).appendingPathComponent(name)
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: full))
        return full
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Parses YAML text the way `rampart scan` does, keeping every kind.
func collect(_ text: String, name: String = "t.yaml") -> FactSet {
    var collector = InputCollector()
    collector.keptKinds = nil
    return collector.collect(bytes: Array(text.utf8), name: name)
}

/// Where the built `rampart` executable is: beside the test bundle in the build products folder.
var rampartExecutable: String {
    var url = Bundle.main.bundleURL
    for _ in 0..<4 {
        let candidate = url.appendingPathComponent("rampart").path
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        url = url.deletingLastPathComponent()
    }
    return url.appendingPathComponent("rampart").path
}

struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the CLI with a hard timeout so that no test can hang.
func runRampart(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], timeout: Double = 60) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: rampartExecutable)
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env.merge(environment) { _, new in new }
    process.environment = env
    let out = Pipe(), err = Pipe(), input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    // Drain pipes concurrently so a large report cannot block the child.
    let outData = LockedData(), errData = LockedData()
    let group = DispatchGroup()
    for (pipe, sink) in [(out, outData), (err, errData)] {
        group.enter()
        DispatchQueue.global().async {
            sink.set(pipe.fileHandleForReading.readDataToEndOfFile())
            group.leave()
        }
    }
    if group.wait(timeout: .now() + timeout) == .timedOut {
        process.terminate()
        throw TimeoutError(command: arguments.joined(separator: " "))
    }
    process.waitUntilExit()
    return ProcessResult(status: process.terminationStatus, stdout: String(decoding: outData.get(), as: UTF8.self),
                         stderr: String(decoding: errData.get(), as: UTF8.self))
}

struct TimeoutError: Error { var command: String }

final class LockedData: @unchecked Sendable {
    private var data = Data()
    private let lock = NSLock()
    func set(_ d: Data) { lock.lock(); data = d; lock.unlock() }
    func get() -> Data { lock.lock(); defer { lock.unlock() }; return data }
}

/// Root of the first document of raw YAML, whatever its format.
func parseRoot(_ text: String) -> YAMLNode? {
    YAMLLoader.parse(Array(text.utf8), file: "t.yaml").documents.first?.root
}

/// The shared corpus of real public manifests, which lives outside the repository: beside the checkout
/// (where CI puts shared/), else at the workplace's path. Tests that need it are skipped when it is absent.
enum SharedCorpus {
    static let path: String? = {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [repo.deletingLastPathComponent().appendingPathComponent("shared/corpus").path, "/work/shared/corpus"]
        return candidates.first { FileManager.default.fileExists(atPath: $0) }
    }()

    static var available: Bool { path != nil }
}
