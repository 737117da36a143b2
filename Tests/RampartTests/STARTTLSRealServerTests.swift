import Foundation
import Testing
import RampartAudit
import RampartCore
import RampartProbe
#if canImport(Glibc)
import Glibc
#endif

/// STARTTLS against a real PostgreSQL on loopback (initdb + postgres on a free port, ssl=on with the test
/// PKI's certificate). Skipped, visibly, when PostgreSQL 15 is not installed; as root it runs as the
/// `postgres` user, which PostgreSQL requires.
@Suite struct STARTTLSRealServerTests {
    static let bin = "/usr/lib/postgresql/15/bin"
    static let available = FileManager.default.isExecutableFile(atPath: "\(bin)/postgres")
        && (getuid() != 0 || (FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser") && getpwnam("postgres") != nil))

    /// `command` as the postgres user when running as root.
    static func asServerUser(_ command: [String]) -> (String, [String]) {
        getuid() == 0 ? ("/usr/sbin/runuser", ["-u", "postgres", "--"] + command) : (command[0], Array(command.dropFirst()))
    }

    @Test(.enabled(if: available, "PostgreSQL 15 is not installed"), .timeLimit(.minutes(1)))
    func realPostgresThroughSSLRequest() throws {
        let pki = try CertLiveTests.shared.get()
        let dir = try ServiceRealServerTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("data")
        if getuid() == 0, let pw = getpwnam("postgres") { chown(dir.path, pw.pointee.pw_uid, pw.pointee.pw_gid) }
        let (initTool, initArgs) = Self.asServerUser(["\(Self.bin)/initdb", "-D", data.path, "-A", "trust", "-U", "postgres", "--no-sync"])
        try ServiceRealServerTests.run(initTool, initArgs).wait()
        // The chain as served: leaf, then intermediate.
        let chain = try String(contentsOfFile: pki.path("good.pem"), encoding: .utf8) + String(contentsOfFile: pki.path("int.pem"), encoding: .utf8)
        let key = try String(contentsOfFile: pki.path("good.key"), encoding: .utf8)
        for (name, text) in [("server.crt", chain), ("server.key", key)] {
            let target = data.appendingPathComponent(name).path
            try Data(text.utf8).write(to: URL(fileURLWithPath: target))
            chmod(target, 0o600)
            if getuid() == 0, let pw = getpwnam("postgres") { chown(target, pw.pointee.pw_uid, pw.pointee.pw_gid) }
        }
        let port = TLSTestSupport.freePort()
        let (tool, args) = Self.asServerUser(["\(Self.bin)/postgres", "-D", data.path, "-p", "\(port)", "-k", dir.path,
                                              "-c", "listen_addresses=127.0.0.1", "-c", "ssl=on", "-c", "ssl_min_protocol_version=TLSv1.2"])
        let server = try ServiceRealServerTests.run(tool, args)
        defer { server.stop() }
        try #require(ServiceRealServerTests.waitForListener(port), "postgres did not start on \(port)")
        var o = TLSTestSupport.options(timeout: 2, caFile: pki.path("root.pem"))
        o.starttlsAuto = true
        o.starttls = .postgres
        let facts = TLSTestSupport.probe(port, o)
        let endpoint = try #require(facts.tls.first, "\(facts.problems.map(\.message))")
        #expect(endpoint.starttls == "postgres")
        #expect(endpoint.protocols == ["TLSv1.2", "TLSv1.3"])
        #expect(endpoint.suites["TLSv1.3"]?.contains("TLS_AES_256_GCM_SHA384") == true)
        #expect(endpoint.certificate?.trusted == true && endpoint.certificate?.hostnameMatches == true, "\(endpoint.errors)")
        let ids = Set(try TLSTestSupport.findings(facts, today: TLSTestSupport.today()).map(\.ruleID))
        #expect(!ids.contains("tls/protocol-tls10") && !ids.contains("cert/untrusted"), "\(ids.sorted())")
    }
}
