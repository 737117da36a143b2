import Foundation
import RampartCore
import RampartProbe

/// How a port audit runs: the scan's and the probes' knobs, the scope, and whether to draw progress.
public struct PortAuditOptions: Sendable {
    public var scan = PortScanOptions()
    public var probes = ServiceProbeOptions()
    /// The UDP scan's knobs (used when the port specification names UDP ports).
    public var udp = UDPScanOptions()
    /// Networks and names the targets must lie in; CIDR targets need one.
    public var scope: Scope?
    /// Identify services on open ports (off: states only).
    public var identify = true
    /// Draw progress on stderr (the CLI sets it only when stderr is a terminal).
    public var progress = false
    /// At most this many open ports are identified per run: a host (or SYN proxy) that accepts every port
    /// would otherwise cost 65,535 rounds of probes. The rest stay open, unprobed, and a problem says so.
    public var maxIdentified = 4096
    /// Time limits: the per-target budget counts from the start of the scan (all hosts are scanned
    /// together) and covers identification too; the run limit caps it.
    public var budget = ProbeBudget()

    public init() {}
}

/// Live port audit: checks every target against the scope and resolves it before any packet is sent,
/// scans all addresses in one connect scan, identifies what answers on each open port, and records the
/// facts. A target that cannot be probed becomes an `InputProblem`; the others go on.
public enum PortAudit {
    struct Job {
        let target: PortTarget
        let hostName: String
        let ip: String
        let ports: [Int]
        var udpPorts: [Int] = []
    }

    public static func run(targets: [PortTarget], ports: PortSpec, options: PortAuditOptions) -> FactSet {
        var facts = FactSet()
        var jobs: [Job] = []
        for target in targets {
            facts.sources.append(target.description)
            switch plan(target, ports: ports, scope: options.scope) {
            case .success(let planned): jobs += planned
            case .failure(let reason):
                facts.problems.append(InputProblem(kind: .targetUnreachable, source: target.description, message: reason.description))
            }
        }
        guard !jobs.isEmpty else { return facts }
        let budget = options.budget.starting()
        // Every SYN and every identification connection goes through one dialer: the scope (planned
        // addresses were checked above; this holds for any address) and the deadline.
        let dialer = Dialer(scope: options.scope, namedAddresses: Set(jobs.map(\.ip)), deadline: budget.targetDeadline())
        var scanOptions = options.scan
        scanOptions.dialer = dialer
        var probeOptions = options.probes
        probeOptions.dialer = dialer
        var udpOptions = options.udp
        udpOptions.dialer = dialer

        var addresses: [SocketAddress] = []
        for job in jobs { for port in job.ports { addresses.append(SocketAddress(ip: job.ip, port: port)) } }
        // Interleave hosts so that no single host takes the whole burst of connections.
        addresses = interleave(addresses, hosts: jobs.count)
        let reporter = options.progress ? PortProgressLine() : nil
        let states = PortScanner.scan(addresses, options: scanOptions) { done, total in reporter?.show("scanning: \(done)/\(total) ports") }

        var openAddresses: [(SocketAddress, String)] = []
        for job in jobs {
            for port in job.ports where states[SocketAddress(ip: job.ip, port: port)] == .open {
                openAddresses.append((SocketAddress(ip: job.ip, port: port), job.hostName))
            }
        }
        var identified: [SocketAddress: PortFact] = [:]
        if options.identify, openAddresses.count > options.maxIdentified {
            facts.problems.append(InputProblem(kind: .targetUnreachable, source: targets.map(\.description).joined(separator: " "),
                message: "\(openAddresses.count) ports answered as open; services were identified on the first \(options.maxIdentified) only (a host or proxy that accepts every port hides what really listens)"))
            openAddresses = Array(openAddresses.prefix(options.maxIdentified))
        }
        if options.identify {
            identified = identifyAll(openAddresses, options: probeOptions) { done, total in reporter?.show("identifying: \(done)/\(total) open ports") }
        }
        // UDP after TCP: each port is asked every UDP probe's question, with retries, through the same dialer.
        var udpAddresses: [SocketAddress] = []
        for job in jobs { for port in job.udpPorts { udpAddresses.append(SocketAddress(ip: job.ip, port: port)) } }
        let udpResults = udpAddresses.isEmpty ? [:] : UDPScanner.scan(interleave(udpAddresses, hosts: jobs.count), options: udpOptions) { done, total in
            reporter?.show("UDP: \(done)/\(total) questions")
        }
        reporter?.finish()
        let cut = budget.cutShort(dialer.deadline)

        for job in jobs {
            var host = HostPortFacts(host: job.hostName, ip: job.ip, portSpec: ports.text, portsScanned: job.ports.count)
            var closed = 0, filtered: [Int] = [], unscanned = 0
            for port in job.ports {
                let address = SocketAddress(ip: job.ip, port: port)
                // A port the budget left unscanned has no state: it is counted, never taken as filtered.
                guard let state = states[address] else { unscanned += 1; continue }
                switch state {
                case .open: host.ports.append(identified[address] ?? PortFact(port: port, state: .open))
                case .closed: closed += 1
                case .filtered: filtered.append(port)
                }
            }
            var udpClosed = 0, udpSilent = 0
            for port in job.udpPorts {
                switch udpResults[SocketAddress(ip: job.ip, port: port)] {
                case .open(let fact)?: host.ports.append(fact)
                case .closed?: udpClosed += 1
                case .openFiltered?: udpSilent += 1
                case .notScanned?, nil: unscanned += 1
                }
            }
            if !job.udpPorts.isEmpty {
                host.udpPortSpec = ports.udpPorts.isEmpty ? nil : ports.text
                host.udpPortsScanned = job.udpPorts.count
                host.udpClosedCount = udpClosed
                host.udpOpenFilteredCount = udpSilent
            }
            host.closedCount = closed
            host.filteredCount = filtered.count
            if filtered.count <= PortFact.filteredListLimit {
                host.ports += filtered.map { PortFact(port: $0, state: .filtered) }
            }
            host.ports.sort { ($0.port, $0.transport ?? "tcp") < ($1.port, $1.transport ?? "tcp") }
            if let cut {
                let which = unscanned > 0 ? " (\(unscanned) of \(job.ports.count + job.udpPorts.count) ports not scanned)" : ""
                facts.problems.append(InputProblem(kind: .targetUnreachable, source: job.target.description, message: "\(job.ip): \(cut)\(which)"))
            } else if unscanned > 0 {
                // Only a dialer refusal leaves ports unscanned without a cut; never let that pass quietly.
                facts.problems.append(InputProblem(kind: .targetUnreachable, source: job.target.description,
                    message: "\(job.ip): incomplete: \(unscanned) of \(job.ports.count + job.udpPorts.count) ports were not scanned"))
            } else if closed == 0 && udpClosed == 0 && host.openPorts.isEmpty {
                let udp = job.udpPorts.isEmpty ? "" : " and \(job.udpPorts.count) UDP ports (no protocol reply after \(options.udp.retries + 1) tries: open|filtered)"
                facts.problems.append(InputProblem(kind: .targetUnreachable, source: job.target.description,
                    message: "\(job.ip): no answer on any of \(job.ports.count) TCP ports within \(format(options.scan.timeout))s (\(options.scan.retries + 1) tries)\(udp); host down or filtered"))
            }
            facts.hosts.append(host)
        }
        return facts
    }

