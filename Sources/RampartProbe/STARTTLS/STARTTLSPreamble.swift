/// The plaintext conversation of each STARTTLS protocol, up to the point where the server waits for a
/// ClientHello. Every reply is read with a byte limit and a wait (and the stream's own deadline), and parsed
/// without trusting any length from the wire. Only capability questions and the upgrade command are sent.
public enum STARTTLSPreamble {
    /// Largest reply accepted at any step of a text protocol (greetings, capability lists).
    static let replyLimit = 16_384
    /// The name a client gives itself where the protocol asks for one (SMTP EHLO).
    static let clientName = "rampart.invalid"

    /// Runs the preamble of `proto` on `stream`; `host` is the name the server is known by (XMPP `to`).
    public static func run(_ proto: STARTTLSProtocol, on stream: any ByteStream, host: String, wait: Double) -> Result<STARTTLSObservation, STARTTLSError> {
        var session = Session(proto: proto, stream: stream, wait: wait)
        do {
            switch proto {
            case .smtp: return .success(try session.smtp())
            case .imap: return .success(try session.imap())
            case .pop3: return .success(try session.pop3())
            case .ftp: return .success(try session.ftp())
            case .ldap: return .success(try session.ldap())
            case .xmpp: return .success(try session.xmpp(host: host))
            case .postgres: return .success(try session.postgres())
            case .mysql: return .success(try session.mysql())
            }
        } catch {
            return .failure(error)
        }
    }

    /// One conversation: the stream, the time each reply may take, and the protocol for error messages.
    struct Session {
        let proto: STARTTLSProtocol
        let stream: any ByteStream
        let wait: Double

        // MARK: Text protocols

        /// SMTP (RFC 3207): greeting 220, EHLO 250 listing STARTTLS, STARTTLS 220.
        mutating func smtp() throws(STARTTLSError) -> STARTTLSObservation {
            let greeting = try reply(until: Self.codeReplyComplete)
            guard greeting.code == "220" else { throw .unexpected(proto, "greeting \(greeting.summary)") }
            try send("EHLO \(STARTTLSPreamble.clientName)\r\n")
            let ehlo = try reply(until: Self.codeReplyComplete)
            guard ehlo.code == "250" else { throw .unexpected(proto, "EHLO answered \(ehlo.summary)") }
            // Each line is `250-KEYWORD params` or `250 KEYWORD params`; the first names the server.
            let keywords = ehlo.lines.dropFirst().map { String($0.dropFirst(4)).uppercased() }
            guard keywords.contains(where: { $0 == "STARTTLS" || $0.hasPrefix("STARTTLS ") }) else {
                throw .notOffered(proto, "EHLO lists no STARTTLS")
            }
            var seen = STARTTLSObservation()
            if let auth = keywords.first(where: { $0.hasPrefix("AUTH ") || $0.hasPrefix("AUTH=") }) {
                seen.plaintextLogin = "\(ProbeText.text(auth, limit: 80)) advertised before STARTTLS"
            }
            try send("STARTTLS\r\n")
            let go = try reply(until: Self.codeReplyComplete)
            guard go.code == "220" else { throw .notOffered(proto, "STARTTLS answered \(go.summary)") }
            return seen
        }

        /// IMAP (RFC 3501 §6.2.1, RFC 2595): greeting `* OK`, CAPABILITY listing STARTTLS, tagged OK to STARTTLS.
        mutating func imap() throws(STARTTLSError) -> STARTTLSObservation {
            let greeting = try reply(until: Self.lineComplete)
            guard greeting.first.hasPrefix("* OK") else {
                throw .unexpected(proto, "greeting \(greeting.summary)")
            }
            try send("r1 CAPABILITY\r\n")
            let caps = try reply(until: Self.tagged("r1"))
            guard caps.lines.last?.uppercased().hasPrefix("R1 OK") == true else { throw .unexpected(proto, "CAPABILITY answered \(caps.summary)") }
            let words = Set(caps.lines.filter { $0.uppercased().hasPrefix("* CAPABILITY") }
                .flatMap { $0.uppercased().split(separator: " ").dropFirst(2).map(String.init) })
            guard words.contains("STARTTLS") else { throw .notOffered(proto, "CAPABILITY lists no STARTTLS") }
            var seen = STARTTLSObservation()
            if !words.contains("LOGINDISABLED") {
                let mechanisms = words.filter { $0.hasPrefix("AUTH=") }.sorted()
                seen.plaintextLogin = "LOGIN allowed before STARTTLS (no LOGINDISABLED" + (mechanisms.isEmpty ? ")" : "; \(mechanisms.joined(separator: " ")))")
            }
            try send("r2 STARTTLS\r\n")
            let go = try reply(until: Self.tagged("r2"))
            guard go.lines.last?.uppercased().hasPrefix("R2 OK") == true else { throw .notOffered(proto, "STARTTLS answered \(go.summary)") }
            return seen
        }

