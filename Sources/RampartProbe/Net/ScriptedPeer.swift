import Foundation

/// A server replayed from bytes in memory, for the fuzz targets and tests (docs/fuzzing.md): the input is
/// split into the server's successive replies on `separator`. A `send` after bytes were read moves to the next
/// reply; reading past a reply's end reads "closed", so every read ends. Its context never reaches the
/// network: `connect` replaces the dialer (the address is a documentation one, RFC 5737, never dialled).
final class ScriptedPeer: @unchecked Sendable {
    static let separator: [UInt8] = Array("~~~~".utf8)

    private let lock = NSLock()
    private var replies: [[UInt8]]
    private var current = 0
    private var offset = 0
    private var readCurrent = false

    init(_ input: [UInt8]) {
        replies = ScriptedPeer.split(input)
    }

    static func split(_ bytes: [UInt8]) -> [[UInt8]] {
        var parts: [[UInt8]] = []
        var start = 0
        var i = 0
        while i + separator.count <= bytes.count {
            if bytes[i..<i + separator.count].elementsEqual(separator) {
                parts.append(Array(bytes[start..<i]))
                i += separator.count
                start = i
            } else {
                i += 1
            }
        }
        parts.append(Array(bytes[start...]))
        return parts
    }

    func context() -> ServiceProbeContext {
        var context = ServiceProbeContext(address: SocketAddress(ip: "192.0.2.1", port: 1), hostName: "fuzz.invalid",
                                          options: ServiceProbeOptions(connectTimeout: 0.1, readTimeout: 0.1, bannerWait: 0.1))
        context.connect = { [self] in Stream(peer: self) }
        return context
    }

    private func send() {
        lock.lock(); defer { lock.unlock() }
        if readCurrent { current += 1; offset = 0; readCurrent = false }
    }

    private func receive(max: Int) -> [UInt8] {
        lock.lock(); defer { lock.unlock() }
        guard current < replies.count else { return [] }
        readCurrent = true
        let reply = replies[current]
        let end = Swift.min(reply.count, offset + Swift.max(0, max))
        defer { offset = end }
        return Array(reply[offset..<end])
    }

    final class Stream: ByteStream {
        let peer: ScriptedPeer
        init(peer: ScriptedPeer) { self.peer = peer }
        func send(_ bytes: [UInt8]) -> Result<Void, NetError> { peer.send(); return .success(()) }
        func receive(max: Int, wait: Double) -> Result<[UInt8], NetError> { .success(peer.receive(max: max)) }
        func close() {}
    }
}
