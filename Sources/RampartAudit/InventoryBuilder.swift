import RampartCore
import RampartManifests
import RampartRules

/// Builds the report's inventory from facts: every workload, Compose service, TLS endpoint and open port,
/// whether or not a rule found anything there. Pure.
public enum InventoryBuilder {
    public static func build(_ facts: Facts) -> Inventory {
        var inventory = Inventory()
        // Hook for the design stage: its loader's systems and services go into `inventory.systems` here, from
        // the design documents in `facts.set.documents` (format `.design`), once the design model exists.
        for workload in facts.manifests.workloads {
            let object = workload.object
            var ports: [Int] = []
            for container in workload.containers {
                for port in container.field.child("ports").items {
                    if let n = port.node?["containerPort"]?.int, !ports.contains(n) { ports.append(n) }
                }
            }
            inventory.workloads.append(InventoryWorkload(
                kind: object.kind, namespace: workload.namespace, name: object.name,
                location: SourceLocation(file: object.file, line: object.node.line, column: object.node.column),
                images: workload.containers.compactMap { $0.image.node?.string }, ports: ports))
        }
        for (_, service) in facts.manifests.composeServices {
            let ports = service.field("ports").items.compactMap { item -> String? in
                guard let node = item.node else { return nil }
                if let s = node.string { return s }
                // Long syntax: published:target/protocol.
                let target = node["target"]?.string ?? "?"
                let published = node["published"]?.string
                let proto = node["protocol"]?.string.map { "/\($0)" } ?? ""
                return (published.map { "\($0):" } ?? "") + target + proto
            }
            let anchor = service.field.anchor
            inventory.composeServices.append(InventoryComposeService(
                name: service.name, location: SourceLocation(file: service.file, line: anchor.line, column: anchor.column),
                image: service.node?["image"]?.string, ports: ports))
        }
        for endpoint in facts.set.tls {
            let certificate = endpoint.certificate.flatMap { facts -> InventoryCertificate? in
                guard let leaf = facts.leaf else { return nil }
                return InventoryCertificate(subject: leaf.subject, issuer: leaf.issuer, notBefore: leaf.notBefore,
                                            notAfter: leaf.notAfter, keyType: leaf.keyType, keyBits: leaf.keyBits,
                                            signatureAlgorithm: leaf.signatureAlgorithm,
                                            subjectAltNames: leaf.subjectAltNames, trusted: facts.trusted)
            }
            inventory.endpoints.append(InventoryEndpoint(
                host: endpoint.host, ip: endpoint.ip, port: endpoint.port, sni: endpoint.sni,
                protocols: endpoint.protocols, suites: endpoint.suites.filter { endpoint.protocols.contains($0.key) },
                certificate: certificate, httpStatus: endpoint.http?.status))
        }
        for host in facts.set.hosts {
            let open = host.openPorts.sorted { $0.port < $1.port }.map {
                InventoryPort(port: $0.port, service: $0.service, product: $0.product, version: $0.version,
                              tls: $0.tls, authentication: $0.authentication?.rawValue)
            }
            inventory.hosts.append(InventoryHost(host: host.host, ip: host.ip, portsScanned: host.portsScanned,
                                                 closed: host.closedCount, filtered: host.filteredCount, openPorts: open))
        }
        return inventory
    }
}
