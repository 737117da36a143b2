import RampartCore

/// The fields Rampart knows for each fact kind, so that a custom rule whose path can never exist is a load
/// error rather than a rule that silently never fires. Where a subtree has no fixed shape (probes,
/// affinity, CRD specs, Compose `deploy`), it is `open` and any path below it is accepted.
public indirect enum FieldSchema: Sendable {
    /// Anything may follow.
    case open
    /// A scalar: nothing may follow.
    case scalar
    /// A mapping with free keys (labels, annotations, resource limits), each value of the given shape.
    case map(FieldSchema)
    /// A sequence of items of the given shape.
    case list(FieldSchema)
    /// A mapping with known keys. `extensions`: keys starting `x-` are accepted too (Compose).
    case object([String: FieldSchema], extensions: Bool = false)

    /// Why `path` cannot exist under this schema, or nil when it can.
    public func problem(with path: CustomPath) -> String? {
        var current = self
        var walked = ""
        for step in path.steps {
            switch (current, step) {
            case (.open, _):
                return nil
            case (.scalar, _):
                return "'\(walked)' is a scalar field; nothing can follow it"
            case (.map(let value), .key(let key)):
                current = value
                walked += walked.isEmpty ? key : ".\(key)"
            case (.map, _):
                return "'\(walked)' is a mapping, not a list: use a key, not [*], [all] or [N]"
            case (.list(let item), .anyElement), (.list(let item), .everyElement), (.list(let item), .index):
                current = item
                walked += step.suffix
            case (.list, .key(let key)):
                return "'\(walked)' is a list: write '\(walked)[*].\(key)' (any element) or '\(walked)[all].\(key)' (every element)"
            case (.object(let fields, let extensions), .key(let key)):
                if let next = fields[key] {
                    current = next
                } else if extensions && key.hasPrefix("x-") {
                    current = .open
                } else {
                    let known = fields.keys.sorted()
                    let near = Self.nearest(key, known)
                    return "'\(key)' is not a field of \(walked.isEmpty ? "this fact" : "'\(walked)'")"
                        + (near.map { " (did you mean '\($0)'?)" } ?? "")
                }
                walked += walked.isEmpty ? key : ".\(key)"
            case (.object, _):
                return "'\(walked.isEmpty ? "the fact" : walked)' is a mapping, not a list"
            }
        }
        return nil
    }

    static func nearest(_ key: String, _ candidates: [String]) -> String? {
        Spelling.closest(to: key, among: candidates)
    }
}

extension CustomPath.Step {
    var suffix: String {
        switch self {
        case .key(let k): ".\(k)"
        case .anyElement: "[*]"
        case .everyElement: "[all]"
        case .index(let n): "[\(n)]"
        }
    }
}

/// Schemas per fact kind: Kubernetes metadata, pod spec and container fields (what Rampart's views and
/// rules read, after the Kubernetes API reference, v1.33), the kinds' top-level fields, and Compose
/// service keys (Compose Specification).
public enum CustomRuleSchema {
    public static func schema(for match: CustomMatch) -> FieldSchema {
        switch match.fact {
        case .container: return container
        case .workload: return podTemplate
        case .composeService: return composeService
        case .kubernetes:
            // Paths must be possible on every matched kind; a kind Rampart has no schema for (a custom
            // resource) keeps metadata strict and the rest open.
            let kinds = match.kinds
            return kinds.count == 1 ? object(kind: kinds[0]) : .open
        }
    }

    /// Why `path` can never exist on the matched facts, or nil.
    public static func problem(with path: CustomPath, for match: CustomMatch) -> String? {
        if match.fact == .kubernetes, match.kinds.count > 1 {
            // Must exist on at least one kind; report against the first kind otherwise.
            let problems = match.kinds.map { object(kind: $0).problem(with: path) }
            if problems.contains(where: { $0 == nil }) { return nil }
            return problems.first ?? nil
        }
        return schema(for: match).problem(with: path)
    }

    static let strings = FieldSchema.list(.scalar)
    static let labels = FieldSchema.map(.scalar)

    static let metadata = FieldSchema.object([
        "name": .scalar, "generateName": .scalar, "namespace": .scalar, "labels": labels, "annotations": labels,
        "ownerReferences": .list(.open), "finalizers": strings, "uid": .scalar, "resourceVersion": .scalar,
        "generation": .scalar, "creationTimestamp": .scalar, "deletionTimestamp": .scalar,
        "deletionGracePeriodSeconds": .scalar, "managedFields": .list(.open),
    ])

    static let seccomp = FieldSchema.object(["type": .scalar, "localhostProfile": .scalar])

    static let containerSecurity = FieldSchema.object([
        "privileged": .scalar, "allowPrivilegeEscalation": .scalar, "readOnlyRootFilesystem": .scalar,
        "runAsUser": .scalar, "runAsGroup": .scalar, "runAsNonRoot": .scalar,
        "capabilities": .object(["add": strings, "drop": strings]),
        "seccompProfile": seccomp, "appArmorProfile": seccomp, "seLinuxOptions": .open, "windowsOptions": .open,
        "procMount": .scalar,
    ])

