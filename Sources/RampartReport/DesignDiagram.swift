import RampartCore

/// Data-flow diagrams of a design: zones as boxes, services and datastores inside them, flows labelled with
/// protocol, port and encryption; elements and flows that have findings are marked. Mermaid for Markdown
/// (GitHub and GitLab render it) and Graphviz DOT (which `dot` lays out; Rampart has no layout engine).
public enum DesignDiagram {
    public enum Format: String, CaseIterable, Sendable { case mermaid, dot }

    public static func render(_ model: DesignModel, as format: Format, findings: [Finding] = []) -> String {
        switch format {
        case .mermaid: mermaid(model, findings: findings)
        case .dot: dot(model, findings: findings)
        }
    }

    /// Resources (`service x`, `flow a -> b:port`) that have active findings.
    static func flagged(_ findings: [Finding]) -> Set<String> {
        Set(findings.filter { !$0.isSuppressed }.compactMap(\.subject.resource))
    }

    /// Zones in declaration order, then elements that are in no declared zone.
    static func grouped(_ model: DesignModel) -> (zones: [(DesignZone, [DesignService])], loose: [DesignService]) {
        var byZone: [String: [DesignService]] = [:]
        var loose: [DesignService] = []
        let declared = Set(model.zones.map(\.name))
        for element in model.elements {
            if let zone = element.zone, declared.contains(zone) { byZone[zone, default: []].append(element) } else { loose.append(element) }
        }
        return (model.zones.map { ($0, byZone[$0.name] ?? []) }, loose)
    }

    static func flowLabel(_ flow: DesignFlow) -> String {
        let port = flow.port.map { ":\($0)" } ?? ""
        let crypto = flow.encrypted == true ? "encrypted" : (flow.encrypted == false ? "PLAINTEXT" : "encryption unknown")
        return "\(flow.protocol)\(port) \(crypto)"
    }

    // MARK: Mermaid

