import RampartCore

/// How Compose reads values: booleans, `${VAR}` interpolation, splitting outside interpolations.
public enum ComposeValue {
    /// A Compose boolean. Plain YAML booleans, and also quoted `"true"` / `"false"`, because Compose converts
    /// strings to booleans for boolean fields after interpolation.
    public static func bool(_ node: YAMLNode?) -> Bool? {
        guard let node else { return nil }
        if let b = node.bool { return b }
        switch node.string?.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: return nil
        }
    }

    /// True when the text contains a `${VAR}` or `$VAR` interpolation (`$$` is an escaped dollar, not one).
    public static func isInterpolated(_ text: String) -> Bool {
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            if chars[i] == "$", i + 1 < chars.count {
                let next = chars[i + 1]
                if next == "$" { i += 2; continue }
                if next == "{" || next == "_" || next.isLetter { return true }
            }
            i += 1
        }
        return false
    }

    /// Resolves a text that is one whole interpolation with a default (`${VAR:-x}` or `${VAR-x}`) to the default;
    /// returns the text unchanged when it holds no interpolation, and nil when the value depends on the environment.
    public static func staticValue(_ text: String) -> String? {
        guard isInterpolated(text) else { return text }
        guard text.hasPrefix("${"), text.hasSuffix("}") else { return nil }
        let inner = text.dropFirst(2).dropLast()
        let rest = inner.drop { $0.isLetter || $0.isNumber || $0 == "_" }
        let fallback: Substring
        if rest.hasPrefix(":-") { fallback = rest.dropFirst(2) }
        else if rest.hasPrefix("-") { fallback = rest.dropFirst() }
        else { return nil }   // `${VAR}`, `${VAR:?err}`, `${VAR:+x}`: known only at run time
        return isInterpolated(String(fallback)) ? nil : String(fallback)
    }

    /// Splits on `separator` outside `${...}`, so that `${IP:-127.0.0.1}:80:80` keeps its default whole.
    public static func split(_ text: String, on separator: Character) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        var previous: Character?
        for ch in text {
            if ch == "{", previous == "$" { depth += 1 }
            if ch == "}", depth > 0 { depth -= 1 }
            if ch == separator, depth == 0 {
                parts.append(current)
                current = ""
            } else {
                current.append(ch)
            }
            previous = ch
        }
        parts.append(current)
        return parts
    }
}

/// One `security_opt` entry, `name:value` or `name=value` (both spellings are accepted by Docker).
public struct SecurityOption: Sendable {
    public let name: String
    public let value: String?
    public let field: FieldRef

    public static func all(in service: ComposeService) -> [SecurityOption] {
        service.field("security_opt").items.compactMap { item in
            guard let text = item.node?.string else { return nil }
            let cut = text.firstIndex { $0 == ":" || $0 == "=" }
            let name = String(text[..<(cut ?? text.endIndex)]).trimmingCharacters(in: .whitespaces).lowercased()
            let value = cut.map { String(text[text.index(after: $0)...]).trimmingCharacters(in: .whitespaces) }
            return SecurityOption(name: name, value: value, field: item)
        }
    }
}
