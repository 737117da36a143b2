import RampartCore

// Services that answered an anonymous client. Each probe asked the protocol's own harmless question
// (PING, stats, listDatabases, GET /, GET /version, GET /pods, auth/status, CONNECT without credentials)
// and recorded whether it was served; these rules judge that one fact.

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
