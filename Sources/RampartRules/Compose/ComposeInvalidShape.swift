import RampartCore
import RampartManifests

/// Structural errors in the fields the Compose rules read. Without this, a `ports` written as a string or a
/// service written as a list would be skipped by every rule and the file would look clean.
struct ComposeInvalidShape: ComposeServiceRule {
    static let sequenceKeys = ["ports", "volumes", "cap_add", "cap_drop", "security_opt", "devices", "expose"]
    static let mappingOrSequenceKeys = ["environment", "labels"]

    static let description = RuleDescription(
        id: "compose/invalid-shape", title: "Compose field has the wrong shape", severity: .high,
        rationale: "A service that is not a mapping, a `ports` or `volumes` that is not a list, or a port entry Compose cannot read is rejected by Compose or misread; either way the security rules could not check it as written.",
        remediation: "Write the field as the Compose specification defines it: services are mappings; ports, volumes, cap_add, cap_drop, security_opt and devices are lists; environment and labels are a mapping or a list of KEY=VALUE.",
        references: [.composeSpec, .nist80053("CM-6")],
        triggering: [
            """
            services:
              web:
                image: nginx:1.27
                ports: ↓"8080:80"
                environment: ↓production
              db: ↓postgres:16
            """,
            """
            services:
              web:
                image: nginx:1.27
                ports:
                  - ↓"80:99999"
                  - ↓{published: 8080}
                  - target: 80
                    host_ip: 127.0.0.1
                    published: ↓"127.0.0.1:8080"
                  - ↓[80, 80]
                volumes:
                  - ↓{a: [b]}
                  - ↓[/data]
            """,
        ],
        nonTriggering: [
            """
            services:
              web:
                image: nginx:1.27
                ports: ["8080:80", "${PORT}:80", "127.0.0.1:${PORT:-8000}:8000", {target: 80, published: 8081}]
                volumes: [./site:/usr/share/nginx/html:ro, {type: bind, source: ./conf, target: /etc/nginx/conf.d}]
                environment: [A=1]
                labels: {team: web}
                cap_add:
              worker:
            """,
        ])

    func check(_ service: ComposeService, in project: ComposeProject, _ context: RuleContext) -> [Finding] {
        guard let node = service.node, !node.isNull else { return [] }   // `worker:` with no body: Compose reports it, nothing to judge
        guard node.isMapping else {
            return [context.finding(at: service.field, in: service, "service \(service.name) is a \(Self.kind(node)); expected a mapping of service settings")]
        }
        var findings: [Finding] = []
        for key in Self.sequenceKeys {
            let field = service.field(key)
            if let value = field.node, !value.isNull, !value.isSequence {
                findings.append(context.finding(at: field, in: service, "\(key) is a \(Self.kind(value)); expected a list"))
            }
        }
        for key in Self.mappingOrSequenceKeys {
            let field = service.field(key)
            if let value = field.node, !value.isNull, !value.isSequence, !value.isMapping {
                findings.append(context.finding(at: field, in: service, "\(key) is a \(Self.kind(value)); expected a mapping or a list of KEY=VALUE"))
            }
        }
        for item in service.field("ports").items {
            guard let value = item.node, ComposePort.parse(item) == nil else { continue }
            // Interpolated entries are decided by the environment; they are not shape errors.
            if let text = value.string, ComposeValue.isInterpolated(text) { continue }
            if value.isMapping, let published = value["published"]?.string, !published.isEmpty,
               !ComposeValue.isInterpolated(published), ComposePort.range(published) == nil {
                let hint = published.contains(":") ? "; a host address belongs in host_ip" : ""
                findings.append(context.finding(at: item.child("published"), in: service,
                                                "published '\(published)' is not a port or port range\(hint); expected published: PORT or START-END"))
                continue
            }
            let expected = "expected [HOST_IP:][PUBLISHED:]TARGET[/PROTOCOL] with ports in 0-65535, or a mapping with target"
            findings.append(context.finding(at: item, in: service, "port entry \(value.string.map { "'\($0)'" } ?? "(\(Self.kind(value)))") cannot be read; \(expected)"))
        }
        for item in service.field("volumes").items {
            guard let value = item.node else { continue }
            if value.string != nil { continue }
            if value.isMapping, value["target"]?.string != nil { continue }
            findings.append(context.finding(at: item, in: service,
                                            "volume entry (\(Self.kind(value))) cannot be read; expected SOURCE:TARGET[:MODE] or a mapping with type, source and target"))
        }
        return findings
    }

    static func kind(_ node: YAMLNode) -> String {
        if node.isMapping { return "mapping" }
        if node.isSequence { return "sequence" }
        if node.isNull { return "null" }
        return "scalar"
    }
}
