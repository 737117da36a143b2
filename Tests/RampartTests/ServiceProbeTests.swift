import Foundation
import Testing
import RampartCore
@testable import RampartProbe

/// Every identification probe against a scripted server on 127.0.0.1 that speaks just enough of the
/// protocol, in an open and a secured variant. Ports are ephemeral, so nothing can be recognised by number.
@Suite struct ServiceProbeTests {
    static let options = ServiceProbeOptions(connectTimeout: 1, readTimeout: 0.6, bannerWait: 0.3)

    static func probe(port: Int = 0, _ handler: @escaping @Sendable (ServerConnection) -> Void) throws -> PortFact {
        let server = try #require(ScriptedServer(port: port, handler: handler))
        defer { server.stop() }
        return ServiceIdentifier.identify(server.address, options: options)
    }

    // MARK: Redis

    static let redisOpen: @Sendable (ServerConnection) -> Void = { c in
        while true {
            let line = Script.line(c)
            if line.isEmpty { return }
            if line == "PING" { c.write("+PONG\r\n") }
            else if line == "INFO server" {
                let body = "# Server\r\nredis_version:7.2.4\r\nredis_mode:standalone\r\n"
                c.write("$\(body.utf8.count)\r\n\(body)\r\n")
            } else { c.write("-ERR unknown command '\(line.prefix(10))'\r\n") }
        }
    }

    @Test func redisWithoutAuth() throws {
        let fact = try Self.probe(Self.redisOpen)
        #expect(fact.service == "redis")
        #expect(fact.authentication == .notRequired)
        #expect(fact.version == "7.2.4")
        #expect(fact.evidence?.contains("+PONG") == true)
    }

    @Test func redisDemandingAuth() throws {
        let fact = try Self.probe { c in
            while !Script.line(c).isEmpty { c.write("-NOAUTH Authentication required.\r\n") }
        }
        #expect(fact.service == "redis")
        #expect(fact.authentication == .required)
        #expect(fact.evidence == "PING -> -NOAUTH Authentication required.")
    }

    // MARK: Memcached

    @Test func memcachedStats() throws {
        let fact = try Self.probe { c in
            while true {
                let line = Script.line(c)
                if line.isEmpty { return }
                c.write(line == "stats" ? "STAT pid 42\r\nSTAT uptime 10\r\nSTAT version 1.6.21\r\nEND\r\n" : "ERROR\r\n")
            }
        }
        #expect(fact.service == "memcached")
        #expect(fact.authentication == .notRequired)
        #expect(fact.version == "1.6.21")
    }

    // MARK: MongoDB

    static func mongo(requireAuth: Bool) -> @Sendable (ServerConnection) -> Void {
        { c in
            while true {
                let message = c.read(until: { $0.count >= 4 && $0.count >= Int(DatastoreProbes.readLE($0, 0)) })
                guard message.count >= 26, DatastoreProbes.readLE(message, 12) == 2013 else { return }
                let requestID = DatastoreProbes.readLE(message, 4)
                // First key of the command document: after header (16), flags (4), kind (1), length (4), type (1).
                let keyStart = 26
                let command = String(decoding: message[keyStart...].prefix { $0 != 0 }, as: UTF8.self)
                let reply: [UInt8]
                switch command {
                case "hello": reply = Script.bson([("isWritablePrimary", .bool(true)), ("maxWireVersion", .int32(21)), ("ok", .double(1))])
                case "buildInfo": reply = Script.bson([("version", .string("7.0.4")), ("ok", .double(1))])
                case "listDatabases" where requireAuth:
                    reply = Script.bson([("ok", .double(0)), ("errmsg", .string("command listDatabases requires authentication")),
                                         ("code", .int32(13)), ("codeName", .string("Unauthorized"))])
                case "listDatabases":
                    reply = Script.bson([("databases", .docs([[("name", .string("admin"))], [("name", .string("city"))]])), ("ok", .double(1))])
                default: reply = Script.bson([("ok", .double(0))])
                }
                let body = Script.le(0) + [0] + reply
                c.write(Script.le(Int32(16 + body.count)) + Script.le(99) + Script.le(requestID) + Script.le(2013) + body)
            }
        }
    }

    @Test func mongodbWithoutAuth() throws {
        let fact = try Self.probe(Self.mongo(requireAuth: false))
        #expect(fact.service == "mongodb")
        #expect(fact.authentication == .notRequired)
        #expect(fact.version == "7.0.4")
        #expect(fact.evidence == "listDatabases (no credentials) -> ok 1, 2 databases")
    }

