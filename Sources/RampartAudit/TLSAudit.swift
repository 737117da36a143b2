import RampartCore
import RampartProbe

/// Live TLS audit: resolves each target to all its addresses, checks them against the scope, and probes
/// every address, at bounded concurrency overall and per host, on a small pool of dedicated threads
/// (probes block on sockets, so they stay off Swift's cooperative pool). Every connection goes through the
/// job's `Dialer` (scope and time budget). A target that cannot be probed, or is cut short by the budget,
/// becomes an input problem; the others go on.
public enum TLSAudit {
    public static func run(targets: [Target], options: TLSProbeOptions, budget: ProbeBudget = ProbeBudget()) -> FactSet {
        let budget = budget.starting()
        var facts = FactSet()
        var jobs: [Job] = []
        let scope = options.dialer.scope
        for target in targets {
            let port = target.port ?? options.starttls?.defaultPort ?? 443
            let source = target.host.contains(":") ? "[\(target.host)]:\(port)" : "\(target.host):\(port)"
            facts.sources.append(source)
            let resolved: Result<[String], NetError> = Resolver.isLiteral(target.host) ? .success([target.host]) : Resolver.resolve(target.host)
            switch resolved {
            case .failure(let e):
                facts.problems.append(InputProblem(kind: .targetUnreachable, source: source, message: e.description))
            case .success(let ips):
                if let refusal = Scope.refusal(for: .host(target), scope: scope, addresses: ips) {
                    facts.problems.append(InputProblem(kind: .targetUnreachable, source: source, message: refusal))
                    continue
                }
                let sni: String? = options.noSNI ? nil : (options.sni ?? (Resolver.isLiteral(target.host) ? nil : target.host))
                // In scope by name: the name's own addresses may be dialled, and no others.
                let named: Set<String> = scope?.names.contains(target.host.lowercased()) == true ? Set(ips) : []
                for ip in ips {
                    jobs.append(Job(target: target, host: target.host, source: source, address: SocketAddress(ip: ip, port: port), sni: sni, named: named))
                }
            }
        }
        let results = WorkPool.map(jobs, threads: max(1, options.concurrency), perKey: max(1, options.perHost), key: { $0.host }) { job in
            var jobOptions = options
            jobOptions.dialer.namedAddresses.formUnion(job.named)
            jobOptions.dialer.deadline = min(options.dialer.deadline, budget.targetDeadline())
            if options.starttlsAuto, options.starttls == nil { jobOptions.starttls = STARTTLSProtocol.guess(port: job.address.port) }
            let result = probe(job, options: jobOptions)
            return (result, budget.cutShort(jobOptions.dialer.deadline))
        }
        for (job, (result, cut)) in zip(jobs, results) {
            let where_ = job.address.ip == job.host ? job.source : "\(job.source) (\(job.address.ip))"
            switch result {
            case .success(let endpoint): facts.tls.append(endpoint)
            case .failure(let e) where cut != nil && (e == .budgetExhausted || e.isTimeout): break
            case .failure(let e):
                facts.problems.append(InputProblem(kind: .targetUnreachable, source: job.source, message: "\(where_): \(e)"))
            }
            if let cut {
                facts.problems.append(InputProblem(kind: .targetUnreachable, source: job.source, message: "\(where_): \(cut)"))
            }
        }
        return facts
    }

    struct Job: Sendable {
        var target: Target
        var host: String
        var source: String
        var address: SocketAddress
        var sni: String?
        var named: Set<String>
    }

    /// Raw enumeration, then the real handshake for the certificate and HTTP.
    static func probe(_ job: Job, options: TLSProbeOptions) -> Result<TLSEndpointFacts, NetError> {
        var prober = TLSProber(host: job.host, address: job.address, serverName: job.sni, options: options)
        switch prober.run() {
        case .failure(let e): return .failure(e)
        case .success(var endpoint):
            if endpoint.protocols.contains(where: { ["TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3"].contains($0) }) {
                if options.delay > 0 { NetRuntime.pause(seconds: options.delay, until: options.dialer.deadline) }
                let session = CertificateProbe.run(address: job.address, host: job.host, serverName: job.sni, options: options)
                endpoint.handshakes += session.handshakes
                if let cert = session.certificate { endpoint.certificate = cert }
                if let error = session.error { endpoint.errors.append("certificate: \(error)") }
                if options.http { endpoint.http = session.http }
                // Resumption needs a handshake that works; a server the certificate probe could not reach is not retried.
                if session.certificate != nil {
                    let resumption = ResumptionProbe.run(address: job.address, host: job.host, serverName: job.sni,
                                                         protocols: endpoint.protocols, options: options)
                    endpoint.resumption = resumption.facts
                    endpoint.handshakes += resumption.handshakes
                }
            }
            if let port = options.plainHTTPPort, options.starttls == nil {
                var http = endpoint.http ?? HTTPFacts()
                http.plainRedirect = HTTPProbe.plainRedirect(address: SocketAddress(ip: job.address.ip, port: port), host: job.host,
                                                             timeout: options.timeout, via: options.dialer)
                endpoint.http = http
            }
            return .success(endpoint)
        }
    }
}

extension NetError {
    var isTimeout: Bool {
        if case .timeout = self { return true }
        return false
    }
}
