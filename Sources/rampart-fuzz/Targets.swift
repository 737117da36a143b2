// The fuzz targets: each feeds arbitrary bytes to the real parse entry points, the way a peer or an input
// file would, and ignores the outcome. Only a trap, a sanitizer report, a hang or runaway memory counts.
// Internal entry points are reached with @testable, which debug builds allow, and scripts/fuzz.sh's optimised
// build with -enable-testing -DRAMPART_FUZZ; a plain release build of the package compiles no targets here.
#if DEBUG || RAMPART_FUZZ
import COpenSSL
import Foundation
import RampartAudit
import RampartCore
@testable import RampartManifests
@testable import RampartPolicy
@testable import RampartProbe
import RampartReport
import RampartYAML

enum FuzzTargets {
    static let all: [String: @Sendable ([UInt8]) -> Void] = [
        "tls-record": tlsRecord,
        "tls-hello": tlsHello,
        "x509": x509,
        "http": http,
        "banner": banner,
        "datastore": datastore,
        "http-api": httpAPI,
        "yaml": yaml,
        "manifest": manifest,
        "policy": policy,
        "evidence": evidence,
        "report": report,
    ]
    static var names: [String] { all.keys.sorted() }

    // MARK: TLS

    /// A server's first flight through the incremental decoder: records, alerts, handshake messages
    /// (ServerHello, HelloRetryRequest, Certificate, ServerKeyExchange, ServerHelloDone) and SSLv2. The first
    /// byte chooses whether the key exchange is wanted and where the bytes are split between two reads.
    static func tlsRecord(_ input: [UInt8]) {
        guard let control = input.first else { return }
        let bytes = Array(input.dropFirst())
        var decoder = ServerReplyDecoder(wantKeyExchange: control & 1 != 0)
        let split = min(bytes.count, Int(control >> 1) * 4)
        do {
            if try decoder.feed(Array(bytes[..<split])) == nil { _ = try decoder.feed(Array(bytes[split...])) }
        } catch {
            _ = "\(error)"
        }
    }

    /// Message bodies parsed on their own: ServerHello / HelloRetryRequest, an SSLv2 record, a
    /// ServerKeyExchange for the suite named by the first two bytes, and the plain-text reply check.
    static func tlsHello(_ input: [UInt8]) {
        let bytes = Array(input)
        _ = try? ServerHello.parse(bytes)
        _ = try? SSLv2ServerHello.parse(bytes)
        if bytes.count >= 2 {
            let suite = UInt16(bytes[0]) << 8 | UInt16(bytes[1])
            _ = try? ServerReplyDecoder.parseKeyExchange(Array(bytes.dropFirst(2)), suite: suite)
        }
        _ = PlaintextReply.describe(bytes)
    }

    /// A DER certificate as a peer sends it, decoded by OpenSSL and read into facts as the probe does.
    static func x509(_ input: [UInt8]) {
        let bytes = Array(input)
        bytes.withUnsafeBufferPointer { buffer in
            var p: UnsafePointer<UInt8>? = buffer.baseAddress
            guard let cert = d2i_X509(nil, &p, buffer.count) else { return }
            defer { X509_free(cert) }
            _ = CertificateProbe.info(cert)
        }
    }

    // MARK: HTTP

    /// The HTTP response as the header checks read it over a TLS session (status, headers, cookies), and
    /// the service probes' response parser (with de-chunking) on the same bytes.
    static func http(_ input: [UInt8]) {
        let bytes = Array(input)
        _ = HTTPProbe.get(over: ScriptedPeer.Stream(peer: ScriptedPeer(bytes)), host: "fuzz.invalid", port: 443, wait: 1)
        _ = ServiceHTTPResponse.complete(bytes)
        _ = ServiceHTTPResponse.parse(bytes)?.json
        _ = ServiceHTTPResponse.dechunk(bytes)
    }

    // MARK: Services

    /// Services that speak first (SSH, FTP, SMTP, POP3, IMAP, Telnet, MySQL, VNC): the first segment is
    /// the banner, later ones answer the probe's questions (EHLO, FEAT).
    static func banner(_ input: [UInt8]) {
        let script = ScriptedPeer(input)
        let context = script.context()
        guard let stream = context.open() else { return }
        let banner = (try? stream.read(until: BannerProbes.bannerComplete, limit: 4096, wait: 1).get()) ?? []
        guard !banner.isEmpty else { return }
        report(BannerProbes.identify(banner, stream: stream, context: context) ?? ServiceIdentifier.unknown(banner))
        _ = BannerProbes.mysql(banner)
    }

