extension String {
    /// The string without leading and trailing characters for which `drop` holds.
    public func trimming(while drop: (Character) -> Bool) -> String {
        var s = Substring(self)
        while let c = s.first, drop(c) { s.removeFirst() }
        while let c = s.last, drop(c) { s.removeLast() }
        return String(s)
    }

    /// The string without leading and trailing whitespace (newlines included).
    public var trimmingWhitespace: String { trimming(while: \.isWhitespace) }
}

extension String {
    public func trimmingCharacters(in set: CharacterSetLite) -> String {
        trimming(while: set.contains)
    }
}

/// The few character sets the Compose rules trim, without pulling Foundation into the rules module.
public struct CharacterSetLite: Sendable {
    public let contains: @Sendable (Character) -> Bool
    public static let whitespaces = CharacterSetLite { $0 == " " || $0 == "\t" }
    public static let whitespacesAndQuotes = CharacterSetLite { $0 == " " || $0 == "\t" || $0 == "\"" || $0 == "'" }
}