    /// Resolves a target and checks it against the scope; the error names the target and the reason.
    static func plan(_ target: PortTarget, ports: PortSpec, scope: Scope?) -> Result<[Job], RunError> {
        switch target {
        case .network(let cidr, let original):
            if let refusal = Scope.refusal(for: target, scope: scope) { return .failure(RunError(refusal)) }
            switch cidr.addresses() {
            case .success(let ips): return .success(ips.map { Job(target: target, hostName: $0, ip: $0, ports: ports.ports, udpPorts: ports.udpPorts) })
            case .failure(let e): return .failure(RunError("\(original): \(e.description)"))
            }
        case .host(let t):
            let ips: [String]
            if Resolver.isLiteral(t.host) {
                ips = [t.host]
            } else {
                switch Resolver.resolve(t.host) {
                case .success(let found): ips = found
                case .failure(let e): return .failure(RunError("\(t.original): \(e)"))
                }
            }
            if let refusal = Scope.refusal(for: target, scope: scope, addresses: ips) { return .failure(RunError(refusal)) }
            // `host:port` names one port; otherwise the port specification applies.
            // `host:port` names one TCP port; the UDP ports of the specification still apply.
            let list = t.port.map { [$0] } ?? ports.ports
            return .success(ips.map { Job(target: target, hostName: t.host, ip: $0, ports: list, udpPorts: ports.udpPorts) })
        }
    }

    static func interleave(_ addresses: [SocketAddress], hosts: Int) -> [SocketAddress] {
        guard hosts > 1 else { return addresses }
        var byHost: [String: [SocketAddress]] = [:]
        var order: [String] = []
        for a in addresses {
            if byHost[a.ip] == nil { order.append(a.ip) }
            byHost[a.ip, default: []].append(a)
        }
        var out: [SocketAddress] = []
        out.reserveCapacity(addresses.count)
        var i = 0
        var added = true
        while added {
            added = false
            for ip in order where i < byHost[ip]!.count {
                out.append(byHost[ip]![i])
                added = true
            }
            i += 1
        }
        return out
    }

    /// Identifies open ports on a bounded number of worker threads (probes block on their sockets).
    static func identifyAll(_ items: [(SocketAddress, String)], options: ServiceProbeOptions,
                            progress: @escaping @Sendable (Int, Int) -> Void) -> [SocketAddress: PortFact] {
        let facts = WorkPool.map(items, threads: max(1, min(options.parallelism, items.count)),
                                 onFinish: { progress($0, items.count) }) { address, name in
            ServiceIdentifier.identify(address, hostName: name, options: options)
        }
        var found: [SocketAddress: PortFact] = [:]
        for (item, fact) in zip(items, facts) { found[item.0] = fact }
        return found
    }

    static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}

/// One self-overwriting progress line on stderr, at most ten times a second.
final class PortProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private var last = 0.0
    private var drawn = false

    func show(_ text: String) {
        lock.lock(); defer { lock.unlock() }
        let now = Date().timeIntervalSince1970
        guard now - last > 0.1 else { return }
        last = now
        drawn = true
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
    }

    func finish() {
        lock.lock(); defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