        /// POP3 (RFC 2595 §4, RFC 2449): greeting `+OK`, CAPA listing STLS, `+OK` to STLS.
        mutating func pop3() throws(STARTTLSError) -> STARTTLSObservation {
            let greeting = try reply(until: Self.lineComplete)
            guard greeting.first.hasPrefix("+OK") else { throw .unexpected(proto, "greeting \(greeting.summary)") }
            try send("CAPA\r\n")
            let caps = try reply(until: Self.multiline)
            guard caps.first.hasPrefix("+OK") else { throw .notOffered(proto, "CAPA answered \(caps.summary)") }
            let words = caps.lines.dropFirst().map { $0.uppercased() }
            guard words.contains(where: { $0 == "STLS" }) else { throw .notOffered(proto, "CAPA lists no STLS") }
            var seen = STARTTLSObservation()
            if words.contains(where: { $0 == "USER" }) {
                seen.plaintextLogin = "USER/PASS advertised before STLS"
            } else if let sasl = words.first(where: { $0.hasPrefix("SASL ") && ($0.contains(" PLAIN") || $0.contains(" LOGIN")) }) {
                seen.plaintextLogin = "\(ProbeText.text(sasl, limit: 80)) advertised before STLS"
            }
            try send("STLS\r\n")
            let go = try reply(until: Self.lineComplete)
            guard go.first.hasPrefix("+OK") else { throw .notOffered(proto, "STLS answered \(go.summary)") }
            return seen
        }

        /// FTP (RFC 4217): greeting 220, `AUTH TLS` answered 234. Whether USER works before it cannot be
        /// seen without sending USER, which this probe never does.
        mutating func ftp() throws(STARTTLSError) -> STARTTLSObservation {
            let greeting = try reply(until: Self.codeReplyComplete)
            guard greeting.code == "220" else { throw .unexpected(proto, "greeting \(greeting.summary)") }
            try send("AUTH TLS\r\n")
            let go = try reply(until: Self.codeReplyComplete)
            guard go.code == "234" else { throw .notOffered(proto, "AUTH TLS answered \(go.summary)") }
            return STARTTLSObservation()
        }

        /// XMPP (RFC 6120 §5): stream header, features listing `<starttls/>`, `<proceed/>`.
        mutating func xmpp(host: String) throws(STARTTLSError) -> STARTTLSObservation {
            let to = host.filter { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == ":" }
            try send("<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='\(to)' version='1.0'>")
            let features = try text(until: { $0.contains("</stream:features>") || $0.contains("</stream:stream>") || $0.contains("<stream:error") }, limit: 32_768)
            guard features.contains("<stream:features") else { throw .unexpected(proto, "no stream features: \(ProbeText.text(features, limit: 120))") }
            guard let start = features.range(of: "<starttls") else { throw .notOffered(proto, "stream features list no starttls") }
            var seen = STARTTLSObservation()
            // `<required/>` inside the starttls element: the server refuses anything else before TLS.
            let rest = features[start.lowerBound...]
            let element = rest.range(of: "</starttls>").map { rest[..<$0.upperBound] } ?? rest.prefix { $0 != ">" }
            seen.required = element.contains("<required")
            if seen.required == false {
                let mechanisms = Self.xmlValues(features, tag: "mechanism").filter { ["PLAIN", "LOGIN"].contains($0.uppercased()) }
                if !mechanisms.isEmpty {
                    seen.plaintextLogin = "SASL \(mechanisms.joined(separator: " ")) offered and STARTTLS not required"
                }
            }
            try send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")
            let go = try text(until: { $0.contains("<proceed") || $0.contains("<failure") || $0.contains("</stream:stream>") }, limit: 4096)
            guard go.contains("<proceed") else { throw .notOffered(proto, "starttls answered \(ProbeText.text(go, limit: 120))") }
            return seen
        }

