/// A small, safe Markdown subset as HTML, for rule prose (remediation, rationale) in the HTML report: code
/// spans, http(s) links, `*emphasis*` and `**strong**`, `- ` / `* ` lists, and blank-line paragraphs.
/// Everything else is text, escaped: raw HTML never passes, and a link to anything but http(s) stays text.
/// Reports may be merged from anywhere, so this prose is treated as hostile like every other field.
enum MarkdownToHTML {
    static func render(_ markdown: String) -> String {
        var out: [String] = []
        var paragraph: [String] = []
        var list: [String] = []
        func flushParagraph() {
            if !paragraph.isEmpty { out.append("<p>" + paragraph.map(inline).joined(separator: "<br>") + "</p>") }
            paragraph = []
        }
        func flushList() {
            if !list.isEmpty { out.append("<ul>" + list.map { "<li>" + inline($0) + "</li>" }.joined() + "</ul>") }
            list = []
        }
        for raw in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: [" ", "\t", "\r"])
            if line.isEmpty {
                flushParagraph()
                flushList()
            } else if line.hasPrefix("- ") || line.hasPrefix("* ") {
                flushParagraph()
                list.append(String(line.dropFirst(2)))
            } else {
                flushList()
                paragraph.append(line)
            }
        }
        flushParagraph()
        flushList()
        // A single plain paragraph reads better without the wrapper inside a table cell.
        if out.count == 1, let only = out.first, only.hasPrefix("<p>"), only.hasSuffix("</p>") {
            return String(only.dropFirst(3).dropLast(4))
        }
        return out.joined()
    }

    /// One line: code spans first (nothing inside them is Markdown), then links and emphasis.
    static func inline(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let tick = rest.firstIndex(of: "`") {
            let after = rest[rest.index(after: tick)...]
            guard let close = after.firstIndex(of: "`") else { break }
            out += linksAndEmphasis(String(rest[..<tick]))
            out += "<code>" + Escape.html(String(after[..<close])) + "</code>"
            rest = after[after.index(after: close)...]
        }
        return out + linksAndEmphasis(String(rest))
    }

    private static func linksAndEmphasis(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        // `[label](http(s)://…)`; any other bracket is text.
        while let open = rest.firstIndex(of: "[") {
            let afterOpen = rest[rest.index(after: open)...]
            guard let close = afterOpen.firstIndex(of: "]"), afterOpen[close...].dropFirst().first == "(" else {
                out += emphasis(String(rest[...open]))
                rest = afterOpen
                continue
            }
            let targetStart = afterOpen.index(close, offsetBy: 2)
            guard let end = afterOpen[targetStart...].firstIndex(of: ")") else {
                out += emphasis(String(rest[...open]))
                rest = afterOpen
                continue
            }
            let label = String(afterOpen[..<close]), target = String(afterOpen[targetStart..<end])
            out += emphasis(String(rest[..<open]))
            if Escape.isSafeURL(target) {
                out += "<a href=\"\(Escape.html(target))\" rel=\"noopener noreferrer\">\(emphasis(label))</a>"
            } else {
                out += emphasis("[" + label + "](" + target + ")")
            }
            rest = afterOpen[afterOpen.index(after: end)...]
        }
        return out + emphasis(String(rest))
    }

    /// `**strong**` and `*em*`; an unpaired `*` stays a literal star.
    private static func emphasis(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let star = rest.firstIndex(of: "*") {
            let strong = rest[star...].hasPrefix("**")
            let marker = strong ? "**" : "*"
            let body = rest[rest.index(star, offsetBy: marker.count)...]
            guard let end = body.range(of: marker), !body[..<end.lowerBound].isEmpty,
                  body.first != " ", body[..<end.lowerBound].last != " " else {
                out += Escape.html(String(rest[...star]))
                rest = rest[rest.index(after: star)...]
                continue
            }
            out += Escape.html(String(rest[..<star]))
            let tag = strong ? "strong" : "em"
            out += "<\(tag)>" + Escape.html(String(body[..<end.lowerBound])) + "</\(tag)>"
            rest = body[end.upperBound...]
        }
        return out + Escape.html(String(rest))
    }
}
