import RampartCore

/// Escaping for every output language. Messages, evidence and paths come from scanned files and live
/// servers, so any of them may be hostile: a writer never emits one unescaped.
enum Escape {
    /// XML 1.0 text or attribute value. Characters XML 1.0 cannot carry at all (most C0 controls,
    /// U+FFFE, U+FFFF) and bidi overrides become a visible `\u{XX}` so that the document stays well-formed and nothing
    /// is silently lost. Tab, newline and carriage return are written as character references so
    /// that attribute values keep them.
    static func xml(_ s: String, literalLines: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t": out += literalLines ? "\t" : "&#9;"
            case "\n": out += literalLines ? "\n" : "&#10;"
            case "\r": out += "&#13;"
            default:
                if isXMLChar(scalar) && !isBidi(scalar) {
                    out.unicodeScalars.append(scalar)
                } else {
                    out += visible(scalar)
                }
            }
        }
        return out
    }

    /// XML element text: as `xml`, but newlines and tabs stay literal so that a CI log reads naturally.
    static func xmlText(_ s: String) -> String { xml(s, literalLines: true) }

    /// HTML text or double-quoted attribute value. Control characters are made visible, as in text output.
    static func html(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\n", "\t": out.unicodeScalars.append(scalar)
            default:
                if isControl(scalar) || !isXMLChar(scalar) {
                    out += visible(scalar)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// One Markdown table cell or inline text: no raw HTML, no emphasis or links from the input, no
    /// table breaks. Newlines become `<br>` so that a multi-line message stays in its cell.
    static func markdown(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "|": out += "\\|"
            case "\\", "`", "*", "_", "[", "]", "#", "~", "!": out += "\\" + String(scalar)
            case "\n": out += "<br>"
            case "\r": break
            default:
                if isControl(scalar) {
                    out += visible(scalar)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// Markdown prose we wrote ourselves (rule rationale, remediation): its backticks and emphasis are meant,
    /// but raw HTML is still neutralised and line structure kept. A merged report can carry anyone's prose,
    /// so a link whose target is not plainly http(s) (`javascript:`, `data:`) is broken up and shown as text.
    static func prose(_ s: String) -> String { neutraliseLinks(proseText(s)) }

    /// `[text](target)` and reference definitions `[label]: target` keep only http(s) targets; any other
    /// target gets its `(` or `:` escaped, so Markdown renders it as literal text, never as a link.
    static func neutraliseLinks(_ s: String) -> String {
        var out = ""
        var rest = Substring(s)
        while let close = rest.firstIndex(of: "]") {
            out += rest[...close]
            rest = rest[rest.index(after: close)...]
            if rest.first == "(" {
                let target = rest.dropFirst().prefix { $0 != ")" && $0 != " " && $0 != "\n" }
                if !isSafeURL(String(target)) { out += "\\" }
            } else if rest.first == ":" {
                let target = rest.dropFirst().drop { $0 == " " || $0 == "\t" }.prefix { !$0.isWhitespace }
                if !isSafeURL(String(target)) { out += "\\" }
            }
        }
        return out + rest
    }

    private static func proseText(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default:
                if isControl(scalar) && scalar != "\n" {
                    out += visible(scalar)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// Text for a terminal: one implementation for every path, in RampartCore (`TerminalText`).
    static func terminal(_ s: String) -> String { TerminalText.escape(s) }

    /// A link target that is safe to put in an `href` or a Markdown link: only http(s).
    static func isSafeURL(_ url: String) -> Bool {
        let lower = url.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else { return false }
        // Characters that would end the link early or break out of the attribute.
        return !url.unicodeScalars.contains { $0.value <= 0x20 || "<>\"'`()|\\".unicodeScalars.contains($0) }
    }

    private static func isControl(_ s: Unicode.Scalar) -> Bool { TerminalText.isControl(s) }

    private static func isBidi(_ s: Unicode.Scalar) -> Bool { TerminalText.isBidi(s) }

    private static func isXMLChar(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x9, 0xA, 0xD: true
        case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    static func visible(_ s: Unicode.Scalar) -> String { TerminalText.visible(s) }
}