        // MARK: Binary protocols

        /// LDAP (RFC 4511 §4.14): ExtendedRequest with the StartTLS OID; ExtendedResponse resultCode 0.
        mutating func ldap() throws(STARTTLSError) -> STARTTLSObservation {
            let oid = Array("1.3.6.1.4.1.1466.20037".utf8)
            let request: [UInt8] = [0x77, UInt8(oid.count + 2), 0x80, UInt8(oid.count)] + oid
            try send([0x30, UInt8(request.count + 3), 0x02, 0x01, 0x01] + request)
            let bytes = try raw(until: { LDAPReply.complete($0) }, limit: 8192)
            switch LDAPReply.resultCode(bytes) {
            case .success(0): return STARTTLSObservation()
            case .success(let code): throw .notOffered(proto, "StartTLS extended operation answered resultCode \(code)\(code == 2 ? " (protocolError: not supported)" : "")")
            case .failure(let why): throw .unexpected(proto, why.description)
            }
        }

        /// PostgreSQL: SSLRequest (80877103) answered with one byte, `S` or `N`.
        mutating func postgres() throws(STARTTLSError) -> STARTTLSObservation {
            try send([0, 0, 0, 8, 0x04, 0xD2, 0x16, 0x2F])
            let answer = try raw(until: { !$0.isEmpty }, limit: 1)
            switch answer.first {
            case UInt8(ascii: "S"): return STARTTLSObservation()
            case UInt8(ascii: "N"): throw .notOffered(proto, "SSLRequest answered 'N'")
            default: throw .unexpected(proto, "SSLRequest answered \(ProbeText.hex(answer, limit: 8))")
            }
        }

        /// MySQL / MariaDB: the server greeting (protocol 10) must set CLIENT_SSL; the client's SSLRequest
        /// packet (capabilities, max packet, charset) is followed directly by the ClientHello.
        mutating func mysql() throws(STARTTLSError) -> STARTTLSObservation {
            let packet = try raw(until: { bytes in MySQLGreeting.packetLength(bytes).map { bytes.count >= $0 } ?? false }, limit: 4096)
            let greeting: MySQLGreeting
            switch MySQLGreeting.parse(packet) {
            case .success(let g): greeting = g
            case .failure(let why): throw .unexpected(proto, why.description)
            }
            guard greeting.capabilities & MySQLGreeting.clientSSL != 0 else {
                throw .notOffered(proto, "greeting from \(greeting.version) does not set CLIENT_SSL")
            }
            // CLIENT_LONG_PASSWORD | CLIENT_PROTOCOL_41 | CLIENT_SSL | CLIENT_SECURE_CONNECTION, as a login would.
            let caps: UInt32 = 0x0000_0001 | 0x0000_0200 | 0x0000_0800 | 0x0000_8000
            var payload: [UInt8] = []
            for shift in stride(from: 0, to: 32, by: 8) { payload.append(UInt8((caps >> UInt32(shift)) & 0xFF)) }
            payload += [0, 0, 0, 0x01] // max packet size 16 MiB
            payload.append(0x21) // utf8_general_ci
            payload += [UInt8](repeating: 0, count: 23)
            try send([UInt8(payload.count), 0, 0, greeting.sequence &+ 1] + payload)
            return STARTTLSObservation()
        }

        // MARK: Plumbing

        func send(_ text: String) throws(STARTTLSError) { try send(Array(text.utf8)) }

        func send(_ bytes: [UInt8]) throws(STARTTLSError) {
            if case .failure(let e) = stream.send(bytes) { throw .network(proto, e) }
        }

