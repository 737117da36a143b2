import ArgumentParser
import Foundation
import RampartAudit
import RampartCore
import RampartProbe

struct ProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Audit live TLS endpoints: protocols, cipher suites, certificates, known weaknesses, HTTP security headers.",
        discussion: "Connects only to the targets named. Each name is resolved and every A/AAAA address is probed.")

    @Argument(help: "host, host:port, [v6]:port, IP literal or https://host[:port]/ (default port 443).")
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
        // Plain HTTP only when the user asked: a flag, or an http:// target, which then stands for the host's
        // HTTPS endpoint on 443 plus the redirect check on its own port.
        let plain = parsed.filter { $0.scheme == "http" }
        options.plainHTTPPort = httpRedirectPort ?? plain.first?.port
        var tlsTargets: [Target] = []
        for t in parsed {
            let target = t.scheme == "http" ? Target(host: t.host, port: 443, scheme: "https", original: t.original) : t
            if !tlsTargets.contains(where: { $0.host == target.host && ($0.port ?? 443) == (target.port ?? 443) }) { tlsTargets.append(target) }
        }
        try common.finish(TLSAudit.run(targets: tlsTargets, options: options))
    }

    private func usage(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("rampart probe: \(message)\n".utf8))
        return ExitCode(2)
    }
}
