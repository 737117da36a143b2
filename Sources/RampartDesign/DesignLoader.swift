import Foundation
import RampartCore

/// Builds a `DesignModel` from a `rampart: design` document and the fragments it includes. Fails closed:
/// unknown keys, wrong types, duplicate names, references to undeclared elements, include cycles and
/// includes that leave the design's directory tree are `input/*` problems at file:line:column.
public enum DesignLoader {
    public struct Options: Sendable {
        /// Allow `includes:` to reach files outside the root design's directory tree.
        public var allowIncludesOutside = false
        public var maxIncludeDepth = 16
        public var maxFiles = 256
        /// Largest number of zones, services, datastores or flows (each) in one design.
        public var maxElements = 100_000
        public init() {}
    }

    public static let rootKeys = ["rampart", "system", "includes", "allowIncludesOutside", "zones", "services", "datastores", "flows", "monitoring"]
    public static let fragmentKeys = ["rampart", "includes", "zones", "services", "datastores", "flows"]
    static let systemKeys = ["name", "agency", "owner", "contact", "level", "criteria", "description"]
    static let criteriaKeys = ["serves", "onlinePublicServiceLevel", "personalDataSubjects", "sharedInfrastructure",
                               "operates24x7", "industrialControl", "stateSecrets", "nationalCritical"]
    static let zoneKeys = ["name", "kind", "trust", "description"]
    static let serviceKeys = ["name", "kind", "zone", "owner", "exposure", "description", "endpoints", "data", "replicas",
                              "backup", "monitored", "encryptedAtRest", "multiTenant", "tenantIsolation", "implementedBy",
                              "external"]
    static let endpointKeys = ["name", "host", "port", "protocol", "transport", "tls", "authentication", "exposure", "admin"]
    static let dataKeys = ["name", "classification"]
    static let linkKeys = ["workload", "k8s-service", "ingress", "compose", "host", "namespace"]
    static let flowKeys = ["name", "from", "to", "protocol", "port", "data", "encrypted", "authenticated", "mutual"]
    static let monitoringKeys = ["central", "endpoint", "protocol"]

    /// Loads the design whose root document is `root`, read from `file`. Includes are read with `read`.
    static func load(root: YAMLNode, file: String, inputs: DesignInputs, options: Options = Options()) -> (DesignModel?, [InputProblem]) {
        var builder = Builder(rootFile: file, inputs: inputs, options: options)
        builder.loadRoot(root)
        return builder.finish()
    }

    struct Builder {
        let rootFile: String
        let inputs: DesignInputs
        var options: Options
        var problems: [InputProblem] = []
        var files: [String] = []
        var system: DesignSystem?
        var headerLocation = SourceLocation(file: "", line: 1, column: 1)
        var zones: [DesignZone] = []
        var services: [DesignService] = []
        var datastores: [DesignService] = []
        var flows: [DesignFlow] = []
        var monitoring: DesignMonitoring?
        /// Canonical paths loaded so far (a file included twice is loaded once).
        var loaded: Set<String> = []
        let treeRoot: String

        init(rootFile: String, inputs: DesignInputs, options: Options) {
            self.rootFile = rootFile
            self.inputs = inputs
            self.options = options
            let dir = rootFile == "<stdin>" ? FileManager.default.currentDirectoryPath : Builder.directory(of: rootFile)
            treeRoot = Builder.canonical(dir)
        }

        static func directory(of path: String) -> String {
            let url = URL(fileURLWithPath: path)
            return url.deletingLastPathComponent().path
        }

        static func lexicalDirectory(of path: String) -> String {
            guard let slash = path.lastIndex(of: "/") else { return "" }
            return slash == path.startIndex ? "/" : String(path[..<slash])
        }

        /// Removes `.` and resolves `..` against earlier components, without touching the file system.
        static func lexicalNormal(_ path: String) -> String {
            var parts: [Substring] = []
            for part in path.split(separator: "/", omittingEmptySubsequences: true) {
                if part == "." { continue }
                if part == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
                parts.append(part)
            }
            let joined = parts.joined(separator: "/")
            return path.hasPrefix("/") ? "/" + joined : joined
        }

