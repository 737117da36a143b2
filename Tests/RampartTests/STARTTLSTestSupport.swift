import Foundation
import RampartProbe
#if canImport(Glibc)
import Glibc
#endif

/// A scripted STARTTLS front end on loopback: it speaks one protocol's plaintext preamble (greeting,
/// capabilities, the upgrade), then relays the raw bytes to an `openssl s_server` backend, so that the TLS
/// part is a real OpenSSL server. Stopped with `stop()`.
final class STARTTLSFrontEnd: @unchecked Sendable {
    struct Behaviour: Sendable {
        /// Advertise the upgrade at all.
        var offer = true
        /// Advertise login before the upgrade (SMTP AUTH, IMAP without LOGINDISABLED, POP3 USER, XMPP PLAIN).
        var loginBeforeTLS = false
        /// XMPP: mark starttls `<required/>`.
        var required = true
    }

    let server: ScriptedServer
    var port: Int { server.port }

    init(_ proto: STARTTLSProtocol, backend: Int, behaviour: Behaviour = Behaviour()) {
        server = ScriptedServer { fd in
            guard STARTTLSFrontEnd.preamble(proto, fd, behaviour) else { return }
            STARTTLSFrontEnd.relay(fd, to: backend)
        }
    }

    func stop() { server.stop() }

    // MARK: Server side of each preamble

    static func preamble(_ proto: STARTTLSProtocol, _ fd: Int32, _ b: Behaviour) -> Bool {
        switch proto {
        case .smtp:
            send(fd, "220 mail.test ESMTP ready\r\n")
            guard readLine(fd)?.hasPrefix("EHLO") == true else { return false }
            send(fd, "250-mail.test\r\n250-PIPELINING\r\n" + (b.loginBeforeTLS ? "250-AUTH PLAIN LOGIN\r\n" : "") + (b.offer ? "250-STARTTLS\r\n" : "") + "250 8BITMIME\r\n")
            guard readLine(fd) == "STARTTLS" else { return false }
            send(fd, "220 2.0.0 Ready to start TLS\r\n")
        case .imap:
            send(fd, "* OK IMAP4rev1 ready\r\n")
            guard let cap = readLine(fd), cap.hasSuffix("CAPABILITY"), let tag = cap.split(separator: " ").first else { return false }
            send(fd, "* CAPABILITY IMAP4rev1 SASL-IR" + (b.offer ? " STARTTLS" : "") + (b.loginBeforeTLS ? " AUTH=PLAIN" : " LOGINDISABLED") + "\r\n\(tag) OK done\r\n")
            guard let go = readLine(fd), go.hasSuffix("STARTTLS"), let tag2 = go.split(separator: " ").first else { return false }
            send(fd, "\(tag2) OK Begin TLS negotiation now\r\n")
        case .pop3:
            send(fd, "+OK POP3 ready\r\n")
            guard readLine(fd) == "CAPA" else { return false }
            send(fd, "+OK\r\nTOP\r\nUIDL\r\n" + (b.offer ? "STLS\r\n" : "") + (b.loginBeforeTLS ? "USER\r\n" : "") + ".\r\n")
            guard readLine(fd) == "STLS" else { return false }
            send(fd, "+OK Begin TLS\r\n")
        case .ftp:
            send(fd, "220-Welcome\r\n220 FTP ready\r\n")
            guard readLine(fd) == "AUTH TLS" else { return false }
            guard b.offer else { send(fd, "502 Command not implemented\r\n"); _ = readLine(fd); return false }
            send(fd, "234 AUTH TLS successful\r\n")
        case .ldap:
            guard let request = readExactly(fd, 2), request[0] == 0x30, let body = readExactly(fd, Int(request[1])),
                  String(decoding: body, as: UTF8.self).contains("1.3.6.1.4.1.1466.20037") else { return false }
            send(fd, [0x30, 0x0C, 0x02, 0x01, 0x01, 0x78, 0x07, 0x0A, 0x01, b.offer ? 0x00 : 0x02, 0x04, 0x00, 0x04, 0x00])
        case .xmpp:
            guard readUntil(fd, "version='1.0'>") != nil else { return false }
            let tls = b.offer ? "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'>" + (b.required ? "<required/>" : "") + "</starttls>" : ""
            let sasl = b.loginBeforeTLS ? "<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms>" : ""
            send(fd, "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' id='s1' from='localhost' version='1.0'><stream:features>\(tls)\(sasl)</stream:features>")
            guard readUntil(fd, "/>") != nil else { return false }
            send(fd, "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")
        case .postgres:
            guard readExactly(fd, 8) == [0, 0, 0, 8, 0x04, 0xD2, 0x16, 0x2F] else { return false }
            send(fd, b.offer ? "S" : "N")
            if !b.offer { return false }
        case .mysql:
            send(fd, mysqlGreeting(ssl: b.offer))
            guard let header = readExactly(fd, 4), header[0] == 32, header[3] == 1, readExactly(fd, 32) != nil else { return false }
        }
        return true
    }

