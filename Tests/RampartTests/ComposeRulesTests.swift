import Foundation
import Testing
import RampartCore
import RampartManifests
@testable import RampartRules

/// Runs rules over Compose YAML text and returns their findings.
private func findings(_ yaml: String, rules: [any Rule.Type] = ComposeRules.all, parameters: Parameters = Parameters()) -> [Finding] {
    let facts = Facts(collect(yaml, name: "compose.yaml"))
    return rules.flatMap { rule in
        rule.init().check(facts, RuleContext(description: rule.description, parameters: parameters, today: "2026-01-01"))
    }
}

@Suite struct ComposeRulesTests {
    // MARK: - Anchors, merge keys and extension fields

    @Test func privilegedThroughMergeKeyPointsIntoTheExtensionBlock() throws {
        let yaml = """
        x-base: &base
          restart: unless-stopped
          privileged: true
        services:
          monitor:
            <<: *base
            image: agent:3.1
          web:
            image: nginx:1.27
        """
        let found = findings(yaml, rules: [ComposePrivileged.self])
        #expect(found.count == 1)
        let finding = try #require(found.first)
        #expect(finding.ruleID == "compose/privileged")
        #expect(finding.subject.resource == "service monitor")
        #expect(finding.subject.fieldPath == "services.monitor.privileged")
        // Line 3, column 15: the `true` inside the x-base block, where the value is written.
        #expect(finding.subject.location?.line == 3)
        #expect(finding.subject.location?.column == 15)
        #expect(finding.subject.location?.file == "compose.yaml")
    }

    @Test func explicitKeyOverridesMergedValue() {
        let yaml = """
        x-base: &base
          privileged: true
          security_opt: ["no-new-privileges:true"]
        services:
          monitor:
            <<: *base
            privileged: false
            image: agent:3.1
        """
        #expect(findings(yaml, rules: [ComposePrivileged.self, ComposeNoNewPrivilegesMissing.self]).isEmpty)
    }

    // MARK: - Secrets never leak