        static func canonical(_ path: String) -> String {
            URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        }

        mutating func loadRoot(_ root: YAMLNode) {
            headerLocation = SourceLocation(file: rootFile, line: root.line, column: root.column)
            files.append(rootFile)
            if rootFile != "<stdin>" { loaded.insert(Builder.canonical(rootFile)) }
            var shape = DesignShape(file: rootFile)
            if let allow = root["allowIncludesOutside"] { options.allowIncludesOutside = shape.bool(allow, "allowIncludesOutside") ?? false }
            loadDocument(root, file: rootFile, isRoot: true, shape: &shape, stack: [Builder.canonical(rootFile)])
            problems += shape.problems
        }

        mutating func loadDocument(_ root: YAMLNode, file: String, isRoot: Bool, shape: inout DesignShape, stack: [String]) {
            guard let entries = shape.mapping(root, "", keys: isRoot ? DesignLoader.rootKeys : DesignLoader.fragmentKeys) else { return }
            var includes: [YAMLNode] = []
            for (key, keyNode, value) in entries {
                switch key {
                case "system": system = loadSystem(value, keyNode: keyNode, shape: &shape)
                case "includes": includes = shape.list(value, "includes") ?? []
                case "zones": for (i, item) in bounded(shape.list(value, "zones"), "zones", &shape).enumerated() {
                    if let z = loadZone(item, "zones[\(i)]", &shape) { zones.append(z) }
                }
                case "services": for (i, item) in bounded(shape.list(value, "services"), "services", &shape).enumerated() {
                    if let s = loadService(item, "services[\(i)]", section: .services, &shape) { services.append(s) }
                }
                case "datastores": for (i, item) in bounded(shape.list(value, "datastores"), "datastores", &shape).enumerated() {
                    if let s = loadService(item, "datastores[\(i)]", section: .datastores, &shape) { datastores.append(s) }
                }
                case "flows": for (i, item) in bounded(shape.list(value, "flows"), "flows", &shape).enumerated() {
                    if let f = loadFlow(item, "flows[\(i)]", &shape) { flows.append(f) }
                }
                case "monitoring": monitoring = loadMonitoring(value, &shape)
                default: break   // rampart, allowIncludesOutside: read above
                }
            }
            if isRoot, system == nil {
                shape.fail(root, "system", "a design must declare its system (name, level and the facts that decide the level)")
            }
            for (i, node) in includes.enumerated() {
                guard let path = shape.string(node, "includes[\(i)]") else { continue }
                include(path, from: file, node: node, shape: &shape, stack: stack)
            }
        }

        func bounded(_ items: [YAMLNode]?, _ path: String, _ shape: inout DesignShape) -> [YAMLNode] {
            guard let items else { return [] }
            if items.count > options.maxElements, let first = items.first {
                shape.fail(first, path, "\(items.count) entries is over the limit of \(options.maxElements); the rest were not read", kind: .tooLarge)
                return Array(items.prefix(options.maxElements))
            }
            return items
        }

