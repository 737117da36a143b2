import RampartCore
import RampartManifests
import RampartPolicy

/// Judges each design against the manifests and live facts an audit collected with it. Drift rules run only
/// over the stages the audit ran (`FactSet.stages`): a design judged alone is not "unimplemented", and a
/// live stage that did not run proves no port closed.
protocol DriftRule: Rule {
    func check(_ drift: DriftView, _ context: RuleContext) -> [Finding]
}

extension DriftRule {
    // Drift relates files to each other and to the network; only whole-set evaluation (audit, evaluate) sees them.
    static var reach: RuleReach { .crossResource(kinds: []) }

    func check(_ facts: Facts, _ context: RuleContext) -> [Finding] {
        guard facts.set.stages.contains(DriftStage.design) else { return [] }
        let name = context.parameters.string("regulation", default: Regulation.defaultName)
        guard let regulation = Regulation.named(name) ?? Regulation.named(Regulation.defaultName) else { return [] }
        return facts.set.design.flatMap { check(DriftView(DesignView($0, regulation: regulation), facts), context) }
    }
}

/// Stage names as `FactSet.stages` records them.
public enum DriftStage {
    public static let design = "design"
    public static let manifests = "manifests"
    public static let live = "live"
    public static let all = [design, manifests, live]
}

/// A design joined with the manifests that implement it and the live endpoints it declares.
struct DriftView: Sendable {
    let design: DesignView
    let facts: Facts
    /// The manifests stage ran.
    let manifestsAssessed: Bool
    /// The live stage ran.
    let liveAssessed: Bool
    /// Manifest files that could not be fully read: a link that matches nothing may point into one of them,
    /// so it is not assessed rather than missing.
    let brokenManifestFiles: [String]
    /// Manifest objects by name, so that following links stays linear in the size of the design.
    private let workloadsByName: [String: [Workload]]
    private let objectsByKindAndName: [String: [KubernetesObject]]
    private let composeByName: [String: [(project: ComposeProject, service: ComposeService)]]
    /// Services with a selector, and Ingresses with the Services they route to, by namespace.
    private let selectingServices: [String: [(object: KubernetesObject, selector: [String: String])]]
    private let ingressRoutes: [String: [(object: KubernetesObject, backends: Set<String>)]]

    init(_ design: DesignView, _ facts: Facts) {
        self.design = design
        self.facts = facts
        workloadsByName = Dictionary(grouping: facts.manifests.workloads, by: { $0.object.name })
        objectsByKindAndName = Dictionary(grouping: facts.manifests.objects(ofKind: ["Service", "Ingress"]), by: { "\($0.kind)/\($0.name)" })
        composeByName = Dictionary(grouping: facts.manifests.composeServices, by: { $0.service.name })
        var selecting: [String: [(object: KubernetesObject, selector: [String: String])]] = [:]
        for o in facts.manifests.objects(ofKind: ["Service"]) {
            guard let pairs = o.node["spec"]?["selector"]?.pairs, !pairs.isEmpty else { continue }
            let selector = Dictionary(pairs.compactMap { p in p.key.string.map { ($0, p.value.string ?? "") } }, uniquingKeysWith: { a, _ in a })
            selecting[o.namespace ?? "", default: []].append((o, selector))
        }
        selectingServices = selecting
        var routes: [String: [(object: KubernetesObject, backends: Set<String>)]] = [:]
        for o in facts.manifests.objects(ofKind: ["Ingress"]) {
            routes[o.namespace ?? "", default: []].append((o, DriftView.ingressBackends(o)))
        }
        ingressRoutes = routes
        manifestsAssessed = facts.set.stages.contains(DriftStage.manifests)
        liveAssessed = facts.set.stages.contains(DriftStage.live)
        let designFiles = Set(facts.set.design.flatMap(\.files))
        let unreadable: Set<InputProblem.Kind> = [.unparsable, .unreadable, .notText, .tooLarge, .invalidShape, .duplicateKey]
        brokenManifestFiles = Array(Set(facts.set.problems.filter { unreadable.contains($0.kind) && !designFiles.contains($0.source) }
            .map(\.source))).sorted()
    }

    var model: DesignModel { design.model }

    /// A view of every design of the audit (this one included), for rules that must not call something
    /// undeclared when another agency's design declares it.
    var allDesigns: [DriftView] {
        facts.set.design.map { DriftView(DesignView($0, regulation: design.regulation), facts) }
    }

    /// Whether this is the audit's first design: rules that report across designs report once, from it.
    var isFirstDesign: Bool {
        guard let first = facts.set.design.first else { return true }
        return first.file == model.file && first.location == model.location
    }
    var manifests: ManifestIndex { facts.manifests }

    // MARK: Manifest side

