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

    @Flag(name: .customLong("no-tls"), help: "With --ports: do not run the TLS audit on ports found speaking TLS.")
    var noTLS = false

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
        if noSNI && sni != nil { throw ValidationError("--sni and --no-sni exclude each other") }
    }

    func run() throws {
        if portOptions.ports != nil {
            try common.finish(try scanPorts())
        }
        var parsed: [Target] = []
        var errors: [String] = []
        for text in targets {
            switch Target.parse(text) {
            case .success(let t): parsed.append(t)
            case .failure(let e): errors.append("target \(e)")
            }
        }
        if let file = targetsFile {
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                throw usage("--targets \(file): cannot read the file as UTF-8 text")
            }
            let list = Target.parseList(text, source: file)
            parsed += list.targets
            errors += list.errors
        }
        if !errors.isEmpty { throw usage(errors.joined(separator: "\n")) }
        if parsed.isEmpty { throw usage("no targets (the targets file is empty)") }
        if let caFile, !FileManager.default.isReadableFile(atPath: caFile) { throw usage("--ca-file \(caFile): cannot read the file") }
        // Plain HTTP only when the user asked: a flag, or an http:// target, which then stands for the host's
        // HTTPS endpoint on 443 plus the redirect check on its own port.
        let plain = parsed.filter { $0.scheme == "http" }
        let plainHTTPPort = httpRedirectPort ?? plain.first?.port
        var tlsTargets: [Target] = []
        for t in parsed {
            let target = t.scheme == "http" ? Target(host: t.host, port: 443, scheme: "https", original: t.original) : t
            if !tlsTargets.contains(where: { $0.host == target.host && ($0.port ?? 443) == (target.port ?? 443) }) { tlsTargets.append(target) }
        }
        try common.finish(TLSAudit.run(targets: tlsTargets, options: tlsOptions(plainHTTPPort: plainHTTPPort)))
    }

    /// The TLS probe's options from the flags.
    private func tlsOptions(plainHTTPPort: Int?) -> TLSProbeOptions {
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
        options.plainHTTPPort = plainHTTPPort
        return options
    }

    /// Port mode: scan and identify, then audit every port that answered TLS, by host name so that SNI and
    /// every address are covered as in TLS mode.
    private func scanPorts() throws -> FactSet {
        var texts = targets
        if let file = targetsFile {
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                throw usage("--targets \(file): cannot read the file as UTF-8 text")
            }
            for line in text.split(separator: "\n") {
                let entry = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
                if !entry.isEmpty { texts.append(entry) }
            }
        }
        if texts.isEmpty { throw usage("no targets (the targets file is empty)") }
        var facts = try portOptions.collect(targets: texts)
        guard !noTLS else { return facts }
        var tlsTargets: [Target] = []
        for host in facts.hosts {
            for port in host.openPorts where port.tls == true {
                let target = Target(host: host.host, port: port.port, scheme: "https", original: "\(host.host):\(port.port)")
                if !tlsTargets.contains(target) { tlsTargets.append(target) }
            }
        }
        if !tlsTargets.isEmpty {
            facts.merge(TLSAudit.run(targets: tlsTargets, options: tlsOptions(plainHTTPPort: httpRedirectPort)))
        }
        return facts
    }

    private func usage(_ message: String) -> ExitCode {
        // Messages quote target lines and file names from the user: escaped before they reach a terminal.
        FileHandle.standardError.write(Data("rampart probe: \(TerminalText.escapeKeepingLines(message))\n".utf8))
        return ExitCode(2)
    }
}
