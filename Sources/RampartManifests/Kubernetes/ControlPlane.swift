import RampartCore

/// A control-plane component (kube-apiserver, kube-controller-manager, kube-scheduler, etcd, or a kubelet
/// run in a pod) seen through the flags of the container that runs it, as kubeadm writes static pods.
public struct ControlPlaneComponent: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case apiServer = "kube-apiserver"
        case controllerManager = "kube-controller-manager"
        case scheduler = "kube-scheduler"
        case etcd = "etcd"
        case kubelet = "kubelet"
    }

    public let kind: Kind
    public let object: KubernetesObject
    public let container: Container
    /// Every flag in the order the component reads them (command after the binary, then args).
    public let flags: [ComponentFlag]

    /// The field a finding about a missing flag points at: `command`, else `args`, else the container.
    public var anchor: FieldRef {
        let command = container.field("command")
        if command.node?.sequence?.isEmpty == false { return command }
        let args = container.field("args")
        return args.exists ? args : container.field
    }

    /// The occurrence that counts for a scalar flag: the last one, as Go's flag packages read them.
    public func flag(_ name: String) -> ComponentFlag? {
        flags.last { $0.name == name }
    }

    /// Items of a comma-separated list flag over every occurrence (repeated list flags append), each with
    /// the flag it came from.
    public func list(_ name: String) -> [(item: String, flag: ComponentFlag)] {
        flags.filter { $0.name == name }.flatMap { flag in
            (flag.value ?? "").split(separator: ",").map { (String($0).trimmingWhitespace, flag) }.filter { !$0.0.isEmpty }
        }
    }

    /// The components run by `workload`: containers whose binary (first `command` item, or the image name
    /// when the image's entrypoint is used) is one of `Kind`. Pods outside kube-system are not control
    /// plane (a namespace left unset is taken as kube-system, as in kubeadm's static-pod files).
    public static func components(in workload: Workload) -> [ControlPlaneComponent] {
        guard workload.object.kind == "Pod", workload.object.namespace == nil || workload.object.namespace == "kube-system"
        else { return [] }
        return workload.containers.compactMap { container in
            let command = container.field("command").items
            let binary: String
            var tokens: [FieldRef] = []
            if let first = command.first?.node?.string, !first.hasPrefix("-") {
                binary = baseName(first)
                tokens = Array(command.dropFirst())
            } else {
                guard let image = container.image.node?.string else { return nil }
                binary = imageName(image)
                tokens = command
            }
            guard let kind = Kind(rawValue: binary) else { return nil }
            tokens += container.field("args").items
            return ControlPlaneComponent(kind: kind, object: workload.object, container: container,
                                         flags: ComponentFlag.parse(tokens))
        }
    }

    static func baseName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    /// `registry.k8s.io/kube-apiserver:v1.30.0@sha256:…` → `kube-apiserver`.
    static func imageName(_ image: String) -> String {
        var name = baseName(String(image.split(separator: "@").first ?? ""))
        if let colon = name.firstIndex(of: ":") { name = String(name[..<colon]) }
        return name
    }
}

/// One flag as written: `--name=value`, `--name value`, or a bare boolean `--name`.
public struct ComponentFlag: Sendable {
    public let name: String
    /// nil for a non-boolean flag written without a value.
    public let value: String?
    /// The token that names the flag (what findings point at).
    public let field: FieldRef

    /// The value as Go's strconv.ParseBool reads it; nil when it is not a boolean.
    public var bool: Bool? {
        switch value {
        case "1", "t", "T", "true", "TRUE", "True": true
        case "0", "f", "F", "false", "FALSE", "False": false
        default: nil
        }
    }

    public var int: Int? { value.flatMap { Int($0.trimmingWhitespace) } }

    /// How the flag reads in a message: `--name=value`.
    public var written: String { value.map { "--\(name)=\($0)" } ?? "--\(name)" }

    /// Flags of the components that are booleans: written alone they mean true, and (as in Go's flag
    /// packages) they never take the next argument as their value.
    public static let booleans: Set<String> = [
        "anonymous-auth", "profiling", "service-account-lookup", "use-service-account-credentials",
        "client-cert-auth", "peer-client-cert-auth", "auto-tls", "peer-auto-tls", "enable-pprof",
        "rotate-certificates", "rotate-server-certificates", "protect-kernel-defaults", "make-iptables-util-chains",
        "authentication-token-webhook", "allow-privileged", "enable-bootstrap-token-auth", "leader-elect",
        "contention-profiling", "kubelet-https", "strict-reconfig-check", "enable-v2",
    ]

