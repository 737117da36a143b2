/// The Ports rules, in catalog order.
public enum PortRules {
    public static let all: [any Rule.Type] = [
        UnexpectedOpenPort.self,
        PlaintextAdmin.self,
        PlaintextLogin.self,
        DatastoreExposed.self,
        ControlPlaneExposed.self,
        RedisUnauthenticated.self,
        MemcachedUnauthenticated.self,
        MongoDBUnauthenticated.self,
        ElasticsearchUnauthenticated.self,
        DockerAPIUnauthenticated.self,
        KubeletAnonymous.self,
        KubernetesAPIAnonymous.self,
        EtcdUnauthenticated.self,
        MQTTAnonymous.self,
        IndustrialProtocolExposed.self,
        OPCUASecurityNone.self,
        SNMPDefaultCommunity.self,
        RTSPUnauthenticated.self,
        CoAPAnonymous.self,
        PostgresNoTLS.self,
        MySQLNoTLS.self,
        SMTPNoSTARTTLS.self,
        VersionDisclosed.self,
    ]
}
