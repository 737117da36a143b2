#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import COpenSSL

/// TLS over a plain probe stream, so that the HTTP probes can identify what runs inside a TLS port (the
/// kubelet, the Kubernetes API, Docker on 2376, etcd, HTTPS). The certificate is not verified: this stream
/// identifies services, it does not judge TLS (the TLS probe does that).
final class ProbeTLSStream: ProbeStream {
    static let available = true

    let plain: PlainProbeStream
    let context: OpaquePointer
    let ssl: OpaquePointer

    private init(plain: PlainProbeStream, context: OpaquePointer, ssl: OpaquePointer) {
        self.plain = plain
        self.context = context
        self.ssl = ssl
    }

    deinit {
        SSL_free(ssl)
        SSL_CTX_free(context)
    }

    /// OpenSSL writes to the socket with write(2), not send(MSG_NOSIGNAL): a peer that closed mid-write
    /// would raise SIGPIPE and kill the whole scan. Ignored once, process-wide.
    private static let ignoreSIGPIPE: Bool = {
        signal(SIGPIPE, SIG_IGN)
        return true
    }()

    static func wrap(_ plain: PlainProbeStream, serverName: String, wait: Double) -> ProbeTLSStream? {
        _ = ignoreSIGPIPE
        guard let ctx = SSL_CTX_new(TLS_client_method()) else { return nil }
        SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nil)
        // Identification must reach old servers too; judging their protocol versions is the TLS probe's job.
        SSL_CTX_set_security_level(ctx, 0)
        guard let ssl = SSL_new(ctx) else { SSL_CTX_free(ctx); return nil }
        let stream = ProbeTLSStream(plain: plain, context: ctx, ssl: ssl)
        SSL_set_fd(ssl, plain.connection.descriptor)
        if !Resolver.isLiteral(serverName) {
            // SSL_set_tlsext_host_name is a macro over SSL_ctrl(SSL_CTRL_SET_TLSEXT_HOSTNAME = 55, name type 0).
            _ = serverName.withCString { SSL_ctrl(ssl, 55, 0, UnsafeMutableRawPointer(mutating: $0)) }
        }
        let end = Clock.now + wait
        while true {
            let rc = SSL_connect(ssl)
            if rc == 1 { return stream }
            guard stream.waitForIO(rc, until: end) else { plain.close(); return nil }
        }
    }

    /// After an SSL call returned `rc`, waits until the socket is ready for what OpenSSL wants.
    private func waitForIO(_ rc: Int32, until end: Double) -> Bool {
        let error = SSL_get_error(ssl, rc)
        let events: Int32
        switch error {
        case SSL_ERROR_WANT_READ: events = Int32(POLLIN)
        case SSL_ERROR_WANT_WRITE: events = Int32(POLLOUT)
        default: return false
        }
        let left = min(end, plain.deadline) - Clock.now
        guard left > 0 else { return false }
        var pfd = pollfd(fd: plain.connection.descriptor, events: Int16(events), revents: 0)
        return poll(&pfd, 1, Int32((left * 1000).rounded(.up))) > 0
    }

    func send(_ bytes: [UInt8]) -> Result<Void, NetError> {
        guard !bytes.isEmpty else { return .success(()) }
        while true {
            let rc = bytes.withUnsafeBytes { SSL_write(ssl, $0.baseAddress, Int32($0.count)) }
            if rc > 0 { return .success(()) }
            guard waitForIO(rc, until: plain.deadline) else { return .failure(.other("TLS write failed")) }
        }
    }

    func receive(max: Int, wait: Double) -> Result<[UInt8], NetError> {
        let end = Clock.now + wait
        var buffer = [UInt8](repeating: 0, count: max)
        while true {
            let rc = buffer.withUnsafeMutableBytes { SSL_read(ssl, $0.baseAddress, Int32(max)) }
            if rc > 0 { return .success(Array(buffer[0..<Int(rc)])) }
            let error = SSL_get_error(ssl, rc)
            if error == SSL_ERROR_ZERO_RETURN { return .success([]) }
            if error == SSL_ERROR_SYSCALL && rc == 0 { return .success([]) }
            guard waitForIO(rc, until: end) else {
                return Clock.now >= end ? .failure(.timeout("waiting for data")) : .failure(.other("TLS read failed"))
            }
        }
    }

    func close() {
        plain.close()
    }
}
