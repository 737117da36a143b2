import Foundation
import RampartAudit
import RampartCore
import RampartPolicy
import RampartProbe
@testable import RampartRules
#if canImport(Glibc)
import Glibc
#endif

/// Test helpers for live TLS tests: a PKI made at test time with the system `openssl`, `openssl s_server`
/// instances on free loopback ports, and scripted in-process TCP servers. Everything listens on 127.0.0.1
/// only and is stopped by the test that started it.
enum TLSTestSupport {
    static let openssl = "/usr/bin/openssl"

    struct CommandError: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs a command to completion (bounded: commands here are key generation and signing).
    @discardableResult
    static func run(_ tool: String, _ args: [String], in dir: URL) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        p.currentDirectoryURL = dir
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard p.terminationStatus == 0 else { throw CommandError(description: "\(tool) \(args.joined(separator: " ")): \(text)") }
        return text
    }

    /// A free TCP port on 127.0.0.1 (bound, read back, released).
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    static func options(timeout: Double = 2, sni: String? = "localhost", caFile: String? = nil) -> TLSProbeOptions {
        var o = TLSProbeOptions()
        o.timeout = timeout
        o.retries = 0
        o.sni = sni
        o.caFile = caFile
        o.perHost = 8
        return o
    }

    /// Probes one loopback port.
    static func probe(_ port: Int, _ options: TLSProbeOptions) -> FactSet {
        TLSAudit.run(targets: [Target(host: "127.0.0.1", port: port)], options: options)
    }

    /// Judges facts under a shipped policy, as `rampart probe` would.
    static func findings(_ facts: FactSet, policy: String = "default", today: String = "2026-11-27") throws -> [Finding] {
        let p = try PolicyLoader.load(policy)
        return Evaluator(policy: p, today: today).evaluate(facts, generatedAt: "now").findings
    }

    static func today() -> String {
        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd"
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: Date())
    }
}

/// A throwaway PKI: root, intermediate, and leaves of every kind the tests need.
final class TestPKI: @unchecked Sendable {
    let dir: URL

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("rampart-pki-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "root.key", "-out", "root.pem", "-days", "3650",
                     "-subj", "/CN=Rampart Test Root", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
        try write("ca.ext", "basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n")
        try openssl(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "int.key", "-out", "int.csr", "-subj", "/CN=Rampart Test Intermediate"])
        try openssl(["x509", "-req", "-in", "int.csr", "-CA", "root.pem", "-CAkey", "root.key", "-CAcreateserial", "-days", "3650",
                     "-sha256", "-extfile", "ca.ext", "-out", "int.pem"])
        try write("ca.cnf", """
            [ca]
            default_ca = d
            [d]
            database = index.txt
            new_certs_dir = .
            serial = serial.txt
            default_md = sha256
            policy = p
            copy_extensions = copy
            unique_subject = no
            [p]
            commonName = supplied
            """)
        try write("index.txt", "")
        try write("serial.txt", "1000\n")
    }

    deinit { try? FileManager.default.removeItem(at: dir) }

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: dir.appendingPathComponent(name))
    }

    @discardableResult
    func openssl(_ args: [String]) throws -> String { try TLSTestSupport.run(TLSTestSupport.openssl, args, in: dir) }

    enum Key { case rsa(Int), ec }
    enum Signer { case intermediate, root, selfSigned }

    /// Makes `name.pem` / `name.key`; returns the name.
    @discardableResult
    func leaf(_ name: String, host: String = "localhost", key: Key = .rsa(2048), signer: Signer = .intermediate,
              digest: String = "sha256", expired: Bool = false) throws -> String {
        let keyArgs: [String]
        switch key {
        case .rsa(let bits): keyArgs = ["-newkey", "rsa:\(bits)"]
        case .ec: keyArgs = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"]
        }
        let exts = ["-addext", "subjectAltName=DNS:\(host)", "-addext", "basicConstraints=CA:FALSE", "-addext", "extendedKeyUsage=serverAuth"]
        if signer == .selfSigned {
            try openssl(["req", "-x509"] + keyArgs + ["-nodes", "-keyout", "\(name).key", "-out", "\(name).pem", "-days", "365", "-\(digest)", "-subj", "/CN=\(host)"] + exts)
            return name
        }
        try openssl(["req"] + keyArgs + ["-nodes", "-keyout", "\(name).key", "-out", "\(name).csr", "-subj", "/CN=\(host)"] + exts)
        let ca = signer == .root ? "root" : "int"
        if expired {
            try openssl(["ca", "-batch", "-config", "ca.cnf", "-cert", "\(ca).pem", "-keyfile", "\(ca).key", "-in", "\(name).csr", "-out", "\(name).pem",
                         "-startdate", "20200101000000Z", "-enddate", "20210101000000Z", "-notext", "-md", digest])
        } else {
            try write("\(name).ext", "subjectAltName=DNS:\(host)\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n")
            try openssl(["x509", "-req", "-in", "\(name).csr", "-CA", "\(ca).pem", "-CAkey", "\(ca).key", "-CAcreateserial", "-days", "365",
                         "-\(digest)", "-extfile", "\(name).ext", "-out", "\(name).pem"])
        }
        return name
    }
}

