import RampartCore
import RampartManifests

/// Drafts a design from Kubernetes and Compose manifests (`rampart init --from`): services from workloads,
/// Services, Ingresses and Compose services; endpoints from ports; exposure from Service type, Ingress,
/// hostPort and published ports; flows from host:port values and URLs in env, `depends_on` and
/// NetworkPolicies. Every guess carries a `# review:` comment naming the manifest file:line it came from.
/// The draft is meant to load without errors; what it cannot know (owner, level, data) is left out so that
/// the design rules ask for it.
public enum DesignDrafter {
    struct Element {
        var name: String
        var kind: DesignService.Kind = .api
        var exposure: DesignService.Exposure = .internal
        var exposureWhy: String?
        var endpoints: [(port: Int, protocol: String, from: String)] = []
        var links: [(kind: String, name: String, namespace: String?, from: String)] = []
        var labels: [String: String] = [:]
        var namespace: String?
        var origin: String
        var isDatastore: Bool { kind.stores }
    }

    struct Flow: Hashable {
        var from: String
        var to: String
        var protocolName: String
        var port: Int?
        var origin: String
    }

    static func place(_ file: String, _ node: YAMLNode?) -> String {
        "\(file):\(node?.line ?? 1)"
    }

    static func protocolName(port: Int) -> String {
        switch port {
        case 443, 8443: "https"
        case 80, 8080, 8000, 3000, 5000, 9000: "http"
        case 5432: "postgres"
        case 3306: "mysql"
        case 6379: "redis"
        case 27017: "mongodb"
        case 11211: "memcached"
        case 1883: "mqtt"
        case 8883: "mqtts"
        case 5672: "amqp"
        case 9200: "elasticsearch"
        case 22: "ssh"
        default: "tcp"
        }
    }

    /// Kind from what listens: datastore and broker ports say more than names do.
    static func kind(ports: [Int]) -> DesignService.Kind {
        if ports.contains(where: { [5432, 3306, 27017, 9200].contains($0) }) { return .database }
        if ports.contains(where: { [6379, 11211].contains($0) }) { return .cache }
        if ports.contains(where: { [1883, 8883, 5672].contains($0) }) { return .broker }
        if ports.contains(where: { [80, 443, 8443].contains($0) }) { return .web }
        return .api
    }

