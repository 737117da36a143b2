import Foundation
import Testing
import RampartCore
import COpenSSL
@testable import RampartProbe

/// Probes against real servers when this machine has them (OpenSSL's test server, nginx); skipped
/// otherwise. Only 127.0.0.1, on ports picked free a moment before.
@Suite struct ServiceRealServerTests {
    static let options = ServiceProbeOptions(connectTimeout: 1, readTimeout: 1, bannerWait: 0.3)

    static func which(_ tool: String) -> String? {
        ["/usr/bin/\(tool)", "/usr/sbin/\(tool)", "/usr/local/bin/\(tool)", "/usr/local/sbin/\(tool)"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// A child process started with posix_spawn (Foundation's Process can hang in waitUntilExit on Linux);
    /// `stop()` kills it and reaps it.
    struct Child {
        let pid: pid_t

        func stop() {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }

        func wait() {
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
    }

    static func run(_ path: String, _ arguments: [String], in directory: URL? = nil) throws -> Child {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd in Int32(0)...2 { posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0) }
        // Through sh, to start in `directory` (posix_spawn has no portable chdir action).
        let command = "cd '\(directory?.path ?? "/")' && exec '\(path)' " + arguments.map { "'\($0)'" }.joined(separator: " ")
        let argv: [UnsafeMutablePointer<CChar>?] = [String]([ "/bin/sh", "-c", command ]).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, "/bin/sh", &actions, nil, argv, environ)
        guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EINVAL) }
        return Child(pid: pid)
    }

    /// Waits until something listens on the port (at most 3 s).
    static func waitForListener(_ port: Int) -> Bool {
        for _ in 0..<60 {
            if case .success(let c) = Connection.connect(to: SocketAddress(ip: "127.0.0.1", port: port), timeout: 0.2, via: .unrestricted) { c.close(); return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rampart-ports-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// A kubelet stand-in over real TLS: OpenSSL's s_server serving a PodList at /pods. The probe must see
    /// TLS, then identify the kubelet inside it and its anonymous access.
    @Test func kubeletInsideTLS() throws {
        guard let openssl = Self.which("openssl") else { return }
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let keygen = try Self.run(openssl, ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                                            "-subj", "/CN=localhost", "-days", "1", "-keyout", "key.pem", "-out", "cert.pem"], in: dir)
        keygen.wait()
        try Data(#"{"kind":"PodList","apiVersion":"v1","metadata":{},"items":[{"metadata":{"name":"x"}}]}"#.utf8)
            .write(to: dir.appendingPathComponent("pods"))
        let port = PortScannerTests.closedPort()
        let server = try Self.run(openssl, ["s_server", "-quiet", "-accept", "127.0.0.1:\(port)", "-cert", "cert.pem", "-key", "key.pem", "-WWW"], in: dir)
        defer { server.stop() }
        try #require(Self.waitForListener(port))
        let fact = ServiceIdentifier.identify(SocketAddress(ip: "127.0.0.1", port: port), options: Self.options)
        #expect(fact.tls == true)
        #expect(fact.service == "kubelet")
        #expect(fact.authentication == .notRequired)
    }

    @Test func realNginx() throws {
        guard let nginx = Self.which("nginx") else { return }
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let port = PortScannerTests.closedPort()
        let conf = """
        daemon off;
        master_process off;
        pid \(dir.path)/nginx.pid;
        error_log \(dir.path)/error.log;
        events { worker_connections 64; }
        http {
          access_log off;
          client_body_temp_path \(dir.path); proxy_temp_path \(dir.path); fastcgi_temp_path \(dir.path);
          uwsgi_temp_path \(dir.path); scgi_temp_path \(dir.path);
          server { listen 127.0.0.1:\(port); location / { auth_basic "admin"; auth_basic_user_file /dev/null; } }
        }
        """
        try Data(conf.utf8).write(to: dir.appendingPathComponent("nginx.conf"))
        let server = try Self.run(nginx, ["-p", dir.path, "-c", dir.appendingPathComponent("nginx.conf").path])
        defer { server.stop() }
        guard Self.waitForListener(port) else { return } // nginx could not start here (e.g. permissions)
        let fact = ServiceIdentifier.identify(SocketAddress(ip: "127.0.0.1", port: port), options: Self.options)
        #expect(fact.service == "http")
        #expect(fact.product?.hasPrefix("nginx") == true)
        #expect(fact.details?["http.authenticate"] == "Basic")
        #expect(fact.authentication == .required)
    }

    /// SMTP over implicit TLS (as on 465), served by an in-process OpenSSL server with a throwaway
    /// certificate: the probe must find TLS, then read the SMTP greeting inside it.
    @Test func smtpInsideTLS() throws {
        guard let openssl = Self.which("openssl") else { return }
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let keygen = try Self.run(openssl, ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                                            "-subj", "/CN=localhost", "-days", "1", "-keyout", "key.pem", "-out", "cert.pem"], in: dir)
        keygen.wait()
        let cert = dir.appendingPathComponent("cert.pem").path, key = dir.appendingPathComponent("key.pem").path
        let server = try #require(ScriptedServer { c in
            var timeout = timeval(tv_sec: 2, tv_usec: 0)
            setsockopt(c.fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            guard let ctx = SSL_CTX_new(TLS_server_method()) else { return }
            defer { SSL_CTX_free(ctx) }
            guard SSL_CTX_use_certificate_file(ctx, cert, SSL_FILETYPE_PEM) == 1, SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) == 1,
                  let ssl = SSL_new(ctx) else { return }
            defer { SSL_free(ssl) }
            SSL_set_fd(ssl, c.fd)
            guard SSL_accept(ssl) == 1 else { return }
            func write(_ text: String) { _ = text.withCString { SSL_write(ssl, $0, Int32(strlen($0))) } }
            write("220 mail.city.example ESMTP\r\n")
            var buffer = [UInt8](repeating: 0, count: 1024)
            while true {
                let n = SSL_read(ssl, &buffer, Int32(buffer.count))
                guard n > 0 else { return }
                let line = String(decoding: buffer[0..<Int(n)], as: UTF8.self).uppercased()
                if line.hasPrefix("EHLO") { write("250-mail.city.example\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n") }
                else if line.hasPrefix("QUIT") { write("221 Bye\r\n"); return }
                else { write("502 5.5.2 Error\r\n") }
            }
        })
        defer { server.stop() }
        let fact = ServiceIdentifier.identify(server.address, options: Self.options)
        #expect(fact.tls == true)
        #expect(fact.service == "smtp")
        #expect(fact.details?["smtp.auth"] == "AUTH PLAIN LOGIN")
    }
}
