/// A policy parameter value as written in a policy file.
public enum ParameterValue: Codable, Sendable, Hashable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case list([String])

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let v = try? c.decode(Bool.self) { self = .bool(v) }
        else if let v = try? c.decode(Int.self) { self = .int(v) }
        else if let v = try? c.decode([String].self) { self = .list(v) }
        else { self = .string(try c.decode(String.self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let v): try c.encode(v)
        case .int(let v): try c.encode(v)
        case .bool(let v): try c.encode(v)
        case .list(let v): try c.encode(v)
        }
    }
}

/// Parameters rules read, with each rule supplying its own default so that an empty policy still works.
public struct Parameters: Codable, Sendable, Hashable {
    public var values: [String: ParameterValue]

    public init(_ values: [String: ParameterValue] = [:]) { self.values = values }

    public func string(_ key: String, default value: String) -> String {
        switch values[key] {
        case .string(let v)?: v
        case .int(let v)?: String(v)
        default: value
        }
    }

    public func int(_ key: String, default value: Int) -> Int {
        switch values[key] {
        case .int(let v)?: v
        case .string(let v)?: Int(v) ?? value
        default: value
        }
    }

    public func bool(_ key: String, default value: Bool) -> Bool {
        if case .bool(let v)? = values[key] { return v }
        return value
    }

    public func list(_ key: String, default value: [String]) -> [String] {
        switch values[key] {
        case .list(let v)?: v
        case .string(let v)?: v.split(separator: ",").map { String($0).trimming { $0 == " " } }
        default: value
        }
    }

    /// Integers from a list parameter, skipping entries that are not numbers.
    public func ints(_ key: String, default value: [Int]) -> [Int] {
        guard values[key] != nil else { return value }
        return list(key, default: []).compactMap { Int($0) }
    }

    public mutating func merge(_ other: Parameters) {
        values.merge(other.values) { _, new in new }
    }
}
