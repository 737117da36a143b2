#if canImport(Glibc)
import Glibc
#endif
import RampartCore
import RampartProbe

/// Live TLS audit: resolves each target to all its addresses and probes every address, at bounded
/// concurrency overall and per host, on a small pool of dedicated threads (probes block on sockets, so
/// they stay off Swift's cooperative pool). A target that cannot be probed becomes an input problem; the
/// others go on.
public enum TLSAudit {
    public static func run(targets: [Target], options: TLSProbeOptions) -> FactSet {
        var facts = FactSet()
        var jobs: [Job] = []
        for target in targets {
            let port = target.port ?? 443
            let source = target.host.contains(":") ? "[\(target.host)]:\(port)" : "\(target.host):\(port)"
            facts.sources.append(source)
            switch Resolver.resolve(target.host) {
            case .failure(let e):
                facts.problems.append(InputProblem(kind: .targetUnreachable, source: source, message: e.description))
            case .success(let ips):
                let sni: String? = options.noSNI ? nil : (options.sni ?? (Resolver.isLiteral(target.host) ? nil : target.host))
                for ip in ips {
                    jobs.append(Job(target: target, host: target.host, source: source, address: SocketAddress(ip: ip, port: port), sni: sni))
                }
            }
        }
        let results = WorkPool.map(jobs, threads: max(1, options.concurrency), perKey: max(1, options.perHost), key: { $0.host }) { job in
            probe(job, options: options)
        }
        for (job, result) in zip(jobs, results) {
            switch result {
            case .success(let endpoint): facts.tls.append(endpoint)
            case .failure(let e):
                let where_ = job.address.ip == job.host ? job.source : "\(job.source) (\(job.address.ip))"
                facts.problems.append(InputProblem(kind: .targetUnreachable, source: job.source, message: "\(where_): \(e)"))
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
    }

    /// Raw enumeration, then the real handshake for the certificate and HTTP.
    static func probe(_ job: Job, options: TLSProbeOptions) -> Result<TLSEndpointFacts, NetError> {
        var prober = TLSProber(host: job.host, address: job.address, serverName: job.sni, options: options)
        switch prober.run() {
        case .failure(let e): return .failure(e)
        case .success(var endpoint):
            if endpoint.protocols.contains(where: { ["TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3"].contains($0) }) {
                if options.delay > 0 { sleep(seconds: options.delay) }
                let session = CertificateProbe.run(address: job.address, host: job.host, serverName: job.sni, options: options)
                endpoint.handshakes += session.handshakes
                if let cert = session.certificate { endpoint.certificate = cert }
                if let error = session.error { endpoint.errors.append("certificate: \(error)") }
                if options.http { endpoint.http = session.http }
            }
            if let port = options.plainHTTPPort {
                var http = endpoint.http ?? HTTPFacts()
                http.plainRedirect = HTTPProbe.plainRedirect(address: SocketAddress(ip: job.address.ip, port: port), host: job.host, timeout: options.timeout)
                endpoint.http = http
            }
            return .success(endpoint)
        }
    }
}

func sleep(seconds: Double) {
    var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - seconds.rounded(.down)) * 1e9))
    var left = timespec()
    while nanosleep(&request, &left) != 0, errno == EINTR { request = left }
}
