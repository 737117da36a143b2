import Foundation
import Testing
import RampartCore
@testable import RampartProbe
@testable import RampartAudit

/// Hostile peers for every industrial and IoT reply parser: truncated and oversized frames, absurd lengths,
/// garbage, silence and drip. Each must end within its timeouts, never crash, and never name a protocol it
/// did not see.
@Suite struct IndustrialHostileTests {
    /// Every parser, over bytes: `true` when it accepted them as its protocol.
    static let parsers: [(String, @Sendable ([UInt8]) -> Bool)] = [
        ("modbus", { ModbusProbe.parse($0) != nil }),
        ("s7-confirm", { S7Probe.parseConnectConfirm($0) }),
        ("s7-setup", { S7Probe.parseSetupAck($0) }),
        ("s7-szl", { S7Probe.parseSZL($0) != nil }),
        ("opcua", { OPCUAProbe.parse($0) != nil }),
        ("dnp3", { DNP3Probe.parse($0) != nil }),
        ("rtsp", { RTSPProbe.parse($0) != nil }),
        ("snmp", { SNMPProbe.parse($0) != nil }),
        ("bacnet", { BACnetProbe.parse($0) != nil }),
        ("coap", { CoAPProbe.parse($0) != nil }),
    ]

    static let validReplies: [[UInt8]] = [
        Devices.modbusReply, Devices.s7Confirm, Devices.s7SetupAck, Devices.s7SZL,
        Devices.uaMessage("MSG", Devices.le32(7) + Devices.le32(3) + Devices.le32(2) + Devices.le32(2) + [0x01, 0x00, 0xAF, 0x01]
            + Devices.responseHeader + Devices.le32(1) + Devices.uaEndpoint(mode: 1, policy: "None", anonymous: true)),
        Devices.snmp()(SNMPProbe.request(version: 1)).first ?? [],
        Devices.bacnet(BACnetProbe.readObjectName).first ?? [],
        Devices.coap(code: 0x45)(CoAPProbe.request).first ?? [],
    ]

    @Test func everyPrefixOfAValidReplyIsSafe() {
        for reply in Self.validReplies {
            #expect(!reply.isEmpty)
            for cut in 0..<reply.count {
                for (_, parse) in Self.parsers { _ = parse(Array(reply.prefix(cut))) }
            }
        }
        // The whole replies are accepted by their own parsers.
        #expect(ModbusProbe.parse(Devices.modbusReply)?.objects[0] == "Acme")
        #expect(S7Probe.parseSZL(Devices.s7SZL) == "6ES7 315-2EH14-0AB0")
        guard case .endpoints(let endpoints)? = OPCUAProbe.parse(Self.validReplies[4]) else { Issue.record("OPC UA reply not decoded"); return }
        #expect(endpoints.first?.offersNone == true)
        // A truncated Modbus reply is not Modbus.
        #expect(ModbusProbe.parse(Array(Devices.modbusReply.dropLast())) == nil)
    }

    @Test func garbageIsNobodysProtocol() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let bytes = (0..<Int.random(in: 0...300, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            for (name, parse) in Self.parsers where name != "s7-confirm" {
                // Random bytes pass a parser only by astronomical chance: each checks ids, lengths and CRCs.
                #expect(!parse(bytes), "\(name) accepted random bytes \(ProbeText.hex(bytes))")
            }
        }
    }

    @Test func absurdLengthsAreRefusedWithoutAllocating() {
        // OPC UA: message size 4 GiB, a string length near Int32.max, an endpoint count of 2^31-1.
        #expect(OPCUAProbe.parse(Array("ACKF".utf8) + [0xFF, 0xFF, 0xFF, 0xFF]) == nil)
        #expect(OPCUAProbe.parse(Devices.uaMessage("ERR", Devices.le32(1) + [0xF0, 0xFF, 0xFF, 0x7F])) == nil)
        let countOnly = Devices.le32(7) + Devices.le32(3) + Devices.le32(2) + Devices.le32(2) + [0x01, 0x00, 0xAF, 0x01] + Devices.responseHeader + [0xFF, 0xFF, 0xFF, 0x7F]
        #expect(OPCUAProbe.parse(Devices.uaMessage("MSG", countOnly)) == nil)
        // A negative string length other than -1.
        #expect(OPCUAProbe.parse(Devices.uaMessage("ERR", Devices.le32(1) + [0xFE, 0xFF, 0xFF, 0xFF])) == nil)
        // SNMP: a BER length of four bytes announcing 4 GiB; five length bytes.
        #expect(SNMPProbe.parse([0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF, 0x02, 0x01, 0x00]) == nil)
        #expect(SNMPProbe.parse([0x30, 0x85, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]) == nil)
        // Modbus: an MBAP length beyond the 254 bytes the protocol allows.
        #expect(ModbusProbe.parse([0x52, 0x41, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x2B]) == nil)
        // TPKT announcing 65535 bytes and delivering 8.
        #expect(!S7Probe.parseConnectConfirm([0x03, 0x00, 0xFF, 0xFF, 0x11, 0xD0, 0x00, 0x01]))
        // BACnet BVLC length larger than the datagram.
        #expect(BACnetProbe.parse([0x81, 0x0A, 0xFF, 0xFF, 0x01, 0x00, 0x10, 0x00]) == nil)
        // CoAP: an option length that runs past the end.
        #expect(CoAPProbe.parse([0x60, 0x45, 0x52, 0x41, 0x0E, 0xFF, 0xFF]) == nil)
        // DNP3: right start bytes, wrong CRC.
        #expect(DNP3Probe.parse([0x05, 0x64, 0x05, 0x0B, 0xFC, 0xFF, 0x0A, 0x00, 0x00, 0x00]) == nil)
    }

