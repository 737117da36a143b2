import Foundation
import RampartCore

/// The evidence file (`--evidence`, `rampart evaluate`): every fact a run collected, as JSON with a `kind`
/// and a `version`, written readable by its owner only since it holds what the scanned files hold.
public enum Evidence {
    /// Writes `facts` to `path` with mode 0600 (also when the file already existed with wider rights).
    public static func write(_ facts: FactSet, to path: String) -> Result<Void, RunError> {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data: Data
        do {
            data = try encoder.encode(facts)
        } catch {
            return .failure(RunError("cannot encode evidence: \(DecodingMessage.describe(error))"))
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return .failure(RunError("cannot write evidence to \(TerminalText.escape(path)): \(String(cString: strerror(errno)))")) }
        defer { close(fd) }
        // An existing file keeps its mode through O_CREAT; evidence must not stay world-readable.
        guard fchmod(fd, 0o600) == 0 else {
            return .failure(RunError("cannot restrict evidence \(TerminalText.escape(path)) to mode 0600: \(String(cString: strerror(errno)))"))
        }
        let ok = data.withUnsafeBytes { buffer -> Bool in
            guard let base = buffer.baseAddress else { return true }
            var offset = 0
            while offset < buffer.count {
                let n = Foundation.write(fd, base + offset, buffer.count - offset)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return false }
                offset += n
            }
            return true
        }
        return ok ? .success(()) : .failure(RunError("cannot write evidence to \(TerminalText.escape(path)): \(String(cString: strerror(errno)))"))
    }

    /// Reads evidence for `rampart evaluate`; anything else (`{}`, a report, a newer version) is refused by name.
    public static func load(_ path: String) -> Result<FactSet, RunError> {
        let shown = TerminalText.escape(path)
        guard let data = FileManager.default.contents(atPath: path) else { return .failure(RunError("\(shown): cannot read file")) }
        struct Header: Decodable {
            var kind: String?
            var version: Int?
            var schemaVersion: String?
            var findings: [Finding.Shape]?
        }
        guard let header = try? JSONDecoder().decode(Header.self, from: data) else {
            // Say which of the identifying fields is malformed, else that this is not a JSON object at all.
            if (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] == nil {
                return .failure(RunError("\(shown): not Rampart evidence (not a JSON object)"))
            }
            return .failure(RunError("\(shown): not Rampart evidence (field \"kind\" or \"version\" has the wrong type)"))
        }
        // Version 1 evidence predates `kind`; it is still read when it says it is version 1.
        let kind = header.kind ?? (header.version == 1 && header.schemaVersion == nil && header.findings == nil ? FactSet.kind : nil)
        guard let kind else {
            if header.schemaVersion != nil || header.findings != nil {
                return .failure(RunError("\(shown): this is a Rampart report, not evidence; write evidence with --evidence FILE"))
            }
            return .failure(RunError("\(shown): not Rampart evidence (field \"kind\" missing; expected \"\(FactSet.kind)\")"))
        }
        guard kind == FactSet.kind else {
            return .failure(RunError("\(shown): not Rampart evidence (kind is \"\(TerminalText.escape(kind))\"; expected \"\(FactSet.kind)\")"))
        }
        guard let version = header.version else {
            return .failure(RunError("\(shown): evidence field \"version\" missing"))
        }
        guard (1...FactSet.currentVersion).contains(version) else {
            return .failure(RunError("\(shown): evidence version \(version) is not supported (this rampart reads versions 1 to \(FactSet.currentVersion))"))
        }
        do {
            return .success(try JSONDecoder().decode(FactSet.self, from: data))
        } catch {
            return .failure(RunError("\(shown): not valid Rampart evidence (\(DecodingMessage.describe(error)))"))
        }
    }
}

extension Finding {
    /// Any JSON value: only whether a report's `findings` key is present matters when telling files apart.
    struct Shape: Decodable {
        init(from decoder: any Decoder) throws {}
    }
}
