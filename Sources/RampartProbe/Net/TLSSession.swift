import COpenSSL

/// An OpenSSL session kept from one handshake to resume in the next (session ID or ticket).
public final class TLSSession: @unchecked Sendable {
    // Immutable after creation and only read by OpenSSL, which reference-counts it.
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { SSL_SESSION_free(pointer) }

    /// The server sent a session ticket (TLS 1.2 RFC 5077, or a TLS 1.3 NewSessionTicket).
    public var hasTicket: Bool { SSL_SESSION_has_ticket(pointer) == 1 }
    /// The server gave a session ID to resume by (TLS 1.2 and below).
    public var hasSessionID: Bool {
        var length: UInt32 = 0
        _ = SSL_SESSION_get_id(pointer, &length)
        return length > 0
    }
    /// Bytes of early data the ticket allows; 0 means none (RFC 8446 4.6.1).
    public var maxEarlyData: Int { Int(SSL_SESSION_get_max_early_data(pointer)) }
}

extension TLSStream {
    /// The session to resume later, if the server offered one.
    public func session() -> TLSSession? { SSL_get1_session(ssl).map(TLSSession.init) }
    /// The handshake resumed the session it was given.
    public var resumed: Bool { SSL_session_reused(ssl) == 1 }
    /// The server accepted the early data sent before the handshake.
    public var earlyDataAccepted: Bool { SSL_get_early_data_status(ssl) == SSL_EARLY_DATA_ACCEPTED }
    /// The negotiated protocol version constant (TLS1_2_VERSION, TLS1_3_VERSION).
    public var protocolVersion: Int32 { SSL_version(ssl) }

    /// Sends `bytes` as 0-RTT data before the handshake completes (bounded by the deadline).
    func writeEarlyData(_ bytes: [UInt8], until end: Double) -> Bool {
        var written = 0
        for _ in 0..<10_000 where written < bytes.count {
            var n = 0
            let rc = bytes[written...].withUnsafeBytes { SSL_write_early_data(ssl, $0.baseAddress, $0.count, &n) }
            if rc == 1 { written += n; continue }
            guard waitForIO(rc, until: end) else { return false }
        }
        return written >= bytes.count
    }
}
