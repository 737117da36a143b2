/// A standard or guideline a rule rests on, cited by name and section.
public struct Reference: Codable, Sendable, Hashable, CustomStringConvertible {
    public var standard: String
    public var section: String?
    public var url: String?

    public init(_ standard: String, section: String? = nil, url: String? = nil) {
        self.standard = standard
        self.section = section
        self.url = url
    }

    public var description: String { section.map { "\(standard) \($0)" } ?? standard }

    // Frequently cited standards, so that rules spell them the same way.
    public enum PSSLevel: String, Sendable { case baseline, restricted }

    public static func pss(_ level: PSSLevel, _ control: String) -> Reference {
        Reference("Kubernetes Pod Security Standards (\(level.rawValue))", section: control,
                  url: "https://kubernetes.io/docs/concepts/security/pod-security-standards/")
    }

    public static func cisKubernetes(_ section: String, benchmark: String = "1.9") -> Reference {
        Reference("CIS Kubernetes Benchmark v\(benchmark)", section: section)
    }

    public static func cisDocker(_ section: String, benchmark: String = "1.6") -> Reference {
        Reference("CIS Docker Benchmark v\(benchmark)", section: section)
    }

    public static func nsaKubernetes(_ section: String) -> Reference {
        Reference("NSA/CISA Kubernetes Hardening Guide v1.2", section: section)
    }

    public static func nist80053(_ control: String) -> Reference {
        Reference("NIST SP 800-53 Rev. 5", section: control)
    }

    public static func rfc(_ number: Int, section: String? = nil) -> Reference {
        Reference("RFC \(number)", section: section, url: "https://www.rfc-editor.org/rfc/rfc\(number)")
    }

    public static func owasp(_ name: String, url: String? = nil) -> Reference {
        Reference("OWASP", section: name, url: url)
    }

    public static func owaspDocker(_ rule: String) -> Reference {
        Reference("OWASP Docker Security Cheat Sheet", section: rule,
                  url: "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html")
    }

    public static func nist800190(_ section: String) -> Reference {
        Reference("NIST SP 800-190", section: section, url: "https://doi.org/10.6028/NIST.SP.800-190")
    }

    public static let composeSpec = Reference("Compose Specification", section: "Services top-level elements",
                                              url: "https://github.com/compose-spec/compose-spec/blob/main/05-services.md")

    public static func cisControls(_ safeguard: String) -> Reference {
        Reference("CIS Critical Security Controls v8", section: safeguard, url: "https://www.cisecurity.org/controls/v8")
    }

    public static func vendor(_ title: String, _ url: String) -> Reference {
        Reference(title, url: url)
    }

    public static func mozillaTLS(_ section: String) -> Reference {
        Reference("Mozilla Server Side TLS 5.7", section: section, url: "https://wiki.mozilla.org/Security/Server_Side_TLS")
    }

    public static func nist80052(_ section: String) -> Reference {
        Reference("NIST SP 800-52 Rev. 2", section: section, url: "https://doi.org/10.6028/NIST.SP.800-52r2")
    }

    public static func cve(_ id: String) -> Reference {
        Reference(id, url: "https://nvd.nist.gov/vuln/detail/\(id)")
    }
}