    /// What implements an element: linked workloads, Services, Ingresses and Compose services, plus the
    /// Services that select a linked workload's pods and the Ingresses that route to those Services.
    func implementation(of element: DesignService) -> Implementation {
        var impl = Implementation()
        for link in element.implementedBy {
            var found = false
            switch link.kind {
            case .workload:
                for w in workloadsByName[link.name] ?? [] where matches(link, w.object) {
                    impl.workloads.append(w)
                    found = true
                }
            case .kubernetesService:
                for o in objectsByKindAndName["Service/\(link.name)"] ?? [] where matches(link, o) {
                    impl.services.append(o)
                    found = true
                }
            case .ingress:
                for o in objectsByKindAndName["Ingress/\(link.name)"] ?? [] where matches(link, o) {
                    impl.ingresses.append(o)
                    found = true
                }
            case .compose:
                for (project, service) in composeByName[link.name] ?? [] {
                    impl.compose.append((project, service))
                    found = true
                }
            case .host:
                continue
            }
            if !found { impl.missing.append(link) }
        }
        // Services selecting the linked pods, then Ingresses routing to any of the Services; looked up in the
        // workload's namespace only, so that following links stays cheap on large estates.
        guard !impl.workloads.isEmpty || !impl.services.isEmpty else { return impl }
        var seen = Set(impl.services.map(key))
        for w in impl.workloads {
            let labels = w.podLabels
            for (o, selector) in DriftView.inNamespace(w.object.namespace, selectingServices) where !seen.contains(key(o)) {
                if selector.allSatisfy({ labels[$0.key] == $0.value }) {
                    impl.services.append(o)
                    seen.insert(key(o))
                }
            }
        }
        var routed = Set(impl.ingresses.map(key))
        for s in impl.services {
            for (o, backends) in DriftView.inNamespace(s.namespace, ingressRoutes) where !routed.contains(key(o)) && backends.contains(s.name) {
                impl.ingresses.append(o)
                routed.insert(key(o))
            }
        }
        return impl
    }

    /// Entries that may share `namespace` with an object: a manifest without a namespace is applied into
    /// whichever namespace the context gives, so it may meet any (as `sameNamespace` judges).
    static func inNamespace<T>(_ namespace: String?, _ index: [String: [T]]) -> [T] {
        guard let namespace else { return index.keys.sorted().flatMap { index[$0] ?? [] } }
        return (index[namespace] ?? []) + (index[""] ?? [])
    }

    private func key(_ o: KubernetesObject) -> String { "\(o.file)|\(o.basePath)|\(o.resourceName)" }

    private func matches(_ link: DesignLink, _ object: KubernetesObject) -> Bool {
        link.namespace == nil || sameNamespace(link.namespace, object.namespace)
    }

    /// Service names an Ingress routes to (networking.k8s.io/v1 and the older `serviceName`).
    static func ingressBackends(_ ingress: KubernetesObject) -> Set<String> {
        var names: Set<String> = []
        let spec = ingress.node["spec"]
        for backend in [spec?["defaultBackend"], spec?["backend"]] {
            if let n = backend?["service"]?["name"]?.string ?? backend?["serviceName"]?.string { names.insert(n) }
        }
        for rule in spec?["rules"]?.items ?? [] {
            for path in rule["http"]?["paths"]?.items ?? [] {
                if let n = path["backend"]?["service"]?["name"]?.string ?? path["backend"]?["serviceName"]?.string { names.insert(n) }
            }
        }
        return names
    }

    /// Every workload and Compose service some element of this design links to (directly or through a Service).
    var claimed: (workloads: [Workload], compose: [ComposeService]) {
        var w: [Workload] = []
        var c: [ComposeService] = []
        for element in model.elements {
            let impl = implementation(of: element)
            w += impl.workloads
            c += impl.compose.map(\.service)
        }
        return (w, c)
    }

    // MARK: Live side

    /// The host an endpoint answers on: its own, else the element's first `host` link.
    func host(of endpoint: DesignEndpoint, in element: DesignService) -> String? {
        endpoint.host ?? element.implementedBy.first { $0.kind == .host }?.name
    }

    /// Hosts an element answers on: its endpoints' and its `host` links.
    func hosts(of element: DesignService) -> Set<String> {
        Set(element.endpoints.compactMap(\.host) + element.implementedBy.filter { $0.kind == .host }.map(\.name))
    }

    func portFacts(host: String) -> [HostPortFacts] {
        facts.set.hosts.filter { $0.host == host || $0.ip == host }
    }

    func openPort(host: String, port: Int) -> PortFact? {
        portFacts(host: host).lazy.compactMap { h in h.openPorts.first { $0.port == port } }.first
    }

    func tlsFacts(host: String, port: Int) -> [TLSEndpointFacts] {
        facts.set.tls.filter { ($0.host == host || $0.ip == host) && $0.port == port }
    }

