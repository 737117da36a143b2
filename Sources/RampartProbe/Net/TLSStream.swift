#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import COpenSSL

/// How the one OpenSSL client session is set up. Security level 0 in every case: probes must reach weak
/// servers to report them, not refuse them. The certificate is never verified during the handshake
/// (the certificate probe verifies by hand afterwards, to learn where a chain breaks).
public struct TLSClientConfig: Sendable {
    public enum Trust: Sendable { case none, system, file(String) }

    /// SNI to send; nil sends none. IP literals are not sent (RFC 6066 section 3).
    public var serverName: String?
    /// Lowest protocol version to offer (an OpenSSL version constant), nil for OpenSSL's default.
    public var minimumVersion: Int32?
    /// OpenSSL cipher list, nil for the default.
    public var cipherList: String?
    /// Trust store loaded into the context, for verification after the handshake.
    public var trust: Trust = .none
    /// Ask for a stapled OCSP response.
    public var requestOCSP = false
    /// Ask for Signed Certificate Timestamps in the TLS extension (and OCSP), never failing on them.
    public var requestSCTs = false
    /// Highest protocol version to offer (an OpenSSL version constant), nil for OpenSSL's default.
    public var maximumVersion: Int32?
    /// Do not ask for session tickets, so that a TLS 1.2 server must resume by session ID.
    public var noTickets = false
    /// A session from an earlier handshake to resume.
    public var session: TLSSession?
    /// Application data to send as TLS 1.3 early data (0-RTT) when `session` allows it.
    public var earlyData: [UInt8]?

    public init(serverName: String?, minimumVersion: Int32? = nil, cipherList: String? = nil, trust: Trust = .none, requestOCSP: Bool = false) {
        self.serverName = serverName
        self.minimumVersion = minimumVersion
        self.cipherList = cipherList
        self.trust = trust
        self.requestOCSP = requestOCSP
    }
}

/// Why a TLS session could not be set up, in report words.
public struct TLSSetupError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// TLS over a `PlainStream`, through OpenSSL 3: the one client session set-up that the certificate, HTTP
/// and service probes share. Reads and writes end at the plain stream's deadline.
public final class TLSStream: ByteStream {
    let plain: PlainStream
    let context: OpaquePointer
    let ssl: OpaquePointer

    private init(plain: PlainStream, context: OpaquePointer, ssl: OpaquePointer) {
        self.plain = plain
        self.context = context
        self.ssl = ssl
    }

    deinit {
        SSL_free(ssl)
        SSL_CTX_free(context)
    }

