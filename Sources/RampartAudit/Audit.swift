import Foundation
import RampartCore
import RampartDesign
import RampartManifests
import RampartProbe
import RampartRules

/// `rampart audit`: design → manifests → live, every stage's facts in one FactSet, judged together (so
/// that drift rules see all sides) by the same evaluator as every other run.
public enum Audit {
    public struct Options: Sendable {
        /// Stages to run (`design`, `manifests`, `live`); nil runs every stage the config names.
        public var stages: Set<String>?
        /// Skip the live stage whatever the config says.
        public var offline = false
        /// Run the live stage even when the config sets `live.enabled: false`.
        public var live = false

        public init(stages: Set<String>? = nil, offline: Bool = false, live: Bool = false) {
            self.stages = stages
            self.offline = offline
            self.live = live
        }
    }

    /// Stage names `--stage` accepts, in run order.
    public static let stageNames = DriftStage.all

    /// Collects the facts of the chosen stages. A live stage that cannot run as asked (no `live:` section,
    /// a target outside the scope, a bad port list) fails the whole audit before any packet is sent.
    public static func collect(_ config: AuditConfig, options: Options, progress: (String) -> Void = { _ in }) -> Result<FactSet, RunError> {
        if let stages = options.stages, let unknown = stages.first(where: { !stageNames.contains($0) }) {
            return .failure(RunError("--stage: unknown stage '\(unknown)'; stages are \(stageNames.joined(separator: ", "))"))
        }
        if options.offline && options.live { return .failure(RunError("--offline and --live exclude each other")) }
        let wanted = options.stages ?? Set(stageNames)
        if options.offline && options.stages?.contains(DriftStage.live) == true {
            return .failure(RunError("--offline skips the live stage, but --stage asks for it"))
        }
        let runLive: Bool
        if options.offline || !wanted.contains(DriftStage.live) {
            runLive = false
        } else if let live = config.live {
            runLive = live.enabled || options.live || options.stages?.contains(DriftStage.live) == true
        } else {
            if options.live || options.stages?.contains(DriftStage.live) == true {
                return .failure(RunError("\(config.file): no `live:` section, so there is no live stage to run"))
            }
            runLive = false
        }

        let collector = InputCollector()
        var facts = FactSet()
        if wanted.contains(DriftStage.design), !config.designs.isEmpty {
            progress("design: \(config.designs.joined(separator: ", "))")
            facts.merge(DesignCollector.resolve(collector.collect(paths: config.designs.map(config.resolve)), collector: collector))
            facts.stages.append(DriftStage.design)
        }
        if wanted.contains(DriftStage.manifests), !config.manifests.isEmpty {
            progress("manifests: \(config.manifests.joined(separator: ", "))")
            var manifests = DesignCollector.resolve(collector.collect(paths: config.manifests.map(config.resolve)), collector: collector)
            // A design that also sits under a manifest path is the same design: judged once.
            let loaded = Set(facts.design.map(\.file)), designFiles = Set(facts.design.flatMap(\.files))
            manifests.design.removeAll { loaded.contains($0.file) }
            manifests.problems.removeAll { designFiles.contains($0.source) }
            manifests.sources.removeAll { designFiles.contains($0) }
            facts.merge(manifests)
            facts.stages.append(DriftStage.manifests)
        }
        if runLive, let live = config.live {
            switch liveFacts(config, live, designs: facts.design, progress: progress) {
            case .success(let f):
                facts.merge(f)
                facts.stages.append(DriftStage.live)
            case .failure(let e): return .failure(e)
            }
        }
        if facts.stages.isEmpty {
            return .failure(RunError("nothing to audit: the chosen stages (\(wanted.sorted().joined(separator: ", "))) name no input in \(config.file)"))
        }
        return .success(facts)
    }

    /// Hosts and ports the design declares, for live targets when the config names none.
    static func declared(_ designs: [DesignModel]) -> (hosts: [String], ports: [Int]) {
        var hosts: [String] = []
        var ports: Set<Int> = []
        for element in designs.flatMap(\.elements) {
            for e in element.endpoints where e.transport == "tcp" {
                ports.insert(e.port)
                if let h = e.host, !hosts.contains(h) { hosts.append(h) }
            }
            for link in element.implementedBy where link.kind == .host && !hosts.contains(link.name) { hosts.append(link.name) }
        }
        return (hosts, ports.sorted())
    }

