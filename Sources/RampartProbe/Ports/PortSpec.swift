/// Which TCP ports to scan: a list and ranges (`22,80,443,8000-8100`), `top` (the built-in list below) or
/// `all` (1–65535). Keywords and numbers mix: `top,9000-9100`. As in nmap, `U:` switches the items after it
/// to UDP and `T:` back to TCP: `22,443,U:161,47808` (`top` after `U:` is the UDP `top` list).
public struct PortSpec: Sendable, Hashable, CustomStringConvertible {
    /// TCP ports, sorted, without duplicates.
    public let ports: [Int]
    /// UDP ports, sorted, without duplicates.
    public let udpPorts: [Int]
    /// The text the user gave.
    public let text: String

    public var description: String { text }

    public init(ports: [Int], udpPorts: [Int] = [], text: String) {
        self.ports = Array(Set(ports)).sorted()
        self.udpPorts = Array(Set(udpPorts)).sorted()
        self.text = text
    }

    /// This specification with `other`'s ports added (for `--ports` and `--udp-ports` together).
    public func adding(_ other: PortSpec) -> PortSpec {
        PortSpec(ports: ports + other.ports, udpPorts: udpPorts + other.udpPorts, text: text.isEmpty ? other.text : "\(text),\(other.text)")
    }

    /// `--udp-ports SPEC`: the same syntax, every item UDP.
    public static func parseUDP(_ text: String) -> Result<PortSpec, ParseError> {
        guard !text.trimmingWhitespace.isEmpty else {
            return .failure(ParseError(description: "empty UDP port specification; use e.g. 161,47808, top or all"))
        }
        return parse("U:" + text.trimmingWhitespace).map { PortSpec(ports: [], udpPorts: $0.udpPorts, text: "U:" + text.trimmingWhitespace) }
    }

    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
    }

    public static func parse(_ text: String) -> Result<PortSpec, ParseError> {
        var tcp: Set<Int> = []
        var udp: Set<Int> = []
        var isUDP = false
        let items = text.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingWhitespace }
        guard !text.trimmingWhitespace.isEmpty else {
            return .failure(ParseError(description: "empty port specification; use e.g. 22,80,443,8000-8100, top or all"))
        }
        for raw in items {
            var item = raw
            let lower = item.lowercased()
            if lower.hasPrefix("u:") || lower.hasPrefix("t:") {
                isUDP = lower.hasPrefix("u:")
                item = String(item.dropFirst(2)).trimmingWhitespace
            }
            var ports: Set<Int> = []
            defer { if isUDP { udp.formUnion(ports) } else { tcp.formUnion(ports) } }
            switch item.lowercased() {
            case "": return .failure(ParseError(description: "'\(text)': empty item in port list"))
            case "top": ports.formUnion(isUDP ? udpTop : top)
            case "all": ports.formUnion(1...65535)
            default:
                let bounds = item.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
                guard let low = Int(bounds[0]), (1...65535).contains(low) else {
                    return .failure(ParseError(description: "'\(item)': ports are numbers from 1 to 65535, ranges A-B, top or all"))
                }
                if bounds.count == 2 {
                    guard let high = Int(bounds[1]), (1...65535).contains(high), high >= low else {
                        return .failure(ParseError(description: "'\(item)': a range is LOW-HIGH with 1 <= LOW <= HIGH <= 65535"))
                    }
                    ports.formUnion(low...high)
                } else {
                    ports.insert(low)
                }
            }
        }
        return .success(PortSpec(ports: Array(tcp), udpPorts: Array(udp), text: text))
    }

    /// The UDP `top` list: the UDP services Rampart identifies by their own protocol (SNMP, CoAP,
    /// BACnet/IP). Other UDP ports would only ever be "open|filtered", so they are not in it.
    public static let udpTop: [Int] = [161, 5683, 47808]

    /// The `top` list: services an auditor of a city's estate most needs to know about, chosen from the IANA
    /// registry and the defaults of the products cities run. Remote administration, mail, directory and file
    /// sharing, web, datastores, container and cluster control planes, message brokers and the building /
    /// industrial protocols that sensor networks and building management use.
    public static let top: [Int] = [
        // Remote access and administration
        21, 22, 23, 513, 514, 3389, 5900, 5901, 5985, 5986, 10000,
        // Mail
        25, 110, 143, 465, 587, 993, 995,
        // Names, directory, file and print sharing
        53, 88, 111, 135, 139, 389, 445, 636, 873, 2049, 3268, 631,
        // Web and web administration
        80, 81, 443, 591, 3000, 4443, 5000, 5601, 7001, 8000, 8008, 8080, 8081, 8088, 8443, 8888, 9000, 9090, 9443,
        // Relational and document datastores, caches and search
        1433, 1521, 3306, 5432, 5984, 6379, 7000, 7474, 8086, 9042, 9200, 9300, 11211, 27017, 27018, 28017,
        // Container and cluster control planes
        2375, 2376, 2379, 2380, 4243, 6443, 8001, 10250, 10255, 10257, 10259, 4194,
        // Message brokers and streaming
        1883, 8883, 5672, 15672, 4222, 9092, 61613, 61616, 5671,
        // Monitoring and service discovery
        161, 199, 3100, 8500, 9093, 9100, 9115, 2181,
        // Building automation and industrial control (BACnet/IP is UDP; 47808/tcp catches BACnet gateways)
        102, 502, 1911, 2404, 4911, 20000, 44818, 47808,
        // VPN, proxies and remote management
        1080, 1194, 1723, 3128, 623, 8291,
    ]
}

