/// Rules over the design model (`rampart: design` files), one line per rule.
public enum DesignRules {
    public static let all: [any Rule.Type] = [
        PlaintextFlowAcrossBoundary.self, PersonalDataUnprotectedFlow.self, DatastoreFlowUnauthenticated.self,
        MutualAuthenticationMissing.self, FlowPortUndeclared.self,
        DatastoreReachableFromInternet.self, InternetToDataZone.self, FieldZoneToInternet.self, AdminInterfaceExposed.self,
        ElementWithoutZone.self,
        PublicEndpointWithoutAuthentication.self, TLSProfileBelowLevel.self, PlaintextExposedEndpoint.self,
        LevelBelowCriteria.self, LevelUndeclared.self, CentralMonitoringMissing.self, BackupMissing.self, SingleReplica.self,
        ServiceNotMonitored.self,
        OwnerMissing.self, SharedServiceWithoutIsolation.self, DatastoreUnencryptedAtRest.self, IdentityProviderWeak.self,
    ]
}
