#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import RampartCore

/// How a connect scan behaves.
public struct PortScanOptions: Sendable, Hashable {
    /// Connections in flight at once (bounded further by the open-file limit).
    public var concurrency: Int = 512
    /// Seconds to wait for a handshake before a try counts as unanswered.
    public var timeout: Double = 1.5
    /// Extra tries for unanswered ports only; refused and open ports are never asked twice.
    public var retries: Int = 1
    /// Global cap on new connections per second; nil means no cap beyond `concurrency`.
    public var rate: Double?
    /// Scope and deadline: an address the dialer refuses is never sent a SYN (it stays out of the results,
    /// unscanned), and the scan stops at the deadline, leaving what was not finished unscanned.
    public var dialer = Dialer.unrestricted

    public init(concurrency: Int = 512, timeout: Double = 1.5, retries: Int = 1, rate: Double? = nil) {
        self.concurrency = concurrency
        self.timeout = timeout
        self.retries = retries
        self.rate = rate
    }
}

/// TCP connect scanner: non-blocking sockets multiplexed with poll(2) on the calling thread, so tens of
/// thousands of ports need no thread per connection. Open ports are closed at once with a reset (SO_LINGER 0)
/// so that a full scan leaves no TIME_WAIT sockets behind.
public enum PortScanner {
    /// Scans every address and returns the state of each. `progress` is called now and then with
    /// (finished, total), from the calling thread.
    public static func scan(_ addresses: [SocketAddress], options: PortScanOptions,
                            progress: (@Sendable (Int, Int) -> Void)? = nil) -> [SocketAddress: PortState] {
        // Loopback and LAN scans are bound by system-call cost, not the network: one poll loop per core
        // (at most 4), each with its share of the concurrency and the rate.
        let cores = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        let shards = max(1, min(4, cores, addresses.count / 4096))
        guard shards > 1 else { return scanShard(addresses, options: options, progress: progress) }
        var perShard = PortScanOptions(concurrency: max(1, options.concurrency / shards), timeout: options.timeout,
                                       retries: options.retries, rate: options.rate.map { $0 / Double(shards) })
        perShard.dialer = options.dialer
        let shardOptions = perShard
        let box = PortScanShardResults(total: addresses.count)
        let group = DispatchGroup()
        for k in 0..<shards {
            let slice = stride(from: k, to: addresses.count, by: shards).map { addresses[$0] }
            group.enter()
            Thread.detachNewThread {
                let found = scanShard(slice, options: shardOptions) { done, _ in
                    if let progress { progress(box.progress(shard: k, done: done), addresses.count) }
                }
                box.add(found)
                group.leave()
            }
        }
        group.wait()
        return box.results
    }