/// `openssl s_server` on a free loopback port; stopped with `stop()` (call it in `defer`).
final class OpenSSLServer: @unchecked Sendable {
    let port: Int
    private let process: Process

    /// `ipv6` listens on [::1] instead of 127.0.0.1.
    init(_ args: [String], in pki: TestPKI, ipv6: Bool = false) throws {
        let host = ipv6 ? "::1" : "127.0.0.1"
        var lastError = ""
        for _ in 0..<3 {
            let port = TLSTestSupport.freePort()
            let p = Process()
            p.executableURL = URL(fileURLWithPath: TLSTestSupport.openssl)
            p.arguments = ["s_server", "-accept", ipv6 ? "[::1]:\(port)" : "127.0.0.1:\(port)", "-naccept", "1000"] + (ipv6 ? ["-6"] : []) + args
            p.currentDirectoryURL = pki.dir
            let log = pki.dir.appendingPathComponent("s_server-\(port).log")
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            let handle = try FileHandle(forWritingTo: log)
            p.standardOutput = handle
            p.standardError = handle
            p.standardInput = FileHandle.nullDevice
            try p.run()
            // Ready when it accepts a connection (bounded wait).
            for _ in 0..<100 {
                if case .success(let c) = Connection.connect(to: SocketAddress(ip: host, port: port), timeout: 0.2, via: .unrestricted) {
                    c.close()
                    self.port = port
                    self.process = p
                    return
                }
                if !p.isRunning { break }
                usleep(30_000)
            }
            if p.isRunning { kill(p.processIdentifier, SIGKILL) }
            p.waitUntilExit()
            lastError = (try? String(contentsOf: log, encoding: .utf8)) ?? "?"
        }
        throw TLSTestSupport.CommandError(description: "s_server did not start: \(lastError)")
    }

    /// SIGKILL by pid: the test runner's threads may block SIGTERM, and children inherit that mask.
    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}

/// The TLS tests' view of the shared scripted server (PortTestSupport.swift): handlers get the raw socket,
/// and the static helpers below read and write TLS records on it.
extension ScriptedServer {
    /// The handler gets the connected socket; the server closes it when the handler returns.
    convenience init(_ handler: @escaping @Sendable (Int32) -> Void) {
        self.init(handler: { connection in handler(connection.fd) })!
    }

    var connectionCount: Int { accepted }

    // MARK: Socket helpers for handlers

    /// Reads one TLS record or SSLv2 record (bounded, 2 s), or nil.
    static func readHello(_ fd: Int32) -> [UInt8]? {
        var buf: [UInt8] = []
        let end = Date().addingTimeInterval(2)
        while Date() < end, buf.count < 20000 {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 100) >= 0 else { return nil }
            if pfd.revents == 0 { continue }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let n = recv(fd, &chunk, chunk.count, 0)
            guard n > 0 else { return buf.isEmpty ? nil : buf }
            buf += chunk.prefix(n)
            if buf.count >= 2, buf[0] & 0x80 != 0, buf.count >= 2 + (Int(buf[0] & 0x7F) << 8 | Int(buf[1])) { return buf }
            if buf.count >= 5, (20...24).contains(buf[0]), buf.count >= 5 + (Int(buf[3]) << 8 | Int(buf[4])) { return buf }
        }
        return buf.isEmpty ? nil : buf
    }

    static func send(_ fd: Int32, _ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Waits until the client closes (or 3 s), so that a silent server stays silent.
    static func waitForClose(_ fd: Int32, seconds: Double = 3) {
        let end = Date().addingTimeInterval(seconds)
        var chunk = [UInt8](repeating: 0, count: 4096)
        while Date() < end {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 100) >= 0 else { return }
            if pfd.revents != 0 && recv(fd, &chunk, chunk.count, 0) <= 0 { return }
        }
    }

    /// Closes with RST instead of FIN.
    static func reset(_ fd: Int32) {
        var l = linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, socklen_t(MemoryLayout<linger>.size))
    }
}