    /// Handshakes within `wait` seconds (and the plain stream's deadline).
    public static func open(over plain: PlainStream, config: TLSClientConfig, wait: Double) -> Result<TLSStream, TLSSetupError> {
        NetRuntime.prepare()
        guard let ctx = SSL_CTX_new(TLS_client_method()) else { return .failure(TLSSetupError(description: "OpenSSL: cannot create context")) }
        SSL_CTX_set_security_level(ctx, 0)
        if let v = config.minimumVersion { _ = SSL_CTX_ctrl(ctx, SSL_CTRL_SET_MIN_PROTO_VERSION, Int(v), nil) }
        if let list = config.cipherList { _ = SSL_CTX_set_cipher_list(ctx, list) }
        if let v = config.maximumVersion { _ = SSL_CTX_ctrl(ctx, SSL_CTRL_SET_MAX_PROTO_VERSION, Int(v), nil) }
        // SSL_OP_NO_TICKET is bit 14; the macro is not importable into Swift.
        if config.noTickets { _ = SSL_CTX_set_options(ctx, UInt64(1) << 14) }
        switch config.trust {
        case .none: break
        case .system: SSL_CTX_set_default_verify_paths(ctx)
        case .file(let path):
            guard SSL_CTX_load_verify_locations(ctx, path, nil) == 1 else {
                SSL_CTX_free(ctx)
                return .failure(TLSSetupError(description: "cannot load CA file \(path)"))
            }
        }
        SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nil)
        guard let ssl = SSL_new(ctx) else {
            SSL_CTX_free(ctx)
            return .failure(TLSSetupError(description: "OpenSSL: cannot create session"))
        }
        let stream = TLSStream(plain: plain, context: ctx, ssl: ssl)
        SSL_set_fd(ssl, plain.connection.descriptor)
        if let name = config.serverName, !Resolver.isLiteral(name) {
            _ = name.withCString { SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, Int(TLSEXT_NAMETYPE_host_name), UnsafeMutableRawPointer(mutating: $0)) }
        }
        if config.requestOCSP {
            _ = SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_STATUS_REQ_TYPE, Int(TLSEXT_STATUSTYPE_ocsp), nil)
        }
        // Permissive: SCTs are collected for the facts, never a reason to fail the handshake.
        if config.requestSCTs { _ = SSL_enable_ct(ssl, Int32(SSL_CT_VALIDATION_PERMISSIVE)) }
        if let session = config.session { SSL_set_session(ssl, session.pointer) }
        let end = Clock.now + wait
        if let early = config.earlyData, let session = config.session, SSL_SESSION_get_max_early_data(session.pointer) > 0 {
            guard stream.writeEarlyData(early, until: end) else {
                plain.close()
                return .failure(TLSSetupError(description: "early data could not be sent: \(openSSLError())"))
            }
        }
        // Bounded: each round waits for the socket, and the deadline ends the loop.
        for _ in 0..<10_000 {
            let rc = SSL_connect(ssl)
            if rc == 1 { return .success(stream) }
            guard stream.waitForIO(rc, until: end) else {
                let timedOut = Clock.now >= min(end, plain.deadline)
                let reason = timedOut ? "handshake timed out" : "handshake failed: \(openSSLError())"
                plain.close()
                return .failure(TLSSetupError(description: reason))
            }
        }
        plain.close()
        return .failure(TLSSetupError(description: "handshake timed out"))
    }

    /// After an SSL call returned `rc`, waits until the socket is ready for what OpenSSL wants.
    func waitForIO(_ rc: Int32, until end: Double) -> Bool {
        let events: Int32
        switch SSL_get_error(ssl, rc) {
        case SSL_ERROR_WANT_READ: events = Int32(POLLIN)
        case SSL_ERROR_WANT_WRITE: events = Int32(POLLOUT)
        default: return false
        }
        let left = min(end, plain.deadline) - Clock.now
        guard left > 0 else { return false }
        var pfd = pollfd(fd: plain.connection.descriptor, events: Int16(events), revents: 0)
        return Connection.pollRetrying(&pfd, timeout: left) > 0
    }

    public func send(_ bytes: [UInt8]) -> Result<Void, NetError> {
        var written = 0
        for _ in 0..<10_000 where written < bytes.count {
            let rc = bytes[written...].withUnsafeBytes { SSL_write(ssl, $0.baseAddress, Int32(clamping: $0.count)) }
            if rc > 0 { written += Int(rc); continue }
            guard waitForIO(rc, until: plain.deadline) else {
                ERR_clear_error()
                return .failure(Clock.now >= plain.deadline ? .timeout("sending") : .other("TLS write failed"))
            }
        }
        return written >= bytes.count ? .success(()) : .failure(.other("TLS write failed"))
    }

    public func receive(max: Int, wait: Double) -> Result<[UInt8], NetError> {
        let end = Clock.now + wait
        var buffer = [UInt8](repeating: 0, count: Swift.max(1, max))
        for _ in 0..<10_000 {
            let rc = buffer.withUnsafeMutableBytes { SSL_read(ssl, $0.baseAddress, Int32(clamping: $0.count)) }
            if rc > 0 { return .success(Array(buffer[0..<Int(rc)])) }
            let error = SSL_get_error(ssl, rc)
            if error == SSL_ERROR_ZERO_RETURN || (error == SSL_ERROR_SYSCALL && rc == 0) { return .success([]) }
            guard waitForIO(rc, until: end) else {
                ERR_clear_error()
                return Clock.now >= Swift.min(end, plain.deadline) ? .failure(.timeout("waiting for data")) : .failure(.other("TLS read failed"))
            }
        }
        return .failure(.timeout("waiting for data"))
    }

    public func close() { plain.close() }

    static func openSSLError() -> String {
        let code = ERR_get_error()
        guard code != 0 else { return "connection closed or reset" }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        ERR_clear_error()
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
