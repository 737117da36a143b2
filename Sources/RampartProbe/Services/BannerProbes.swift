import RampartCore
/// Services that speak first: SSH, FTP, SMTP, POP3, IMAP, Telnet, MySQL / MariaDB, VNC. Each is recognised
/// by the structure of its greeting, then (FTP, SMTP) asked one harmless question on the same connection.
enum BannerProbes {
    /// A banner is complete at the end of its first line, after a Telnet negotiation, or when a MySQL
    /// greeting packet has all its announced bytes.
    static func bannerComplete(_ bytes: [UInt8]) -> Bool {
        guard let first = bytes.first else { return false }
        if first == 0xFF { return bytes.count >= 3 }
        if let mysql = mysqlPacketLength(bytes), bytes.count >= mysql { return true }
        return bytes.contains(0x0A)
    }

    static func mysqlPacketLength(_ b: [UInt8]) -> Int? {
        guard b.count >= 5, b[3] == 0, b[4] == 0x0A || b[4] == 0xFF else { return nil }
        let length = Int(b[0]) | Int(b[1]) << 8 | Int(b[2]) << 16
        return length + 4
    }

    static func identify(_ banner: [UInt8], stream: any ByteStream, context: ServiceProbeContext) -> ServiceMatch? {
        let text = String(decoding: banner, as: UTF8.self)
        let firstLine = ProbeText.text(text.split(whereSeparator: { $0.isNewline }).first.map(String.init) ?? "", limit: 160)
        if text.hasPrefix("SSH-") { return ssh(firstLine) }
        if banner[0] == 0xFF, banner.count >= 2, (251...254).contains(banner[1]) { return telnet(banner) }
        if let id = mysql(banner) { return id }
        if text.hasPrefix("RFB ") {
            let version = String(firstLine.dropFirst(4))
            return ServiceMatch(service: "vnc", version: version, evidence: "banner: \(firstLine)")
        }
        if text.hasPrefix("+OK") {
            return ServiceMatch(service: "pop3", product: String(firstLine.dropFirst(3)).trimmingWhitespace, evidence: "banner: \(firstLine)")
        }
        if text.hasPrefix("* OK") || text.hasPrefix("* PREAUTH") {
            return ServiceMatch(service: "imap", product: String(firstLine.dropFirst(4)).trimmingWhitespace, evidence: "banner: \(firstLine)")
        }
        if text.hasPrefix("220") { return ftpOrSMTP(banner, stream: stream, context: context) }
        return nil
    }

    static func ssh(_ line: String) -> ServiceMatch {
        // SSH-protoversion-softwareversion SP comments (RFC 4253 §4.2)
        let fields = line.split(separator: "-", maxSplits: 2).map(String.init)
        let software = fields.count == 3 ? fields[2] : line
        let product = software.split(separator: " ").first.map(String.init) ?? software
        var version: String?
        if let underscore = product.firstIndex(of: "_") { version = String(product[product.index(after: underscore)...]) }
        return ServiceMatch(service: "ssh", product: software, version: version,
                              evidence: "banner: \(line)", details: ["ssh.protocol": fields.count > 1 ? fields[1] : "?"])
    }

    static func telnet(_ banner: [UInt8]) -> ServiceMatch {
        // IAC (255) followed by WILL/WONT/DO/DONT (251-254) and an option: RFC 854 negotiation.
        ServiceMatch(service: "telnet", tlsUpgrade: false,
                       evidence: "Telnet option negotiation: \(ProbeText.hex(banner, limit: 12))")
    }

