import Foundation
import RampartCore
import RampartProbe

/// Time limits of a live run: one per target (per address, in TLS mode; per scan, in port mode) and one
/// for the whole run. What either cuts short is reported as incomplete, never as passed.
public struct ProbeBudget: Sendable {
    /// Seconds one target may take (`--target-timeout`).
    public var targetSeconds: Double = 120
    /// Seconds the whole run may take (`--max-time`); nil for no limit.
    public var runSeconds: Double?
    /// Monotonic end of the run, fixed when the run starts.
    public private(set) var runDeadline: Double = .infinity
    private var started = false

    public init(targetSeconds: Double = 120, runSeconds: Double? = nil) {
        self.targetSeconds = targetSeconds
        self.runSeconds = runSeconds
    }

    /// This budget with the run's clock started now (once: a started budget keeps its deadline).
    public func starting() -> ProbeBudget {
        guard !started else { return self }
        var copy = self
        copy.started = true
        copy.runDeadline = runSeconds.map { Clock.now + $0 } ?? .infinity
        return copy
    }

    /// The deadline of a target that starts now.
    func targetDeadline() -> Double { min(runDeadline, Clock.now + targetSeconds) }

    /// Whether work that had `deadline` was cut short by it, and by which limit, in user terms.
    func cutShort(_ deadline: Double) -> String? {
        guard deadline.isFinite, Clock.now >= deadline else { return nil }
        if deadline >= runDeadline, let runSeconds {
            return "incomplete: the run's time limit (--max-time \(seconds(runSeconds))s) ran out; results are partial, not passed"
        }
        return "incomplete: the per-target time budget (--target-timeout \(seconds(targetSeconds))s) ran out; results are partial, not passed"
    }

    private func seconds(_ s: Double) -> String { s == s.rounded() ? String(Int(s)) : String(s) }
}

/// Everything a live run needs besides its targets; `rampart probe` fills it from flags, and a config-file
/// entry point can fill it from its file.
public struct ProbeRunOptions: Sendable {
    /// TLS audit knobs (timeouts, SNI, CA file, HTTP).
    public var tls = TLSProbeOptions()
    /// Port mode when set: scan these ports, identify services, then audit every port found speaking TLS.
    public var ports: PortSpec?
    /// Port scan and identification knobs (used in port mode).
    public var portAudit = PortAuditOptions()
    /// Networks and names every connection must stay in (`--scope`), in every mode.
    public var scope: Scope?
    /// Port mode: run the TLS audit on ports found speaking TLS.
    public var auditTLSPorts = true
    /// Also check that plain HTTP on this port redirects to HTTPS.
    public var httpRedirectPort: Int?
    public var budget = ProbeBudget()

    public init() {}
}

/// Live runs: target parsing (one parser for arguments and files), scope, URL rewriting, de-duplication,
/// the port scan and the port -> TLS chain. The CLI only builds `ProbeRunOptions` and hands the facts on.
public enum ProbeRun {
    /// Where a target text came from, for messages.
    public struct TargetText: Sendable {
        public var text: String
        /// `target` for a command-line argument, `FILE:LINE` for a line of a targets file.
        public var place: String
        public init(text: String, place: String) {
            self.text = text
            self.place = place
        }
    }

