#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Fixed-size result slots for `DispatchQueue.concurrentPerform`: each iteration writes its own slot, and
/// the caller reads them all, in order, once the loop is done.
public final class ConcurrentSlots<T>: @unchecked Sendable {
    private var storage: [T?]
    private var mutex = pthread_mutex_t()

    public init(count: Int) {
        storage = Array(repeating: nil, count: count)
        pthread_mutex_init(&mutex, nil)
    }

    deinit { pthread_mutex_destroy(&mutex) }

    public subscript(index: Int) -> T? {
        get { locked { storage[index] } }
        set { locked { storage[index] = newValue } }
    }

    /// The written slots in order (unwritten ones are left out).
    public var values: [T] { locked { storage.compactMap { $0 } } }

    private func locked<R>(_ body: () -> R) -> R {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return body()
    }
}
