import Foundation

/// Writes a pretty-printed, key-sorted JSON object piece by piece, with the same bytes JSONEncoder gives for
/// the whole document, so that a report's findings are encoded one at a time and handed to the sink instead
/// of the whole document (and its copies as `Data` and `String`) being held in memory at once.
struct StreamingJSON {
    let sink: (String) -> Void
    private let encoder: JSONEncoder

    init(sink: @escaping (String) -> Void) {
        self.sink = sink
        encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    }

    /// `value` as JSONEncoder prints it, nested `depth` levels deep (two spaces a level).
    func encoded<T: Encodable>(_ value: T, depth: Int) -> String {
        // Strings, integers and booleans only: encoding cannot fail.
        guard let data = try? encoder.encode(value) else { return "null" }
        let text = String(decoding: data, as: UTF8.self)
        guard depth > 0, text.contains("\n") else { return text }
        let pad = String(repeating: "  ", count: depth)
        // Blank lines (inside an empty `[ ]` or `{ }`) stay blank, as JSONEncoder prints them when nested.
        var out = ""
        out.reserveCapacity(text.utf8.count + text.utf8.count / 8)
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if i > 0 { out += line.isEmpty ? "\n" : "\n" + pad }
            out += line
        }
        return out
    }

    /// `{`, then each member as `"key" : value` in key order (the caller gives them sorted), then `}`.
    /// A member's value is written by its closure, so that a large array can stream.
    func object(depth: Int, _ members: [(key: String, write: () -> Void)]) {
        let pad = String(repeating: "  ", count: depth + 1)
        sink("{\n")
        for (i, member) in members.enumerated() {
            sink(pad + encoded(member.key, depth: 0) + " : ")
            member.write()
            sink(i + 1 < members.count ? ",\n" : "\n")
        }
        sink(String(repeating: "  ", count: depth) + "}")
    }

    /// An array whose elements are encoded one at a time.
    func array<S: Sequence>(_ elements: S, depth: Int, empty: String) where S.Element: Encodable {
        var first = true
        let pad = String(repeating: "  ", count: depth + 1)
        for element in elements {
            sink((first ? "[\n" : ",\n") + pad + encoded(element, depth: depth + 1))
            first = false
        }
        sink(first ? empty : "\n" + String(repeating: "  ", count: depth) + "]")
    }

    /// How JSONEncoder prints an empty array at `depth`.
    func emptyArray(depth: Int) -> String { encoded([Int](), depth: depth) }
}

/// Collects pieces into chunks of about 64 KB before handing them on, so that a sink backed by a file
/// descriptor is not called once per finding.
final class ChunkedSink {
    private var buffer = ""
    private let limit: Int
    private let output: (String) -> Void

    init(limit: Int = 1 << 16, output: @escaping (String) -> Void) {
        self.limit = limit
        self.output = output
    }

    func write(_ piece: String) {
        buffer += piece
        if buffer.utf8.count >= limit {
            output(buffer)
            buffer = ""
        }
    }

    func flush() {
        if !buffer.isEmpty { output(buffer) }
        buffer = ""
    }
}
