import Foundation
import Testing
import RampartAudit
import RampartCore
import RampartProbe

/// Session resumption and 0-RTT through OpenSSL, against `openssl s_server` on loopback.
@Suite struct TLSResumptionTests {
    static func probe(_ extra: [String]) throws -> (TLSEndpointFacts, [Finding]) {
        let pki = try CertLiveTests.shared.get()
        // -quiet: s_server's interactive mode must not stop at the end of its (empty) standard input.
        let server = try OpenSSLServer(["-cert", "good.pem", "-key", "good.key", "-cert_chain", "int.pem", "-quiet"] + extra, in: pki)
        defer { server.stop() }
        var options = TLSTestSupport.options(timeout: 2, sni: "localhost", caFile: pki.path("root.pem"))
        options.versions = [.tls12, .tls13]
        options.http = false
        let facts = TLSTestSupport.probe(server.port, options)
        let e = try #require(facts.tls.first, "problems: \(facts.problems.map(\.message))")
        return (e, try TLSTestSupport.findings(facts, policy: "strict", today: TLSTestSupport.today()))
    }

    @Test func earlyDataAcceptedIsReported() throws {
        let (e, findings) = try Self.probe(["-early_data"])
        let r = try #require(e.resumption, "\(e.errors)")
        #expect(r.sessionID == true && r.ticket == true && r.tls13Ticket == true, "\(r)")
        #expect((r.maxEarlyData ?? 0) > 0)
        #expect(r.earlyData == true, "\(r.errors)")
        let f = try #require(findings.first { $0.ruleID == "tls/early-data-accepted" }, "\(findings.map(\.ruleID))")
        #expect(f.message == "the server accepted TLS 1.3 early data (0-RTT), which an attacker can replay")
        #expect(!findings.contains { $0.ruleID == "tls/no-session-resumption" })
    }

    @Test func noTicketsNoCacheMeansNoResumption() throws {
        let (e, findings) = try Self.probe(["-no_ticket", "-no_cache"])
        let r = try #require(e.resumption, "\(e.errors)")
        #expect(r.earlyData == false && r.maxEarlyData == 0)
        #expect(r.sessionID == false && r.ticket == false, "\(r)")
        #expect(!findings.contains { $0.ruleID == "tls/early-data-accepted" })
        let f = try #require(findings.first { $0.ruleID == "tls/no-session-resumption" }, "\(findings.map(\.ruleID))")
        #expect(f.message.hasPrefix("the server resumed no session (tried: session ID, TLS 1.2 ticket"))
    }
}