        mutating func include(_ path: String, from file: String, node: YAMLNode, shape: inout DesignShape, stack: [String]) {
            // Joined lexically, so that findings name the file as the user would (relative when the root was).
            let base = file == "<stdin>" ? "" : Builder.lexicalDirectory(of: file)
            let joined = Builder.lexicalNormal(path.hasPrefix("/") || base.isEmpty ? path : base + "/" + path)
            let canonical = Builder.canonical(joined)
            if stack.contains(canonical) {
                let cycle = (stack.drop { $0 != canonical } + [canonical]).map { Builder.relative($0, to: treeRoot) }
                shape.fail(node, "includes", "include cycle: \(cycle.joined(separator: " -> "))", kind: .designReference)
                return
            }
            if !options.allowIncludesOutside, canonical != treeRoot, !canonical.hasPrefix(treeRoot == "/" ? "/" : treeRoot + "/") {
                shape.fail(node, "includes", "'\(path)' is outside the design's directory tree (\(treeRoot)); set allowIncludesOutside: true to allow it",
                           kind: .designReference)
                return
            }
            if stack.count >= options.maxIncludeDepth {
                shape.fail(node, "includes", "includes nested deeper than \(options.maxIncludeDepth) files", kind: .tooLarge)
                return
            }
            guard !loaded.contains(canonical) else { return }
            guard files.count < options.maxFiles else {
                shape.fail(node, "includes", "more than \(options.maxFiles) included files", kind: .tooLarge)
                return
            }
            loaded.insert(canonical)
            files.append(joined)
            let (documents, readProblems) = inputs.read(joined)
            problems += readProblems
            if readProblems.isEmpty, documents.isEmpty {
                shape.fail(node, "includes", "'\(path)' holds no design fragment (expected a document starting with 'rampart: design-fragment')",
                           kind: .designReference)
            }
            for doc in documents {
                var inner = DesignShape(file: joined)
                if DesignHeader.of(doc) == .root {
                    inner.fail(doc, "rampart", "an included file must be a fragment ('rampart: design-fragment'), not a second root design")
                } else {
                    loadDocument(doc, file: joined, isRoot: false, shape: &inner, stack: stack + [canonical])
                }
                problems += inner.problems
            }
        }

        static func relative(_ path: String, to root: String) -> String {
            path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
        }

        // MARK: elements

        mutating func loadSystem(_ node: YAMLNode, keyNode: YAMLNode, shape: inout DesignShape) -> DesignSystem? {
            guard let entries = shape.mapping(node, "system", keys: DesignLoader.systemKeys) else { return nil }
            var system = DesignSystem(name: "", location: shape.location(node))
            for (key, _, value) in entries {
                system.fields[key] = shape.location(value)
                let path = "system.\(key)"
                switch key {
                case "name": system.name = shape.string(value, path) ?? ""
                case "agency": system.agency = shape.string(value, path)
                case "owner": system.owner = shape.string(value, path)
                case "contact": system.contact = shape.string(value, path)
                case "level": system.level = shape.int(value, path, in: 1...5)
                case "criteria": system.criteria = loadCriteria(value, &system, &shape)
                default: break
                }
            }
            if system.name.isEmpty, system.fields["name"] == nil { shape.fail(node, "system.name", "a system needs a name") }
            return system
        }

        func loadCriteria(_ node: YAMLNode, _ system: inout DesignSystem, _ shape: inout DesignShape) -> DesignLevelCriteria {
            var c = DesignLevelCriteria()
            guard let entries = shape.mapping(node, "system.criteria", keys: DesignLoader.criteriaKeys) else { return c }
            for (key, _, value) in entries {
                let path = "system.criteria.\(key)"
                system.fields["criteria.\(key)"] = shape.location(value)
                switch key {
                case "serves":
                    let items = value.isSequence ? value.items : [value]
                    c.serves = items.enumerated().compactMap { shape.choice($1, "\(path)[\($0)]", DesignLevelCriteria.Audience.self) }
                case "onlinePublicServiceLevel": c.onlinePublicServiceLevel = shape.int(value, path, in: 0...4)
                case "personalDataSubjects": c.personalDataSubjects = shape.int(value, path, in: 0...Int(Int32.max) * 4)
                case "sharedInfrastructure": c.sharedInfrastructure = shape.choice(value, path, DesignLevelCriteria.SharedScope.self)
                case "operates24x7": c.operates24x7 = shape.bool(value, path)
                case "industrialControl": c.industrialControl = shape.bool(value, path)
                case "stateSecrets": c.stateSecrets = shape.bool(value, path)
                case "nationalCritical": c.nationalCritical = shape.bool(value, path)
                default: break
                }
            }
            return c
        }

