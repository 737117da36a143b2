import ArgumentParser
import Foundation
import RampartAudit
import RampartCore
import RampartProbe

/// Port-scan flags of `rampart probe`.
struct PortOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("TCP ports to scan: list and ranges (22,80,8000-8100), top (about 100 common service ports) or all (1-65535); U: switches to UDP (22,443,U:161,47808).", valueName: "spec"))
    var ports: String?

    @Option(name: .customLong("udp-ports"), help: ArgumentHelp("UDP ports to scan (same syntax; top = 161,5683,47808). Open only when SNMP, BACnet/IP or CoAP replies; silence is open|filtered.", valueName: "spec"))
    var udpPorts: String?

    @Option(name: .customLong("udp-timeout"), help: "Seconds to wait for a reply to each UDP datagram.")
    var udpTimeout: Double = 1.5

    @Option(name: .customLong("udp-retries"), help: "Extra sends to a UDP port that stayed silent.")
    var udpRetries: Int = 2

    @Option(name: .long, help: ArgumentHelp("Allowed networks and hosts: a comma list of CIDRs / addresses / names, or a file of them (one or more a line, # comments). CIDR targets are refused without it.", valueName: "list|file"))
    var scope: String?

    @Option(name: .long, help: "Maximum new connections per second (default: no limit beyond --port-concurrency).")
    var rate: Double?

    @Option(name: .long, help: "Seconds to wait for a TCP handshake before a port counts as filtered.")
    var portTimeout: Double = 1.5

    @Option(name: .long, help: "Extra tries for ports that did not answer (never for refused ones).")
    var portRetries: Int = 1

    @Option(name: .long, help: "TCP connections in flight at once.")
    var portConcurrency: Int = 512

    @Option(name: .long, help: "Seconds each service-identification probe waits for a reply.")
    var serviceTimeout: Double = 2

    @Flag(name: .long, help: "Only port states; do not identify services on open ports.")
    var noServiceProbes = false

    func validate() throws {
        if let ports, case .failure(let e) = PortSpec.parse(ports) { throw ValidationError("--ports: \(e)") }
        if let udpPorts, case .failure(let e) = PortSpec.parseUDP(udpPorts) { throw ValidationError("--udp-ports: \(e)") }
        if !(udpTimeout > 0 && udpTimeout <= 60) { throw ValidationError("--udp-timeout must be between 0 and 60 seconds") }
        if !(0...5).contains(udpRetries) { throw ValidationError("--udp-retries must be 0 to 5") }
        if let rate, !(rate > 0) { throw ValidationError("--rate must be a positive number of connections per second") }
        if !(portTimeout > 0 && portTimeout <= 60) { throw ValidationError("--port-timeout must be between 0 and 60 seconds") }
        if !(0...5).contains(portRetries) { throw ValidationError("--port-retries must be 0 to 5") }
        if !(1...20000).contains(portConcurrency) { throw ValidationError("--port-concurrency must be 1 to 20000") }
        if !(serviceTimeout > 0 && serviceTimeout <= 60) { throw ValidationError("--service-timeout must be between 0 and 60 seconds") }
    }

    /// The port audit's options from the flags (scope and budget are set by the run).
    func auditOptions() -> PortAuditOptions {
        var options = PortAuditOptions()
        options.scan = PortScanOptions(concurrency: portConcurrency, timeout: portTimeout, retries: portRetries, rate: rate)
        options.probes = ServiceProbeOptions(connectTimeout: serviceTimeout, readTimeout: serviceTimeout, bannerWait: min(1, serviceTimeout))
        options.udp = UDPScanOptions(timeout: udpTimeout, retries: udpRetries, rate: rate)
        options.identify = !noServiceProbes
        options.progress = CommonOptions.progressAllowed
        return options
    }
}
