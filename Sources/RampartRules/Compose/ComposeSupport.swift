import RampartCore
import RampartManifests

// Helpers the Compose rules share: how Compose reads booleans, options and interpolated strings, and the
// references the rules cite. Internal to the rules module.

extension Reference {
    static func owaspDocker(_ rule: String) -> Reference {
        Reference("OWASP Docker Security Cheat Sheet", section: rule,
                  url: "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html")
    }

    static func nist800190(_ section: String) -> Reference {
        Reference("NIST SP 800-190", section: section, url: "https://doi.org/10.6028/NIST.SP.800-190")
    }

    static let composeSpec = Reference("Compose Specification", section: "Services top-level elements",
                                       url: "https://github.com/compose-spec/compose-spec/blob/main/05-services.md")
}
