#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fixed number of threads working through a list, with at most `perKey` items of one key at a time.
/// Results come back in input order.
public enum WorkPool {
    /// `onFinish` hears how many items are done after each one (for progress lines).
    public static func map<T: Sendable, R: Sendable>(_ items: [T], threads: Int, perKey: Int = .max,
                                                     key: @escaping @Sendable (T) -> String = { _ in "" },
                                                     onFinish: (@Sendable (Int) -> Void)? = nil,
                                                     _ work: @escaping @Sendable (T) -> R) -> [R] {
        guard !items.isEmpty else { return [] }
        let state = PoolState<R>(count: items.count)
        let workers = min(threads, items.count)
        var handles: [pthread_t] = []
        for _ in 0..<workers {
            let box = Unmanaged.passRetained(WorkerBox {
                while let i = state.next(items: items, perKey: perKey, key: key) {
                    let r = work(items[i])
                    let done = state.finish(i, r, key: key(items[i]))
                    onFinish?(done)
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

    /// Records a result and returns how many items are done.
    func finish(_ i: Int, _ r: R, key: String) -> Int {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        out[i] = r
        active[key, default: 1] -= 1
        remaining -= 1
        pthread_cond_broadcast(&cond)
        return out.count - remaining
    }

    func results() -> [R] {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return out.map { $0! }
    }
}