    public static func draft(from facts: FactSet, name: String = "draft") -> String {
        let index = ManifestIndex(facts.documents)
        var elements: [Element] = []
        var position: [String: Int] = [:]
        var flows: [Flow] = []
        func add(_ e: Element) -> Int {
            var e = e
            var candidate = e.name
            var n = 2
            while position[candidate] != nil { candidate = "\(e.name)-\(n)"; n += 1 }
            e.name = candidate
            position[candidate] = elements.count
            elements.append(e)
            return elements.count - 1
        }

        // Kubernetes workloads.
        var byWorkload: [String: Int] = [:]
        for w in index.workloads {
            var e = Element(name: w.object.name, origin: place(w.object.file, w.object.node))
            e.labels = w.podLabels
            e.namespace = w.object.namespace
            for c in w.containers {
                for p in c.field.child("ports").items {
                    guard let port = p.node?["containerPort"]?.int, (1...65535).contains(port) else { continue }
                    e.endpoints.append((port, protocolName(port: port), place(w.object.file, p.node)))
                    if let host = p.node?["hostPort"], host.int != nil {
                        e.exposure = .public
                        e.exposureWhy = "hostPort at \(place(w.object.file, host))"
                    }
                }
            }
            e.kind = kind(ports: e.endpoints.map(\.port))
            e.links.append(("workload", w.object.name, w.object.namespace, place(w.object.file, w.object.node)))
            byWorkload["\(w.namespace)/\(w.object.name)"] = add(e)
        }
        // Kubernetes Services: link to the workloads they select; exposure from their type.
        var byService: [String: Int] = [:]
        for s in index.objects(ofKind: ["Service"]) {
            let selector = stringPairs(s.node["spec"]?["selector"])
            let ns = s.namespace ?? "default"
            let type = s.node["spec"]?["type"]?.string ?? "ClusterIP"
            var target = index.workloads.first { w in
                w.namespace == ns && !selector.isEmpty && selector.allSatisfy { w.podLabels[$0.key] == $0.value }
            }.flatMap { byWorkload["\($0.namespace)/\($0.object.name)"] }
            if target == nil {
                var e = Element(name: s.name, origin: place(s.file, s.node))
                e.namespace = s.namespace
                for p in s.node["spec"]?["ports"]?.items ?? [] {
                    if let port = p["port"]?.int, (1...65535).contains(port) { e.endpoints.append((port, protocolName(port: port), place(s.file, p))) }
                }
                e.kind = kind(ports: e.endpoints.map(\.port))
                target = add(e)
            }
            guard let i = target else { continue }
            elements[i].links.append(("k8s-service", s.name, s.namespace, place(s.file, s.node)))
            if type == "LoadBalancer" || type == "NodePort" {
                elements[i].exposure = .public
                elements[i].exposureWhy = "Service type \(type) at \(place(s.file, s.node["spec"]?["type"]))"
            }
            byService["\(ns)/\(s.name)"] = i
        }
        // Ingresses make their backends public.
        for ing in index.objects(ofKind: ["Ingress"]) {
            let ns = ing.namespace ?? "default"
            for rule in ing.node["spec"]?["rules"]?.items ?? [] {
                for path in rule["http"]?["paths"]?.items ?? [] {
                    guard let backend = path["backend"]?["service"]?["name"]?.string, let i = byService["\(ns)/\(backend)"] else { continue }
                    elements[i].exposure = .public
                    elements[i].exposureWhy = "Ingress \(ing.name) at \(place(ing.file, path))"
                    elements[i].links.append(("ingress", ing.name, ing.namespace, place(ing.file, ing.node)))
                    if let host = rule["host"]?.string { elements[i].links.append(("host", host, nil, place(ing.file, rule["host"]))) }
                }
            }
        }
        // Compose services.
        for (_, svc) in index.composeServices {
            var e = Element(name: svc.name, origin: place(svc.file, svc.node))
            for p in svc.field.child("ports").items {
                guard let spec = p.node?.string ?? p.node?["target"]?.string else { continue }
                let parts = spec.split(separator: ":")
                let container = parts.last.flatMap { Int($0.split(separator: "/").first ?? "") }
                if let port = container, (1...65535).contains(port) { e.endpoints.append((port, protocolName(port: port), place(svc.file, p.node))) }
                // A published port bound to loopback stays local; anything else is reachable from outside the host.
                if parts.count >= 2, !spec.hasPrefix("127.0.0.1:"), !spec.hasPrefix("[::1]:") {
                    e.exposure = .public
                    e.exposureWhy = "published port at \(place(svc.file, p.node))"
                }
            }
            e.kind = kind(ports: e.endpoints.map(\.port))
            e.links.append(("compose", svc.name, nil, place(svc.file, svc.node)))
            let i = add(e)
            for dep in svc.field.child("depends_on").items.compactMap({ $0.node?.string }) + (svc.node?["depends_on"]?.pairs?.compactMap(\.key.string) ?? []) {
                flows.append(Flow(from: elements[i].name, to: dep, protocolName: "tcp", port: nil, origin: "depends_on at \(place(svc.file, svc.node?["depends_on"]))"))
            }
            for env in svc.environment {
                if let f = flow(fromValue: env.value, source: elements[i].name, at: "env \(env.key) at \(place(svc.file, env.field.node))") { flows.append(f) }
            }
        }
        // Kubernetes env values naming other services.
        for w in index.workloads {
            guard let i = byWorkload["\(w.namespace)/\(w.object.name)"] else { continue }
            for c in w.containers {
                for env in c.field.child("env").items {
                    guard let key = env.node?["name"]?.string else { continue }
                    if let f = flow(fromValue: env.node?["value"]?.string, source: elements[i].name,
                                    at: "env \(key) at \(place(w.object.file, env.node))") { flows.append(f) }
                }
            }
        }
        // NetworkPolicies: allowed ingress from selected pods is a flow.
        for np in index.objects(ofKind: ["NetworkPolicy"]) {
            let ns = np.namespace ?? "default"
            let targetSel = stringPairs(np.node["spec"]?["podSelector"]?["matchLabels"])
            let targets = index.workloads.filter { w in w.namespace == ns && targetSel.allSatisfy { w.podLabels[$0.key] == $0.value } }
            for rule in np.node["spec"]?["ingress"]?.items ?? [] {
                let port = rule["ports"]?.items.first?["port"]?.int
                for from in rule["from"]?.items ?? [] {
                    guard let sel = from["podSelector"]?["matchLabels"].map(stringPairs), !sel.isEmpty else { continue }
                    let sources = index.workloads.filter { w in w.namespace == ns && sel.allSatisfy { w.podLabels[$0.key] == $0.value } }
                    for s in sources {
                        for t in targets {
                            guard let a = byWorkload["\(s.namespace)/\(s.object.name)"], let b = byWorkload["\(t.namespace)/\(t.object.name)"] else { continue }
                            flows.append(Flow(from: elements[a].name, to: elements[b].name, protocolName: port.map(protocolName(port:)) ?? "tcp",
                                              port: port, origin: "NetworkPolicy \(np.name) at \(place(np.file, from))"))
                        }
                    }
                }
            }
        }
        let known = Set(elements.map(\.name))
        var seen: Set<String> = []
        let kept = flows.filter { f in
            guard known.contains(f.from), known.contains(f.to), f.from != f.to else { return false }
            return seen.insert("\(f.from)|\(f.to)|\(f.port ?? 0)").inserted
        }
        return emit(name: name, elements: elements, flows: kept, sources: facts.sources)
    }

