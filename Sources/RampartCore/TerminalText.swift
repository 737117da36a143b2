/// The one place outside strings are made safe for a terminal. File names, resource names, live header
/// values and bytes from bad reports or evidence may carry escape sequences (ESC/CSI/OSC), C0 and C1
/// controls, or bidirectional overrides ("Trojan Source"); each is shown as `\u{XX}`, never obeyed.
public enum TerminalText {
    /// `s` with every control shown as `\u{XX}`; a newline becomes `\n` so one-line fields stay on one line.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            if scalar == "\n" {
                out += "\\n"
            } else if isControl(scalar) {
                out += visible(scalar)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// As `escape`, but line breaks are kept: for multi-line diagnostics whose lines are each outside text.
    public static func escapeKeepingLines(_ s: String) -> String {
        s.split(separator: "\n", omittingEmptySubsequences: false).map { escape(String($0)) }.joined(separator: "\n")
    }

    /// C0 (except tab) and C1 controls, DEL, and the bidirectional formatting characters.
    public static func isControl(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x00...0x08, 0x0A...0x1F, 0x7F...0x9F: true
        default: isBidi(s)
        }
    }

    public static func isBidi(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// `\u{1B}` for ESC: readable, and plainly not the character itself.
    public static func visible(_ s: Unicode.Scalar) -> String {
        let hex = String(s.value, radix: 16, uppercase: true)
        return "\\u{" + String(repeating: "0", count: max(0, 2 - hex.count)) + hex + "}"
    }
}