        /// Reads until `done` holds; a reply cut short (closed, limit, timeout) is an error naming what came.
        func raw(until done: ([UInt8]) -> Bool, limit: Int) throws(STARTTLSError) -> [UInt8] {
            switch stream.read(until: done, limit: limit, wait: wait) {
            case .failure(let e): throw .network(proto, e)
            case .success(let bytes):
                guard done(bytes) else {
                    throw .unexpected(proto, bytes.count >= limit ? "reply longer than \(limit) bytes" : "incomplete reply (\(bytes.count) bytes): \(Self.show(bytes))")
                }
                return bytes
            }
        }

        /// Text as text, binary as hex (a MySQL or LDAP fragment reads better in bytes).
        static func show(_ bytes: [UInt8]) -> String {
            bytes.allSatisfy { ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
                ? ProbeText.text(bytes, limit: 80) : ProbeText.hex(bytes, limit: 24)
        }

        func text(until done: @escaping (String) -> Bool, limit: Int) throws(STARTTLSError) -> String {
            String(decoding: try raw(until: { done(String(decoding: $0, as: UTF8.self)) }, limit: limit), as: UTF8.self)
        }

        func reply(until done: @escaping ([UInt8]) -> Bool) throws(STARTTLSError) -> TextReply {
            TextReply(try raw(until: done, limit: STARTTLSPreamble.replyLimit))
        }

        /// RFC 5321 / RFC 959 reply: complete when a line `NNN ` (code, space) has ended.
        static func codeReplyComplete(_ bytes: [UInt8]) -> Bool {
            guard bytes.last == 0x0A else { return false }
            let line = TextReply(bytes).lines.last ?? ""
            let chars = Array(line.utf8)
            return chars.count >= 3 && chars[0..<3].allSatisfy { $0 >= 0x30 && $0 <= 0x39 } && (chars.count == 3 || chars[3] == 0x20)
        }

        static func lineComplete(_ bytes: [UInt8]) -> Bool { bytes.contains(0x0A) }

        /// POP3 multi-line reply: ends with `.` on its own line; an `-ERR` ends at its first line.
        static func multiline(_ bytes: [UInt8]) -> Bool {
            guard bytes.contains(0x0A) else { return false }
            if bytes.starts(with: Array("-ERR".utf8)) { return true }
            return bytes.count >= 3 && (bytes.suffix(3) == [0x0A, 0x2E, 0x0A] || bytes.suffix(5) == [0x0D, 0x0A, 0x2E, 0x0D, 0x0A])
        }

        /// IMAP: complete when a line starting with `tag ` has ended.
        static func tagged(_ tag: String) -> ([UInt8]) -> Bool {
            { bytes in
                guard bytes.last == 0x0A else { return false }
                return TextReply(bytes).lines.last?.uppercased().hasPrefix(tag.uppercased() + " ") == true
            }
        }

        /// Text of every `<tag>value</tag>`, bounded.
        static func xmlValues(_ text: String, tag: String) -> [String] {
            var out: [String] = []
            var rest = Substring(text)
            while out.count < 32, let open = rest.range(of: "<\(tag)>"), let close = rest[open.upperBound...].range(of: "</\(tag)>") {
                out.append(ProbeText.text(String(rest[open.upperBound..<close.lowerBound]), limit: 40))
                rest = rest[close.upperBound...]
            }
            return out
        }
    }

    /// A text reply split in lines (CR LF or LF), for the line-based protocols.
    struct TextReply {
        let lines: [String]

        init(_ bytes: [UInt8]) {
            lines = bytes.split(separator: 0x0A).map { String(decoding: $0.filter { $0 != 0x0D }, as: UTF8.self) }.filter { !$0.isEmpty }
        }

        var first: String { lines.first ?? "" }
        /// The reply code of the last line (`250`), or empty.
        var code: String { String((lines.last ?? "").prefix(3)) }
        /// What the server said, short and printable, for error messages.
        var summary: String { ProbeText.text(lines.suffix(2).joined(separator: " | "), limit: 120) }
    }
}
