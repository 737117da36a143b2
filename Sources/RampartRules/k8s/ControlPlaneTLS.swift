import RampartCore
import RampartManifests

// TLS versions and cipher suites the control plane and kubelets serve (CIS Kubernetes Benchmark v1.9.0
// §1.2.29, §4.2.12). Suites are judged with the same traits as the live tls/* rules (CipherSuiteTraits).

/// One place where a component or kubelet sets a TLS option: the resource, the field and its items.
struct TLSSetting {
    let owner: String
    let object: KubernetesObject
    let name: String
    let items: [(value: String, field: FieldRef)]
}

enum ControlPlaneTLSSettings {
    /// Every setting of `option` (minimum version or cipher suites) in the scan.
    static func all(_ option: KubeletSettings.Key, in facts: Facts) -> [TLSSetting] {
        var settings: [TLSSetting] = []
        for component in facts.manifests.controlPlane where component.kind != .kubelet {
            // etcd names its suite flag --cipher-suites; the Kubernetes components --tls-cipher-suites.
            let flag = option == .tlsMinVersion ? "tls-min-version" : (component.kind == .etcd ? "cipher-suites" : "tls-cipher-suites")
            let items = component.list(flag)
            guard !items.isEmpty else { continue }
            settings.append(TLSSetting(owner: component.messageName, object: component.object, name: "--\(flag)",
                                       items: items.map { ($0.item, $0.flag.field) }))
        }
        for kubelet in facts.manifests.kubelets {
            guard let reading = kubelet.reading(option), !reading.isDefault else { continue }
            let items = option == .tlsMinVersion ? reading.value.map { [($0, reading.field)] } ?? [] : reading.items
            settings.append(TLSSetting(owner: kubelet.messageName, object: kubelet.object, name: reading.name, items: items))
        }
        return settings
    }
}

struct ControlPlaneTLSMinVersion: Rule {
    static var reads: Set<String> { Set(ControlPlaneComponent.Kind.allCases.map(FactKinds.controlPlane)) }
    static let description = RuleDescription(
        id: "k8s/control-plane-tls-min-version", title: "Control plane accepts TLS below 1.2", severity: .high,
        rationale: "TLS 1.0 and 1.1 are deprecated (RFC 8996): they lack AEAD suites and rest on SHA-1/MD5. A component or kubelet that sets its minimum below 1.2 lets a downgrade reach them. Left unset, components built with Go 1.22 or later (Kubernetes 1.30+) refuse anything below TLS 1.2, so only explicit settings are reported.",
        remediation: "Set --tls-min-version=VersionTLS12 (or VersionTLS13); in a KubeletConfiguration tlsMinVersion: VersionTLS12; for etcd --tls-min-version=TLS1.2.",
        references: [.cisKubernetes("1.2.29"), .cisKubernetes("4.2.12"), .rfc(8996), .nsaKubernetes("Network separation and hardening: Encryption")],
        triggering: [
            ControlPlaneExample.pod(.apiServer, ["↓--tls-min-version=VersionTLS10"]),
            ControlPlaneExample.kubelet("tlsMinVersion: ↓VersionTLS11\n"),
            ControlPlaneExample.pod(.etcd, ["↓--tls-min-version", "TLS1.1"]),
        ],
        nonTriggering: [
            ControlPlaneExample.pod(.apiServer, ["--tls-min-version=VersionTLS12"]),
            ControlPlaneExample.kubelet("tlsMinVersion: VersionTLS13\n"),
            ControlPlaneExample.pod(.scheduler, ["--bind-address=127.0.0.1"]),
        ])

    func check(_ facts: Facts, _ context: RuleContext) -> [Finding] {
        facts.unique(ControlPlaneTLSSettings.all(.tlsMinVersion, in: facts).compactMap { setting in
            guard let (value, field) = setting.items.last else { return nil }
            guard let minor = ComponentTLSVersion.minor(value) else {
                return context.finding(at: field, in: setting.object, "\(setting.owner) sets \(setting.name) to \(value), which is not a TLS version it knows; expected VersionTLS12 or VersionTLS13.")
            }
            guard minor < 2 else { return nil }
            return context.finding(at: field, in: setting.object, "\(setting.owner) accepts TLS 1.\(minor) (\(setting.name) \(value)); expected TLS 1.2 or later.")
        })
    }
}

struct ControlPlaneWeakCipherSuites: Rule {
    static var reads: Set<String> { Set(ControlPlaneComponent.Kind.allCases.map(FactKinds.controlPlane)) }
    static let description = RuleDescription(
        id: "k8s/control-plane-weak-cipher-suites", title: "Control plane allows weak TLS cipher suites", severity: .medium,
        rationale: "A suite without forward secrecy (static RSA key exchange) lets anyone who later obtains the server key decrypt recorded traffic, Secrets included; CBC suites are open to padding-oracle attacks, and 3DES or RC4 to SWEET32 and biases. Rampart accepts only AEAD suites with ECDHE (and every TLS 1.3 suite), stricter on purpose than the CIS list, which still allows CBC and static-RSA suites.",
        remediation: "List only ECDHE suites with AES-GCM or ChaCha20-Poly1305, e.g. --tls-cipher-suites=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256 (etcd: --cipher-suites; kubelet: tlsCipherSuites).",
        references: [.cisKubernetes("1.2.29"), .cisKubernetes("4.2.12"), .nsaKubernetes("Network separation and hardening: Encryption")],
        triggering: [
            ControlPlaneExample.pod(.apiServer, ["↓--tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_RSA_WITH_AES_128_GCM_SHA256"]),
            ControlPlaneExample.kubelet("tlsCipherSuites:\n- TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305\n- ↓TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA\n"),
            ControlPlaneExample.pod(.etcd, ["↓--cipher-suites", "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA"]),
        ],
        nonTriggering: [
            ControlPlaneExample.pod(.apiServer, ["--tls-cipher-suites=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,TLS_AES_128_GCM_SHA256"]),
            ControlPlaneExample.kubelet("tlsCipherSuites: [TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305]\n"),
        ])

    func check(_ facts: Facts, _ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for setting in ControlPlaneTLSSettings.all(.tlsCipherSuites, in: facts) {
            // Items sharing a field (a comma list in one flag) become one finding at that flag.
            var order: [String] = []
            var weak: [String: (field: FieldRef, suites: [String])] = [:]
            for (value, field) in setting.items {
                guard let why = ComponentCipherSuites.weakness(value) else { continue }
                let key = field.path
                if weak[key] == nil { order.append(key); weak[key] = (field, []) }
                weak[key]?.suites.append("\(value) (\(why))")
            }
            for key in order {
                guard let entry = weak[key] else { continue }
                findings.append(context.finding(at: entry.field, in: setting.object,
                                                "\(setting.owner) allows weak cipher suites in \(setting.name): \(entry.suites.joined(separator: "; ")); expected only ECDHE suites with AEAD ciphers."))
            }
        }
        return facts.unique(findings)
    }
}
