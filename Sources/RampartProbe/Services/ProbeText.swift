/// Turns untrusted bytes into text fit for a report: printable ASCII only, whitespace runs collapsed,
/// bounded length.
public enum ProbeText {
    public static func text(_ bytes: some Sequence<UInt8>, limit: Int = 200) -> String {
        var out = ""
        var lastSpace = true
        for b in bytes {
            if out.count >= limit { out += "…"; break }
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D {
                if !lastSpace { out.append(" ") }
                lastSpace = true
            } else if b > 0x20 && b < 0x7F {
                out.append(Character(UnicodeScalar(b)))
                lastSpace = false
            } else {
                out.append(".")
                lastSpace = false
            }
        }
        while out.last == " " { out.removeLast() }
        return out
    }

    public static func text(_ string: String, limit: Int = 200) -> String { text(Array(string.utf8), limit: limit) }

    public static func hex(_ bytes: some Sequence<UInt8>, limit: Int = 24) -> String {
        let digits = Array("0123456789ABCDEF")
        var parts: [String] = []
        for b in bytes.prefix(limit) { parts.append(String([digits[Int(b >> 4)], digits[Int(b & 0xF)]])) }
        return parts.joined(separator: " ")
    }
}

extension ProbeText {
    /// `text` with control characters (C0, DEL, C1) and invisible format characters (bidi overrides,
    /// zero-width marks) replaced by `?`, so that a peer's string cannot steer a terminal or hide text.
    public static func printable(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let v = scalar.value
            let control = v < 0x20 || (0x7F...0x9F).contains(v)
            let format = scalar.properties.generalCategory == .format
            out.append(control || format ? "?" : scalar)
        }
        return String(out)
    }

    /// `text` with the user info (`user:password@`) removed from every URL authority in it: a peer's
    /// `Location: http://user:pass@host/` must not carry credentials into facts or reports.
    public static func withoutUserInfo(_ text: String) -> String {
        var result = ""
        var rest = Substring(text)
        while let marker = rest.range(of: "//") {
            let isURL = marker.lowerBound == rest.startIndex && result.isEmpty || rest[..<marker.lowerBound].hasSuffix(":")
            result += rest[..<marker.upperBound]
            rest = rest[marker.upperBound...]
            guard isURL else { continue }
            let authorityEnd = rest.firstIndex { "/?# \t\"'<>".contains($0) } ?? rest.endIndex
            if let at = rest[..<authorityEnd].lastIndex(of: "@") {
                rest = rest[rest.index(after: at)...]
            }
        }
        return result + rest
    }
}
