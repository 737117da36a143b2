import Foundation
import Testing
import RampartAudit
import RampartCore
import RampartPolicy
@testable import RampartProbe

/// Key exchange groups: a scripted TLS 1.3 server that selects X25519MLKEM768 in its HelloRetryRequest (the
/// local OpenSSL cannot serve ML-KEM), the server's preferred group, and the group rules.
@Suite struct TLSPostQuantumTests {
    static let hrrRandom: [UInt8] = [
        0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C, 0x02, 0x1E, 0x65, 0xB8, 0x91,
        0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB, 0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C,
    ]

    /// A TLS 1.3-only server accepting `groups`; with `serverOrder` it picks its own first group the client
    /// offers, else the client's first that it supports. A group the client sent no key share for is asked
    /// for with a HelloRetryRequest, as RFC 8446 4.1.4 prescribes.
    static func tls13Server(groups: [UInt16], serverOrder: Bool) -> ScriptedServer {
        ScriptedServer { fd in
            guard let bytes = ScriptedServer.readHello(fd), let hello = ParsedClientHello(bytes), hello.offersTLS13 else {
                ScriptedServer.send(fd, Canned.alert(70))
                return
            }
            let offered = u16List(hello.extensions[0x000A], skip: 2)
            let shares = keyShareGroups(hello.extensions[0x0033])
            let pick = serverOrder ? groups.first(where: offered.contains) : offered.first(where: groups.contains)
            guard let group = pick, hello.suites.contains(0x1301) else { ScriptedServer.send(fd, Canned.alert(40)); return }
            let versions: (UInt16, [UInt8]) = (0x002B, [0x03, 0x04])
            if shares.contains(group) {
                // A real share would be 32 bytes (x25519) or 1120 (X25519MLKEM768); the probe stops here.
                let share = [UInt8(group >> 8), UInt8(group & 0xFF), 0, 32] + [UInt8](repeating: 9, count: 32)
                ScriptedServer.send(fd, Canned.serverHello(version: 0x0303, suite: 0x1301, extensions: [versions, (0x0033, share)]))
            } else {
                var body: [UInt8] = [0x03, 0x03] + hrrRandom + [0, 0x13, 0x01, 0]
                var ext: [UInt8] = []
                for (t, d) in [versions, (0x0033, [UInt8(group >> 8), UInt8(group & 0xFF)])] {
                    ext += [UInt8(t >> 8), UInt8(t & 0xFF), UInt8(d.count >> 8), UInt8(d.count & 0xFF)] + d
                }
                body += [UInt8(ext.count >> 8), UInt8(ext.count & 0xFF)] + ext
                ScriptedServer.send(fd, Canned.record(22, version: 0x0303, Canned.handshake(2, body)))
            }
        }
    }

    static func u16List(_ data: [UInt8]?, skip: Int) -> [UInt16] {
        guard let data, data.count >= skip else { return [] }
        var out: [UInt16] = []
        var i = skip
        while i + 1 < data.count { out.append(UInt16(data[i]) << 8 | UInt16(data[i + 1])); i += 2 }
        return out
    }

    static func keyShareGroups(_ data: [UInt8]?) -> [UInt16] {
        guard let data, data.count >= 2 else { return [] }
        var out: [UInt16] = []
        var i = 2
        while i + 4 <= data.count {
            out.append(UInt16(data[i]) << 8 | UInt16(data[i + 1]))
            i += 4 + (Int(data[i + 2]) << 8 | Int(data[i + 3]))
        }
        return out
    }

    static func policy(_ yaml: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rampart-pq-\(UUID().uuidString).yaml")
        try Data(yaml.utf8).write(to: url)
        return url.path
    }

    @Test func detectsHybridMLKEMChosenInHelloRetryRequest() throws {
        let server = Self.tls13Server(groups: [0x11EC, 0x001D], serverOrder: true)
        defer { server.stop() }
        let facts = TLSTestSupport.probe(server.port, TLSTestSupport.options(timeout: 1, sni: nil))
        let e = try #require(facts.tls.first, "problems: \(facts.problems.map(\.message))")
        #expect(e.protocols == ["TLSv1.3"])
        #expect(e.groups == ["X25519MLKEM768", "x25519"])
        #expect(e.preferredGroup == "X25519MLKEM768")
        #expect(e.serverGroupOrder == true)
        // Enabled by a policy, the post-quantum rule stays silent: ML-KEM is accepted.
        let path = try Self.policy("rampart: policy\nname: pq\nextends: default\nrules:\n  enable: [tls/no-post-quantum-kex]\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let ids = Set(try TLSTestSupport.findings(facts, policy: path).map(\.ruleID))
        #expect(!ids.contains("tls/no-post-quantum-kex"), "\(ids.sorted())")
        #expect(!ids.contains("tls/weak-group") && !ids.contains("tls/legacy-group"), "\(ids.sorted())")
    }

    @Test func classicalClientOrderServerIsReportedAfterTheTransitionDate() throws {
        let server = Self.tls13Server(groups: [0x001D, 0x0017, 0x0015], serverOrder: false)
        defer { server.stop() }
        let facts = TLSTestSupport.probe(server.port, TLSTestSupport.options(timeout: 1, sni: nil))
        let e = try #require(facts.tls.first, "problems: \(facts.problems.map(\.message))")
        #expect(Set(e.groups) == ["x25519", "secp256r1", "secp224r1"])
        #expect(e.preferredGroup == nil)
        #expect(e.serverGroupOrder == false)

        // Opt-in: the default profile does not report it.
        #expect(!(try TLSTestSupport.findings(facts)).contains { $0.ruleID == "tls/no-post-quantum-kex" })
        let weak = try #require(try TLSTestSupport.findings(facts).first { $0.ruleID == "tls/weak-group" })
        #expect(weak.severity == .high)
        #expect(weak.message == "the server accepts key exchange group secp224r1, a 224-bit curve, below 128-bit security; expected groups of at least 128-bit security")

        let path = try Self.policy("""
            rampart: policy
            name: pq
            extends: default
            rules:
              enable: [tls/no-post-quantum-kex]
            parameters:
              pqTransitionDate: "2026-07-01"
            """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let before = try #require(try TLSTestSupport.findings(facts, policy: path, today: "2026-06-30").first { $0.ruleID == "tls/no-post-quantum-kex" })
        #expect(before.severity == .info)
        #expect(before.message.hasPrefix("the server accepts only classical key exchange groups ("))
        #expect(before.message.hasSuffix("; the policy's transition date is 2026-07-01"))
        let after = try #require(try TLSTestSupport.findings(facts, policy: path, today: "2026-07-01").first { $0.ruleID == "tls/no-post-quantum-kex" })
        #expect(after.severity == .high)
        #expect(after.message.hasSuffix("; the policy's transition date 2026-07-01 has passed"))
        #expect(after.subject.endpoint?.port == server.port)
    }
}