    /// Redis, Memcached, MongoDB, PostgreSQL, MQTT, and a TLS hello reply: the first byte picks the probe,
    /// the rest (split on `ScriptedPeer.separator`) are the server's replies in order. MongoDB's BSON
    /// parser also gets the bytes directly.
    static func datastore(_ input: [UInt8]) {
        guard let control = input.first else { return }
        let script = ScriptedPeer(Array(input.dropFirst()))
        let context = script.context()
        let probes: [(ServiceProbeContext) -> ServiceMatch?] = [
            DatastoreProbes.redis, DatastoreProbes.memcached, DatastoreProbes.mongodb, DatastoreProbes.postgresql,
            DatastoreProbes.mqtt, TLSHelloDetector.detect,
        ]
        report(probes[Int(control) % probes.count](context))
        _ = DatastoreProbes.parseBSON(Array(input.dropFirst()))
        _ = DatastoreProbes.bulkComplete(Array(input.dropFirst()))
    }

    /// The HTTP APIs (Elasticsearch, Docker, etcd, Kubernetes API, kubelet, plain HTTP): one segment per
    /// request the probe makes, each on a fresh stream, as the probe does.
    static func httpAPI(_ input: [UInt8]) {
        let script = ScriptedPeer(input)
        report(HTTPProbes.identify(script.context()))
    }

    /// What the scan does with a match: bound and clean every peer-supplied string.
    static func report(_ match: ServiceMatch?) {
        guard let match else { return }
        _ = ServiceIdentifier.apply(match, to: PortFact(port: 1, state: .open), tls: false)
    }

    // MARK: Inputs

    /// The YAML loader with its default budgets (depth, alias expansion).
    static func yaml(_ input: [UInt8]) {
        let stream = YAMLLoader.parse(Array(input), file: "fuzz.yaml")
        _ = stream.problems.map(\.message)
    }

    /// A manifest file as `rampart scan` reads it: collected (classified, shape-checked), indexed and judged
    /// by every rule under the default policy.
    static func manifest(_ input: [UInt8]) {
        let facts = InputCollector().collect(bytes: Array(input), name: "fuzz.yaml")
        _ = evaluator.evaluate(facts, generatedAt: "2026-01-01T00:00:00Z")
    }

    /// A policy file (one document, `extends` not followed).
    static func policy(_ input: [UInt8]) {
        do {
            let policy = try PolicyLoader.parse(Array(input), file: "fuzz-policy.yaml")
            _ = Evaluator(policy: policy, today: "2026-01-01").evaluate(FactSet(), generatedAt: "2026-01-01T00:00:00Z")
        } catch {
            _ = "\(error)"
        }
    }

    /// Saved evidence as `rampart evaluate` decodes it, then judged by every rule.
    static func evidence(_ input: [UInt8]) {
        guard let facts = try? JSONDecoder().decode(FactSet.self, from: Data(input)) else { return }
        _ = evaluator.evaluate(facts, generatedAt: "2026-01-01T00:00:00Z")
    }

    /// A JSON report as `render`, `merge`, `diff` and `--baseline` decode it, then rendered in every format.
    static func report(_ input: [UInt8]) {
        guard let report = try? JSONDecoder().decode(Report.self, from: Data(input)) else { return }
        let merged = ReportOperations.merge([report, report], generatedAt: "2026-01-01T00:00:00Z")
        _ = ReportOperations.renderDiff(ReportOperations.diff(old: report, new: merged))
        for format in OutputFormat.allCases { _ = ReportWriter.render(report, as: format) }
    }

    static let evaluator: Evaluator = {
        // The shipped default profile always loads; without it the target would judge nothing.
        guard let policy = try? PolicyLoader.load(nil) else { fatalError("the shipped default policy does not load") }
        return Evaluator(policy: policy, today: "2026-01-01")
    }()
}

#else
enum FuzzTargets {
    static let all: [String: @Sendable ([UInt8]) -> Void] = [:]
    static var names: [String] { [] }
}
#endif
