import RampartCore
import RampartManifests

struct IngressSnippetAnnotation: ObjectRule {
    static let kinds: Set<String> = ["Ingress"]
    /// Annotations whose text the controller copies into its NGINX configuration unchecked.
    static let annotations = [
        "nginx.ingress.kubernetes.io/configuration-snippet",
        "nginx.ingress.kubernetes.io/server-snippet",
        "nginx.ingress.kubernetes.io/auth-snippet",
        "nginx.ingress.kubernetes.io/stream-snippet",
        "nginx.ingress.kubernetes.io/modsecurity-snippet",
        // NGINX Inc's controller has the same feature under other names.
        "nginx.org/server-snippets",
        "nginx.org/location-snippets",
    ]
    static let description = RuleDescription(
        id: "k8s/ingress-snippet-annotation", title: "Ingress injects raw NGINX configuration through a snippet annotation", severity: .high,
        rationale: "Snippet annotations are pasted into the controller's NGINX configuration as written. The controller runs with a service account that reads every Secret of the cluster (TLS keys, tokens), so anyone who may create or edit an Ingress in any namespace can read them or run code in the controller (CVE-2021-25742); ingress-nginx therefore turned the annotations off by default from v1.9 (allow-snippet-annotations). The admission-controller flaw CVE-2025-1974 showed the same configuration-injection path reachable without creating an Ingress at all, so a cluster that still needs snippets must keep the controller current and its admission webhook unreachable from pods. Differences from peers: some scanners report a snippet only when its text matches known exploit patterns (Lua blocks, alias directives, service account token paths); Rampart reports every snippet annotation, because the feature and not one payload is the risk.",
        remediation: "Replace the snippet with the controller's dedicated annotations or a global ConfigMap setting owned by the platform team, and keep allow-snippet-annotations set to false on the controller.",
        references: [.cve("CVE-2021-25742"), .cve("CVE-2025-1974"),
                     .vendor("ingress-nginx: Annotations — Configuration snippet", "https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#configuration-snippet"),
                     .nist80053("CM-7")],
        triggering: [
            """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: portal
              annotations:
                nginx.ingress.kubernetes.io/configuration-snippet: ↓|
                  more_set_headers "X-Frame-Options: DENY";
                nginx.ingress.kubernetes.io/server-snippet: ↓"location /metrics { deny all; }"
            spec:
              tls: [{hosts: [portal.city.example], secretName: portal-tls}]
            """,
        ],
        nonTriggering: [
            """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: portal
              annotations:
                nginx.ingress.kubernetes.io/configuration-snippet: ""
                nginx.ingress.kubernetes.io/proxy-body-size: 8m
            spec:
              tls: [{hosts: [portal.city.example], secretName: portal-tls}]
            """,
        ])

    func check(_ object: KubernetesObject, _ context: RuleContext) -> [Finding] {
        let field = object.field("metadata.annotations")
        return Self.annotations.compactMap { key in
            let value = field.child(key)
            guard let text = value.node?.string, !text.trimmingWhitespace.isEmpty else { return nil }
            return context.finding(at: value, in: object, "Ingress \(object.name) sets \(key); its text goes into the controller's NGINX configuration unchecked. Expected no snippet annotations.",
                                   evidence: key)
        }
    }
}