    /// Reads flags from tokens. A token that is not a flag and not consumed as a value is ignored.
    static func parse(_ tokens: [FieldRef]) -> [ComponentFlag] {
        var flags: [ComponentFlag] = []
        var i = 0
        while i < tokens.count {
            defer { i += 1 }
            guard let text = tokens[i].node?.string, text.hasPrefix("-"), text != "-", text != "--" else { continue }
            let body = text.hasPrefix("--") ? text.dropFirst(2) : text.dropFirst()
            if let eq = body.firstIndex(of: "=") {
                let name = String(body[..<eq])
                guard !name.isEmpty else { continue }
                flags.append(ComponentFlag(name: name, value: String(body[body.index(after: eq)...]), field: tokens[i]))
            } else if booleans.contains(String(body)) {
                flags.append(ComponentFlag(name: String(body), value: "true", field: tokens[i]))
            } else if i + 1 < tokens.count, let next = tokens[i + 1].node?.string, !next.hasPrefix("-") {
                flags.append(ComponentFlag(name: String(body), value: next, field: tokens[i]))
                i += 1
            } else {
                flags.append(ComponentFlag(name: String(body), value: nil, field: tokens[i]))
            }
        }
        return flags
    }
}

/// A kubelet's settings, from a `KubeletConfiguration` file (kubelet.config.k8s.io/v1beta1) or from the
/// flags of a kubelet run in a pod. Each setting knows its field (or, when unset, the nearest parent) and
/// whether its value is the default of that source.
public struct KubeletSettings: Sendable {
    public enum Source: Sendable { case configuration, flags }

    /// One setting of `Key`: its value as written (or the source's default), and where it is.
    public struct Reading: Sendable {
        public let value: String?
        public let items: [(value: String, field: FieldRef)]
        public let field: FieldRef
        /// True when the source does not set it and `value` is the source's default.
        public let isDefault: Bool
        /// How the setting is named in messages: the config field path or the flag.
        public let name: String

        public var bool: Bool? {
            // A configuration file's YAML booleans (yes/no/on/off) as the Kubernetes decoder reads them.
            if !isDefault, let node = field.node, let bool = node.bool { return bool }
            return switch value?.lowercased() {
            case "true", "1", "t": true
            case "false", "0", "f": false
            default: nil
            }
        }
        public var int: Int? { value.flatMap { Int($0) } }
    }

    /// Settings the kubelet rules read: config file path, flag, and each source's default (nil: none).
    public enum Key: String, Sendable, CaseIterable {
        case anonymousAuth, authorizationMode, webhookAuthentication, readOnlyPort, protectKernelDefaults,
             makeIPTablesUtilChains, eventRecordQPS, rotateCertificates, serverTLSBootstrap, tlsCertFile,
             tlsMinVersion, tlsCipherSuites, streamingConnectionIdleTimeout

        /// The KubeletConfiguration field path and the kubelet flag.
        public var names: (config: String, flag: String) {
            switch self {
            case .anonymousAuth: ("authentication.anonymous.enabled", "anonymous-auth")
            case .authorizationMode: ("authorization.mode", "authorization-mode")
            case .webhookAuthentication: ("authentication.webhook.enabled", "authentication-token-webhook")
            case .readOnlyPort: ("readOnlyPort", "read-only-port")
            case .protectKernelDefaults: ("protectKernelDefaults", "protect-kernel-defaults")
            case .makeIPTablesUtilChains: ("makeIPTablesUtilChains", "make-iptables-util-chains")
            case .eventRecordQPS: ("eventRecordQPS", "event-qps")
            case .rotateCertificates: ("rotateCertificates", "rotate-certificates")
            case .serverTLSBootstrap: ("serverTLSBootstrap", "rotate-server-certificates")
            case .tlsCertFile: ("tlsCertFile", "tls-cert-file")
            case .tlsMinVersion: ("tlsMinVersion", "tls-min-version")
            case .tlsCipherSuites: ("tlsCipherSuites", "tls-cipher-suites")
            case .streamingConnectionIdleTimeout: ("streamingConnectionIdleTimeout", "streaming-connection-idle-timeout")
            }
        }