    @Test func mongodbDemandingAuth() throws {
        let fact = try Self.probe(Self.mongo(requireAuth: true))
        #expect(fact.service == "mongodb")
        #expect(fact.authentication == .required)
        #expect(fact.evidence?.contains("code 13 Unauthorized") == true)
    }

    // MARK: PostgreSQL

    static func postgres(_ answer: Character) -> @Sendable (ServerConnection) -> Void {
        { c in
            let request = c.read(until: { $0.count >= 8 })
            guard request == [0, 0, 0, 8, 0x04, 0xD2, 0x16, 0x2F] else { return }
            c.write(String(answer))
            _ = c.read(wait: 1)
        }
    }

    @Test func postgresWithTLS() throws {
        let fact = try Self.probe(Self.postgres("S"))
        #expect(fact.service == "postgresql")
        #expect(fact.tlsUpgrade == true)
    }

    @Test func postgresWithoutTLS() throws {
        let fact = try Self.probe(Self.postgres("N"))
        #expect(fact.service == "postgresql")
        #expect(fact.tlsUpgrade == false)
        #expect(fact.evidence == "SSLRequest -> 'N' (TLS not available)")
    }

    // MARK: MySQL / MariaDB

    static func mysqlGreeting(version: String, ssl: Bool) -> [UInt8] {
        let caps: UInt16 = ssl ? 0xFFFF : 0xF7FF
        var payload: [UInt8] = [0x0A] + Array(version.utf8) + [0] + [1, 0, 0, 0] + Array(repeating: 0x41, count: 8) + [0]
        payload += [UInt8(caps & 0xFF), UInt8(caps >> 8), 0x21, 2, 0, 0xFF, 0x81, 21] + Array(repeating: 0, count: 10)
        payload += Array(repeating: 0x42, count: 12) + [0] + Array("mysql_native_password".utf8) + [0]
        return [UInt8(payload.count & 0xFF), UInt8(payload.count >> 8), 0, 0] + payload
    }

    @Test func mysqlGreetingWithoutSSL() throws {
        let fact = try Self.probe { c in c.write(Self.mysqlGreeting(version: "5.5.5-10.11.6-MariaDB", ssl: false)); _ = c.read(wait: 1) }
        #expect(fact.service == "mysql")
        #expect(fact.product == "MariaDB")
        #expect(fact.version == "5.5.5-10.11.6-MariaDB")
        #expect(fact.tlsUpgrade == false)
    }

    @Test func mysqlGreetingWithSSL() throws {
        let fact = try Self.probe { c in c.write(Self.mysqlGreeting(version: "8.0.36", ssl: true)); _ = c.read(wait: 1) }
        #expect(fact.service == "mysql")
        #expect(fact.product == "MySQL")
        #expect(fact.tlsUpgrade == true)
    }

    // MARK: MQTT

    static func mqtt(returnCode: UInt8) -> @Sendable (ServerConnection) -> Void {
        { c in
            let packet = c.read(until: { $0.count >= 2 && $0.count >= Int($0[1]) + 2 })
            guard packet.first == 0x10, packet.count > 8, Array(packet[4..<8]) == Array("MQTT".utf8) else { return }
            // The probe must not send credentials: connect flags (byte 9) have no user name / password bits.
            guard packet[9] & 0xC0 == 0 else { return }
            c.write([0x20, 0x02, 0x00, returnCode])
            _ = c.read(wait: 1)
        }
    }

    @Test func mqttAcceptingAnonymous() throws {
        let fact = try Self.probe(Self.mqtt(returnCode: 0))
        #expect(fact.service == "mqtt")
        #expect(fact.authentication == .notRequired)
    }

    @Test func mqttRefusingAnonymous() throws {
        let fact = try Self.probe(Self.mqtt(returnCode: 5))
        #expect(fact.service == "mqtt")
        #expect(fact.authentication == .required)
        #expect(fact.evidence?.contains("return code 5 (not authorized)") == true)
    }

    // MARK: HTTP APIs

