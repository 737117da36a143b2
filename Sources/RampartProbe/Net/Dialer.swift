#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Process-wide set-up of the network layer, done once.
public enum NetRuntime {
    /// OpenSSL writes to its socket with write(2), not send(MSG_NOSIGNAL): a peer that has gone would raise
    /// SIGPIPE and kill the whole run (exit 141, no report). Ignored once, for the whole process, before the
    /// first connection; the CLI also calls this at start-up.
    private static let prepared: Bool = {
        signal(SIGPIPE, SIG_IGN)
        return true
    }()

    public static func prepare() { _ = prepared }

    /// The one pause helper: sleeps `seconds`, resuming after signals, never past `deadline` (monotonic).
    public static func pause(seconds: Double, until deadline: Double = .infinity) {
        let span = min(seconds, deadline - Clock.now)
        guard span > 0, span.isFinite else { return }
        var request = timespec(tv_sec: Int(span), tv_nsec: Int((span - span.rounded(.down)) * 1e9))
        var left = timespec()
        while nanosleep(&request, &left) != 0, errno == EINTR { request = left }
    }
}

/// The only way a probe opens a connection. It holds what every connection of one target must respect:
/// the scope (an address outside it is refused before any packet is sent) and the time budget (no
/// connection opens after the deadline, and none outlives it). The port scanner asks `refusal(for:)`
/// before its own non-blocking connects, so the check lives here and only here.
public struct Dialer: Sendable, Hashable {
    /// Networks the addresses must lie in; nil: no scope given (only named targets are ever dialled).
    public var scope: Scope?
    /// Addresses allowed besides the scope's networks: those of targets that are in scope by name.
    public var namedAddresses: Set<String> = []
    /// Monotonic time (`Clock.now`) after which nothing opens and open connections time out.
    public var deadline: Double = .infinity

    public init(scope: Scope? = nil, namedAddresses: Set<String> = [], deadline: Double = .infinity) {
        self.scope = scope
        self.namedAddresses = namedAddresses
        self.deadline = deadline
    }

    /// No scope and no budget: for tests and for callers that checked both themselves.
    public static let unrestricted = Dialer()

    /// Why `address` may not be dialled now, or nil.
    public func refusal(for address: SocketAddress) -> NetError? {
        if let scope, !scope.contains(ip: address.ip), !namedAddresses.contains(address.ip) {
            return .outOfScope(address.description)
        }
        if Clock.now >= deadline { return .budgetExhausted }
        return nil
    }

    /// This dialer with its deadline moved no later than `seconds` from now.
    public func limited(to seconds: Double) -> Dialer {
        var copy = self
        copy.deadline = min(deadline, Clock.now + max(0, seconds))
        return copy
    }

    /// Seconds left before the deadline (infinite without one).
    public var remaining: Double { deadline - Clock.now }

    /// Connects within `timeout`; the whole conversation ends within `total` (default three times the
    /// timeout), and never after the deadline.
    public func connect(to address: SocketAddress, timeout: Double, total: Double? = nil) -> Result<Connection, NetError> {
        NetRuntime.prepare()
        if let refusal = refusal(for: address) { return .failure(refusal) }
        let left = remaining
        return Connection.open(address, timeout: min(timeout, left), total: min(total ?? timeout * 3, left))
    }
}
