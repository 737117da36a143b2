import RampartCore

/// Standards the industrial and IoT rules cite.
extension Reference {
    static func iec62443(_ requirement: String) -> Reference {
        Reference("IEC 62443-3-3:2013", section: requirement, url: "https://webstore.iec.ch/en/publication/7033")
    }

    static func nist80082(_ section: String) -> Reference {
        Reference("NIST SP 800-82 Rev. 3", section: section, url: "https://doi.org/10.6028/NIST.SP.800-82r3")
    }

    // `cwe(_:_:)` is in design/DesignSupport.swift.

    static let cisaOTMitigations = Reference("CISA, Primary Mitigations to Reduce Cyber Threats to Operational Technology (2024)",
                                             url: "https://www.cisa.gov/resources-tools/resources/primary-mitigations-reduce-cyber-threats-operational-technology")
}

/// Names of the industrial protocols, as a finding states them.
enum IndustrialProtocol {
    static func name(_ service: String?) -> String {
        switch service {
        case "modbus": "Modbus/TCP"
        case "s7comm": "S7comm (ISO-on-TCP)"
        case "dnp3": "DNP3"
        case "bacnet": "BACnet/IP"
        case let other?: other
        case nil: "an industrial protocol"
        }
    }
}
