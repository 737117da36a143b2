import ArgumentParser
import Foundation
import RampartAudit
import RampartCore
import RampartProbe

struct ProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Audit live endpoints: TLS protocols, cipher suites, certificates, weaknesses, HTTP headers; with --ports, open ports and the services on them.",
        discussion: """
            Connects only to the targets named. Each name is resolved and every A/AAAA address is probed.
            Without --ports, each target is a TLS endpoint (default port 443). With --ports, each target's ports are \
            scanned, every open port's service is identified by its own protocol, and every port found speaking TLS \
            gets the full TLS audit (unless --no-tls). CIDR targets are accepted only inside --scope.
            """)

    @Argument(help: "host, host:port, [v6]:port, IP literal, https://host[:port]/ (default port 443); with --ports also a CIDR inside --scope.")
    var targets: [String] = []

    @Option(name: .customLong("targets"), help: "File with one target per line (# comments allowed).")
    var targetsFile: String?

    @Option(name: .long, help: "SNI to send instead of the target's host name.")
    var sni: String?

    @Flag(name: .customLong("no-sni"), help: "Send no SNI.")
    var noSNI = false

    @Option(name: .customLong("ca-file"), help: "PEM CA bundle to verify against instead of the system trust store.")
    var caFile: String?

    @Option(name: .long, help: "Seconds per connection (connect and exchange).")
    var timeout: Double = 5

    @Option(name: .long, help: "Connections in flight overall.")
    var concurrency: Int = 16

    @Option(name: .customLong("per-host"), help: "Addresses of one host probed at the same time.")
    var perHost: Int = 2

    @Option(name: .long, help: "Seconds to wait between connections to one address.")
    var delay: Double = 0

    @Option(name: .long, help: "Extra attempts when a connection times out or is reset.")
    var retries: Int = 1

    @Flag(name: .customLong("no-http"), help: "Skip the HTTP security header check.")
    var noHTTP = false

    @Option(name: .customLong("http-redirect-port"), help: "Also check that plain HTTP on this port (e.g. 80) redirects to HTTPS.")
    var httpRedirectPort: Int?

    @Option(name: .customLong("starttls"), help: "Upgrade to TLS with this protocol's STARTTLS before every handshake: smtp, imap, pop3, ftp, ldap, xmpp, postgres, mysql, or auto (from each target's port).")
    var starttls: String?

    @Flag(name: .customLong("no-tls"), help: "With --ports: do not run the TLS audit on ports found speaking TLS.")
    var noTLS = false

    @Option(name: .customLong("target-timeout"), help: "Seconds one target may take in all (each address in TLS mode; the scan and identification with --ports); what it cuts short is reported as incomplete (exit 2).")
    var targetTimeout: Double = 120

    @Option(name: .customLong("max-time"), help: "Seconds the whole run may take; what it cuts short is reported as incomplete (exit 2). Default: no limit.")
    var maxTime: Double?

    @OptionGroup(title: "Port scan") var portOptions: PortOptions

    @OptionGroup var common: CommonOptions

    func validate() throws {
        if targets.isEmpty && targetsFile == nil { throw ValidationError("name at least one target, or --targets FILE") }
        guard timeout > 0, timeout <= 300 else { throw ValidationError("--timeout must be between 0 and 300 seconds") }
        guard concurrency >= 1, concurrency <= 1024 else { throw ValidationError("--concurrency must be 1 to 1024") }
        guard perHost >= 1, perHost <= 64 else { throw ValidationError("--per-host must be 1 to 64") }
        guard delay >= 0, delay <= 60 else { throw ValidationError("--delay must be 0 to 60 seconds") }
        guard retries >= 0, retries <= 5 else { throw ValidationError("--retries must be 0 to 5") }
        if let p = httpRedirectPort, !(1...65535).contains(p) { throw ValidationError("--http-redirect-port must be 1 to 65535") }
        if let starttls, starttls.lowercased() != "auto", STARTTLSProtocol(argument: starttls) == nil {
            throw ValidationError("--starttls must be one of \(STARTTLSProtocol.allCases.map(\.rawValue).joined(separator: ", ")), or auto; got '\(starttls)'")
        }
        if starttls != nil && portOptions.ports != nil {
            throw ValidationError("--starttls applies to TLS mode; with --ports, identified mail, directory and database services are upgraded automatically")
        }
        if noSNI && sni != nil { throw ValidationError("--sni and --no-sni exclude each other") }
        guard targetTimeout > 0, targetTimeout <= 86400 else { throw ValidationError("--target-timeout must be between 0 and 86400 seconds") }
        if let maxTime, !(maxTime > 0 && maxTime <= 604_800) { throw ValidationError("--max-time must be between 0 and 604800 seconds") }
    }

    func run() throws {
        NetRuntime.prepare()
        var file: (text: String, source: String)?
        if let targetsFile {
            switch ProbeRun.readTargetsFile(targetsFile) {
            case .success(let text): file = (text, targetsFile)
            case .failure(let e): throw usage(e.description)
            }
        }
        let parsed: [PortTarget]
        switch ProbeRun.parse(ProbeRun.targetTexts(arguments: targets, file: file)) {
        case .success(let t): parsed = t
        case .failure(let e): throw usage(e.description)
        }
        if let caFile, !FileManager.default.isReadableFile(atPath: caFile) { throw usage("--ca-file \(caFile): cannot read the file") }
        var options = ProbeRunOptions()
        if let scope = portOptions.scope {
            switch ProbeRun.loadScope(scope) {
            case .success(let s): options.scope = s
            case .failure(let e): throw usage(e.description)
            }
        }
        if let ports = portOptions.ports {
            guard case .success(let spec) = PortSpec.parse(ports) else { throw usage("--ports: bad specification") }
            options.ports = spec
        }
        if let udp = portOptions.udpPorts {
            guard case .success(let spec) = PortSpec.parseUDP(udp) else { throw usage("--udp-ports: bad specification") }
            options.ports = options.ports.map { $0.adding(spec) } ?? spec
        }
        options.tls = tlsOptions()
        options.portAudit = portOptions.auditOptions()
        options.auditTLSPorts = !noTLS
        options.httpRedirectPort = httpRedirectPort
        options.budget = ProbeBudget(targetSeconds: targetTimeout, runSeconds: maxTime)
        try common.finish(ProbeRun.collect(targets: parsed, options: options))
    }

    /// The TLS probe's options from the flags.
    private func tlsOptions() -> TLSProbeOptions {
        var options = TLSProbeOptions()
        options.timeout = timeout
        options.concurrency = concurrency
        options.perHost = perHost
        options.delay = delay
        options.retries = retries
        options.sni = sni
        options.noSNI = noSNI
        options.caFile = caFile
        options.http = !noHTTP
        if let starttls {
            options.starttls = STARTTLSProtocol(argument: starttls)
            options.starttlsAuto = starttls.lowercased() == "auto"
        }
        return options
    }

    private func usage(_ message: String) -> ExitCode {
        // Messages quote target lines and file names from the user: escaped before they reach a terminal.
        FileHandle.standardError.write(Data("rampart probe: \(TerminalText.escapeKeepingLines(message))\n".utf8))
        return ExitCode(2)
    }
}