    public static func mermaid(_ model: DesignModel, findings: [Finding] = []) -> String {
        let marked = flagged(findings)
        var ids: [String: String] = [:]
        for (i, element) in model.elements.enumerated() { ids[element.name] = "n\(i)" }
        var out = ["flowchart LR"]
        func node(_ e: DesignService) -> String {
            let id = ids[e.name] ?? "x"
            let label = mermaidText("\(e.name) (\(e.kind.rawValue))")
            return e.isDatastore ? "\(id)[(\"\(label)\")]" : "\(id)[\"\(label)\"]"
        }
        let (zones, loose) = grouped(model)
        for (i, (zone, elements)) in zones.enumerated() {
            out.append("  subgraph z\(i)[\"\(mermaidText("\(zone.name) · \(zone.kind.rawValue) · trust \(zone.trust)"))\"]")
            for e in elements { out.append("    " + node(e)) }
            out.append("  end")
        }
        for e in loose { out.append("  " + node(e)) }
        var markedLinks: [Int] = []
        for (i, flow) in model.flows.enumerated() {
            guard let a = ids[flow.from], let b = ids[flow.to] else { continue }
            out.append("  \(a) -->|\"\(mermaidText(flowLabel(flow)))\"| \(b)")
            if marked.contains(flow.resourceName) { markedLinks.append(i) }
        }
        let markedNodes = model.elements.filter { marked.contains($0.resourceName) }.compactMap { ids[$0.name] }
        if !markedNodes.isEmpty || !markedLinks.isEmpty {
            out.append("  classDef finding fill:#fde2e2,stroke:#c00,stroke-width:2px")
        }
        if !markedNodes.isEmpty { out.append("  class \(markedNodes.joined(separator: ",")) finding") }
        if !markedLinks.isEmpty {
            out.append("  linkStyle \(markedLinks.map(String.init).joined(separator: ",")) stroke:#c00,stroke-width:2px")
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// Mermaid labels in double quotes take entity codes; quotes, brackets and pipes would end them.
    static func mermaidText(_ s: String) -> String {
        var out = ""
        for ch in s.prefix(200) {
            switch ch {
            case "\"": out += "#quot;"
            case "<": out += "#lt;"
            case ">": out += "#gt;"
            case "|": out += "#124;"
            case "`": out += "#96;"
            case "\n", "\r": out += " "
            default: out.append(ch)
            }
        }
        return out
    }

    // MARK: DOT

    public static func dot(_ model: DesignModel, findings: [Finding] = []) -> String {
        let marked = flagged(findings)
        var ids: [String: String] = [:]
        for (i, element) in model.elements.enumerated() { ids[element.name] = "n\(i)" }
        var out = ["digraph design {", "  rankdir=LR;", "  node [shape=box, style=rounded, fontname=\"Helvetica\"];",
                   "  edge [fontname=\"Helvetica\", fontsize=10];",
                   "  label=\"\(dotText(model.system.name))\"; labelloc=t;"]
        func node(_ e: DesignService) -> String {
            var attrs = ["label=\"\(dotText(e.name))\\n\(dotText(e.kind.rawValue))\""]
            if e.isDatastore { attrs.append("shape=cylinder") }
            if marked.contains(e.resourceName) { attrs += ["color=\"#cc0000\"", "penwidth=2"] }
            return "\(ids[e.name] ?? "x") [\(attrs.joined(separator: ", "))];"
        }
        let (zones, loose) = grouped(model)
        for (i, (zone, elements)) in zones.enumerated() {
            out.append("  subgraph cluster_\(i) {")
            out.append("    label=\"\(dotText("\(zone.name) (\(zone.kind.rawValue), trust \(zone.trust))"))\"; style=dashed;")
            for e in elements { out.append("    " + node(e)) }
            out.append("  }")
        }
        for e in loose { out.append("  " + node(e)) }
        for flow in model.flows {
            guard let a = ids[flow.from], let b = ids[flow.to] else { continue }
            var attrs = ["label=\"\(dotText(flowLabel(flow)))\""]
            if flow.encrypted != true { attrs.append("style=dashed") }
            if marked.contains(flow.resourceName) { attrs += ["color=\"#cc0000\"", "penwidth=2"] }
            out.append("  \(a) -> \(b) [\(attrs.joined(separator: ", "))];")
        }
        out.append("}")
        return out.joined(separator: "\n") + "\n"
    }

    static func dotText(_ s: String) -> String {
        var out = ""
        for ch in s.prefix(200) {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n", "\r": out += " "
            default: out.append(ch)
            }
        }
        return out
    }

    // MARK: Report sections

    /// The Markdown report's design section: one Mermaid diagram per design. Empty without a design.
    public static func markdownSection(_ report: Report) -> String {
        guard !report.design.isEmpty else { return "" }
        var out = ""
        for model in report.design {
            out += "\n## Design: \(model.system.name)\n\n"
            out += "Data-flow diagram of `\(model.file)`. Elements and flows with findings are outlined in red.\n\n"
            out += "```mermaid\n" + mermaid(model, findings: report.findings) + "```\n"
        }
        return out
    }

    /// The HTML report's design section: the SVG `dot` made for each design, or a note when `dot` is absent.
    public static func htmlSection(_ report: Report, svgs: [String: String]) -> String {
        guard !report.design.isEmpty else { return "" }
        var out = ""
        for model in report.design {
            out += "<h2>Design: \(HTMLText.escape(model.system.name))</h2>\n"
            if let svg = svgs[model.file] {
                out += "<figure class=\"design\">\(svg)<figcaption>Data-flow diagram of \(HTMLText.escape(model.file)); elements and flows with findings in red.</figcaption></figure>\n"
            } else {
                out += "<p class=\"note\">Data-flow diagram of \(HTMLText.escape(model.file)) not drawn: Graphviz <code>dot</code> is not installed. <code>rampart design graph \(HTMLText.escape(model.file))</code> prints it as Mermaid.</p>\n"
            }
        }
        return out
    }
}

/// HTML escaping for the design section (the HTML writer has its own; this keeps the section self-contained).
enum HTMLText {
    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }
}