        /// Defaults: the v1beta1 configuration file's are the safe ones; the command line's are the old,
        /// open ones (anonymous requests on, AlwaysAllow, read-only port 10255).
        func defaultValue(_ source: Source) -> String? {
            switch (self, source) {
            case (.anonymousAuth, .configuration): "false"
            case (.anonymousAuth, .flags): "true"
            case (.authorizationMode, .configuration): "Webhook"
            case (.authorizationMode, .flags): "AlwaysAllow"
            case (.webhookAuthentication, .configuration): "true"
            case (.webhookAuthentication, .flags): "false"
            case (.readOnlyPort, .configuration): "0"
            case (.readOnlyPort, .flags): "10255"
            case (.protectKernelDefaults, _), (.rotateCertificates, _), (.serverTLSBootstrap, _): "false"
            case (.makeIPTablesUtilChains, _): "true"
            case (.eventRecordQPS, _): "50"
            case (.streamingConnectionIdleTimeout, _): "4h0m0s"
            case (.tlsCertFile, _), (.tlsMinVersion, _), (.tlsCipherSuites, _): nil
            }
        }
    }

    public let source: Source
    /// The object findings are located in: the KubeletConfiguration, or the pod running the kubelet.
    public let object: KubernetesObject
    let component: ControlPlaneComponent?

    public init?(configuration object: KubernetesObject) {
        guard object.kind == "KubeletConfiguration", object.apiVersion.hasPrefix("kubelet.config.k8s.io/") else { return nil }
        self.source = .configuration
        self.object = object
        self.component = nil
    }

    public init?(component: ControlPlaneComponent) {
        guard component.kind == .kubelet else { return nil }
        self.source = .flags
        self.object = component.object
        self.component = component
    }

    /// The setting's effective reading, or nil when it cannot be known: a kubelet given `--config` takes
    /// every flag it does not set from a file this pod does not show.
    public func reading(_ key: Key) -> Reading? {
        let names = key.names
        if let component {
            if let flag = component.flag(names.flag) {
                let items = component.list(names.flag).map { ($0.item, $0.flag.field) }
                return Reading(value: flag.value, items: items, field: flag.field, isDefault: false, name: "--\(names.flag)")
            }
            guard component.flag("config") == nil else { return nil }
            return Reading(value: key.defaultValue(.flags), items: [], field: component.anchor, isDefault: true, name: "--\(names.flag)")
        }
        let field = object.field(names.config)
        if let node = field.node, !node.isNull {
            let items = field.items.compactMap { item in item.node?.string.map { ($0, item) } }
            return Reading(value: node.string, items: items, field: field, isDefault: false, name: names.config)
        }
        return Reading(value: key.defaultValue(.configuration), items: [], field: field, isDefault: true, name: names.config)
    }
}

/// An `EncryptionConfiguration` (apiserver.config.k8s.io/v1): per group of resources, the providers in
/// order; the first one encrypts new writes, the others only decrypt.
public struct EncryptionConfiguration: Sendable {
    public struct Provider: Sendable {
        /// `identity`, `aescbc`, `aesgcm`, `secretbox`, `kms`.
        public let name: String
        /// The provider's key in its mapping (what findings point at).
        public let field: FieldRef
    }

    public struct ResourceGroup: Sendable {
        public let resources: [String]
        public let providers: [Provider]
        public let field: FieldRef
    }

    public let object: KubernetesObject
    public let groups: [ResourceGroup]

    public init?(_ object: KubernetesObject) {
        guard object.kind == "EncryptionConfiguration", object.apiVersion.hasPrefix("apiserver.config.k8s.io/") else { return nil }
        self.object = object
        self.groups = object.field("resources").items.map { group in
            let providers = group.child("providers").items.compactMap { item -> Provider? in
                // A provider item is a mapping with one key naming the provider.
                guard let key = item.node?.pairs?.first?.key, let name = key.string else { return nil }
                return Provider(name: name, field: FieldRef(path: item.path + "." + name, node: item.node?[name], anchor: key))
            }
            return ResourceGroup(resources: group.child("resources").node?.strings ?? [], providers: providers, field: group)
        }
    }
}
