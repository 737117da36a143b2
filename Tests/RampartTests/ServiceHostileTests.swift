import Foundation
import Testing
import RampartCore
@testable import RampartProbe

/// Listeners that misbehave: every probe must end within its timeouts, nothing may crash, and nothing
/// may be given a service name it did not prove.
@Suite struct ServiceHostileTests {
    static let options = ServiceProbeOptions(connectTimeout: 1, readTimeout: 0.5, bannerWait: 0.3)
    /// Banner wait, TLS, HTTP, then the other probes at once: about four read timeouts, plus slack.
    static let bound = 0.3 + 4 * 0.5 + 1.5

    static func identify(_ handler: @escaping @Sendable (ServerConnection) -> Void) throws -> (PortFact, Double) {
        let server = try #require(ScriptedServer(handler: handler))
        defer { server.stop() }
        let start = Date()
        let fact = ServiceIdentifier.identify(server.address, options: options)
        return (fact, Date().timeIntervalSince(start))
    }

    @Test func acceptsAndNeverSpeaks() throws {
        let (fact, elapsed) = try Self.identify { c in _ = c.read(until: { _ in false }, wait: 5) }
        #expect(fact.service == "unknown")
        #expect(fact.state == .open)
        #expect(elapsed < Self.bound, "took \(elapsed)s")
    }

    @Test func garbage() throws {
        let (fact, elapsed) = try Self.identify { c in
            var rng = SystemRandomNumberGenerator()
            c.write((0..<600).map { _ in UInt8.random(in: 0...255, using: &rng) } + [0x0A])
            _ = c.read(wait: 2)
        }
        #expect(fact.service == "unknown")
        #expect(fact.evidence?.hasPrefix("banner: ") == true)
        #expect((fact.evidence?.count ?? 0) <= 300)
        #expect(elapsed < Self.bound)
    }

    @Test func endlessData() throws {
        let (fact, elapsed) = try Self.identify { c in
            let chunk = [UInt8](repeating: 0x41, count: 65536)
            let end = Date().addingTimeInterval(5)
            while Date() < end, c.write(chunk) {}
        }
        #expect(fact.service == "unknown")
        #expect(elapsed < Self.bound)
    }

    @Test func slowDrip() throws {
        let (fact, elapsed) = try Self.identify { c in
            for byte in Array("SSH-2.0-dripping-one-byte-at-a-time-forever".utf8) {
                guard c.write([byte]) else { return }
                Thread.sleep(forTimeInterval: 0.2)
            }
        }
        // Two bytes in 0.3 s are no SSH banner; the drip must not hold the probe.
        #expect(fact.service != "ssh")
        #expect(elapsed < Self.bound)
    }

    @Test func resetsEveryConnection() throws {
        let (fact, elapsed) = try Self.identify { c in
            var l = linger(l_onoff: 1, l_linger: 0)
            setsockopt(c.fd, SOL_SOCKET, SO_LINGER, &l, socklen_t(MemoryLayout<linger>.size))
        }
        #expect(fact.service == "unknown")
        #expect(elapsed < Self.bound)
    }

    @Test func httpWithHugeAnnouncedBody() throws {
        let (fact, elapsed) = try Self.identify { c in
            _ = c.read(wait: 1)
            c.write("HTTP/1.1 200 OK\r\nContent-Length: 99999999999\r\nServer: liar\r\n\r\nabc")
            Thread.sleep(forTimeInterval: 3)
        }
        #expect(fact.service == "http")
        #expect(elapsed < Self.bound)
    }

    @Test func mongoReplyWithLyingLengths() throws {
        let (fact, elapsed) = try Self.identify { c in
            let m = c.read(wait: 1)
            guard m.count >= 16, DatastoreProbes.readLE(m, 12) == 2013 else { return }
            // Header claims 40 bytes; the BSON inside claims far more than it holds.
            var reply = Script.le(40) + Script.le(1) + Array(m[4..<8]) + Script.le(2013) + Script.le(0) + [0]
            reply += Script.le(0x7FFF_FFF0) + [0x02, 0x61, 0x00] + Script.le(0x7FFF_FFF0)
            reply += [UInt8](repeating: 0, count: 40 - reply.count)
            c.write(reply)
            _ = c.read(wait: 1)
        }
        #expect(fact.service == "unknown")
        #expect(elapsed < Self.bound)
    }

    @Test func parsersSurviveLyingLengths() {
        // An array whose string element claims a negative length: the walker must stop, not loop.
        var element: [UInt8] = [0x02, 0x30, 0x00] + Script.le(-100) + [0x41, 0x00]
        element = Script.le(Int32(element.count + 5)) + element + [0]
        var doc: [UInt8] = [0x04] + Array("databases".utf8) + [0] + element + [0x01] + Array("ok".utf8) + [0] + [0, 0, 0, 0, 0, 0, 0xF0, 0x3F]
        doc = Script.le(Int32(doc.count + 5)) + doc + [0]
        let parsed = DatastoreProbes.parseBSON(doc)
        #expect(parsed?.ok == true)
        // Top-level value with a negative length.
        var bad: [UInt8] = [0x05] + Array("x".utf8) + [0] + Script.le(-50) + [0]
        bad = Script.le(Int32(bad.count + 5)) + bad + [0]
        _ = DatastoreProbes.parseBSON(bad)
        // A chunk size near Int.max must not overflow.
        let chunked = Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n7fffffffffffffff\r\nabc\r\n0\r\n\r\n".utf8)
        #expect(ServiceHTTPResponse.parse(chunked)?.status == 200)
    }
}