    @Test func elasticsearchOpen() throws {
        let fact = try Self.probe(Script.http { _, path in
            path == "/" ? (200, ["Content-Type": "application/json", "X-elastic-product": "Elasticsearch"],
                           #"{"name":"n1","cluster_name":"city-logs","version":{"number":"8.11.1","build_flavor":"default"},"tagline":"You Know, for Search"}"#)
                        : (404, [:], "")
        })
        #expect(fact.service == "elasticsearch")
        #expect(fact.authentication == .notRequired)
        #expect(fact.version == "8.11.1")
    }

    @Test func elasticsearchSecured() throws {
        let fact = try Self.probe(Script.http { _, _ in
            (401, ["WWW-Authenticate": #"Basic realm="security" charset="UTF-8""#, "X-elastic-product": "Elasticsearch"],
             #"{"error":{"type":"security_exception","reason":"missing authentication credentials"},"status":401}"#)
        })
        #expect(fact.service == "elasticsearch")
        #expect(fact.authentication == .required)
    }

    @Test func opensearchOpen() throws {
        let fact = try Self.probe(Script.http { _, path in
            path == "/" ? (200, [:], #"{"cluster_name":"c","version":{"distribution":"opensearch","number":"2.11.0"}}"#) : (404, [:], "")
        })
        #expect(fact.service == "opensearch")
        #expect(fact.version == "2.11.0")
    }

    @Test func dockerEngineAPI() throws {
        let fact = try Self.probe(Script.http { _, path in
            path == "/version" ? (200, ["Content-Type": "application/json", "Api-Version": "1.43"],
                                  #"{"Version":"24.0.7","ApiVersion":"1.43","MinAPIVersion":"1.12","Os":"linux","Arch":"amd64"}"#)
                               : (404, [:], #"{"message":"page not found"}"#)
        })
        #expect(fact.service == "docker")
        #expect(fact.authentication == .notRequired)
        #expect(fact.version == "24.0.7")
        #expect(fact.evidence?.contains("ApiVersion 1.43") == true)
    }

    static func etcd(authEnabled: Bool) -> @Sendable (ServerConnection) -> Void {
        Script.http { method, path in
            switch (method, path) {
            case ("GET", "/version"): (200, [:], #"{"etcdserver":"3.5.9","etcdcluster":"3.5.0"}"#)
            case ("POST", "/v3/auth/status"): (200, [:], #"{"header":{"cluster_id":"1"},"enabled":\#(authEnabled)}"#)
            default: (404, [:], "404 page not found\n")
            }
        }
    }

    @Test func etcdWithoutAuth() throws {
        let fact = try Self.probe(Self.etcd(authEnabled: false))
        #expect(fact.service == "etcd")
        #expect(fact.version == "3.5.9")
        #expect(fact.authentication == .notRequired)
    }

    @Test func etcdWithAuth() throws {
        let fact = try Self.probe(Self.etcd(authEnabled: true))
        #expect(fact.service == "etcd")
        #expect(fact.authentication == .required)
    }

    static let forbiddenStatus = #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"forbidden: User \"system:anonymous\" cannot get path \"/api\"","reason":"Forbidden","code":403}"#

    @Test func kubernetesAPIRefusingAnonymous() throws {
        let fact = try Self.probe(Script.http { _, path in
            switch path {
            case "/version": (200, [:], #"{"major":"1","minor":"29","gitVersion":"v1.29.2","platform":"linux/amd64"}"#)
            default: (403, ["Content-Type": "application/json"], Self.forbiddenStatus)
            }
        })
        #expect(fact.service == "kubernetes-api")
        #expect(fact.version == "v1.29.2")
        #expect(fact.authentication == .required)
    }

    @Test func kubernetesAPIServingAnonymously() throws {
        let fact = try Self.probe(Script.http { _, path in
            switch path {
            case "/version": (200, [:], #"{"major":"1","minor":"30","gitVersion":"v1.30.1"}"#)
            case "/api": (200, [:], #"{"kind":"APIVersions","versions":["v1"],"serverAddressByClientCIDRs":[]}"#)
            default: (403, [:], Self.forbiddenStatus)
            }
        })
        #expect(fact.service == "kubernetes-api")
        #expect(fact.authentication == .notRequired)
    }

    @Test func kubeletServingPodsAnonymously() throws {
        let fact = try Self.probe(Script.http { _, path in
            path == "/pods" ? (200, [:], #"{"kind":"PodList","apiVersion":"v1","metadata":{},"items":[{"metadata":{"name":"a"}}]}"#)
                            : (404, [:], "404 page not found\n")
        })
        #expect(fact.service == "kubelet")
        #expect(fact.authentication == .notRequired)
    }

    @Test func kubeletRefusingAnonymous() throws {
        let fact = try Self.probe(Script.http { _, path in
            path == "/pods" ? (403, [:], "Forbidden (user=system:anonymous, verb=get, resource=nodes, subresource=proxy)")
                            : (404, [:], "404 page not found\n")
        })
        #expect(fact.service == "kubelet")
        #expect(fact.authentication == .required)
    }

    @Test func plainHTTPWithBasicAuth() throws {
        let fact = try Self.probe(Script.http { _, _ in (401, ["Server": "nginx/1.22.1", "WWW-Authenticate": #"Basic realm="admin""#], "") })
        #expect(fact.service == "http")
        #expect(fact.tls == false)
        #expect(fact.version == "1.22.1")
        #expect(fact.details?["http.authenticate"] == "Basic")
    }

    // MARK: Banners

    @Test func sshBanner() throws {
        let fact = try Self.probe { c in c.write("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u2\r\n"); _ = c.read(wait: 1) }
        #expect(fact.service == "ssh")
        #expect(fact.product == "OpenSSH_9.2p1 Debian-2+deb12u2")
        #expect(fact.version == "9.2p1")
    }

    @Test func ftpWithoutAuthTLS() throws {
        let fact = try Self.probe { c in
            c.write("220 (vsFTPd 3.0.3)\r\n")
            while true {
                let line = Script.line(c)
                if line.isEmpty || line == "QUIT" { return }
                c.write(line == "FEAT" ? "211-Features:\r\n EPRT\r\n PASV\r\n211 End\r\n" : "530 Please login with USER and PASS.\r\n")
            }
        }
        #expect(fact.service == "ftp")
        #expect(fact.tlsUpgrade == false)
    }

    static func smtp(starttls: Bool) -> @Sendable (ServerConnection) -> Void {
        { c in
            c.write("220-mail.city.example ESMTP Postfix\r\n220 mail.city.example ESMTP\r\n")
            while true {
                let line = Script.line(c)
                if line.isEmpty || line == "QUIT" { return }
                if line.hasPrefix("EHLO") {
                    c.write("250-mail.city.example\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n\(starttls ? "250-STARTTLS\r\n" : "")250 8BITMIME\r\n")
                } else { c.write("502 5.5.2 Error: command not recognized\r\n") }
            }
        }
    }

    @Test func smtpWithSTARTTLS() throws {
        let fact = try Self.probe(Self.smtp(starttls: true))
        #expect(fact.service == "smtp")
        #expect(fact.tlsUpgrade == true)
    }

    @Test func smtpWithoutSTARTTLS() throws {
        let fact = try Self.probe(Self.smtp(starttls: false))
        #expect(fact.service == "smtp")
        #expect(fact.tlsUpgrade == false)
    }

    @Test func telnetNegotiation() throws {
        let fact = try Self.probe { c in c.write([0xFF, 0xFD, 0x18, 0xFF, 0xFD, 0x20, 0xFF, 0xFB, 0x01]); _ = c.read(wait: 1) }
        #expect(fact.service == "telnet")
    }

    @Test func vncBanner() throws {
        let fact = try Self.probe { c in c.write("RFB 003.008\n"); _ = c.read(wait: 1) }
        #expect(fact.service == "vnc")
    }

    // MARK: TLS

    @Test func tlsDetectedFromAlert() throws {
        let fact = try Self.probe { c in
            let hello = c.read(until: { $0.count >= 5 })
            guard hello.first == 0x16 else { return }
            c.write([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28]) // fatal handshake_failure
        }
        #expect(fact.tls == true)
        #expect(fact.service == "tls")
    }

    // MARK: Never by port number

    @Test func redisOnHTTPPortAndHTTPOnRedisPort() throws {
        // Well-known ports when free; any port otherwise (identification never reads the number).
        let redis = try #require(ScriptedServer(port: 8080, handler: Self.redisOpen) ?? ScriptedServer(handler: Self.redisOpen))
        defer { redis.stop() }
        let web = Script.http { _, _ in (200, ["Server": "test"], "<html>hi</html>") }
        let http = try #require(ScriptedServer(port: 6379, handler: web) ?? ScriptedServer(handler: web))
        defer { http.stop() }
        #expect(ServiceIdentifier.identify(redis.address, options: Self.options).service == "redis")
        #expect(ServiceIdentifier.identify(http.address, options: Self.options).service == "http")
    }

    @Test func ipv6Loopback() throws {
        guard let server = ScriptedServer(host: "::1", handler: Self.redisOpen) else { return } // no IPv6 on this host
        defer { server.stop() }
        #expect(ServiceIdentifier.identify(server.address, options: Self.options).service == "redis")
    }
}