    static func liveFacts(_ config: AuditConfig, _ live: AuditConfig.Live, designs: [DesignModel],
                          progress: (String) -> Void) -> Result<FactSet, RunError> {
        let place = "\(live.location.file):\(live.location.line)"
        let scope: Scope
        switch Scope.parse(live.scope.joined(separator: ","), source: "\(place) live.scope") {
        case .success(let s): scope = s
        case .failure(let e): return .failure(RunError(e.description))
        }
        let declared = declared(designs)
        let texts = live.targets.isEmpty ? declared.hosts : live.targets
        guard !texts.isEmpty else {
            return .failure(RunError("\(place): the live stage has no targets: name live.targets, or hosts on the design's endpoints"))
        }
        var targets: [PortTarget] = []
        var refusals: [String] = []
        for text in texts {
            switch PortTarget.parse(text) {
            case .failure(let e): refusals.append("\(place): live target \(text): \(e)")
            case .success(let target):
                // Scope is checked here, before the first packet to any target; the dialer checks it again.
                if let refusal = Scope.refusal(for: target, scope: scope, addresses: addresses(of: target, scope: scope)) {
                    refusals.append("\(place): \(refusal)")
                } else {
                    targets.append(target)
                }
            }
        }
        guard refusals.isEmpty else { return .failure(RunError(refusals.joined(separator: "\n"))) }

        var portText = declared.ports.map(String.init).joined(separator: ",")
        if let extra = live.ports { portText += (portText.isEmpty ? "" : ",") + extra }
        guard !portText.isEmpty else { return .failure(RunError("\(place): no ports to probe: the design declares none and live.ports is not set")) }
        let spec: PortSpec
        switch PortSpec.parse(portText) {
        case .success(let s): spec = s
        case .failure(let e): return .failure(RunError("\(place): live.ports: \(e)"))
        }

        var options = ProbeRunOptions()
        options.scope = scope
        options.ports = spec
        options.tls.timeout = live.timeout
        options.tls.sni = live.sni
        options.tls.caFile = live.caFile.map(config.resolve)
        options.tls.http = live.http
        options.portAudit.scan.timeout = min(live.timeout, 60)
        options.portAudit.probes = ServiceProbeOptions(connectTimeout: live.timeout, readTimeout: live.timeout, bannerWait: min(1, live.timeout))
        options.budget = ProbeBudget(targetSeconds: live.targetTimeout, runSeconds: live.maxTime)
        if let ca = options.tls.caFile, !FileManager.default.isReadableFile(atPath: ca) {
            return .failure(RunError("\(place): live.caFile \(ca): cannot read the file"))
        }
        progress("live: \(targets.map(\.description).joined(separator: ", ")) ports \(spec.text)")
        return .success(ProbeRun.collect(targets: targets, options: options))
    }

    /// Addresses to check a host target against the scope: the literal itself, or the name's addresses
    /// when the scope does not list the name (resolution asks the resolver, never the target).
    static func addresses(of target: PortTarget, scope: Scope) -> [String] {
        guard case .host(let t) = target, !scope.names.contains(t.host.lowercased()) else { return [] }
        if isIPLiteral(t.host) { return [t.host] }
        if case .success(let ips) = Resolver.resolve(t.host) { return ips }
        return []
    }

    static func isIPLiteral(_ host: String) -> Bool {
        var v4 = in_addr(), v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }
}

/// Live findings of endpoints the design declares get the design line as their physical location (a port the
/// design does not declare on a host it names: the line naming the host), so that an audit's SARIF has a
/// file and line for every finding about the design's hosts. Probe runs (no stages) are left as they are.
public enum AuditLocations {
    public static func place(_ report: Report) -> Report {
        // host|port -> the endpoint's line; host -> where the design names the host (for ports it does not declare).
        var places: [String: SourceLocation] = [:]
        var hosts: [String: SourceLocation] = [:]
        for design in report.design {
            for element in design.elements {
                let hostLinks = element.implementedBy.filter { $0.kind == .host }
                for link in hostLinks where hosts[link.name.lowercased()] == nil { hosts[link.name.lowercased()] = link.location }
                for e in element.endpoints {
                    if let h = e.host, hosts[h.lowercased()] == nil { hosts[h.lowercased()] = e.location(of: "host") }
                    for host in (e.host.map { [$0] } ?? []) + hostLinks.map(\.name) where places["\(host.lowercased())|\(e.port)"] == nil {
                        places["\(host.lowercased())|\(e.port)"] = e.location
                    }
                }
            }
        }
        guard !places.isEmpty || !hosts.isEmpty else { return report }
        func place(_ host: String, _ port: Int?) -> SourceLocation? {
            port.flatMap { places["\(host.lowercased())|\($0)"] } ?? hosts[host.lowercased()]
        }
        var out = report
        out.findings = report.findings.map { f in
            guard f.subject.location == nil, var endpoint = f.subject.endpoint else { return f }
            // An unreachable target names itself as `host:port` or `[v6]:port`.
            if endpoint.port == nil, let split = splitHostPort(endpoint.host) { (endpoint.host, endpoint.port) = split }
            guard let place = place(endpoint.host, endpoint.port) ?? endpoint.ip.flatMap({ place($0, endpoint.port) }) else { return f }
            // The fingerprint stays the probe's, so baselines and waivers keep matching.
            var placed = f
            placed.subject.location = place
            return placed
        }
        return out
    }

    static func splitHostPort(_ text: String) -> (String, Int)? {
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":"), let port = Int(rest.dropFirst()) else { return nil }
            return (String(text[text.index(after: text.startIndex)..<close]), port)
        }
        let parts = text.split(separator: ":")
        guard parts.count == 2, let port = Int(parts[1]) else { return nil }
        return (String(parts[0]), port)
    }
}
