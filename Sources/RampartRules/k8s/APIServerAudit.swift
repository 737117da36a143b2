import RampartCore
import RampartManifests

// kube-apiserver audit logging (CIS Kubernetes Benchmark v1.9.0 §1.2.16–1.2.19, §3.2.1).

struct APIServerAuditLogMissing: ComponentRule {
    static let components: Set<ControlPlaneComponent.Kind> = [.apiServer]
    static let description = RuleDescription(
        id: "k8s/apiserver-audit-log-missing", title: "API server writes no audit log", severity: .medium,
        rationale: "Without --audit-log-path (or an audit webhook) nothing records who read Secrets, exec'd into pods or changed RBAC; an incident cannot be reconstructed. kubeadm does not enable auditing.",
        remediation: "Set --audit-log-path (e.g. /var/log/kubernetes/audit/audit.log, on a mounted host path) together with --audit-policy-file, or send events to --audit-webhook-config-file.",
        references: [.cisKubernetes("1.2.16"), .nsaKubernetes("Audit logging and threat detection"), .nist80053("AU-2")],
        triggering: [ControlPlaneExample.pod(.apiServer, ["--audit-policy-file=/etc/kubernetes/audit-policy.yaml"], markCommand: true)],
        nonTriggering: [
            ControlPlaneExample.pod(.apiServer, ["--audit-log-path=/var/log/kubernetes/audit/audit.log"]),
            ControlPlaneExample.pod(.apiServer, ["--audit-webhook-config-file=/etc/kubernetes/audit-webhook.kubeconfig"]),
        ])

    func check(_ component: ControlPlaneComponent, _ context: RuleContext) -> [Finding] {
        if component.flag("audit-webhook-config-file")?.value?.isEmpty == false { return [] }
        return component.required(["audit-log-path"], why: "expected an audit log path (or an audit webhook)", context)
    }
}

struct APIServerAuditLogRetention: ComponentRule {
    static let components: Set<ControlPlaneComponent.Kind> = [.apiServer]
    static let description = RuleDescription(
        id: "k8s/apiserver-audit-log-retention", title: "API server keeps too little audit log", severity: .low,
        rationale: "The API server rotates its audit log by --audit-log-maxsize (MB) and keeps --audit-log-maxbackup files for --audit-log-maxage days; unset, maxage and maxbackup keep everything on the node's disk but nothing says so, and small values drop the evidence an investigation needs.",
        remediation: "Set --audit-log-maxage=30, --audit-log-maxbackup=10 and --audit-log-maxsize=100 or more (or the city's retention), and ship the log off the node.",
        references: [.cisKubernetes("1.2.17"), .cisKubernetes("1.2.18"), .cisKubernetes("1.2.19"), .nsaKubernetes("Audit logging and threat detection"), .nist80053("AU-11")],
        triggering: [ControlPlaneExample.pod(.apiServer, ["--audit-log-path=/var/log/audit.log", "↓--audit-log-maxage=7", "--audit-log-maxbackup=10", "--audit-log-maxsize=100"])],
        nonTriggering: [
            ControlPlaneExample.pod(.apiServer, ["--audit-log-path=/var/log/audit.log", "--audit-log-maxage=30", "--audit-log-maxbackup", "10", "--audit-log-maxsize=200"]),
            ControlPlaneExample.pod(.apiServer, ["--profiling=false"]),
        ],
        parameters: ["auditLogMaxAge": "30", "auditLogMaxBackup": "10", "auditLogMaxSize": "100"])

    func check(_ component: ControlPlaneComponent, _ context: RuleContext) -> [Finding] {
        // No audit log at all is k8s/apiserver-audit-log-missing.
        guard component.flag("audit-log-path")?.value?.isEmpty == false else { return [] }
        let limits = [("audit-log-maxage", context.parameters.int("auditLogMaxAge", default: 30), "days"),
                      ("audit-log-maxbackup", context.parameters.int("auditLogMaxBackup", default: 10), "files"),
                      ("audit-log-maxsize", context.parameters.int("auditLogMaxSize", default: 100), "MB")]
        return limits.compactMap { name, minimum, unit in
            guard let flag = component.flag(name) else {
                return context.finding(subject: component.object.subject(at: component.anchor),
                                       "kube-apiserver does not set --\(name); expected at least \(minimum) \(unit).", discriminator: name)
            }
            guard let value = flag.int, value >= minimum else {
                return context.finding(subject: component.object.subject(at: flag.field),
                                       "kube-apiserver sets \(flag.written); expected at least \(minimum) \(unit).", discriminator: name)
            }
            return nil
        }
    }
}

struct APIServerAuditPolicyMissing: ComponentRule {
    static let components: Set<ControlPlaneComponent.Kind> = [.apiServer]
    static let description = RuleDescription(
        id: "k8s/apiserver-audit-policy-missing", title: "API server audit log has no policy", severity: .medium,
        rationale: "The API server records audit events only as an audit policy file says; with --audit-log-path but no --audit-policy-file the log stays empty.",
        remediation: "Set --audit-policy-file to a policy that logs at least Metadata for every request and RequestResponse for Secrets, RBAC and exec/attach (mount the file into the static pod).",
        references: [.cisKubernetes("3.2.1"), .nsaKubernetes("Audit logging and threat detection")],
        triggering: [ControlPlaneExample.pod(.apiServer, ["--audit-log-path=/var/log/audit.log"], markCommand: true)],
        nonTriggering: [ControlPlaneExample.pod(.apiServer, ["--audit-log-path=/var/log/audit.log", "--audit-policy-file=/etc/kubernetes/audit-policy.yaml"])])

    func check(_ component: ControlPlaneComponent, _ context: RuleContext) -> [Finding] {
        let logs = [component.flag("audit-log-path"), component.flag("audit-webhook-config-file")].contains { $0?.value?.isEmpty == false }
        guard logs else { return [] }
        return component.required(["audit-policy-file"], why: "without an audit policy no events are recorded", context)
    }
}
