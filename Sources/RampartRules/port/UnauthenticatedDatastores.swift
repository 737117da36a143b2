import RampartCore

// Services that answered an anonymous client. Each probe asked the protocol's own harmless question
// (PING, stats, listDatabases, GET /, GET /version, GET /pods, auth/status, CONNECT without credentials)
// and recorded whether it was served; these rules judge that one fact.

struct RedisUnauthenticated: UnauthenticatedServiceRule {
    static let services: Set<String> = ["redis"]
    static let what = "Redis"
    static let description = RuleDescription(
        id: "port/redis-unauthenticated",
        title: "Redis answers without authentication",
        severity: .critical,
        rationale: "An anonymous Redis client can read and overwrite every key, and with CONFIG / MODULE commands often write files on the host; unauthenticated Redis is a common first foothold.",
        remediation: "Set requirepass or ACL users (Redis 6+), keep protected-mode on, bind to internal interfaces only, and rename or disable CONFIG for untrusted users.",
        references: [.nist80053("AC-3"), .nist80053("IA-2"), .cisControls("6.3"),
                     .vendor("Redis security", "https://redis.io/docs/latest/operate/oss_and_stack/management/security/")],
        triggering: [PortExamples.host(#"{"port": 6379, "state": "open", "service": "redis", "authentication": "not-required", "evidence": "PING -> +PONG (no AUTH asked)"}"#)],
        nonTriggering: [PortExamples.host(#"{"port": 6379, "state": "open", "service": "redis", "authentication": "required", "evidence": "PING -> -NOAUTH Authentication required."}"#)]
    )
}

struct MemcachedUnauthenticated: UnauthenticatedServiceRule {
    static let services: Set<String> = ["memcached"]
    static let what = "Memcached"
    static let description = RuleDescription(
        id: "port/memcached-unauthenticated",
        title: "Memcached answers without authentication",
        severity: .high,
        rationale: "Memcached's text protocol has no authentication: anyone who reaches it can read and flush cached sessions and data, and an exposed instance has been abused for traffic amplification.",
        remediation: "Bind memcached to localhost or an internal interface (-l), disable UDP (-U 0), and enable SASL (-S) where clients must authenticate.",
        references: [.nist80053("AC-3"), .nist80053("CM-7"), .cisControls("4.8"),
                     .vendor("Memcached SASL authentication", "https://github.com/memcached/memcached/wiki/SASLHowto")],
        triggering: [PortExamples.host(#"{"port": 11211, "state": "open", "service": "memcached", "authentication": "not-required", "evidence": "stats -> 40 STAT lines"}"#)],
        nonTriggering: [PortExamples.host(#"{"port": 11211, "state": "closed"}, {"port": 11212, "state": "open", "service": "memcached", "authentication": "required"}"#)]
    )
}

struct MongoDBUnauthenticated: UnauthenticatedServiceRule {
    static let services: Set<String> = ["mongodb"]
    static let what = "MongoDB"
    static let description = RuleDescription(
        id: "port/mongodb-unauthenticated",
        title: "MongoDB lists databases without authentication",
        severity: .critical,
        rationale: "MongoDB without access control serves every database to any client; exposed instances are routinely wiped and held for ransom.",
        remediation: "Enable access control (security.authorization: enabled), create users with least privilege, and bind to internal interfaces (net.bindIp).",
        references: [.nist80053("AC-3"), .nist80053("IA-2"), .cisControls("6.3"),
                     .vendor("MongoDB Security Checklist", "https://www.mongodb.com/docs/manual/administration/security-checklist/")],
        triggering: [PortExamples.host(#"{"port": 27017, "state": "open", "service": "mongodb", "authentication": "not-required", "evidence": "listDatabases (no credentials) -> ok 1, 3 databases"}"#)],
        nonTriggering: [PortExamples.host(#"{"port": 27017, "state": "open", "service": "mongodb", "authentication": "required", "evidence": "listDatabases (no credentials) -> ok 0, code 13 Unauthorized"}"#)]
    )
}

struct ElasticsearchUnauthenticated: UnauthenticatedServiceRule {
    static let services: Set<String> = ["elasticsearch", "opensearch"]
    static let what = "Elasticsearch / OpenSearch"
    static let description = RuleDescription(
        id: "port/elasticsearch-unauthenticated",
        title: "Elasticsearch / OpenSearch answers without authentication",
        severity: .critical,
        rationale: "A search cluster without security serves and accepts every index to anyone; exposed clusters are a leading source of mass personal-data leaks.",
        remediation: "Enable the security features (xpack.security.enabled: true, or the OpenSearch security plugin) with TLS and users, and keep the HTTP port off public networks.",
        references: [.nist80053("AC-3"), .nist80053("IA-2"), .cisControls("6.3"),
                     .vendor("Elastic: Set up minimal security", "https://www.elastic.co/guide/en/elasticsearch/reference/current/security-minimal-setup.html")],
        triggering: [PortExamples.host(#"{"port": 9200, "state": "open", "service": "elasticsearch", "version": "8.11.0", "authentication": "not-required", "evidence": "GET / -> HTTP/1.1 200 OK cluster_name city, version 8.11.0"}"#)],
        nonTriggering: [PortExamples.host(#"{"port": 9200, "state": "open", "service": "elasticsearch", "authentication": "required", "evidence": "GET / -> HTTP/1.1 401 Unauthorized security_exception"}"#)]
    )
}
