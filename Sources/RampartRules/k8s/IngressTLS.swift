import RampartCore
import RampartManifests

// Network exposure: Services reachable from outside the cluster, Ingress TLS, and pod isolation.

struct IngressWithoutTLS: ObjectRule {
    static let kinds: Set<String> = ["Ingress"]
    static let description = RuleDescription(
        id: "k8s/ingress-without-tls", title: "Ingress serves plain HTTP", severity: .medium,
        rationale: "An Ingress without a tls section serves its hosts over plain HTTP: credentials, session cookies and personal data cross the network readable and modifiable. Hosts of the rules that no tls entry covers are reported the same way.",
        remediation: "Add spec.tls with a certificate Secret for every host (cert-manager can issue and renew them), and redirect HTTP to HTTPS.",
        references: [.nsaKubernetes("Network separation and hardening"), .nist80053("SC-8"), .nist80053("SC-23"), .rfc(9110, section: "4.2.2 https URI Scheme")],
        triggering: [
            """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: portal}
            spec:
              ↓rules:
              - host: portal.city.example
                http:
                  paths:
                  - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
            """,
            """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: portal}
            spec:
              tls:
              - {hosts: [portal.city.example], secretName: portal-tls}
              rules:
              - host: portal.city.example
              - host: ↓api.city.example
            """,
        ],
        nonTriggering: [
            """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: portal}
            spec:
              tls:
              - {hosts: ["*.city.example"], secretName: wildcard-tls}
              rules:
              - host: portal.city.example
              - host: api.city.example
            """,
        ])

    /// `*.city.example` covers one label in front of `city.example`, as TLS wildcard matching does.
    static func covers(_ pattern: String, _ host: String) -> Bool {
        let p = pattern.lowercased(), h = host.lowercased()
        if p == h { return true }
        guard p.hasPrefix("*.") else { return false }
        let suffix = p.dropFirst(1)
        guard h.hasSuffix(suffix) else { return false }
        return !h.dropLast(suffix.count).contains(".") && h.count > suffix.count
    }

    func check(_ object: KubernetesObject, _ context: RuleContext) -> [Finding] {
        let tls = object.field("spec.tls")
        let entries = tls.items
        if entries.isEmpty {
            return [context.finding(at: tls, in: object, "Ingress \(object.name) has no tls section and serves HTTP only; expected spec.tls.")]
        }
        // A tls entry without hosts uses the controller's default certificate for every host.
        if entries.contains(where: { ($0.node?["hosts"]?.strings ?? []).isEmpty }) { return [] }
        let patterns = entries.flatMap { $0.node?["hosts"]?.strings ?? [] }
        return object.field("spec.rules").items.compactMap { rule in
            let host = rule.child("host")
            guard let name = host.node?.string, !patterns.contains(where: { Self.covers($0, name) }) else { return nil }
            return context.finding(at: host, in: object, "Ingress \(object.name) host \(name) is not covered by any tls entry; expected a certificate for it.",
                                   evidence: name)
        }
    }
}

struct IngressSSLRedirectDisabled: ObjectRule {
    static let kinds: Set<String> = ["Ingress"]
    /// Controller annotations that, set to false, let clients stay on plain HTTP.
    static let annotations = [
        "nginx.ingress.kubernetes.io/ssl-redirect",
        "nginx.ingress.kubernetes.io/force-ssl-redirect",
        "ingress.kubernetes.io/ssl-redirect",
        "ingress.kubernetes.io/force-ssl-redirect",
        "haproxy.org/ssl-redirect",
        "haproxy-ingress.github.io/ssl-redirect",
        "nginx.org/redirect-to-https",
    ]
    static let description = RuleDescription(
        id: "k8s/ingress-ssl-redirect-disabled", title: "Ingress HTTP-to-HTTPS redirect disabled", severity: .medium,
        rationale: "With the redirect turned off, users who type the address or follow an http:// link stay on plain HTTP, where their session can be read or hijacked (SSL stripping). Reported annotations: ingress-nginx ssl-redirect and force-ssl-redirect, the generic ingress.kubernetes.io forms (Traefik 1, NGINX Inc), HAProxy ssl-redirect and NGINX Inc redirect-to-https, set to false.",
        remediation: "Remove the annotation (ingress-nginx redirects by default when TLS is configured) or set it to \"true\"; add HSTS.",
        references: [.nsaKubernetes("Network separation and hardening"), .nist80053("SC-8"), .rfc(6797, section: "7.2 HTTP Request Type")],
        triggering: [
            """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: portal
              annotations:
                nginx.ingress.kubernetes.io/ssl-redirect: ↓"false"
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
                nginx.ingress.kubernetes.io/force-ssl-redirect: "true"
            spec:
              tls: [{hosts: [portal.city.example], secretName: portal-tls}]
            """,
        ])

    func check(_ object: KubernetesObject, _ context: RuleContext) -> [Finding] {
        let field = object.field("metadata.annotations")
        return Self.annotations.compactMap { key in
            let value = field.child(key)
            guard let text = value.node?.string, text.trimmingWhitespace.lowercased() == "false" else { return nil }
            return context.finding(at: value, in: object, "Ingress \(object.name) sets \(key): \"\(text)\"; expected the HTTPS redirect enabled.",
                                   evidence: "\(key): \(text)")
        }
    }
}