    static func scanShard(_ addresses: [SocketAddress], options: PortScanOptions,
                          progress: ((Int, Int) -> Void)? = nil) -> [SocketAddress: PortState] {
        var results: [SocketAddress: PortState] = [:]
        results.reserveCapacity(addresses.count)
        let limit = max(1, min(options.concurrency, raiseOpenFileLimit() - 32))
        var pending = addresses.indices.reversed().map { (index: $0, attempt: 0) }
        var inFlight: [(fd: Int32, index: Int, attempt: Int, deadline: Double)] = []
        var pollSet: [pollfd] = []
        let start = Clock.now
        var started = 0
        var lastProgress = start

        func finish(_ index: Int, _ state: PortState) {
            results[addresses[index]] = state
        }

        func retryOrFilter(_ index: Int, _ attempt: Int) {
            if attempt < options.retries { pending.append((index, attempt + 1)) } else { finish(index, .filtered) }
        }

        while !pending.isEmpty || !inFlight.isEmpty {
            if Clock.now >= options.dialer.deadline {
                // Budget spent: what is pending or in flight stays unscanned (absent), never "filtered".
                for c in inFlight { closeWithReset(c.fd) }
                break
            }
            // Start new connections while there is room (and, with a rate, budget).
            var budget = Int.max
            if let rate = options.rate, rate > 0 {
                budget = max(0, Int((Clock.now - start) * rate) + 1 - started)
            }
            while inFlight.count < limit, budget > 0, let next = pending.popLast() {
                budget -= 1
                if options.dialer.scope != nil, options.dialer.refusal(for: addresses[next.index]) != nil { continue }
                started += 1
                switch startConnect(addresses[next.index]) {
                case .inProgress(let fd):
                    inFlight.append((fd, next.index, next.attempt, Clock.now + options.timeout))
                case .done(let state):
                    finish(next.index, state)
                case .unanswered:
                    retryOrFilter(next.index, next.attempt)
                }
            }
            if inFlight.isEmpty {
                if !pending.isEmpty, let rate = options.rate, rate > 0 { NetRuntime.pause(seconds: min(0.05, 1 / rate), until: options.dialer.deadline) }
                continue
            }
            pollSet.removeAll(keepingCapacity: true)
            for c in inFlight { pollSet.append(pollfd(fd: c.fd, events: Int16(POLLOUT), revents: 0)) }
            let now = Clock.now
            let nearest = min(inFlight.map(\.deadline).min() ?? now, options.dialer.deadline)
            var wait = max(0, nearest - now)
            if options.rate != nil, !pending.isEmpty { wait = min(wait, 0.01) }
            let rc = poll(&pollSet, nfds_t(pollSet.count), Int32((wait * 1000).rounded(.up)))
            if rc < 0, errno != EINTR { break }
            let after = Clock.now
            var keep: [(fd: Int32, index: Int, attempt: Int, deadline: Double)] = []
            keep.reserveCapacity(inFlight.count)
            for (i, c) in inFlight.enumerated() {
                let revents = pollSet[i].revents
                if revents != 0 {
                    var err: Int32 = 0
                    var len = socklen_t(MemoryLayout<Int32>.size)
                    getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &err, &len)
                    if err == 0, isSelfConnect(c.fd) { err = ECONNREFUSED }
                    if err == 0 { closeWithReset(c.fd) } else { close(c.fd) }
                    switch err {
                    case 0: finish(c.index, .open)
                    case ECONNREFUSED: finish(c.index, .closed)
                    case ETIMEDOUT: retryOrFilter(c.index, c.attempt)
                    default: finish(c.index, .filtered) // unreachable and friends: nothing answered from the port
                    }
                } else if after >= c.deadline {
                    closeWithReset(c.fd)
                    retryOrFilter(c.index, c.attempt)
                } else {
                    keep.append(c)
                }
            }
            inFlight = keep
            if let progress, after - lastProgress > 0.2 {
                lastProgress = after
                progress(results.count, addresses.count)
            }
        }
        progress?(results.count, addresses.count)
        return results
    }

    enum Start {
        case inProgress(Int32)
        case done(PortState)
        case unanswered
    }

    static func startConnect(_ address: SocketAddress) -> Start {
        let fd = socket(address.isIPv6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else {
            // Out of descriptors or buffers: count the try as unanswered so that it is retried, not lost.
            return .unanswered
        }
        guard let rc = address.withSockaddr({ connect(fd, $0, $1) }) else {
            close(fd)
            return .done(.filtered)
        }
        if rc == 0 {
            let selfConnect = isSelfConnect(fd)
            closeWithReset(fd)
            return .done(selfConnect ? .closed : .open)
        }
        let e = errno
        switch e {
        case EINPROGRESS, EINTR: return .inProgress(fd)
        case ECONNREFUSED: close(fd); return .done(.closed)
        case EAGAIN, EADDRNOTAVAIL, ENOBUFS: close(fd); return .unanswered
        default: close(fd); return .done(.filtered)
        }
    }

    /// A connect to a loopback port equal to the ephemeral source port can succeed as a TCP simultaneous
    /// open with itself; nothing listens there, so it counts as closed.
    static func isSelfConnect(_ fd: Int32) -> Bool {
        var local = sockaddr_storage(), peer = sockaddr_storage()
        var localLength = socklen_t(MemoryLayout<sockaddr_storage>.size), peerLength = localLength
        let ok = withUnsafeMutablePointer(to: &local) { l in
            withUnsafeMutablePointer(to: &peer) { p in
                l.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &localLength) } == 0 &&
                p.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(fd, $0, &peerLength) } == 0
            }
        }
        guard ok, localLength == peerLength else { return false }
        return withUnsafeBytes(of: &local) { l in withUnsafeBytes(of: &peer) { p in l.prefix(Int(localLength)).elementsEqual(p.prefix(Int(peerLength))) } }
    }

    static func closeWithReset(_ fd: Int32) {
        var l = linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, socklen_t(MemoryLayout<linger>.size))
        close(fd)
    }

    /// Raises the soft open-file limit to the hard one and returns the soft limit in force.
    @discardableResult
    public static func raiseOpenFileLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        return Int(min(limit.rlim_cur, 1 << 20))
    }
}

/// Results of the scan's shards, behind a lock.
final class PortScanShardResults: @unchecked Sendable {
    private let lock = NSLock()
    private var merged: [SocketAddress: PortState]
    private var done: [Int: Int] = [:]

    init(total: Int) { merged = Dictionary(minimumCapacity: total) }

    func add(_ part: [SocketAddress: PortState]) {
        lock.lock(); defer { lock.unlock() }
        merged.merge(part) { a, _ in a }
    }

    func progress(shard: Int, done count: Int) -> Int {
        lock.lock(); defer { lock.unlock() }
        done[shard] = count
        return done.values.reduce(0, +)
    }

    var results: [SocketAddress: PortState] {
        lock.lock(); defer { lock.unlock() }
        return merged
    }
}