    /// `postgres://user@db:5432/x`, `db:5432`, `http://api:8080/` naming a service → a flow to it.
    static func flow(fromValue value: String?, source: String, at origin: String) -> Flow? {
        guard let value, value.count < 2048 else { return nil }
        var rest = Substring(value)
        var scheme: String?
        if let r = rest.range(of: "://") {
            scheme = String(rest[..<r.lowerBound]).lowercased()
            rest = rest[r.upperBound...]
        }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        let hostPort = rest.prefix { $0 != "/" && $0 != "?" && $0 != "," }
        let parts = hostPort.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count <= 2, let host = parts.first, !host.isEmpty,
              host.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." }) else { return nil }
        let port = parts.count == 2 ? Int(parts[1]) : nil
        guard scheme != nil || port != nil else { return nil }
        let name = String(host.split(separator: ".").first ?? host)
        let proto = scheme ?? port.map(protocolName(port:)) ?? "tcp"
        return Flow(from: source, to: name, protocolName: proto, port: port.flatMap { (1...65535).contains($0) ? $0 : nil }, origin: origin)
    }

    static func stringPairs(_ node: YAMLNode?) -> [String: String] {
        var out: [String: String] = [:]
        for pair in node?.pairs ?? [] { if let k = pair.key.string, let v = pair.value.string { out[k] = v } }
        return out
    }

