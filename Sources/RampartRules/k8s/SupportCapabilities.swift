import RampartCore
import RampartManifests

// Pod Security Standards, Baseline level: one rule per control. Every rule judges all workload kinds through
// their pod template, and every container kind (containers, initContainers, ephemeralContainers).

/// Linux capabilities, spelled with or without the `CAP_` prefix.
enum LinuxCapabilities {
    /// The container runtime default set that Baseline lets a container add back explicitly.
    static let baselineAllowed: Set<String> = [
        "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE",
        "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
    ]

    static func normalized(_ name: String) -> String {
        let upper = name.trimmingWhitespace.uppercased()
        return upper.hasPrefix("CAP_") ? String(upper.dropFirst(4)) : upper
    }

    /// Each added capability: `name` normalised for judging what it grants, `raw` as written, which is
    /// what Pod Security admission compares (exactly, so `CAP_CHOWN` or `chown` is not `CHOWN` to it).
    static func added(_ container: Container) -> [(name: String, raw: String, field: FieldRef)] {
        stringItems(container.securityContext.field("capabilities.add")).map { (normalized($0.value), $0.value, $0.field) }
    }
}
