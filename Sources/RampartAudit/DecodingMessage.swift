import Foundation
import RampartCore

/// Decoding errors in the user's words: which field is missing or of the wrong type, and where in the
/// document, never Swift's own description (`DecodingError.keyNotFound(CodingKeys(...))`).
enum DecodingMessage {
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else {
            // Foundation's JSON parser says what is wrong with the syntax; keep its words but not its type names.
            return "not valid JSON"
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "field \"\(key.stringValue)\" missing" + at(context.codingPath)
        case .typeMismatch(let type, let context):
            return "field \(name(context.codingPath)) has the wrong type (expected \(typeName(type)))"
        case .valueNotFound(let type, let context):
            return "field \(name(context.codingPath)) is null (expected \(typeName(type)))"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "not valid JSON" }
            // Our own checks (the flat node list) explain themselves; Foundation's words name Swift types.
            let own = context.debugDescription.hasPrefix("node ") || context.debugDescription.hasPrefix("the node list")
            return "field \(name(context.codingPath)) has a value that is not allowed" + (own ? ": \(context.debugDescription)" : "")
        @unknown default:
            return "not in the expected shape"
        }
    }

    /// `findings[3].subject`: the JSON path, with array positions in brackets.
    static func path(_ codingPath: [any CodingKey]) -> String {
        var out = ""
        for key in codingPath {
            if let index = key.intValue {
                out += "[\(index)]"
            } else {
                out += out.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return out
    }

    private static func at(_ codingPath: [any CodingKey]) -> String {
        codingPath.isEmpty ? " at the top level" : " at \(path(codingPath))"
    }

    private static func name(_ codingPath: [any CodingKey]) -> String {
        codingPath.isEmpty ? "(top level)" : "\"\(path(codingPath))\""
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Double.Type: "a number"
        case is Bool.Type: "true or false"
        case is [Any].Type: "a list"
        default:
            String(describing: type).hasPrefix("Array") ? "a list" : "an object"
        }
    }
}

/// Major version of a `"1.0"`-style schema version; nil when it is not one.
func schemaMajor(_ version: String) -> Int? {
    guard let first = version.split(separator: ".", omittingEmptySubsequences: false).first, !first.isEmpty,
          first.count <= 9, first.allSatisfy(\.isASCII), let major = Int(first), major >= 0 else { return nil }
    return major
}