    static let options = ServiceProbeOptions(connectTimeout: 1, readTimeout: 0.5, bannerWait: 0.2)

    /// Answers each protocol's request with `reply(request)`; the identification must end in bounded time
    /// and must not claim an industrial protocol.
    @Test(arguments: ["oversized-opcua", "oversized-tpkt", "drip", "garbage-after-request", "endless"])
    func hostileTCPPeers(kind: String) throws {
        let server = try #require(ScriptedServer { c in
            let request = c.read(wait: 1)
            guard !request.isEmpty else { return }
            switch kind {
            case "oversized-opcua":
                // An OPC UA Acknowledge header that announces 2 GiB, then a few bytes.
                c.write(Array("ACKF".utf8) + [0xFF, 0xFF, 0xFF, 0x7F] + [UInt8](repeating: 0, count: 64))
                _ = c.read(wait: 2)
            case "oversized-tpkt":
                c.write([0x03, 0x00, 0xFF, 0xFF, 0x11, 0xD0] + [UInt8](repeating: 0x41, count: 100))
                _ = c.read(wait: 2)
            case "drip":
                for b in Devices.modbusReply {
                    guard c.write([b]) else { return }
                    Thread.sleep(forTimeInterval: 0.3)
                }
            case "garbage-after-request":
                c.write((0..<512).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
                _ = c.read(wait: 2)
            default:
                let chunk = [UInt8](repeating: 0x05, count: 65536)
                let end = Date().addingTimeInterval(4)
                while Date() < end, c.write(chunk) {}
            }
        })
        defer { server.stop() }
        let start = Date()
        let fact = ServiceIdentifier.identify(server.address, options: Self.options)
        let elapsed = Date().timeIntervalSince(start)
        #expect(!["modbus", "s7comm", "opcua", "dnp3", "rtsp"].contains(fact.service ?? ""), "\(kind) was named \(fact.service ?? "-")")
        #expect(fact.state == .open)
        #expect(elapsed < 0.2 + 4 * 0.5 + 2.5, "\(kind) took \(elapsed)s")
        #expect((fact.evidence?.count ?? 0) <= 300)
    }

    @Test(arguments: ["flood", "oversized", "truncated-snmp", "wrong-request-id"])
    func hostileUDPPeers(kind: String) throws {
        let server = try #require(ScriptedUDPServer { request in
            switch kind {
            case "flood": return (0..<100).map { i in [UInt8](repeating: UInt8(i), count: 32) }
            case "oversized": return [[UInt8](repeating: 0x30, count: 60000)]
            case "truncated-snmp": return Devices.snmp()(request).map { Array($0.dropLast(3)) }
            default:
                // A valid SNMP reply, but to a request id the probe never used.
                return Devices.snmp()(request).map { reply in reply.enumerated().map { $0.offset == 19 ? $0.element ^ 0xFF : $0.element } }
            }
        })
        defer { server.stop() }
        let start = Date()
        let result = UDPScanner.scan([server.address], options: UDPScanOptions(timeout: 0.3, retries: 1))[server.address]
        #expect(result == .openFiltered, "\(kind): \(String(describing: result))")
        #expect(Date().timeIntervalSince(start) < 3)
    }

    /// The UDP scan of a target that never answers ends within the budget and says what it did not learn.
    @Test func silentUDPTargetIsReportedNotOpen() throws {
        let server = try #require(ScriptedUDPServer(handler: Devices.silent))
        defer { server.stop() }
        let spec = PortSpec(ports: [], udpPorts: [server.port], text: "U:\(server.port)")
        var options = PortAuditTests.options()
        options.udp = UDPScanOptions(timeout: 0.2, retries: 0)
        let facts = RampartAudit.PortAudit.run(targets: [try PortTarget.parse("127.0.0.1").get()], ports: spec, options: options)
        #expect(facts.hosts.first?.openPorts.isEmpty == true)
        let problem = try #require(facts.problems.first)
        #expect(problem.source == "127.0.0.1")
        #expect(problem.message == "127.0.0.1: no answer on any of 0 TCP ports within 0.5s (1 tries) and 1 UDP ports (no protocol reply after 1 tries: open|filtered); host down or filtered")
    }
}
