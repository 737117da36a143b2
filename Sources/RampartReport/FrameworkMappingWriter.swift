import RampartCore

/// A framework's controls and the rules that assess each, for `rampart rules --framework` and
/// `rampart frameworks`. Plain data, so that this module needs nothing from the policy layer.
public struct FrameworkMapping: Sendable {
    public struct Row: Sendable {
        public var id: String
        public var title: String
        public var note: String?
        public var rules: [String]

        public init(id: String, title: String, note: String?, rules: [String]) {
            self.id = id
            self.title = title
            self.note = note
            self.rules = rules
        }
    }

    public var id: String
    public var name: String
    public var version: String
    public var url: String?
    public var rows: [Row]

    public init(id: String, name: String, version: String, url: String?, rows: [Row]) {
        self.id = id
        self.name = name
        self.version = version
        self.url = url
        self.rows = rows
    }
}

extension RuleCatalogWriter {
    /// `ID  CONTROL TITLE` then the rules under it, or `(no rule: not assessed)`.
    public static func frameworkText(_ m: FrameworkMapping) -> String {
        var o = "\(m.name) \(m.version) (\(m.id))\n"
        if let url = m.url { o += "\(url)\n" }
        let covered = m.rows.filter { !$0.rules.isEmpty }.count
        o += "\(m.rows.count) controls, \(covered) assessed by at least one rule, \(m.rows.count - covered) never assessed\n\n"
        for row in m.rows {
            o += "\(row.id)  \(row.title)\n"
            o += row.rules.isEmpty ? "    (no rule: always reported as not assessed)\n" : row.rules.map { "    \($0)\n" }.joined()
            if let note = row.note { o += "    note: \(note)\n" }
        }
        return o
    }

    public static func frameworkMarkdown(_ m: FrameworkMapping) -> String {
        let e = Escape.markdown
        var o = "# \(e(m.name)) \(e(m.version))\n\n"
        if let url = m.url, Escape.isSafeURL(url) { o += "<\(url)>\n\n" }
        o += "| Control | Title | Rules | Note |\n|---|---|---|---|\n"
        for row in m.rows {
            let rules = row.rules.isEmpty ? "_none: not assessed_" : row.rules.map { "`\($0)`" }.joined(separator: "<br>")
            o += "| \(e(row.id)) | \(e(row.title)) | \(rules) | \(row.note.map(e) ?? "") |\n"
        }
        return o
    }

    /// One line per shipped framework: id, name, version, number of controls.
    public static func frameworkList(_ list: [FrameworkMapping]) -> String {
        let width = list.map(\.id.count).max() ?? 0
        return list.map { m in
            m.id.padding(toLength: width + 2, withPad: " ", startingAt: 0) + "\(m.name), \(m.version) (\(m.rows.count) controls)\n"
        }.joined()
    }
}