    static let container = FieldSchema.object([
        "name": .scalar, "image": .scalar, "imagePullPolicy": .scalar, "command": strings, "args": strings,
        "workingDir": .scalar,
        "ports": .list(.object(["name": .scalar, "containerPort": .scalar, "hostPort": .scalar, "hostIP": .scalar, "protocol": .scalar])),
        "env": .list(.object(["name": .scalar, "value": .scalar, "valueFrom": .open])),
        "envFrom": .list(.open),
        "resources": .object(["limits": labels, "requests": labels, "claims": .list(.open)]),
        "resizePolicy": .list(.open),
        "restartPolicy": .scalar,
        "volumeMounts": .list(.object(["name": .scalar, "mountPath": .scalar, "readOnly": .scalar, "subPath": .scalar,
                                        "subPathExpr": .scalar, "mountPropagation": .scalar, "recursiveReadOnly": .scalar])),
        "volumeDevices": .list(.object(["name": .scalar, "devicePath": .scalar])),
        "livenessProbe": .open, "readinessProbe": .open, "startupProbe": .open, "lifecycle": .open,
        "terminationMessagePath": .scalar, "terminationMessagePolicy": .scalar,
        "securityContext": containerSecurity,
        "stdin": .scalar, "stdinOnce": .scalar, "tty": .scalar, "targetContainerName": .scalar,
    ])

    static let podSecurity = FieldSchema.object([
        "runAsUser": .scalar, "runAsGroup": .scalar, "runAsNonRoot": .scalar, "fsGroup": .scalar,
        "fsGroupChangePolicy": .scalar, "supplementalGroups": strings, "supplementalGroupsPolicy": .scalar,
        "seccompProfile": seccomp, "appArmorProfile": seccomp, "seLinuxOptions": .open, "windowsOptions": .open,
        "seLinuxChangePolicy": .scalar,
        "sysctls": .list(.object(["name": .scalar, "value": .scalar])),
    ])

    static let volume: FieldSchema = {
        var fields: [String: FieldSchema] = ["name": .scalar, "hostPath": .object(["path": .scalar, "type": .scalar])]
        for source in ["emptyDir", "secret", "configMap", "persistentVolumeClaim", "projected", "downwardAPI", "nfs",
                       "csi", "ephemeral", "image", "iscsi", "rbd", "cephfs", "glusterfs", "awsElasticBlockStore",
                       "gcePersistentDisk", "azureDisk", "azureFile", "fc", "flexVolume", "flocker", "gitRepo",
                       "portworxVolume", "quobyte", "scaleIO", "storageos", "vsphereVolume", "photonPersistentDisk", "cinder"] {
            fields[source] = .open
        }
        return .object(fields)
    }()

    static let podSpec = FieldSchema.object([
        "containers": .list(container), "initContainers": .list(container), "ephemeralContainers": .list(container),
        "volumes": .list(volume),
        "hostNetwork": .scalar, "hostPID": .scalar, "hostIPC": .scalar, "hostUsers": .scalar,
        "serviceAccountName": .scalar, "serviceAccount": .scalar, "automountServiceAccountToken": .scalar,
        "securityContext": podSecurity, "nodeName": .scalar, "nodeSelector": labels, "affinity": .open,
        "tolerations": .list(.open), "priorityClassName": .scalar, "priority": .scalar, "restartPolicy": .scalar,
        "dnsPolicy": .scalar, "dnsConfig": .open, "hostAliases": .list(.open), "hostname": .scalar, "subdomain": .scalar,
        "imagePullSecrets": .list(.object(["name": .scalar])), "runtimeClassName": .scalar,
        "shareProcessNamespace": .scalar, "terminationGracePeriodSeconds": .scalar, "activeDeadlineSeconds": .scalar,
        "enableServiceLinks": .scalar, "preemptionPolicy": .scalar, "overhead": labels,
        "topologySpreadConstraints": .list(.open), "readinessGates": .list(.open), "schedulerName": .scalar,
        "schedulingGates": .list(.open), "resourceClaims": .list(.open), "os": .object(["name": .scalar]),
        "setHostnameAsFQDN": .scalar, "resources": .open,
    ])

    static let podTemplate = FieldSchema.object(["metadata": metadata, "spec": podSpec])

    static func top(_ fields: [String: FieldSchema]) -> FieldSchema {
        var all = fields
        all["apiVersion"] = .scalar
        all["kind"] = .scalar
        all["metadata"] = metadata
        return .object(all)
    }

    static func workloadSpec(_ extra: [String: FieldSchema]) -> FieldSchema {
        var fields: [String: FieldSchema] = ["replicas": .scalar, "selector": .open, "template": podTemplate,
                                             "minReadySeconds": .scalar, "revisionHistoryLimit": .scalar]
        fields.merge(extra) { _, new in new }
        return .object(fields)
    }