/// The parts of a ClientHello a scripted server needs. Independent of the production codec on purpose.
struct ParsedClientHello {
    var sslv2 = false
    var recordVersion: UInt16 = 0
    var clientVersion: UInt16 = 0
    var suites: [UInt16] = []
    var compression: [UInt8] = []
    var extensions: [UInt16: [UInt8]] = [:]

    /// supported_versions lists 1.3.
    var offersTLS13: Bool { extensions[0x002B].map { $0.count >= 3 && $0[1] == 3 && $0[2] == 4 } ?? false }

    init?(_ b: [UInt8]) {
        if b.count >= 5, b[0] & 0x80 != 0 {
            sslv2 = true
            return
        }
        guard b.count >= 9 + 38, b[0] == 22, b[5] == 1 else { return nil }
        recordVersion = UInt16(b[1]) << 8 | UInt16(b[2])
        var i = 9
        clientVersion = UInt16(b[i]) << 8 | UInt16(b[i + 1])
        i += 34
        guard i < b.count else { return nil }
        i += 1 + Int(b[i])
        guard i + 2 <= b.count else { return nil }
        let sl = Int(b[i]) << 8 | Int(b[i + 1])
        i += 2
        guard i + sl <= b.count else { return nil }
        for j in stride(from: i, to: i + sl, by: 2) { suites.append(UInt16(b[j]) << 8 | UInt16(b[j + 1])) }
        i += sl
        guard i < b.count else { return nil }
        let cl = Int(b[i])
        guard i + 1 + cl <= b.count else { return nil }
        compression = Array(b[i + 1..<i + 1 + cl])
        i += 1 + cl
        guard i + 2 <= b.count else { return }
        let el = Int(b[i]) << 8 | Int(b[i + 1])
        i += 2
        let end = min(b.count, i + el)
        while i + 4 <= end {
            let t = UInt16(b[i]) << 8 | UInt16(b[i + 1])
            let l = Int(b[i + 2]) << 8 | Int(b[i + 3])
            guard i + 4 + l <= end else { break }
            extensions[t] = Array(b[i + 4..<i + 4 + l])
            i += 4 + l
        }
    }
}

/// Builders for canned server messages.
enum Canned {
    static func serverHello(version: UInt16, suite: UInt16, compression: UInt8 = 0, extensions: [(UInt16, [UInt8])] = [(0xFF01, [0])]) -> [UInt8] {
        var body: [UInt8] = [UInt8(version >> 8), UInt8(version & 0xFF)]
        body += [UInt8](repeating: 0x5A, count: 32)
        body += [0, UInt8(suite >> 8), UInt8(suite & 0xFF), compression]
        if !extensions.isEmpty {
            var ext: [UInt8] = []
            for (t, d) in extensions {
                ext += [UInt8(t >> 8), UInt8(t & 0xFF), UInt8(d.count >> 8), UInt8(d.count & 0xFF)] + d
            }
            body += [UInt8(ext.count >> 8), UInt8(ext.count & 0xFF)] + ext
        }
        return record(22, version: version, handshake(2, body))
    }

    static func handshake(_ type: UInt8, _ body: [UInt8]) -> [UInt8] {
        [type, UInt8(body.count >> 16), UInt8((body.count >> 8) & 0xFF), UInt8(body.count & 0xFF)] + body
    }

    static func record(_ type: UInt8, version: UInt16, _ payload: [UInt8]) -> [UInt8] {
        [type, UInt8(version >> 8), UInt8(version & 0xFF), UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)] + payload
    }

    static func alert(_ code: UInt8, version: UInt16 = 0x0303) -> [UInt8] { record(21, version: version, [2, code]) }

    static let serverHelloDone = handshake(14, [])

    /// SSLv2 SERVER-HELLO listing `specs`.
    static func sslv2ServerHello(_ specs: [UInt32]) -> [UInt8] {
        let cert: [UInt8] = [0x30, 0x03, 0x02, 0x01, 0x00]
        var body: [UInt8] = [4, 0, 1, 0x00, 0x02, UInt8(cert.count >> 8), UInt8(cert.count & 0xFF), 0, UInt8(specs.count * 3), 0, 16]
        body += cert
        for s in specs { body += [UInt8(s >> 16), UInt8((s >> 8) & 0xFF), UInt8(s & 0xFF)] }
        body += [UInt8](repeating: 7, count: 16)
        return [0x80 | UInt8(body.count >> 8), UInt8(body.count & 0xFF)] + body
    }
}