    /// Double-quoted YAML scalar (JSON escaping is valid YAML).
    static func q(_ s: String) -> String {
        var out = "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default:
                if ch.value < 0x20 { out += "\\x" + String(ch.value, radix: 16).leftPad(2) } else { out.unicodeScalars.append(ch) }
            }
        }
        return out + "\""
    }

    static func comment(_ s: String) -> String {
        String(s.map { $0 == "\n" || $0 == "\r" ? " " : $0 })
    }

    static func emit(name: String, elements: [Element], flows: [Flow], sources: [String]) -> String {
        var o: [String] = []
        o.append("# Draft design made by `rampart init --from` from: \(comment(sources.joined(separator: ", ")))")
        o.append("# Every line marked `review:` is a guess; check it against what the system is meant to be.")
        o.append("# Left for you: the owner of each service, the data each handles, the level criteria and level.")
        o.append("rampart: design")
        o.append("system:")
        o.append("  name: \(q(name))")
        o.append("  # review: set owner, agency, contact, level (1-5) and criteria (see docs/design.md).")
        o.append("zones:")
        o.append("  - {name: internet, kind: internet}")
        o.append("  - {name: dmz, kind: dmz}")
        o.append("  - {name: app, kind: application}")
        o.append("  - {name: data, kind: data}")
        o.append("  - {name: mgmt, kind: management}")
        func block(_ e: Element) {
            o.append("  # review: from \(comment(e.origin))")
            o.append("  - name: \(q(e.name))")
            o.append("    kind: \(e.kind.rawValue)   # review: guessed from its ports")
            let zone = e.isDatastore ? "data" : (e.exposure == .public ? "dmz" : "app")
            o.append("    zone: \(zone)   # review: guessed from kind and exposure")
            o.append("    exposure: \(e.exposure.rawValue)" + (e.exposureWhy.map { "   # review: \(comment($0))" } ?? ""))
            if !e.endpoints.isEmpty {
                o.append("    endpoints:")
                var seenPorts: Set<Int> = []
                for p in e.endpoints where seenPorts.insert(p.port).inserted {
                    let tls = p.protocol == "https" || p.protocol == "mqtts" ? ", tls: intermediate" : ""
                    o.append("      - {port: \(p.port), protocol: \(p.protocol)\(tls)}   # review: \(comment(p.from))")
                }
            }
            o.append("    implementedBy:")
            for l in e.links {
                let ns = l.namespace.map { ", namespace: \(q($0))" } ?? ""
                o.append("      - {\(l.kind): \(q(l.name))\(ns)}   # from \(comment(l.from))")
            }
        }
        let services = elements.filter { !$0.isDatastore }, stores = elements.filter(\.isDatastore)
        o.append("services:" + (services.isEmpty ? " []" : ""))
        services.forEach(block)
        o.append("datastores:" + (stores.isEmpty ? " []" : ""))
        stores.forEach(block)
        o.append("flows:" + (flows.isEmpty ? " []" : ""))
        for f in flows {
            o.append("  # review: encrypted / authenticated unknown; from \(comment(f.origin))")
            let port = f.port.map { ", port: \($0)" } ?? ""
            o.append("  - {from: \(q(f.from)), to: \(q(f.to)), protocol: \(q(f.protocolName))\(port)}")
        }
        return o.joined(separator: "\n") + "\n"
    }

    /// A commented starter design for `rampart init` without `--from`.
    public static let template = """
        # A starter design. Fill it in, then run `rampart scan design.yaml`. Format: docs/design.md;
        # editors validate it with docs/design.schema.json.
        rampart: design
        system:
          name: my-service
          agency: My Department
          owner: my-team
          contact: security@example.invalid
          level: 2                      # Decree 85/2016 level 1-5; the rules check it against the criteria
          criteria:
            serves: [citizens]          # internal, citizens, businesses, agencies
            onlinePublicServiceLevel: 2 # 0-4
            personalDataSubjects: 0
            sharedInfrastructure: none  # none, body, sector, province, national
            operates24x7: false
            industrialControl: false
            stateSecrets: false
        zones:
          - {name: internet, kind: internet}
          - {name: dmz, kind: dmz}
          - {name: app, kind: application}
          - {name: data, kind: data}
          - {name: mgmt, kind: management}
        services:
          - name: users
            kind: other
            zone: internet
            owner: public
          - name: web
            kind: web
            zone: dmz
            owner: my-team
            exposure: public
            replicas: 2
            data:
              - {name: requests, classification: personal}
            endpoints:
              - {host: www.example.invalid, port: 443, protocol: https, tls: intermediate, authentication: oidc}
            implementedBy:
              - {workload: web}
        datastores:
          - name: db
            kind: database
            zone: data
            owner: my-team
            backup: true
            encryptedAtRest: true
            data:
              - {name: requests, classification: personal}
            endpoints:
              - {port: 5432, protocol: postgres, tls: intermediate, authentication: password}
        flows:
          - {from: users, to: web, protocol: https, port: 443, data: [personal], encrypted: true, authenticated: true}
          - {from: web, to: db, protocol: postgres, port: 5432, data: [personal], encrypted: true, authenticated: true, mutual: true}
        """ + "\n"
}

extension String {
    fileprivate func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}
