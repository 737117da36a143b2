import Foundation
import Testing
import RampartCore
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
            if case .success(let c) = Connection.connect(to: SocketAddress(ip: "127.0.0.1", port: port), timeout: 0.2) { c.close(); return true }
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
}
