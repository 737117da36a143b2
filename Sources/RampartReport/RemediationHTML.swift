/// Remediation text (a small Markdown subset) as HTML, for the HTML report. Every character from the rule is
/// escaped first; only paragraphs, `- ` lists and `code` spans become markup, so no input can add an element
/// or an attribute. A fuller `MarkdownToHTML` may replace this; the HTML writer calls only `render`.
enum RemediationHTML {
    static func render(_ markdown: String) -> String {
        var blocks: [String] = []
        var paragraph: [String] = []
        var items: [String] = []
        func flush() {
            if !paragraph.isEmpty { blocks.append("<p>" + paragraph.joined(separator: " ") + "</p>") }
            if !items.isEmpty { blocks.append("<ul>" + items.map { "<li>\($0)</li>" }.joined() + "</ul>") }
            paragraph = []
            items = []
        }
        for raw in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: " \t")
            if line.isEmpty {
                flush()
            } else if line.hasPrefix("- ") || line.hasPrefix("* ") {
                if !paragraph.isEmpty { flush() }
                items.append(inline(String(line.dropFirst(2))))
            } else if !items.isEmpty, raw.hasPrefix("  ") {
                // A continuation line of the last list item.
                items[items.count - 1] += " " + inline(line)
            } else {
                if !items.isEmpty { flush() }
                paragraph.append(inline(line))
            }
        }
        flush()
        return blocks.joined()
    }

    /// Escapes, then turns balanced backtick spans into `<code>`.
    static func inline(_ text: String) -> String {
        let parts = text.split(separator: "`", omittingEmptySubsequences: false)
        // An odd count of parts means every backtick is paired.
        guard parts.count > 1, parts.count % 2 == 1 else { return Escape.html(text) }
        return parts.enumerated().map { i, part in
            i % 2 == 1 ? "<code>\(Escape.html(String(part)))</code>" : Escape.html(String(part))
        }.joined()
    }
}

extension StringProtocol {
    fileprivate func trimmingCharacters(in set: String) -> String {
        let chars = Set(set)
        var s = Substring(self)
        while let c = s.first, chars.contains(c) { s = s.dropFirst() }
        while let c = s.last, chars.contains(c) { s = s.dropLast() }
        return String(s)
    }
}
