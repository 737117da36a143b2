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

/// A fixed number of threads working through a list, with at most `perKey` items of one key at a time.
/// Results come back in input order.
enum WorkPool {
    static func map<T: Sendable, R: Sendable>(_ items: [T], threads: Int, perKey: Int, key: @escaping @Sendable (T) -> String,
                                              _ work: @escaping @Sendable (T) -> R) -> [R] {
        guard !items.isEmpty else { return [] }
        let state = PoolState<R>(count: items.count)
        let workers = min(threads, items.count)
        var handles: [pthread_t] = []
        for _ in 0..<workers {
            let box = Unmanaged.passRetained(WorkerBox {
                while let i = state.next(items: items, perKey: perKey, key: key) {
                    let r = work(items[i])
                    state.finish(i, r, key: key(items[i]))
                }
            })
            var thread = pthread_t()
            let rc = pthread_create(&thread, nil, { raw in
                let box = Unmanaged<WorkerBox>.fromOpaque(raw!).takeRetainedValue()
                box.body()
                return nil
            }, box.toOpaque())
            if rc == 0 { handles.append(thread) } else { box.release() }
        }
        if handles.isEmpty {
            // No thread could be started: do the work here rather than not at all.
            return items.map(work)
        }
        for t in handles { pthread_join(t, nil) }
        return state.results()
    }
}

private final class WorkerBox: @unchecked Sendable {
    let body: @Sendable () -> Void
    init(_ body: @escaping @Sendable () -> Void) { self.body = body }
}

/// Shared queue state, guarded by one mutex and a condition for items waiting on a busy key.
private final class PoolState<R: Sendable>: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var cond = pthread_cond_t()
    private var taken: [Bool]
    private var out: [R?]
    private var active: [String: Int] = [:]
    private var remaining: Int

    init(count: Int) {
        taken = Array(repeating: false, count: count)
        out = Array(repeating: nil, count: count)
        remaining = count
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&cond, nil)
    }

    deinit {
        pthread_mutex_destroy(&mutex)
        pthread_cond_destroy(&cond)
    }

    func next<T>(items: [T], perKey: Int, key: (T) -> String) -> Int? {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        while true {
            if !taken.contains(false) { return nil }
            if let i = taken.indices.first(where: { !taken[$0] && active[key(items[$0]), default: 0] < perKey }) {
                taken[i] = true
                active[key(items[i]), default: 0] += 1
                return i
            }
            pthread_cond_wait(&cond, &mutex)
        }
    }

    func finish(_ i: Int, _ r: R, key: String) {
        pthread_mutex_lock(&mutex)
        out[i] = r
        active[key, default: 1] -= 1
        remaining -= 1
        pthread_cond_broadcast(&cond)
        pthread_mutex_unlock(&mutex)
    }

    func results() -> [R] {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return out.map { $0! }
    }
}

func sleep(seconds: Double) {
    var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - seconds.rounded(.down)) * 1e9))
    var left = timespec()
    while nanosleep(&request, &left) != 0, errno == EINTR { request = left }
}
