#if canImport(Glibc)
import Glibc
#endif
import COpenSSL
import RampartCore

/// Session resumption and 0-RTT through OpenSSL: a first handshake keeps the session, a second offers it
/// and asks OpenSSL whether it was resumed. At most six handshakes (TLS 1.2 by ID, by ticket; TLS 1.3
/// ticket with early data), each through the Dialer with the probe's timeout.
public enum ResumptionProbe {
    /// The 0-RTT payload: a HEAD request, read-only on an HTTP server, as other scanners send.
    static func earlyRequest(host: String) -> [UInt8] {
        Array("HEAD / HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n".utf8)
    }

    public static func run(address: SocketAddress, host: String, serverName: String?, protocols: [String],
                           options: TLSProbeOptions) -> (facts: TLSResumptionFacts, handshakes: Int) {
        var facts = TLSResumptionFacts()
        var handshakes = 0
        func connect(_ config: TLSClientConfig, read: Bool = false) -> TLSStream? {
            handshakes += 1
            let plain: PlainStream
            switch PlainStream.open(address, via: options.dialer, timeout: options.timeout, total: options.timeout * 2) {
            case .success(let p): plain = p
            case .failure(let e):
                if facts.errors.count < 6 { facts.errors.append(e.description) }
                return nil
            }
            switch TLSStream.open(over: plain, config: config, wait: options.timeout * 2) {
            case .success(let s):
                // TLS 1.3 tickets come after the handshake: one short read lets OpenSSL take them.
                if read { _ = s.receive(max: 1, wait: min(options.timeout, 0.5)) }
                return s
            case .failure(let e):
                if facts.errors.count < 6 { facts.errors.append(e.description) }
                return nil
            }
        }
        let base = TLSClientConfig(serverName: serverName, cipherList: "ALL:COMPLEMENTOFALL:@SECLEVEL=0")
        if protocols.contains(where: { ["TLSv1.0", "TLSv1.1", "TLSv1.2"].contains($0) }) {
            for useTicket in [false, true] {
                var config = base
                config.maximumVersion = Int32(TLS1_2_VERSION)
                config.noTickets = !useTicket
                guard let first = connect(config), let session = first.session() else { continue }
                first.close()
                let offered = useTicket ? session.hasTicket : session.hasSessionID
                var result = false
                if offered {
                    config.session = session
                    if let second = connect(config) {
                        result = second.resumed
                        second.close()
                    }
                }
                if useTicket { facts.ticket = result } else { facts.sessionID = result }
            }
        }
        if protocols.contains("TLSv1.3") {
            var config = base
            config.minimumVersion = Int32(TLS1_3_VERSION)
            if let first = connect(config, read: true), let session = first.session() {
                first.close()
                facts.maxEarlyData = session.maxEarlyData
                if session.hasTicket {
                    config.session = session
                    if session.maxEarlyData > 0 { config.earlyData = earlyRequest(host: serverName ?? host) }
                    if let second = connect(config) {
                        facts.tls13Ticket = second.resumed
                        if session.maxEarlyData > 0 { facts.earlyData = second.earlyDataAccepted }
                        second.close()
                    }
                } else {
                    facts.tls13Ticket = false
                }
                if session.maxEarlyData == 0 { facts.earlyData = false }
            }
        }
        return (facts, handshakes)
    }
}
