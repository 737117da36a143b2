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

struct DockerAPIUnauthenticated: UnauthenticatedServiceRule {
    static let services: Set<String> = ["docker"]
    static let what = "The Docker Engine API"
    static let description = RuleDescription(
        id: "port/docker-api-unauthenticated",
        title: "Docker Engine API reachable without authentication",
        severity: .critical,
        rationale: "Whoever reaches the Docker API can start a privileged container that mounts the host's root file system: it is root on the host.",
        remediation: "Do not expose the daemon on TCP; if remote access is needed, use TLS with client-certificate verification (tlsverify) on 2376, or SSH.",
        references: [.nist80053("AC-3"), .nist80053("IA-2"), .cisControls("4.8"),
                     .vendor("Docker: Protect the Docker daemon socket", "https://docs.docker.com/engine/security/protect-access/")],
        triggering: [PortExamples.host(#"{"port": 2375, "state": "open", "service": "docker", "version": "24.0.7", "authentication": "not-required", "evidence": "GET /version -> HTTP/1.1 200 OK ApiVersion 1.43, Version 24.0.7"}"#)],
        nonTriggering: [PortExamples.host(#"{"port": 2376, "state": "open", "service": "tls", "tls": true, "evidence": "ClientHello -> TLS handshake record"}"#)]
    )
}

struct KubeletAnonymous: UnauthenticatedServiceRule {
    static let services: Set<String> = ["kubelet"]
    static let what = "The kubelet API"
    static let description = RuleDescription(
        id: "port/kubelet-anonymous",
        title: "Kubelet API serves anonymous requests",
        severity: .critical,
        rationale: "An anonymous kubelet lists pods and their environment and can run commands in any container on the node (exec, run): a cluster compromise.",
        remediation: "Set --anonymous-auth=false and --authorization-mode=Webhook on every kubelet, and filter port 10250 to the control plane.",
        references: [.cisKubernetes("4.2.1"), .cisKubernetes("4.2.2"), .nsaKubernetes("Authentication and authorization"),
                     .vendor("Kubernetes: Kubelet authentication/authorization", "https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/")],
        triggering: [PortExamples.host(#"{"port": 10250, "state": "open", "service": "kubelet", "tls": true, "authentication": "not-required", "evidence": "GET /pods -> HTTP/1.1 200 OK kind PodList, 12 pods (served anonymously)"}"#)],
        nonTriggering: [PortExamples.host(#"{"port": 10250, "state": "open", "service": "kubelet", "tls": true, "authentication": "required", "evidence": "GET /pods -> HTTP/1.1 403 Forbidden"}"#)]
    )
}

struct KubernetesAPIAnonymous: UnauthenticatedServiceRule {
    static let services: Set<String> = ["kubernetes-api"]
    static let what = "The Kubernetes API server"
    static let description = RuleDescription(
        id: "port/kubernetes-api-anonymous",
        title: "Kubernetes API server serves anonymous requests",
        severity: .high,
        rationale: "An API server that serves /api to anonymous clients has RBAC bindings for system:anonymous or system:unauthenticated beyond the public health and version endpoints; every such binding is reachable by anyone who reaches the port.",
        remediation: "Set --anonymous-auth=false (or restrict anonymous access to health endpoints) and remove RBAC bindings to system:anonymous and system:unauthenticated.",
        references: [.cisKubernetes("1.2.1"), .nist80053("AC-3"), .nist80053("IA-2"),
                     .vendor("Kubernetes: Anonymous requests", "https://kubernetes.io/docs/reference/access-authn-authz/authentication/#anonymous-requests")],
        triggering: [PortExamples.host(#"{"port": 6443, "state": "open", "service": "kubernetes-api", "tls": true, "authentication": "not-required", "evidence": "GET /api -> HTTP/1.1 200 OK kind APIVersions (served anonymously)"}"#)],
        nonTriggering: [PortExamples.host(#"{"port": 6443, "state": "open", "service": "kubernetes-api", "tls": true, "authentication": "required", "evidence": "GET /api -> HTTP/1.1 401 Unauthorized"}"#)]
    )
}

struct EtcdUnauthenticated: UnauthenticatedServiceRule {
    static let services: Set<String> = ["etcd"]
    static let what = "etcd"
    static let description = RuleDescription(
        id: "port/etcd-unauthenticated",
        title: "etcd answers without authentication",
        severity: .critical,
        rationale: "etcd holds a Kubernetes cluster's whole state, Secrets included; without authentication or client certificates anyone who reaches it reads and rewrites the cluster.",
        remediation: "Require client certificates (--client-cert-auth=true with --trusted-ca-file) and TLS, enable etcd authentication, and reach etcd only from the API servers.",
        references: [.cisKubernetes("2.2"), .nist80053("AC-3"), .nist80053("SC-8"),
                     .vendor("etcd: Transport security model", "https://etcd.io/docs/latest/op-guide/security/")],
        triggering: [PortExamples.host(#"{"port": 2379, "state": "open", "service": "etcd", "version": "3.5.9", "tls": false, "authentication": "not-required", "evidence": "GET /version -> HTTP/1.1 200 OK etcdserver 3.5.9; POST /v3/auth/status -> enabled false"}"#)],
        nonTriggering: [PortExamples.host(#"{"port": 2379, "state": "open", "service": "etcd", "authentication": "required", "evidence": "POST /v3/auth/status -> enabled true"}"#)]
    )
}

struct MQTTAnonymous: UnauthenticatedServiceRule {
    static let services: Set<String> = ["mqtt"]
    static let what = "The MQTT broker"
    static let description = RuleDescription(
        id: "port/mqtt-anonymous",
        title: "MQTT broker accepts anonymous clients",
        severity: .high,
        rationale: "City sensor networks publish readings and receive commands over MQTT. A broker that accepts clients without credentials lets anyone subscribe to every topic (#) and publish forged readings or commands to devices.",
        remediation: "Disable anonymous access (e.g. allow_anonymous false in Mosquitto), require per-device credentials or client certificates, and apply topic ACLs.",
        references: [.nist80053("IA-2"), .nist80053("AC-3"), .cisControls("6.3"),
                     .vendor("OASIS MQTT Version 3.1.1, section 5 Security", "https://docs.oasis-open.org/mqtt/mqtt/v3.1.1/os/mqtt-v3.1.1-os.html#_Toc398718111")],
        triggering: [PortExamples.host(#"{"port": 1883, "state": "open", "service": "mqtt", "authentication": "not-required", "evidence": "CONNECT without credentials -> CONNACK return code 0 (accepted)"}"#)],
        nonTriggering: [PortExamples.host(#"{"port": 1883, "state": "open", "service": "mqtt", "authentication": "required", "evidence": "CONNECT without credentials -> CONNACK return code 5 (not authorized)"}"#)]
    )
}
