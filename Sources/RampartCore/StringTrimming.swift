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