    /// Top-level fields of the kinds Rampart reads; others keep metadata strict and the rest open.
    public static func object(kind: String) -> FieldSchema {
        let status: [String: FieldSchema] = ["status": .open]
        switch kind {
        case "Pod": return top(status.merging(["spec": podSpec]) { a, _ in a })
        case "Deployment":
            return top(status.merging(["spec": workloadSpec(["strategy": .open, "progressDeadlineSeconds": .scalar, "paused": .scalar])]) { a, _ in a })
        case "StatefulSet":
            return top(status.merging(["spec": workloadSpec(["serviceName": .scalar, "volumeClaimTemplates": .list(.open),
                                                              "podManagementPolicy": .scalar, "updateStrategy": .open,
                                                              "persistentVolumeClaimRetentionPolicy": .open, "ordinals": .open])]) { a, _ in a })
        case "DaemonSet":
            return top(status.merging(["spec": workloadSpec(["updateStrategy": .open])]) { a, _ in a })
        case "ReplicaSet", "ReplicationController":
            return top(status.merging(["spec": workloadSpec([:])]) { a, _ in a })
        case "Job":
            return top(status.merging(["spec": jobSpec]) { a, _ in a })
        case "CronJob":
            return top(status.merging(["spec": .object([
                "schedule": .scalar, "timeZone": .scalar, "concurrencyPolicy": .scalar, "suspend": .scalar,
                "startingDeadlineSeconds": .scalar, "successfulJobsHistoryLimit": .scalar, "failedJobsHistoryLimit": .scalar,
                "jobTemplate": .object(["metadata": metadata, "spec": jobSpec]),
            ])]) { a, _ in a })
        case "PodTemplate": return top(["template": podTemplate])
        case "ConfigMap": return top(["data": labels, "binaryData": labels, "immutable": .scalar])
        case "Secret": return top(["data": labels, "stringData": labels, "type": .scalar, "immutable": .scalar])
        case "ServiceAccount":
            return top(["secrets": .list(.open), "imagePullSecrets": .list(.object(["name": .scalar])), "automountServiceAccountToken": .scalar])
        case "Role", "ClusterRole":
            return top(["rules": .list(.object(["apiGroups": strings, "resources": strings, "verbs": strings,
                                                 "resourceNames": strings, "nonResourceURLs": strings])),
                        "aggregationRule": .open])
        case "RoleBinding", "ClusterRoleBinding":
            return top(["subjects": .list(.object(["kind": .scalar, "name": .scalar, "namespace": .scalar, "apiGroup": .scalar])),
                        "roleRef": .object(["kind": .scalar, "name": .scalar, "apiGroup": .scalar])])
        case "Service", "Ingress", "NetworkPolicy", "Namespace":
            return top(["spec": .open, "status": .open])
        default:
            return .object(["apiVersion": .scalar, "kind": .scalar, "metadata": metadata, "spec": .open, "status": .open,
                            "data": .open, "rules": .open])
        }
    }

    static let jobSpec = FieldSchema.object([
        "template": podTemplate, "parallelism": .scalar, "completions": .scalar, "completionMode": .scalar,
        "backoffLimit": .scalar, "backoffLimitPerIndex": .scalar, "maxFailedIndexes": .scalar, "activeDeadlineSeconds": .scalar,
        "ttlSecondsAfterFinished": .scalar, "suspend": .scalar, "selector": .open, "manualSelector": .scalar,
        "podFailurePolicy": .open, "podReplacementPolicy": .scalar, "successPolicy": .open, "managedBy": .scalar,
    ])

    /// Compose service keys (Compose Specification); values that take several shapes are open.
    static let composeService: FieldSchema = {
        var fields: [String: FieldSchema] = [:]
        let scalars = ["image", "privileged", "user", "read_only", "network_mode", "pid", "ipc", "userns_mode", "restart",
                       "container_name", "hostname", "domainname", "working_dir", "mem_limit", "cpus", "cpu_shares",
                       "mem_reservation", "pids_limit", "stop_signal", "stop_grace_period", "init", "platform", "pull_policy",
                       "scale", "shm_size", "stdin_open", "tty", "cgroup", "cgroup_parent", "runtime", "isolation",
                       "mac_address", "oom_kill_disable", "oom_score_adj", "memswap_limit", "mem_swappiness", "cpu_count",
                       "cpu_percent", "cpu_period", "cpu_quota", "cpu_rt_runtime", "cpu_rt_period", "cpuset", "uts",
                       "use_api_socket", "provider", "gpus"]
        for key in scalars { fields[key] = .scalar }
        let lists = ["cap_add", "cap_drop", "security_opt", "devices", "dns_search", "expose", "links", "external_links",
                     "profiles", "group_add", "volumes_from", "device_cgroup_rules", "tmpfs", "dns", "extra_hosts", "env_file",
                     "label_file", "post_start", "pre_stop", "configs", "secrets"]
        for key in lists { fields[key] = .list(.open) }
        for key in ["build", "command", "entrypoint", "environment", "labels", "annotations", "healthcheck", "deploy",
                    "depends_on", "networks", "ulimits", "logging", "sysctls", "storage_opt", "blkio_config", "develop",
                    "extends", "credential_spec", "models", "attach"] {
            fields[key] = .open
        }
        fields["ports"] = .list(.open)
        fields["volumes"] = .list(.open)
        return .object(fields, extensions: true)
    }()
}
