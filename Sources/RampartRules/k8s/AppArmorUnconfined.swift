import RampartCore
import RampartManifests

// Pod Security Standards, Baseline level: one rule per control. Every rule judges all workload kinds through
// their pod template, and every container kind (containers, initContainers, ephemeralContainers).

struct AppArmorUnconfined: WorkloadRule {
    static let annotationPrefix = "container.apparmor.security.beta.kubernetes.io/"
    static let description = RuleDescription(
        id: "k8s/apparmor-unconfined", title: "AppArmor profile disabled or overridden", severity: .medium,
        rationale: "The runtime's default AppArmor profile blocks mount operations and writes to sensitive /proc and /sys paths that container escapes rely on. Baseline allows only the runtime default or a profile loaded on the node (appArmorProfile.type RuntimeDefault or Localhost; annotation runtime/default or localhost/<name>); Unconfined removes that layer.",
        remediation: "Remove the Unconfined profile: set securityContext.appArmorProfile.type to RuntimeDefault (or Localhost with a reviewed profile) and drop unconfined AppArmor annotations.",
        references: [.pss(.baseline, "AppArmor"), .nsaKubernetes("Kubernetes Pod security: Hardening container environments"), .nist80053("SC-39")],
        triggering: [
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              template:
                metadata:
                  annotations:
                    container.apparmor.security.beta.kubernetes.io/web: ↓unconfined
                spec:
                  containers:
                  - name: web
                    image: web:1.0
                    securityContext:
                      appArmorProfile: {type: ↓Unconfined}
            """,
        ],
        nonTriggering: [
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              template:
                metadata:
                  annotations:
                    container.apparmor.security.beta.kubernetes.io/web: runtime/default
                spec:
                  securityContext:
                    appArmorProfile: {type: Localhost, localhostProfile: k8s-web}
                  containers:
                  - {name: web, image: web:1.0, securityContext: {appArmorProfile: {type: RuntimeDefault}}}
            """,
        ])

    func check(_ workload: Workload, _ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        let annotations = workload.podMetadata.child("annotations")
        for pair in annotations.node?.pairs ?? [] {
            guard let key = pair.key.string, key.hasPrefix(Self.annotationPrefix) else { continue }
            let value = pair.value.string ?? ""
            guard value != "runtime/default", !value.hasPrefix("localhost/") else { continue }
            findings.append(context.finding(at: annotations.child(key), in: workload.object,
                                            "AppArmor annotation \(key) is \"\(value)\"; expected runtime/default or localhost/<profile>.",
                                            evidence: "\(key): \(value)"))
        }
        for (field, owner) in SecurityLevels.values("appArmorProfile.type", in: workload) where field.node?.string == "Unconfined" {
            findings.append(context.finding(at: field, in: workload.object,
                                            "\(owner) sets appArmorProfile.type: Unconfined; expected RuntimeDefault or Localhost.",
                                            evidence: "appArmorProfile.type: Unconfined"))
        }
        return findings
    }
}