        func loadZone(_ node: YAMLNode, _ path: String, _ shape: inout DesignShape) -> DesignZone? {
            guard let entries = shape.mapping(node, path, keys: DesignLoader.zoneKeys) else { return nil }
            var name: String?, kind: DesignZone.Kind?, trust: Int?, description: String?
            var fields: [String: SourceLocation] = [:]
            for (key, _, value) in entries {
                fields[key] = shape.location(value)
                switch key {
                case "name": name = shape.string(value, "\(path).name")
                case "kind": kind = shape.choice(value, "\(path).kind", DesignZone.Kind.self)
                case "trust": trust = shape.int(value, "\(path).trust", in: 0...100)
                case "description": description = shape.string(value, "\(path).description")
                default: break
                }
            }
            guard let name else {
                if fields["name"] == nil { shape.fail(node, "\(path).name", "a zone needs a name") }
                return nil
            }
            guard let kind else {
                if fields["kind"] == nil { shape.fail(node, "\(path).kind", "zone '\(name)' needs a kind (\(DesignZone.Kind.allCases.map(\.rawValue).joined(separator: ", ")))") }
                return nil
            }
            return DesignZone(name: name, kind: kind, trust: trust, description: description, location: shape.location(node), fields: fields)
        }

        func loadService(_ node: YAMLNode, _ path: String, section: DesignService.Section, _ shape: inout DesignShape) -> DesignService? {
            guard let entries = shape.mapping(node, path, keys: DesignLoader.serviceKeys) else { return nil }
            var s = DesignService(name: "", section: section, kind: section == .datastores ? .database : .other, location: shape.location(node))
            var hasKind = false
            for (key, _, value) in entries {
                s.fields[key] = shape.location(value)
                let p = "\(path).\(key)"
                switch key {
                case "name": s.name = shape.string(value, p) ?? ""
                case "kind":
                    if let k = shape.choice(value, p, DesignService.Kind.self) { s.kind = k; hasKind = true }
                case "zone": s.zone = shape.string(value, p)
                case "owner": s.owner = shape.string(value, p)
                case "exposure": s.exposure = shape.choice(value, p, DesignService.Exposure.self) ?? s.exposure
                case "description": s.description = shape.string(value, p)
                case "endpoints":
                    for (i, item) in (shape.list(value, p) ?? []).enumerated() {
                        if let e = loadEndpoint(item, "\(p)[\(i)]", &shape) { s.endpoints.append(e) }
                    }
                case "data":
                    for (i, item) in (shape.list(value, p) ?? []).enumerated() {
                        if let d = loadData(item, "\(p)[\(i)]", &shape) { s.data.append(d) }
                    }
                case "replicas": s.replicas = shape.int(value, p, in: 0...100_000)
                case "backup": s.backup = shape.bool(value, p)
                case "monitored": s.monitored = shape.bool(value, p)
                case "encryptedAtRest": s.encryptedAtRest = shape.bool(value, p)
                case "multiTenant": s.multiTenant = shape.bool(value, p)
                case "tenantIsolation": s.tenantIsolation = shape.choice(value, p, DesignService.TenantIsolation.self)
                case "external": s.external = shape.bool(value, p)
                case "implementedBy":
                    for (i, item) in (shape.list(value, p) ?? []).enumerated() {
                        if let l = loadLink(item, "\(p)[\(i)]", &shape) { s.implementedBy.append(l) }
                    }
                default: break
                }
            }
            if s.name.isEmpty {
                if s.fields["name"] == nil { shape.fail(node, "\(path).name", "every \(section == .services ? "service" : "datastore") needs a name") }
                return nil
            }
            if section == .services, !hasKind, s.fields["kind"] == nil {
                shape.fail(node, "\(path).kind", "service '\(s.name)' needs a kind (\(DesignService.Kind.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return s
        }

        func loadEndpoint(_ node: YAMLNode, _ path: String, _ shape: inout DesignShape) -> DesignEndpoint? {
            guard let entries = shape.mapping(node, path, keys: DesignLoader.endpointKeys) else { return nil }
            var e = DesignEndpoint(port: 0, protocol: "", location: shape.location(node))
            for (key, _, value) in entries {
                e.fields[key] = shape.location(value)
                let p = "\(path).\(key)"
                switch key {
                case "name": e.name = shape.string(value, p)
                case "host": e.host = shape.string(value, p)
                case "port": e.port = shape.int(value, p, in: 1...65535) ?? 0
                case "protocol": e.protocol = shape.string(value, p)?.lowercased() ?? ""
                case "transport":
                    let t = shape.string(value, p)?.lowercased()
                    if let t, t == "tcp" || t == "udp" { e.transport = t } else if t != nil { shape.fail(value, p, "expected tcp or udp") }
                case "tls": e.tls = shape.choice(value, p, TLSProfile.self) ?? .none
                case "authentication": e.authentication = shape.choice(value, p, DesignAuthentication.self) ?? .unknown
                case "exposure": e.exposure = shape.choice(value, p, DesignService.Exposure.self)
                case "admin": e.admin = shape.bool(value, p) ?? false
                default: break
                }
            }
            if e.fields["port"] == nil { shape.fail(node, "\(path).port", "an endpoint needs a port") }
            if e.fields["protocol"] == nil { shape.fail(node, "\(path).protocol", "an endpoint needs a protocol (https, mqtt, postgres, …)") }
            return e.port == 0 || e.protocol.isEmpty ? nil : e
        }

        func loadData(_ node: YAMLNode, _ path: String, _ shape: inout DesignShape) -> DesignData? {
            guard let entries = shape.mapping(node, path, keys: DesignLoader.dataKeys) else { return nil }
            var name: String?, classification: DataClassification?
            for (key, _, value) in entries {
                switch key {
                case "name": name = shape.string(value, "\(path).name")
                case "classification": classification = shape.choice(value, "\(path).classification", DataClassification.self)
                default: break
                }
            }
            guard let name, let classification else {
                if node["name"] == nil || node["classification"] == nil {
                    shape.fail(node, path, "data needs a name and a classification (\(DataClassification.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                return nil
            }
            return DesignData(name: name, classification: classification, location: shape.location(node))
        }

        func loadLink(_ node: YAMLNode, _ path: String, _ shape: inout DesignShape) -> DesignLink? {
            guard let entries = shape.mapping(node, path, keys: DesignLoader.linkKeys) else { return nil }
            var namespace: String?
            var targets: [(DesignLink.Kind, String)] = []
            for (key, _, value) in entries {
                if key == "namespace" { namespace = shape.string(value, "\(path).namespace"); continue }
                // An empty link names nothing: refuse it rather than let drift rules match it to anything.
                guard let name = shape.string(value, "\(path).\(key)"), let kind = DesignLink.Kind(rawValue: key) else { continue }
                targets.append((kind, name))
            }
            guard targets.count == 1, let (kind, name) = targets.first else {
                if targets.count > 1 || entries.allSatisfy({ $0.key == "namespace" }) {
                    shape.fail(node, path, "a link names exactly one of workload, k8s-service, ingress, compose or host",
                               kind: .designReference)
                }
                return nil
            }
            return DesignLink(kind: kind, name: name, namespace: namespace, location: shape.location(node))
        }

        func loadFlow(_ node: YAMLNode, _ path: String, _ shape: inout DesignShape) -> DesignFlow? {
            guard let entries = shape.mapping(node, path, keys: DesignLoader.flowKeys) else { return nil }
            var f = DesignFlow(from: "", to: "", protocol: "", location: shape.location(node))
            for (key, _, value) in entries {
                f.fields[key] = shape.location(value)
                let p = "\(path).\(key)"
                switch key {
                case "name": f.name = shape.string(value, p)
                case "from": f.from = shape.string(value, p) ?? ""
                case "to": f.to = shape.string(value, p) ?? ""
                case "protocol": f.protocol = shape.string(value, p)?.lowercased() ?? ""
                case "port": f.port = shape.int(value, p, in: 1...65535)
                case "data":
                    let items = value.isSequence ? value.items : [value]
                    f.data = items.enumerated().compactMap { shape.choice($1, "\(p)[\($0)]", DataClassification.self) }
                case "encrypted": f.encrypted = shape.bool(value, p)
                case "authenticated": f.authenticated = shape.bool(value, p)
                case "mutual": f.mutual = shape.bool(value, p)
                default: break
                }
            }
            for required in ["from", "to", "protocol"] where f.fields[required] == nil {
                shape.fail(node, "\(path).\(required)", "a flow needs '\(required)'")
            }
            return f.from.isEmpty || f.to.isEmpty || f.protocol.isEmpty ? nil : f
        }

        func loadMonitoring(_ node: YAMLNode, _ shape: inout DesignShape) -> DesignMonitoring? {
            guard let entries = shape.mapping(node, "monitoring", keys: DesignLoader.monitoringKeys) else { return nil }
            var m = DesignMonitoring(location: shape.location(node))
            for (key, _, value) in entries {
                m.fields[key] = shape.location(value)
                switch key {
                case "central": m.central = shape.string(value, "monitoring.central")
                case "endpoint": m.endpoint = shape.string(value, "monitoring.endpoint")
                case "protocol": m.protocol_ = shape.string(value, "monitoring.protocol")
                default: break
                }
            }
            return m
        }

        // MARK: cross references

        mutating func finish() -> (DesignModel?, [InputProblem]) {
            func refProblem(_ at: SourceLocation, _ field: String, _ message: String) -> InputProblem {
                InputProblem(kind: .designReference, source: at.file, line: at.line, column: at.column, message: message, fieldPath: field)
            }
            // Suggestions cost an edit distance per candidate; a hostile design with thousands of bad names
            // gets them for the first few only, so the check stays linear.
            var suggestions = 50
            func suggest(_ word: String, _ candidates: [String]) -> String {
                guard suggestions > 0, candidates.count <= 1_000 else { return "" }
                suggestions -= 1
                return Spelling.closest(to: word, among: candidates).map { " (did you mean '\($0)'?)" } ?? ""
            }
            var zoneAt: [String: SourceLocation] = [:]
            var keptZones: [DesignZone] = []
            for zone in zones {
                if let first = zoneAt[zone.name] {
                    problems.append(refProblem(zone.location(of: "name"), "zones", "zone '\(zone.name)' is declared twice (first at \(first))"))
                } else {
                    zoneAt[zone.name] = zone.location(of: "name")
                    keptZones.append(zone)
                }
            }
            var elementAt: [String: SourceLocation] = [:]
            let zoneNames = keptZones.map(\.name)
            func keep(_ list: [DesignService]) -> [DesignService] {
                var out: [DesignService] = []
                for element in list {
                    if let first = elementAt[element.name] {
                        problems.append(refProblem(element.location(of: "name"), "name",
                                                   "'\(element.name)' is declared twice (first at \(first)); service and datastore names must be unique"))
                        continue
                    }
                    elementAt[element.name] = element.location(of: "name")
                    if let zone = element.zone, zoneAt[zone] == nil {
                        let hint = suggest(zone, zoneNames)
                        problems.append(refProblem(element.location(of: "zone"), "zone",
                                                   "\(element.resourceName) is in zone '\(zone)', which no zone declares\(hint)"))
                    }
                    out.append(element)
                }
                return out
            }
            let keptServices = keep(services)
            let keptDatastores = keep(datastores)
            var keptFlows: [DesignFlow] = []
            let names = Array(elementAt.keys).sorted()
            for flow in flows {
                var ok = true
                for (end, name) in [("from", flow.from), ("to", flow.to)] where elementAt[name] == nil {
                    let hint = suggest(name, names)
                    problems.append(refProblem(flow.location(of: end), end, "flow \(end) '\(name)': no service or datastore has that name\(hint)"))
                    ok = false
                }
                if ok { keptFlows.append(flow) }
            }
            guard let system else { return (nil, problems) }
            var model = DesignModel(file: rootFile, files: files, location: headerLocation, system: system, zones: keptZones,
                                    services: keptServices, datastores: keptDatastores, flows: keptFlows, monitoring: monitoring)
            model.files = files
            return (model, problems)
        }
    }
}
