import Foundation
import RampartCore
import RampartReport

/// Runs Graphviz `dot` (when it is on PATH) to turn design diagrams into SVG for the HTML report. Bounded:
/// input and output go through files, the process is killed after `timeout`, and an SVG over `maxBytes`
/// is dropped. Absent or failing `dot` yields no SVG, and the report says why.
public enum GraphvizRenderer {
    public static func svgs(for report: Report, timeout: TimeInterval = 20, maxBytes: Int = 8 << 20) -> [String: String] {
        guard !report.design.isEmpty, let dot = executable("dot") else { return [:] }
        var out: [String: String] = [:]
        for model in report.design {
            if let svg = run(dot, DesignDiagram.dot(model, findings: report.findings), timeout: timeout, maxBytes: maxBytes) {
                out[model.file] = svg
            }
        }
        return out
    }

    static func executable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    static func run(_ dot: String, _ source: String, timeout: TimeInterval, maxBytes: Int) -> String? {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rampart-dot-\(UUID().uuidString)")
        guard (try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)) != nil else { return nil }
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("design.dot"), output = dir.appendingPathComponent("design.svg")
        guard (try? Data(source.utf8).write(to: input)) != nil else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: dot)
        process.arguments = ["-Tsvg", "-o", output.path, input.path]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        guard (try? process.run()) != nil else { return nil }
        if done.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            _ = done.wait(timeout: .now() + 2)
            return nil
        }
        guard process.terminationStatus == 0,
              let attributes = try? FileManager.default.attributesOfItem(atPath: output.path),
              let size = attributes[.size] as? Int, size <= maxBytes,
              let text = try? String(contentsOf: output, encoding: .utf8),
              let start = text.range(of: "<svg") else { return nil }
        // Drop the XML prolog and DOCTYPE: the SVG goes inline into HTML. Scripts never come from dot, but an
        // SVG is refused if one appears, since the report must stay inert.
        let svg = String(text[start.lowerBound...])
        return svg.lowercased().contains("<script") ? nil : svg
    }
}
