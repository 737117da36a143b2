import Foundation
import Testing
import RampartAudit
import RampartCore
@testable import RampartProbe

/// Header parsing, and a real nginx over TLS with chosen headers (and a plain-HTTP redirect).
@Suite struct HTTPHeadersTests {
    @Test func parsesStatusHeadersAndCookiesWithoutValues() throws {
        let text = "HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nSet-Cookie: SID=abc123secret; Path=/; Secure; HttpOnly; SameSite=Lax\r\nX-Frame-Options:DENY\r\n\r\nbody"
        let head = try HTTPResponse.parse(Array(text.utf8)).get()
        #expect(head.status == 200)
        #expect(head.headers.first { $0.name == "x-frame-options" }?.value == "DENY")
        let cookie = try #require(HTTPResponse.cookie("SID=abc123secret; Path=/; Secure; HttpOnly; SameSite=Lax"))
        #expect(cookie == CookieFacts(name: "SID", secure: true, httpOnly: true, sameSite: "Lax"))
        #expect(HTTPResponse.cookie("=novalue") == nil)
    }

    @Test func refusesNonHTTP() {
        #expect((try? HTTPResponse.parse(Array("\u{16}\u{3}garbage".utf8)).get()) == nil)
        #expect((try? HTTPResponse.parse([]).get()) == nil)
        #expect((try? HTTPResponse.parse(Array("HTTP/1.1 abc\r\n\r\n".utf8)).get()) == nil)
    }

    static let nginx = "/usr/sbin/nginx"

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: HTTPHeadersTests.nginx)))
    func nginxHeadersCookiesAndRedirect() throws {
        let pki = try CertLiveTests.shared.get()
        let tlsPort = TLSTestSupport.freePort(), redirectPort = TLSTestSupport.freePort(), plainPort = TLSTestSupport.freePort()
        let prefix = pki.dir.appendingPathComponent("nginx-\(tlsPort)")
        try FileManager.default.createDirectory(at: prefix, withIntermediateDirectories: true)
        try pki.write("fullchain.pem", try String(contentsOfFile: pki.path("good.pem"), encoding: .utf8) + String(contentsOfFile: pki.path("int.pem"), encoding: .utf8))
        let p = prefix.path
        let conf = """
            daemon off; master_process off; pid \(p)/nginx.pid; error_log \(p)/error.log;
            events { worker_connections 64; }
            http {
              access_log off;
              client_body_temp_path \(p)/b; proxy_temp_path \(p)/p; fastcgi_temp_path \(p)/f; uwsgi_temp_path \(p)/u; scgi_temp_path \(p)/s;
              server {
                listen 127.0.0.1:\(tlsPort) ssl;
                ssl_certificate \(pki.path("fullchain.pem")); ssl_certificate_key \(pki.path("good.key"));
                add_header Strict-Transport-Security "max-age=3600" always;
                add_header Set-Cookie "SESSIONID=s3cr3t-value-1234; Path=/; HttpOnly" always;
                add_header X-Frame-Options DENY always;
                location / { return 200 "ok\\n"; }
              }
              server { listen 127.0.0.1:\(redirectPort); return 301 https://localhost:\(tlsPort)/; }
              server { listen 127.0.0.1:\(plainPort); location / { return 200 "plain\\n"; } }
            }
            """
        try Data(conf.utf8).write(to: prefix.appendingPathComponent("nginx.conf"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.nginx)
        process.arguments = ["-p", p, "-c", prefix.appendingPathComponent("nginx.conf").path, "-e", "\(p)/error.log"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        var up = false
        for _ in 0..<100 where !up {
            if case .success(let c) = Connection.connect(to: SocketAddress(ip: "127.0.0.1", port: tlsPort), timeout: 0.2, via: .unrestricted) { c.close(); up = true } else { usleep(30_000) }
        }
        try #require(up, "nginx did not start: \((try? String(contentsOfFile: "\(p)/error.log", encoding: .utf8)) ?? "")")

        var o = TLSTestSupport.options(timeout: 2, caFile: pki.path("root.pem"))
        o.versions = [.tls12, .tls13]
        o.plainHTTPPort = redirectPort
        let facts = TLSTestSupport.probe(tlsPort, o)
        let http = try #require(facts.tls.first?.http)
        #expect(http.status == 200)
        #expect(http.header("strict-transport-security") == "max-age=3600")
        #expect(http.header("server")?.hasPrefix("nginx/") == true)
        #expect(http.cookies == [CookieFacts(name: "SESSIONID", secure: false, httpOnly: true, sameSite: nil)])
        #expect(http.plainRedirect?.redirectsToHTTPS == true)
        let findings = try TLSTestSupport.findings(facts, today: TLSTestSupport.today())
        let ids = Set(findings.map(\.ruleID))
        for id in ["http/hsts-short-max-age", "http/hsts-no-subdomains", "http/csp-missing", "http/xcto-missing",
                   "http/referrer-policy-missing", "http/cookie-insecure", "http/server-version-disclosed"] {
            #expect(ids.contains(id), "\(id) missing from \(ids.sorted())")
        }
        #expect(ids.isDisjoint(with: ["http/hsts-missing", "http/frame-protection-missing", "http/no-https-redirect"]))
        let cookie = try #require(findings.first { $0.ruleID == "http/cookie-insecure" })
        #expect(cookie.message.contains("SESSIONID") && cookie.message.contains("Secure") && cookie.message.contains("SameSite"))
        // The cookie's value never reaches facts or findings.
        let encoded = String(decoding: try JSONEncoder().encode(facts), as: UTF8.self) + String(decoding: try JSONEncoder().encode(findings), as: UTF8.self)
        #expect(!encoded.contains("s3cr3t"))

        o.plainHTTPPort = plainPort
        o.versions = [.tls12] // nginx 1.22's default ssl_protocols stop at TLS 1.2
        let plain = TLSTestSupport.probe(tlsPort, o)
        let redirect = try #require(plain.tls.first?.http?.plainRedirect, "\(plain.problems.map(\.message)) \(plain.tls.map(\.errors))")
        #expect(redirect.status == 200, "\(redirect)")
        #expect(Set(try TLSTestSupport.findings(plain).map(\.ruleID)).contains("http/no-https-redirect"))
    }
}
