import RampartCore
import RampartManifests

// Shapes and judgement helpers of the control-plane rules (CIS Kubernetes Benchmark §1–§4). The flags are
// read in RampartManifests (`ControlPlaneComponent`, `KubeletSettings`); these rules only judge them.

/// Judges each control-plane component of the listed kinds (static pods of kube-system).
protocol ComponentRule: Rule {
    static var components: Set<ControlPlaneComponent.Kind> { get }
    func check(_ component: ControlPlaneComponent, _ context: RuleContext) -> [Finding]
}

extension ComponentRule {
    static var reads: Set<String> { Set(components.map(FactKinds.controlPlane)) }

    func check(_ facts: Facts, _ context: RuleContext) -> [Finding] {
        facts.unique(facts.manifests.controlPlane.filter { Self.components.contains($0.kind) }.flatMap { check($0, context) })
    }
}

/// Judges each kubelet's settings (KubeletConfiguration files and kubelets run in pods).
protocol KubeletRule: Rule {
    func check(_ kubelet: KubeletSettings, _ context: RuleContext) -> [Finding]
}

extension KubeletRule {
    static var reads: Set<String> { [FactKinds.controlPlane(.kubelet)] }

    func check(_ facts: Facts, _ context: RuleContext) -> [Finding] {
        facts.unique(facts.manifests.kubelets.flatMap { check($0, context) })
    }
}

extension ControlPlaneComponent {
    var messageName: String { kind.rawValue }

    /// A finding when boolean `flag` is effectively `bad` (written so, or unset with `bad` as its default).
    func boolean(_ name: String, default defaultValue: Bool, bad: Bool, _ context: RuleContext) -> [Finding] {
        if let flag = flag(name) {
            guard let value = flag.bool else {
                return [context.finding(at: flag.field, in: object, "\(messageName) sets \(flag.written), which is not a boolean; expected --\(name)=\(!bad).")]
            }
            guard value == bad else { return [] }
            return [context.finding(at: flag.field, in: object, "\(messageName) runs with \(flag.written); expected --\(name)=\(!bad).")]
        }
        guard defaultValue == bad else { return [] }
        return [context.finding(at: anchor, in: object, "\(messageName) leaves --\(name) unset, which defaults to \(defaultValue); expected --\(name)=\(!bad).")]
    }

    /// A finding per flag of `names` that is missing or empty.
    func required(_ names: [String], why: String, _ context: RuleContext) -> [Finding] {
        names.compactMap { name in
            if let flag = flag(name) {
                guard (flag.value ?? "").trimmingWhitespace.isEmpty else { return nil }
                return context.finding(at: flag.field, in: object, "\(messageName) sets --\(name) without a value; \(why).")
            }
            // Several missing flags share the anchor: the flag name keeps their fingerprints apart.
            return context.finding(subject: object.subject(at: anchor), "\(messageName) does not set --\(name); \(why).",
                                   discriminator: name)
        }
    }

    /// A finding when `name` is set to a truthy value (a switch that must stay off, such as auto-tls).
    func forbiddenTrue(_ name: String, why: String, _ context: RuleContext) -> [Finding] {
        guard let flag = flag(name), flag.bool != false else { return [] }
        return [context.finding(at: flag.field, in: object, "\(messageName) runs with \(flag.written); \(why).")]
    }
}

/// TLS versions as the components spell them (Go: VersionTLS12; etcd: TLS1.2).
enum ComponentTLSVersion {
    /// The minor version number (0 = TLS 1.0 … 3 = TLS 1.3), nil when the spelling is unknown.
    static func minor(_ text: String) -> Int? {
        switch text.trimmingWhitespace {
        case "VersionTLS10", "TLS1.0": 0
        case "VersionTLS11", "TLS1.1": 1
        case "VersionTLS12", "TLS1.2": 2
        case "VersionTLS13", "TLS1.3": 3
        default: nil
        }
    }
}

/// Cipher suite names as Go (and so every component) accepts them, judged with the TLS rules' traits.
enum ComponentCipherSuites {
    /// What is weak about a suite, or nil when it is an AEAD suite with forward secrecy (or TLS 1.3).
    static func weakness(_ name: String) -> String? {
        var iana = name.trimmingWhitespace
        // Go also accepts the ChaCha20 suites without the hash their IANA names carry.
        if iana.hasSuffix("_CHACHA20_POLY1305") { iana += "_SHA256" }
        guard iana.hasPrefix("TLS_") else { return "not a TLS cipher suite name" }
        let traits = CipherSuiteTraits(iana)
        var reasons: [String] = []
        if traits.isNull || traits.isAnonymous || traits.isExport { reasons.append("broken") }
        if traits.isRC4 || traits.is64BitBlock { reasons.append("legacy cipher") }
        if !traits.isAEAD { reasons.append("not AEAD") }
        if !traits.forwardSecret { reasons.append("no forward secrecy") }
        return reasons.isEmpty ? nil : reasons.joined(separator: ", ")
    }
}

extension KubeletSettings {
    var messageName: String { source == .configuration ? "KubeletConfiguration" : "kubelet" }

    /// `readOnlyPort is 10255` or `readOnlyPort is unset (default 10255)`.
    func describe(_ reading: Reading) -> String {
        let value = reading.value ?? "empty"
        return reading.isDefault ? "\(reading.name) is unset (default \(value))" : "\(reading.name) is \(value)"
    }

    /// One finding when the setting's effective reading is `bad`.
    func judge(_ key: Key, _ context: RuleContext, expected: String, bad: (Reading) -> Bool) -> [Finding] {
        guard let reading = reading(key), bad(reading) else { return [] }
        return [context.finding(at: reading.field, in: object, "\(messageName): \(describe(reading)); expected \(expected).")]
    }
}

/// Example documents for the control-plane rules, shaped as kubeadm writes them.
enum ControlPlaneExample {
    /// A static pod of `component` whose command is the binary followed by `flags`, one per line. With
    /// `markCommand`, the `↓` marker sits on the command list (where findings about a missing flag point).
    static func pod(_ component: ControlPlaneComponent.Kind, _ flags: [String], markCommand: Bool = false,
                    namespace: String = "kube-system") -> String {
        let image = component == .etcd ? "registry.k8s.io/etcd:3.5.12-0" : "registry.k8s.io/\(component.rawValue):v1.30.0"
        return """
            apiVersion: v1
            kind: Pod
            metadata: {name: \(component.rawValue), namespace: \(namespace)}
            spec:
              containers:
              - name: \(component.rawValue)
                image: \(image)
                command:
                \(markCommand ? "↓" : "")- \(component.rawValue)
            """ + flags.map { "\n    - \($0)" }.joined()
    }

    /// A KubeletConfiguration with `body` (top-level fields) after its header.
    static func kubelet(_ body: String) -> String {
        "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n" + body
    }
}