    /// A protocol-10 greeting with CLIENT_SSL set or not.
    static func mysqlGreeting(ssl: Bool) -> [UInt8] {
        var p: [UInt8] = [0x0A] + Array("8.0.36-test".utf8) + [0]
        p += [1, 0, 0, 0] + [UInt8](repeating: 0x41, count: 8) + [0]
        p += ssl ? [0xFF, 0xFF] : [0xFF, 0xF7]
        p += [0x21, 0x02, 0x00, 0xFF, 0x01, 21] + [UInt8](repeating: 0, count: 10) + [UInt8](repeating: 0x42, count: 12) + [0]
        p += Array("mysql_native_password".utf8) + [0]
        return [UInt8(p.count), 0, 0, 0] + p
    }

    // MARK: Socket helpers (bounded: 3 s per read, byte by byte so that no TLS byte is swallowed)

    static func send(_ fd: Int32, _ text: String) { send(fd, Array(text.utf8)) }

    static func send(_ fd: Int32, _ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    static func readByte(_ fd: Int32, until end: Date) -> UInt8? {
        while Date() < end {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 100) >= 0 else { return nil }
            if pfd.revents == 0 { continue }
            var byte: UInt8 = 0
            return recv(fd, &byte, 1, 0) == 1 ? byte : nil
        }
        return nil
    }

    static func readLine(_ fd: Int32) -> String? {
        let end = Date().addingTimeInterval(3)
        var line: [UInt8] = []
        while line.count < 4096, let byte = readByte(fd, until: end) {
            if byte == 0x0A { return String(decoding: line.filter { $0 != 0x0D }, as: UTF8.self) }
            line.append(byte)
        }
        return nil
    }

    static func readExactly(_ fd: Int32, _ count: Int) -> [UInt8]? {
        let end = Date().addingTimeInterval(3)
        var out: [UInt8] = []
        while out.count < count, let byte = readByte(fd, until: end) { out.append(byte) }
        return out.count == count ? out : nil
    }

    static func readUntil(_ fd: Int32, _ marker: String) -> String? {
        let end = Date().addingTimeInterval(3)
        var out: [UInt8] = []
        while out.count < 8192, let byte = readByte(fd, until: end) {
            out.append(byte)
            if String(decoding: out, as: UTF8.self).hasSuffix(marker) { return String(decoding: out, as: UTF8.self) }
        }
        return nil
    }

    /// Copies bytes both ways between the client and the backend until either side closes (at most 15 s).
    static func relay(_ client: Int32, to port: Int) {
        guard case .success(let backend) = Connection.connect(to: SocketAddress(ip: "127.0.0.1", port: port), timeout: 2, totalTimeout: 15, via: .unrestricted) else { return }
        defer { backend.close() }
        let other = backend.descriptor
        let end = Date().addingTimeInterval(15)
        var buffer = [UInt8](repeating: 0, count: 16384)
        while Date() < end {
            var fds = [pollfd(fd: client, events: Int16(POLLIN), revents: 0), pollfd(fd: other, events: Int16(POLLIN), revents: 0)]
            guard poll(&fds, 2, 100) >= 0 else { return }
            for (from, to) in [(0, other), (1, client)] where fds[from].revents != 0 {
                let n = recv(fds[from].fd, &buffer, buffer.count, 0)
                guard n > 0 else { return }
                send(to, Array(buffer[0..<n]))
            }
        }
    }
}