    /// MySQL / MariaDB initial handshake packet (protocol 10) or an error packet sent instead of it.
    static func mysql(_ b: [UInt8]) -> ServiceMatch? {
        guard let total = mysqlPacketLength(b), b.count >= min(total, 40) else { return nil }
        if b[4] == 0xFF {
            // Error packet: 0xFF, code (2 bytes), message (a refusal such as "Host ... is not allowed").
            guard b.count >= 7 else { return nil }
            let code = Int(b[5]) | Int(b[6]) << 8
            // The announced length may be shorter than the error header itself.
            var message = Array(b[7..<max(7, min(b.count, total))])
            if message.first == UInt8(ascii: "#") { message = Array(message.dropFirst(6)) }
            return ServiceMatch(service: "mysql", authentication: .required,
                                  evidence: "greeting error \(code): \(ProbeText.text(message, limit: 120))")
        }
        var i = 5
        var versionBytes: [UInt8] = []
        while i < b.count, b[i] != 0 { versionBytes.append(b[i]); i += 1 }
        // version NUL, thread id (4), auth data part 1 (8), filler (1), capability flags low (2)
        let capsAt = i + 1 + 4 + 8 + 1
        guard i < b.count, capsAt + 1 < b.count, !versionBytes.isEmpty,
              versionBytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return nil }
        let capsLow = Int(b[capsAt]) | Int(b[capsAt + 1]) << 8
        let ssl = capsLow & 0x0800 != 0 // CLIENT_SSL
        let version = String(decoding: versionBytes, as: UTF8.self)
        let product = version.lowercased().contains("mariadb") ? "MariaDB" : "MySQL"
        return ServiceMatch(service: "mysql", product: product, version: version, tlsUpgrade: ssl,
                              evidence: "greeting: protocol 10, version \(version), capability flags 0x\(String(capsLow, radix: 16)) (CLIENT_SSL \(ssl ? "set" : "not set"))")
    }

    /// A `220` greeting is FTP or SMTP. EHLO answered with `250` is SMTP (and lists STARTTLS if offered);
    /// otherwise FEAT answered with `211` (or a greeting that names FTP) is FTP.
    static func ftpOrSMTP(_ banner: [UInt8], stream: any ByteStream, context: ServiceProbeContext) -> ServiceMatch? {
        var greeting = banner
        if !replyComplete(greeting) {
            greeting += (try? stream.read(until: { replyComplete(banner + $0) }, limit: 4096, wait: context.wait).get()) ?? []
        }
        let greetingLine = ProbeText.text(lastLine(greeting), limit: 160)
        let ehlo = stream.exchange(Array("EHLO rampart.invalid\r\n".utf8), until: replyComplete, limit: 8192, wait: context.wait)
        let ehloText = String(decoding: ehlo, as: UTF8.self)
        if ehloText.hasPrefix("250") {
            let lines = ehloText.split(whereSeparator: { $0.isNewline }).map { String($0.dropFirst(4)).uppercased() }
            let starttls = lines.contains { $0.hasPrefix("STARTTLS") }
            let auth = lines.first { $0.hasPrefix("AUTH") }
            _ = stream.send(Array("QUIT\r\n".utf8))
            var details: [String: String] = [:]
            if let auth { details["smtp.auth"] = auth }
            return ServiceMatch(service: "smtp", product: String(greetingLine.dropFirst(4)), tlsUpgrade: starttls,
                                  evidence: "greeting: \(greetingLine); EHLO: \(starttls ? "STARTTLS offered" : "no STARTTLS among \(lines.count - 1) extensions")",
                                  details: details)
        }
        let feat = stream.exchange(Array("FEAT\r\n".utf8), until: replyComplete, limit: 8192, wait: context.wait)
        let featText = String(decoding: feat, as: UTF8.self)
        let namesFTP = greetingLine.uppercased().contains("FTP")
        guard featText.hasPrefix("211") || namesFTP else { return nil }
        let authTLS = featText.uppercased().contains("AUTH TLS") || featText.uppercased().contains("AUTH SSL")
        _ = stream.send(Array("QUIT\r\n".utf8))
        return ServiceMatch(service: "ftp", product: String(greetingLine.dropFirst(4)), tlsUpgrade: authTLS,
                              evidence: "greeting: \(greetingLine); FEAT: \(featText.hasPrefix("211") ? (authTLS ? "AUTH TLS offered" : "no AUTH TLS") : "not answered")")
    }

    /// A reply of RFC 5321 / RFC 959 shape is complete when a line `NNN ` (space, not dash) has ended.
    static func replyComplete(_ bytes: [UInt8]) -> Bool {
        guard bytes.last == 0x0A else { return false }
        let line = lastLine(bytes)
        return line.count >= 4 && line[3] == 0x20 && line[0..<3].allSatisfy { $0 >= 0x30 && $0 <= 0x39 } || line.count == 3
    }

    static func lastLine(_ bytes: [UInt8]) -> [UInt8] {
        let lines = bytes.split(separator: 0x0A).map { Array($0.filter { $0 != 0x0D }) }.filter { !$0.isEmpty }
        return lines.last ?? []
    }
}