    /// Every endpoint of the design with its element.
    var endpoints: [(element: DesignService, endpoint: DesignEndpoint)] {
        model.elements.flatMap { e in e.endpoints.map { (e, $0) } }
    }

    // MARK: Related places

    func related(_ element: some DesignLocated, field: String?, _ message: String) -> RelatedLocation {
        RelatedLocation(location: field.map { element.location(of: $0) } ?? element.location, message: "design: " + message)
    }

    static func related(_ resource: some Locatable, at field: FieldRef, _ message: String) -> RelatedLocation {
        RelatedLocation(location: resource.subject(at: field).location, message: "manifest: " + message)
    }

    static func related(live endpoint: Endpoint, _ message: String) -> RelatedLocation {
        RelatedLocation(endpoint: endpoint, message: "live: " + message)
    }
}

/// What implements one design element in the manifests.
struct Implementation: Sendable {
    var workloads: [Workload] = []
    var services: [KubernetesObject] = []
    var ingresses: [KubernetesObject] = []
    var compose: [(project: ComposeProject, service: ComposeService)] = []
    /// Manifest links that matched nothing.
    var missing: [DesignLink] = []

    var isEmpty: Bool { workloads.isEmpty && services.isEmpty && ingresses.isEmpty && compose.isEmpty }
}

extension DesignService.Exposure {
    /// Reachable from outside the system.
    var isOutside: Bool { self == .public || self == .partner }
}

extension DesignService {
    /// The widest exposure the design allows the element: its own or any endpoint's.
    var widestExposure: Exposure {
        let all = [exposure] + endpoints.compactMap(\.exposure)
        if all.contains(.public) { return .public }
        if all.contains(.partner) { return .partner }
        return exposure
    }
}

/// Builds drift rule examples: a design (the usual zones, level 2), then manifests, then the stages and live
/// facts the audit recorded, as a `# facts:` comment the example runner reads.
enum DriftExample {
    static func yaml(_ design: String, manifests: String = "", stages: [String] = [DriftStage.design, DriftStage.manifests],
                     live: String = "") -> String {
        let stageList = stages.map { "\"\($0)\"" }.joined(separator: ",")
        let extra = live.isEmpty ? "" : ", " + live
        return DesignExample.design(design) + (manifests.isEmpty ? "" : "---\n" + manifests + "\n")
            + "# facts: {\"stages\": [\(stageList)]\(extra)}\n"
    }

    static let allStages = DriftStage.all

    /// A port-scan fact for one host: `ports` is the JSON list of port facts.
    static func hosts(_ host: String, _ ports: String, spec: String = "1-65535") -> String {
        "\"hosts\": [{\"host\": \"\(host)\", \"ip\": \"\(host)\", \"portSpec\": \"\(spec)\", \"ports\": [\(ports)]}]"
    }
}

extension Reference {
    static func nist80053Drift(_ control: String) -> Reference { .nist80053(control) }
    static let owaspTopTenMisconfig = Reference("OWASP Top 10 2021", section: "A05 Security Misconfiguration",
                                                url: "https://owasp.org/Top10/A05_2021-Security_Misconfiguration/")
}

/// Whether a port specification as written (`22,80,8000-8100`, `all`) covers `port`; nil when it cannot
/// say (`top` lists are the probe's own), so a rule assumes nothing.
func portSpecCovers(_ spec: String?, _ port: Int) -> Bool? {
    guard let spec = spec?.lowercased() else { return nil }
    if spec == "all" || spec == "-" { return true }
    var known = true
    for part in spec.split(separator: ",") {
        let bounds = part.split(separator: "-", maxSplits: 1).map { Int(String($0).trimmingWhitespace) }
        if bounds.count == 1, let p = bounds[0] {
            if p == port { return true }
        } else if bounds.count == 2, let lo = bounds[0], let hi = bounds[1] {
            if lo <= port && port <= hi { return true }
        } else {
            known = false
        }
    }
    return known ? false : nil
}

extension DriftView {
    /// The live endpoint a declared endpoint maps to, as a subject part.
    func liveEndpoint(host: String, port: Int, service: String? = nil) -> Endpoint {
        Endpoint(host: host, port: port, service: service)
    }

    /// A finding at a declared endpoint's field, about what was seen live on it.
    func finding(_ context: RuleContext, element: DesignService, endpoint e: DesignEndpoint, field: String, host: String,
                 _ message: String, seen: String, evidence: String? = nil) -> Finding {
        let live = liveEndpoint(host: host, port: e.port, service: e.protocol)
        let location = e.fields[field] ?? e.location
        return context.finding(subject: Subject(location: location, resource: element.resourceName,
                                                fieldPath: e.fields[field] == nil ? nil : field, endpoint: live),
                               message, evidence: evidence, discriminator: "\(e.port)")
            .relating([DriftView.related(live: live, seen)])
    }
}