    @Test func secretValuesNeverAppearInFindings() throws {
        let secrets = ["Tr0ub4dor-and-3", "ghp_16C7e42F292c6912E7710c838347Ae178B4a", "hunter2-s3cret", "AKIAexampleexample99",
                       "pw-in-list-form-77", "url-pass-0042", "cmd-secret-9931", "entry-secret-5150"]
        let yaml = """
        services:
          db:
            image: postgres:16
            environment:
              POSTGRES_PASSWORD: \(secrets[0])
              GITHUB_TOKEN: "\(secrets[1])"
              DB_PASS: '\(secrets[2])'
          api:
            image: api:2.0
            environment:
              - AWS_SECRET_ACCESS_KEY=\(secrets[3])
              - adminPassword=\(secrets[4])
              - DATABASE_URL=postgres://app:\(secrets[5])@db:5432/app
          cache:
            image: redis:7.4
            command: redis-server --requirepass \(secrets[6])
            entrypoint: ["/bin/run", "--client-secret=\(secrets[7])"]
        """
        let found = findings(yaml)
        let secretFindings = found.filter { $0.ruleID == "compose/secret-in-environment" }
        #expect(Set(secretFindings.compactMap(\.subject.fieldPath)) == [
            "services.db.environment.POSTGRES_PASSWORD", "services.db.environment.GITHUB_TOKEN", "services.db.environment.DB_PASS",
            "services.api.environment[0]", "services.api.environment[1]", "services.api.environment[2]",
        ])
        #expect(secretFindings.contains { $0.message.contains("POSTGRES_PASSWORD") })
        #expect(Set(found.filter { $0.ruleID == "compose/secret-in-command" }.compactMap(\.subject.fieldPath)) == [
            "services.cache.command", "services.cache.entrypoint[1]",
        ])
        #expect(secretFindings.contains { $0.message.contains("DATABASE_URL") })
        // Every field of every finding, of every Compose rule, as a writer would serialize it.
        let encoded = String(decoding: try JSONEncoder().encode(found), as: UTF8.self)
        for secret in secrets {
            #expect(!encoded.contains(secret), "secret value leaked into a finding")
        }
        for finding in found {
            let text = [finding.message, finding.evidence ?? "", finding.subject.fieldPath ?? "", finding.subject.resource ?? "",
                        finding.title, finding.remediation, finding.fingerprint].joined(separator: "\n")
            for secret in secrets { #expect(!text.contains(secret)) }
        }
    }

    @Test func secretKeyHeuristics() {
        let patterns = ComposeSecretInEnvironment.defaultPatterns
        for key in ["POSTGRES_PASSWORD", "MYSQL_ROOT_PASSWORD", "api_key", "githubToken", "DB_PASS", "ROOT_PWD",
                    "AWS_SECRET_ACCESS_KEY", "JWT_SIGNING_KEY", "GF_SECURITY_ADMIN_PASSWORD", "Client.Secret"] {
            #expect(ComposeSecretInEnvironment.namesSecret(key, patterns: patterns), "\(key) should name a secret")
        }
        for key in ["POSTGRES_PASSWORD_FILE", "MYSQL_RANDOM_ROOT_PASSWORD", "MYSQL_ALLOW_EMPTY_PASSWORD", "TOKEN_TTL",
                    "PASSWORD_MIN_LENGTH", "PWD", "PASSAGE", "LOG_LEVEL", "KEYCLOAK_URL", "SECRET_NAME", "OIDC_TOKEN_URL"] {
            #expect(!ComposeSecretInEnvironment.namesSecret(key, patterns: patterns), "\(key) should not name a secret")
        }
        #expect(ComposeSecretInEnvironment.hasURLPassword("mysql://root:pw@db:3306/x"))
        #expect(!ComposeSecretInEnvironment.hasURLPassword("mysql://root@db:3306/x"))
        #expect(!ComposeSecretInEnvironment.hasURLPassword("https://example.org/a:b@c"))
    }

    @Test func secretKeyPatternsParameterExtendsTheList() {
        let yaml = """
        services:
          api:
            image: api:2.0
            environment:
              LICENSE_CODE: abc-123
        """
        #expect(findings(yaml, rules: [ComposeSecretInEnvironment.self]).isEmpty)
        let params = Parameters(["secretKeyPatterns": .list(["LICENSE"])])
        let found = findings(yaml, rules: [ComposeSecretInEnvironment.self], parameters: params)
        #expect(found.map(\.subject.fieldPath) == ["services.api.environment.LICENSE_CODE"])
    }

    // MARK: - Ports

    struct PortCase: CustomTestStringConvertible, Sendable {
        let entry: String
        let binding: ComposePort.Binding?
        let published: String?
        let target: ClosedRange<Int>?
        let proto: String
        var testDescription: String { entry }
    }

    static let portCases: [PortCase] = [
        PortCase(entry: "3000", binding: .allInterfaces, published: nil, target: 3000...3000, proto: "tcp"),
        PortCase(entry: "\"3000-3005\"", binding: .allInterfaces, published: nil, target: 3000...3005, proto: "tcp"),
        PortCase(entry: "\"8000:8000\"", binding: .allInterfaces, published: "8000", target: 8000...8000, proto: "tcp"),
        PortCase(entry: "\"9090-9091:8080-8081\"", binding: .allInterfaces, published: "9090-9091", target: 8080...8081, proto: "tcp"),
        PortCase(entry: "49100:22", binding: .allInterfaces, published: "49100", target: 22...22, proto: "tcp"),
        PortCase(entry: "\"8000-9000:80\"", binding: .allInterfaces, published: "8000-9000", target: 80...80, proto: "tcp"),
        PortCase(entry: "\"127.0.0.1:8001:8001\"", binding: .loopback("127.0.0.1"), published: "8001", target: 8001...8001, proto: "tcp"),
        PortCase(entry: "\"127.0.0.1:5000-5010:5000-5010\"", binding: .loopback("127.0.0.1"), published: "5000-5010", target: 5000...5010, proto: "tcp"),
        PortCase(entry: "\"127.0.0.1::5000\"", binding: .loopback("127.0.0.1"), published: nil, target: 5000...5000, proto: "tcp"),
        PortCase(entry: "\"0.0.0.0:6379:6379\"", binding: .allInterfaces, published: "6379", target: 6379...6379, proto: "tcp"),
        PortCase(entry: "\"6060:6060/udp\"", binding: .allInterfaces, published: "6060", target: 6060...6060, proto: "udp"),
        PortCase(entry: "\"[::1]:6001:6001\"", binding: .loopback("::1"), published: "6001", target: 6001...6001, proto: "tcp"),
        PortCase(entry: "\"::1:6000:6000\"", binding: .loopback("::1"), published: "6000", target: 6000...6000, proto: "tcp"),
        PortCase(entry: "\"[::]:443:8443/tcp\"", binding: .allInterfaces, published: "443", target: 8443...8443, proto: "tcp"),
        PortCase(entry: "\":::80:80\"", binding: .allInterfaces, published: "80", target: 80...80, proto: "tcp"),
        PortCase(entry: "\"10.0.0.5:80:80\"", binding: .specific("10.0.0.5"), published: "80", target: 80...80, proto: "tcp"),
        PortCase(entry: "\"${BIND:-127.0.0.1}:8080:80\"", binding: .loopback("127.0.0.1"), published: "8080", target: 80...80, proto: "tcp"),
        PortCase(entry: "\"${BIND}:8080:80\"", binding: .unknown, published: "8080", target: 80...80, proto: "tcp"),
        PortCase(entry: "\"${PORT}:80\"", binding: .allInterfaces, published: "${PORT}", target: 80...80, proto: "tcp"),
        PortCase(entry: "\"8080:${TARGET}\"", binding: nil, published: nil, target: nil, proto: "tcp"),
        PortCase(entry: "\"80:99999\"", binding: nil, published: nil, target: nil, proto: "tcp"),
        PortCase(entry: "{target: 80, published: \"8080\", protocol: udp}", binding: .allInterfaces, published: "8080", target: 80...80, proto: "udp"),
        PortCase(entry: "{target: 80, host_ip: 127.0.0.1, published: 8080-8081}", binding: .loopback("127.0.0.1"), published: "8080-8081", target: 80...80, proto: "tcp"),
        PortCase(entry: "{target: 5432, host_ip: \"::\"}", binding: .allInterfaces, published: nil, target: 5432...5432, proto: "tcp"),
        PortCase(entry: "{published: 80}", binding: nil, published: nil, target: nil, proto: "tcp"),
    ]

    @Test(arguments: ComposeRulesTests.portCases)
    func portSyntax(_ c: PortCase) throws {
        let facts = Facts(collect("services:\n  web:\n    image: nginx:1.27\n    ports:\n      - \(c.entry)\n", name: "compose.yaml"))
        let service = try #require(facts.manifests.composeServices.first?.service)
        let ports = ComposePort.all(in: service)
        guard let target = c.target else {
            #expect(ports.isEmpty, "\(c.entry) should not parse")
            return
        }
        let port = try #require(ports.first, "\(c.entry) did not parse")
        #expect(port.binding == c.binding)
        #expect(port.published == c.published)
        #expect(port.target == target)
        #expect(port.proto == c.proto)
        #expect(port.field.path.hasPrefix("services.web.ports[0]"))
    }

    @Test func sensitivePortJudgesTheContainerPortAndNamesTheHostBinding() throws {
        let yaml = """
        services:
          db:
            image: postgres:16
            ports:
              - "15432:5432"
              - "5432:8080"
              - "127.0.0.1:6379:6379"
              - "0.0.0.0::27017"
        """
        let found = findings(yaml, rules: [ComposeSensitivePortExposed.self, ComposePortAllInterfaces.self])
        let sensitive = found.filter { $0.ruleID == "compose/port-sensitive-exposed" }
        #expect(sensitive.map(\.subject.fieldPath) == ["services.db.ports[0]", "services.db.ports[3]"])
        #expect(sensitive.allSatisfy { $0.severity == .high })
        #expect(sensitive.first?.message.contains("5432 (PostgreSQL)") == true)
        #expect(sensitive.first?.message.contains("host port 15432/tcp") == true)
        #expect(sensitive.last?.message.contains("a random host port") == true)
        // Host port 5432 mapped to container port 8080 is not a PostgreSQL server: the general rule reports it.
        let general = found.filter { $0.ruleID == "compose/port-all-interfaces" }
        #expect(general.map(\.subject.fieldPath) == ["services.db.ports[1]"])
        #expect(general.allSatisfy { $0.severity == .low })
    }

    @Test func sensitivePortsParameterIsRead() {
        let yaml = "services:\n  app:\n    image: app:1.0\n    ports: [\"8080:8080\", \"5432:5432\"]\n"
        let params = Parameters(["sensitivePorts": .list(["8080"])])
        let found = findings(yaml, rules: [ComposeSensitivePortExposed.self, ComposePortAllInterfaces.self], parameters: params)
        #expect(found.filter { $0.ruleID == "compose/port-sensitive-exposed" }.map(\.subject.fieldPath) == ["services.app.ports[0]"])
        #expect(found.filter { $0.ruleID == "compose/port-all-interfaces" }.map(\.subject.fieldPath) == ["services.app.ports[1]"])
    }

    // MARK: - Volumes and images

    @Test func volumeSyntax() throws {
        let yaml = """
        services:
          app:
            image: app:1.0
            volumes:
              - /data
              - data:/data
              - ./src:/app:ro
              - "C:\\\\Users\\\\me:/host"
              - /var//run/./docker.sock:/var/run/docker.sock:ro,rshared
              - {type: bind, source: /etc, target: /host/etc, read_only: true}
              - {type: tmpfs, target: /tmp}
        """
        let facts = Facts(collect(yaml))
        let service = try #require(facts.manifests.composeServices.first?.service)
        let volumes = ComposeVolume.all(in: service)
        #expect(volumes.map(\.kind) == [.volume, .volume, .bind, .bind, .bind, .bind, .tmpfs])
        #expect(volumes.map(\.source) == [nil, "data", "./src", "C:\\Users\\me", "/var//run/./docker.sock", "/etc", nil])
        #expect(volumes.map(\.readOnly) == [false, false, true, false, true, true, false])
        #expect(volumes[4].normalizedHostPath == "/var/run/docker.sock")
        #expect(volumes[4].propagation == "rshared")
        #expect(ComposeVolume.normalize("/a/b/../../..") == "/")
    }

    @Test func imageReferences() {
        let cases: [(String, String, String?, String?)] = [
            ("postgres", "postgres", nil, nil),
            ("postgres:16", "postgres", "16", nil),
            ("registry:5000/team/app", "registry:5000/team/app", nil, nil),
            ("registry:5000/team/app:1.2", "registry:5000/team/app", "1.2", nil),
            ("app@sha256:abc", "app", nil, "sha256:abc"),
            ("app:1.0@sha256:abc", "app", "1.0", "sha256:abc"),
        ]
        for (text, name, tag, digest) in cases {
            let ref = ImageReference(text)
            #expect(ref.name == name && ref.tag == tag && ref.digest == digest, "\(text)")
        }
    }

    // MARK: - Malformed input

    @Test func malformedServicesAreReportedOnceNotJudgedAsMissingEverything() {
        let yaml = """
        services:
          web: [nginx, 1.27]
          db: postgres
          empty:
          api:
            image: api:2.0
            ports: {http: 8080}
            volumes: /data
            environment: 42
            cap_add: SYS_ADMIN
            security_opt: "seccomp:unconfined"
        """
        let found = findings(yaml, rules: ComposeRules.all + [InvalidShape.self])
        let shape = found.filter { $0.ruleID == "input/invalid-shape" }
        #expect(Set(shape.compactMap(\.subject.fieldPath)) == [
            "services.web", "services.db", "services.api.ports", "services.api.volumes", "services.api.environment",
            "services.api.cap_add", "services.api.security_opt",
        ])
        // Services that are not mappings get no "missing X" findings.
        #expect(!found.contains { $0.ruleID != "input/invalid-shape" && ["service web", "service db", "service empty"].contains($0.subject.resource ?? "") })
    }

    @Test(.enabled(if: SharedCorpus.available)) func ebpfProfilerInOpenTelemetryDemo() throws {
        let file = "\(Self.corpus)/opentelemetry-demo/compose.profiling.yaml"
        try #require(FileManager.default.fileExists(atPath: file), "corpus not present")
        let facts = Facts(InputCollector().collect(paths: [file], readStdin: { nil }))
        let found = ComposeRules.all.flatMap { rule in
            rule.init().check(facts, RuleContext(description: rule.description, today: "2026-01-01"))
        }
        func at(_ rule: String) -> [String] {
            found.filter { $0.ruleID == rule && $0.subject.resource == "service otel-ebpf-profiler" }.compactMap(\.subject.fieldPath).sorted()
        }
        // Read from the file: privileged, pid host, the Docker socket read-only, and /sys and /proc binds.
        #expect(at("compose/privileged") == ["services.otel-ebpf-profiler.privileged"])
        #expect(at("compose/host-pid") == ["services.otel-ebpf-profiler.pid"])
        #expect(at("compose/docker-socket-mount") == ["services.otel-ebpf-profiler.volumes[0]"])
        #expect(at("compose/sensitive-host-mount") == (2...5).map { "services.otel-ebpf-profiler.volumes[\($0)]" })
        // The image is `${COLLECTOR_EBPF_PROFILER_IMAGE}`: decided by the environment, not judged.
        #expect(at("compose/image-latest-tag").isEmpty)
    }

    // MARK: - Fixtures

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("testdata/compose").path

    private func fixtureFindings(_ name: String) -> [Finding] {
        let facts = Facts(InputCollector().collect(paths: ["\(Self.fixtures)/\(name)"], readStdin: { nil }))
        return ComposeRules.all.flatMap { rule in
            rule.init().check(facts, RuleContext(description: rule.description, today: "2026-01-01"))
        }
    }

    @Test func hardenedFixturePassesEveryComposeRuleIncludingOptIn() {
        let found = fixtureFindings("hardened.yaml")
        #expect(found.isEmpty, "\(found.map { "\($0.ruleID) \($0.subject.fieldPath ?? ""): \($0.message)" })")
    }

    @Test func insecureFixtureFindsEachProblemWhereItIsWritten() throws {
        let found = fixtureFindings("insecure.yaml")
        let pairs = Set(found.map { "\($0.ruleID) \($0.subject.fieldPath ?? "")" })
        let expected: Set<String> = [
            "compose/privileged services.agent.privileged",
            "compose/host-pid services.agent.pid",
            "compose/host-network services.agent.network_mode",
            "compose/docker-socket-mount services.agent.volumes[0]",
            "compose/sensitive-host-mount services.agent.volumes[1]",
            "compose/cap-add-critical services.agent.cap_add[0]",
            "compose/cap-add-dangerous services.agent.cap_add[1]",
            "compose/seccomp-unconfined services.agent.security_opt[0]",
            "compose/apparmor-unconfined services.agent.security_opt[1]",
            "compose/image-latest-tag services.agent.image",
            "compose/image-latest-tag services.cache.image",
            "compose/runs-as-root services.cache.user",
            "compose/port-sensitive-exposed services.cache.ports[0]",
            "compose/port-all-interfaces services.cache.ports[1]",
            "compose/secret-in-environment services.cache.environment[0]",
        ]
        #expect(expected.subtracting(pairs).isEmpty, "missing: \(expected.subtracting(pairs).sorted())")
        // Values merged from x-debug point into the x-debug block (lines 3 and 4).
        let privileged = try #require(found.first { $0.ruleID == "compose/privileged" })
        #expect(privileged.subject.location?.line == 3)
        #expect(found.first { $0.ruleID == "compose/host-pid" }?.subject.location?.line == 4)
        let encoded = String(decoding: try JSONEncoder().encode(found), as: UTF8.self)
        #expect(!encoded.contains("changeme-please"))
    }

    // MARK: - Realism over public Compose files

    static let corpus = SharedCorpus.path ?? "/nonexistent/shared/corpus"

    @Test(.enabled(if: SharedCorpus.available)) func publicComposeFiles() throws {
        let paths = ["\(Self.corpus)/awesome-compose", "\(Self.corpus)/example-voting-app"]
        try #require(paths.allSatisfy { FileManager.default.fileExists(atPath: $0) }, "corpus not present")
        let set = InputCollector().collect(paths: paths, readStdin: { nil })
        let facts = Facts(set)
        #expect(facts.manifests.composeServices.count > 80)
        let found = ComposeRules.all.flatMap { rule in
            rule.init().check(facts, RuleContext(description: rule.description, today: "2026-01-01"))
        }
        func has(_ rule: String, _ fileSuffix: String, _ path: String) -> Bool {
            found.contains { $0.ruleID == rule && $0.subject.fieldPath == path && ($0.subject.location?.file.hasSuffix(fileSuffix) ?? false) }
        }
        // Every finding lands on a real line of a real file.
        #expect(found.allSatisfy { ($0.subject.location?.line ?? 0) > 0 && ($0.subject.location?.column ?? 0) > 0 })

        // Read from the files: portainer and traefik mount the Docker socket.
        #expect(has("compose/docker-socket-mount", "portainer/compose.yaml", "services.portainer.volumes[0]"))
        #expect(has("compose/docker-socket-mount", "traefik-golang/compose.yaml", "services.frontend.volumes[0]"))
        // plex uses the host network and an untagged image.
        #expect(has("compose/host-network", "plex/compose.yaml", "services.plex.network_mode"))
        #expect(has("compose/image-latest-tag", "plex/compose.yaml", "services.plex.image"))
        // wireguard adds NET_ADMIN and SYS_MODULE.
        #expect(has("compose/cap-add-dangerous", "wireguard/compose.yaml", "services.wireguard.cap_add[0]"))
        #expect(has("compose/cap-add-critical", "wireguard/compose.yaml", "services.wireguard.cap_add[1]"))
        // Elasticsearch and Kibana published on every interface.
        #expect(has("compose/port-sensitive-exposed", "elasticsearch-logstash-kibana/compose.yaml", "services.elasticsearch.ports[0]"))
        #expect(has("compose/port-sensitive-exposed", "elasticsearch-logstash-kibana/compose.yaml", "services.elasticsearch.ports[1]"))
        #expect(has("compose/port-sensitive-exposed", "elasticsearch-logstash-kibana/compose.yaml", "services.kibana.ports[0]"))
        // postgres:latest published on 5432; its password comes from the environment, so no secret finding.
        #expect(has("compose/port-sensitive-exposed", "postgresql-pgadmin/compose.yaml", "services.postgres.ports[0]"))
        #expect(has("compose/image-latest-tag", "postgresql-pgadmin/compose.yaml", "services.postgres.image"))
        #expect(!found.contains { $0.ruleID == "compose/secret-in-environment" && $0.subject.location?.file.hasSuffix("postgresql-pgadmin/compose.yaml") == true })
        // A literal password inside a connection URL, and literal database passwords.
        #expect(has("compose/secret-in-environment", "wasmedge-mysql-nginx/compose.yml", "services.backend.environment.DATABASE_URL"))
        #expect(has("compose/secret-in-environment", "wasmedge-mysql-nginx/compose.yml", "services.db.environment.MYSQL_ROOT_PASSWORD"))
        // A path to a mounted secret is not a secret.
        #expect(!found.contains { $0.ruleID == "compose/secret-in-environment" && $0.subject.location?.file.hasSuffix("react-express-mysql/compose.yaml") == true })

        // example-voting-app: literal POSTGRES_PASSWORD, vote on all interfaces, the debugger port on loopback only.
        let voting = "example-voting-app/docker-compose.yml"
        #expect(has("compose/secret-in-environment", voting, "services.db.environment.POSTGRES_PASSWORD"))
        #expect(has("compose/port-all-interfaces", voting, "services.vote.ports[0]"))
        #expect(has("compose/port-all-interfaces", voting, "services.result.ports[0]"))
        #expect(!has("compose/port-all-interfaces", voting, "services.result.ports[1]"))
        #expect(has("compose/healthcheck-missing", voting, "services.worker.healthcheck"))
        #expect(!has("compose/healthcheck-missing", voting, "services.vote.healthcheck"))
        // Build-only services are not judged on image tags.
        #expect(!found.contains { $0.ruleID == "compose/image-latest-tag" && $0.subject.location?.file.hasSuffix(voting) == true })
        // The corpus is well-formed Compose: no shape errors in its Compose files.
        #expect(!facts.manifests.problems.contains { $0.kind == .invalidShape && $0.resource?.hasPrefix("service ") == true })
        // No secret value from the corpus reaches a finding.
        let encoded = String(decoding: try JSONEncoder().encode(found), as: UTF8.self)
        for value in ["whalehello", "mysecretpassword", "example_123", "somewordpress"] {
            #expect(!encoded.contains(value))
        }
    }
}
