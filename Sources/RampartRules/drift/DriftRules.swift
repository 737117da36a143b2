/// Rules that compare the design with the manifests and the live endpoints (`rampart audit`), one line per rule.
public enum DriftRules {
    public static let all: [any Rule.Type] = [
        UndeclaredWorkload.self, UnimplementedService.self, ExposureBeyondDesign.self, UndeclaredPort.self,
        TLSNotConfigured.self, DatastoreWithoutNetworkPolicy.self,
        UndeclaredOpenPort.self, EndpointUnreachable.self, TLSBelowDeclared.self, AuthenticationNotEnforced.self,
        CertificateHostMismatch.self, PlaintextWhereHTTPSDeclared.self,
    ]
}
