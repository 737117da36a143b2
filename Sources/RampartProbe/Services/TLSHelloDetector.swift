/// Detects TLS on any port with one hand-built ClientHello (RFC 8446 §4.1.2 / RFC 5246 §7.4.1.2): a TLS
/// server answers with a handshake record (ServerHello, HelloRetryRequest) or an alert record, both of
/// which start `16 03 xx` / `15 03 xx`. Nothing beyond the first record is read; no handshake completes.
enum TLSHelloDetector {
    static func detect(_ context: ServiceProbeContext) -> ServiceMatch? {
        guard let s = context.open() else { return nil }
        defer { s.close() }
        let sni = Resolver.isLiteral(context.hostName) ? nil : context.hostName
        let reply = s.exchange(clientHello(serverName: sni), until: { $0.count >= 5 }, limit: 5, wait: context.wait)
        guard reply.count >= 5, reply[0] == 0x16 || reply[0] == 0x15, reply[1] == 3, reply[2] <= 4 else { return nil }
        // Zero-length handshake and alert records are forbidden (RFC 8446 §5.1); a Modbus/TCP device echoing
        // the hello's first bytes as its transaction id answers exactly `16 03 00 00 ...`.
        let length = Int(reply[3]) << 8 | Int(reply[4])
        guard (1...18432).contains(length) else { return nil }
        let record = reply[0] == 0x16 ? "handshake record" : "alert record"
        return ServiceMatch(service: "tls", evidence: "ClientHello -> TLS \(record) (\(ProbeText.hex(reply, limit: 5)))")
    }

    static func clientHello(serverName: String?) -> [UInt8] {
        func u16(_ v: Int) -> [UInt8] { [UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        func ext(_ type: Int, _ data: [UInt8]) -> [UInt8] { u16(type) + u16(data.count) + data }
        var rng = SystemRandomNumberGenerator()
        let random = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let suites = [0x1301, 0x1302, 0x1303, 0xC02B, 0xC02F, 0xC02C, 0xC030, 0xCCA9, 0xCCA8, 0xC013, 0xC014,
                      0x009C, 0x009D, 0x002F, 0x0035, 0x000A]
        var extensions: [UInt8] = []
        if let serverName {
            let name = Array(serverName.utf8)
            extensions += ext(0x0000, u16(name.count + 3) + [0] + u16(name.count) + name)
        }
        extensions += ext(0x000A, u16(6) + u16(0x001D) + u16(0x0017) + u16(0x0018))        // supported_groups
        extensions += ext(0x000B, [1, 0])                                                  // ec_point_formats
        let sigs = [0x0403, 0x0503, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0201]
        extensions += ext(0x000D, u16(sigs.count * 2) + sigs.flatMap(u16))                 // signature_algorithms
        extensions += ext(0x002B, [6] + u16(0x0304) + u16(0x0303) + u16(0x0302))           // supported_versions
        var body: [UInt8] = [3, 3] + random + [0]
        body += u16(suites.count * 2) + suites.flatMap(u16) + [1, 0]
        body += u16(extensions.count) + extensions
        let handshake: [UInt8] = [1, UInt8(body.count >> 16), UInt8(body.count >> 8 & 0xFF), UInt8(body.count & 0xFF)] + body
        return [0x16, 3, 1] + u16(handshake.count) + handshake
    }
}
