/// How a live TLS probe behaves: timeouts, pacing and what it asks for.
public struct TLSProbeOptions: Sendable {
    /// Seconds for each connection: connect, and the whole exchange.
    public var timeout: Double = 5
    /// Connections in flight overall.
    public var concurrency: Int = 16
    /// Connections in flight to one host name (or address).
    public var perHost: Int = 2
    /// Seconds to wait before each new connection to the same address.
    public var delay: Double = 0
    /// Extra attempts when a connection times out or is reset before any reply.
    public var retries: Int = 1
    /// SNI to send instead of the target's host name.
    public var sni: String?
    /// Send no SNI at all.
    public var noSNI: Bool = false
    /// CA bundle (PEM) instead of the system trust store.
    public var caFile: String?
    /// Protocol versions to test.
    public var versions: [TLSVersion] = TLSVersion.allCases
    /// Request `/` over TLS and record security headers.
    public var http: Bool = true
    /// Also check that plain HTTP on this port redirects to HTTPS (only when the user asked).
    public var plainHTTPPort: Int?
    /// Largest number of suites in one ClientHello; bigger offers are split (fragile servers).
    public var maxSuitesPerHello: Int = 128
    /// Upgrade each connection with this protocol's STARTTLS preamble before the ClientHello.
    public var starttls: STARTTLSProtocol?
    /// Pick the STARTTLS protocol from each target's port (`--starttls auto`); ports it does not know stay direct TLS.
    public var starttlsAuto: Bool = false
    /// Scope and time budget every connection of the probe goes through.
    public var dialer = Dialer.unrestricted

    public init() {}
}
