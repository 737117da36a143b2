/// Builders for the drift rules' examples: small manifests and designs shared by several rules.

/// A small deployment for drift examples: a Deployment named `name` with pods labelled `app: name`.
enum DriftManifest {
    static func deployment(_ name: String, namespace: String = "city", extraPod: String = "", container: String = "") -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: \(name), namespace: \(namespace)}
        spec:
          selector: {matchLabels: {app: \(name)}}
          template:
            metadata: {labels: {app: \(name)}}
            spec:\(extraPod.isEmpty ? "" : "\n      " + extraPod)
              containers:
              - name: app
                image: registry.city.example/\(name):1.0\(container.isEmpty ? "" : "\n        " + container)
        """
    }
}

/// A design for live drift examples: `portal` answers on 127.0.0.1:8443 (HTTPS, intermediate, OIDC) and the
/// `cache` on 127.0.0.1:6379 (Redis with a password). Extra endpoint lines go into the portal's list.
enum LiveExample {
    static func design(name: String = "portal", portal: String = "{host: 127.0.0.1, port: 8443, protocol: https, tls: intermediate, authentication: oidc}",
                       cache: String = "{host: 127.0.0.1, port: 6379, protocol: redis, authentication: password}") -> String {
        """
        services:
        - name: \(name)
          kind: web
          owner: it
          zone: dmz
          exposure: public
          endpoints:
          - \(portal)
        datastores:
        - name: cache
          kind: cache
          owner: it
          zone: data
          endpoints:
          - \(cache)
        """
    }

    static let stages = [DriftStage.design, DriftStage.live]
    static let portalOpen = #"{"port": 8443, "state": "open", "service": "tls", "tls": true}"#
    static let cacheOpen = #"{"port": 6379, "state": "open", "service": "redis", "authentication": "required"}"#

    static func tls(protocols: [String], certificate: String = "") -> String {
        let list = protocols.map { "\"\($0)\"" }.joined(separator: ",")
        return #""tls": [{"host": "127.0.0.1", "ip": "127.0.0.1", "port": 8443, "protocols": [\#(list)]\#(certificate)}]"#
    }
}