    /// Target texts from command-line arguments and a targets file's text (one a line, `#` comments).
    public static func targetTexts(arguments: [String], file: (text: String, source: String)? = nil) -> [TargetText] {
        var out = arguments.map { TargetText(text: $0, place: "target") }
        if let file {
            for (i, raw) in file.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let entry = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)?.trimmingWhitespace ?? ""
                if !entry.isEmpty { out.append(TargetText(text: entry, place: "\(file.source):\(i + 1)")) }
            }
        }
        return out
    }

    /// Parses every target (host, host:port, [v6]:port, IP literal, URL, CIDR); errors name where each came from.
    public static func parse(_ texts: [TargetText]) -> Result<[PortTarget], RunError> {
        var targets: [PortTarget] = []
        var errors: [String] = []
        for t in texts {
            switch PortTarget.parse(t.text) {
            case .success(let target): targets.append(target)
            case .failure(let e): errors.append("\(t.place == "target" ? "target" : t.place + ":") \(ProbeText.printable(e.description))")
            }
        }
        if !errors.isEmpty { return .failure(RunError(errors.joined(separator: "\n"))) }
        if targets.isEmpty { return .failure(RunError("no targets (the targets file is empty)")) }
        return .success(targets)
    }

    /// A targets file's text.
    public static func readTargetsFile(_ path: String) -> Result<String, RunError> {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            return .failure(RunError("--targets \(path): cannot read the file as UTF-8 text"))
        }
        return .success(text)
    }

    /// The scope from `--scope`: a file when one exists at that path, else the list itself.
    public static func loadScope(_ spec: String) -> Result<Scope, RunError> {
        var text = spec
        var source = "--scope"
        if FileManager.default.fileExists(atPath: spec) {
            guard let data = FileManager.default.contents(atPath: spec) else { return .failure(RunError("--scope: cannot read \(spec)")) }
            text = String(decoding: data, as: UTF8.self)
            source = spec
        }
        return Scope.parse(text, source: source).mapError { RunError("--scope: \($0)") }
    }

    /// Open ports whose identified service upgrades to TLS and did not say it cannot, grouped by protocol
    /// in a stable order.
    static func starttlsTargets(_ hosts: [HostPortFacts]) -> [(STARTTLSProtocol, [Target])] {
        var groups: [STARTTLSProtocol: [Target]] = [:]
        for host in hosts {
            for port in host.openPorts where port.tls != true && port.tlsUpgrade != false {
                guard let proto = port.service.flatMap(STARTTLSProtocol.forService) else { continue }
                let target = Target(host: host.host, port: port.port, scheme: nil, original: "\(host.host):\(port.port)")
                if groups[proto]?.contains(target) != true { groups[proto, default: []].append(target) }
            }
        }
        return STARTTLSProtocol.allCases.compactMap { proto in groups[proto].map { (proto, $0) } }
    }

    /// Probes the targets and returns the facts for judging. Targets refused for scope, unreachable or cut
    /// short by the budget are input problems in the facts (exit 2), never silent skips.
    public static func collect(targets: [PortTarget], options: ProbeRunOptions) -> FactSet {
        NetRuntime.prepare()
        let budget = options.budget.starting()
        var tlsOptions = options.tls
        tlsOptions.dialer.scope = options.scope
        if let ports = options.ports {
            var portOptions = options.portAudit
            portOptions.scope = options.scope
            portOptions.budget = budget
            var facts = PortAudit.run(targets: targets, ports: ports, options: portOptions)
            guard options.auditTLSPorts else { return facts }
            // Every port that answered TLS gets the full audit, by host name so that SNI and every address
            // are covered as in TLS mode.
            var tlsTargets: [Target] = []
            for host in facts.hosts {
                for port in host.openPorts where port.tls == true {
                    let target = Target(host: host.host, port: port.port, scheme: "https", original: "\(host.host):\(port.port)")
                    if !tlsTargets.contains(target) { tlsTargets.append(target) }
                }
            }
            if !tlsTargets.isEmpty {
                tlsOptions.plainHTTPPort = options.httpRedirectPort
                facts.merge(TLSAudit.run(targets: tlsTargets, options: tlsOptions, budget: budget))
            }
            // Plaintext services that upgrade to TLS get the same audit through their STARTTLS preamble, one
            // run per protocol (a service that said it has no upgrade is judged by the port rules instead).
            for (proto, targets) in starttlsTargets(facts.hosts) {
                var upgrade = options.tls
                upgrade.dialer.scope = options.scope
                upgrade.starttls = proto
                upgrade.starttlsAuto = false
                facts.merge(TLSAudit.run(targets: targets, options: upgrade, budget: budget))
            }
            return facts
        }
        // TLS mode. Plain HTTP only when the user asked: a flag, or an http:// target, which then stands for
        // the host's HTTPS endpoint on 443 plus the redirect check on its own port.
        var facts = FactSet()
        var hosts: [Target] = []
        for target in targets {
            switch target {
            case .host(let t): hosts.append(t)
            case .network(_, let original):
                facts.sources.append(original)
                facts.problems.append(InputProblem(kind: .targetUnreachable, source: original,
                    message: "\(original): a CIDR range is probed only in port mode (--ports) and inside --scope; refused before any packet was sent"))
            }
        }
        tlsOptions.plainHTTPPort = options.httpRedirectPort ?? hosts.first { $0.scheme == "http" }?.port
        var tlsTargets: [Target] = []
        for t in hosts {
            let target = t.scheme == "http" ? Target(host: t.host, port: 443, scheme: "https", original: t.original) : t
            if !tlsTargets.contains(where: { $0.host == target.host && ($0.port ?? 443) == (target.port ?? 443) }) { tlsTargets.append(target) }
        }
        facts.merge(TLSAudit.run(targets: tlsTargets, options: tlsOptions, budget: budget))
        return facts
    }
}
