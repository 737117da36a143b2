import Foundation
import Testing
import RampartCore
import RampartRules
@testable import RampartAudit
@testable import RampartProbe

/// Identification of industrial and IoT protocols against scripted devices on loopback, and what a user
/// sees from it: the service, its details, and the finding with its message.
@Suite struct IndustrialProbeTests {
    static let options = ServiceProbeOptions(connectTimeout: 1, readTimeout: 0.6, bannerWait: 0.2)
    static let udp = UDPScanOptions(timeout: 0.3, retries: 1)

    static func identify(_ handler: @escaping @Sendable (ServerConnection) -> Void) throws -> PortFact {
        let server = try #require(ScriptedServer(handler: handler))
        defer { server.stop() }
        return ServiceIdentifier.identify(server.address, options: options)
    }

    static func findings(_ fact: PortFact) -> [Finding] {
        var facts = FactSet()
        facts.hosts = [HostPortFacts(host: "127.0.0.1", ip: "127.0.0.1", ports: [fact])]
        return PortAuditTests.findings(facts)
    }

    @Test func modbusDeviceIdentification() throws {
        let fact = try Self.identify(Devices.modbus)
        #expect(fact.service == "modbus")
        #expect(fact.product == "PLC-1" && fact.version == "v1.2")
        #expect(fact.details?["modbus.vendor"] == "Acme")
        #expect(fact.evidence == "Read Device Identification (2B/0E) -> 3 objects, vendor Acme")
        let finding = try #require(Self.findings(fact).first { $0.ruleID == "port/industrial-protocol-exposed" })
        #expect(finding.severity == .critical)
        #expect(finding.message == "127.0.0.1:\(fact.port)/tcp answers Modbus/TCP, an industrial control protocol without authentication; expected it unreachable outside its control zone")
    }

    /// Real Modbus devices answer any bytes with an exception that echoes the first two as the transaction
    /// id: to a TLS ClientHello that is `16 03 00 00 00 03 ...`, which must not pass for a TLS record.
    @Test func modbusEchoingExceptionsIsNotTLS() throws {
        let fact = try Self.identify { c in
            while true {
                let request = c.read(until: { $0.count >= 8 })
                guard request.count >= 8 else { return }
                if request[7] == 0x2B, request[0] == 0x52 { c.write(Devices.modbusReply) }
                else { c.write([request[0], request[1], 0, 0, 0, 3, request[6], request[7] | 0x80, 0x01]) }
            }
        }
        #expect(fact.service == "modbus")
        #expect(fact.tls == false)
    }

    @Test func s7ModuleIdentification() throws {
        let fact = try Self.identify(Devices.s7)
        #expect(fact.service == "s7comm")
        #expect(fact.details?["s7.orderNumber"] == "6ES7 315-2EH14-0AB0")
        #expect(fact.evidence == "COTP connect -> confirm; S7 setup communication -> ack; SZL 0x0011 -> 6ES7 315-2EH14-0AB0")
        #expect(Self.findings(fact).contains { $0.ruleID == "port/industrial-protocol-exposed" && $0.message.contains("S7comm") })
    }

    @Test func opcuaEndpointsWithSecurityNone() throws {
        let fact = try Self.identify(Devices.opcua([Devices.uaEndpoint(mode: 1, policy: "None", anonymous: true),
                                                    Devices.uaEndpoint(mode: 3, policy: "Basic256Sha256", anonymous: false)]))
        #expect(fact.service == "opcua")
        #expect(fact.details?["opcua.endpoints"] == "None/None, Basic256Sha256/SignAndEncrypt")
        #expect(fact.details?["opcua.securityNone"] == "true")
        #expect(fact.authentication == .notRequired)
        let found = Self.findings(fact)
        let finding = try #require(found.first { $0.ruleID == "port/opcua-security-none" })
        #expect(finding.message == "OPC UA server on 127.0.0.1:\(fact.port)/tcp offers an endpoint without message security (policy/mode: None/None, Basic256Sha256/SignAndEncrypt); expected only signed and encrypted endpoints")
        // OPC UA has its own security model: it is not judged as an unauthenticated field protocol.
        #expect(!found.contains { $0.ruleID == "port/industrial-protocol-exposed" })
    }

    @Test func opcuaSecureEndpointsOnly() throws {
        let fact = try Self.identify(Devices.opcua([Devices.uaEndpoint(mode: 3, policy: "Basic256Sha256", anonymous: false)]))
        #expect(fact.service == "opcua")
        #expect(fact.details?["opcua.securityNone"] == "false")
        #expect(fact.authentication == .required)
        #expect(!Self.findings(fact).contains { $0.ruleID == "port/opcua-security-none" })
    }

    @Test func dnp3LinkStatus() throws {
        let fact = try Self.identify(Devices.dnp3)
        #expect(fact.service == "dnp3")
        #expect(fact.evidence == "Request Link Status -> Link Status from outstation 10")
        #expect(Self.findings(fact).contains { $0.ruleID == "port/industrial-protocol-exposed" && $0.message.contains("DNP3") })
    }

    @Test(arguments: [200, 401])
    func rtspDescribe(status: Int) throws {
        let fact = try Self.identify(Devices.rtsp(describe: status))
        #expect(fact.service == "rtsp")
        #expect(fact.product == "TestCam/2.1")
        #expect(fact.details?["rtsp.public"] == "OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN")
        let finding = Self.findings(fact).first { $0.ruleID == "port/rtsp-unauthenticated" }
        if status == 200 {
            #expect(fact.authentication == .notRequired)
            #expect(finding?.message == "The RTSP stream server on 127.0.0.1:\(fact.port)/tcp answered without authentication; expected it to refuse anonymous clients")
        } else {
            #expect(fact.authentication == .required)
            #expect(fact.details?["rtsp.authenticate"] == "Digest")
            #expect(finding == nil)
        }
    }

    // MARK: UDP

    @Test func snmpDefaultCommunityOverUDP() throws {
        let agent = try #require(ScriptedUDPServer(handler: Devices.snmp()))
        defer { agent.stop() }
        let result = UDPScanner.scan([agent.address], options: Self.udp)[agent.address]
        guard case .open(let fact)? = result else { Issue.record("expected open, got \(String(describing: result))"); return }
        #expect(fact.service == "snmp" && fact.transport == "udp")
        #expect(fact.product == "Linux gw 5.10")
        #expect(fact.details?["snmp.versions"] == "v1, v2c")
        let finding = try #require(Self.findings(fact).first { $0.ruleID == "port/snmp-default-community" })
        #expect(finding.subject.endpoint?.transport == "udp")
        #expect(finding.message == "SNMP agent on 127.0.0.1:\(agent.port)/udp answered the default community 'public' (v1, v2c); expected it to ignore default communities (or SNMPv3 only)")
    }

    @Test func snmpPrivateCommunityStaysSilent() throws {
        let agent = try #require(ScriptedUDPServer(handler: Devices.snmp(community: "s3cret-community")))
        defer { agent.stop() }
        let start = Date()
        #expect(UDPScanner.scan([agent.address], options: Self.udp)[agent.address] == .openFiltered)
        #expect(Date().timeIntervalSince(start) < 2)
        // Every question was sent with its retry: five probes, two tries each.
        #expect(agent.count == 10)
    }

    @Test func bacnetReadPropertyAndIAm() throws {
        let device = try #require(ScriptedUDPServer(handler: Devices.bacnet))
        defer { device.stop() }
        guard case .open(let fact)? = UDPScanner.scan([device.address], options: Self.udp)[device.address] else { Issue.record("not open"); return }
        #expect(fact.service == "bacnet")
        #expect(fact.details?["bacnet.objectName"] == "Boiler-1" && fact.details?["bacnet.instance"] == "1234")
        #expect(fact.evidence == "ReadProperty object-name -> Boiler-1; Who-Is -> I-Am device 1234")
        let finding = try #require(Self.findings(fact).first { $0.ruleID == "port/industrial-protocol-exposed" })
        #expect(finding.message.hasPrefix("127.0.0.1:\(device.port)/udp answers BACnet/IP"))
    }

    @Test(arguments: [(UInt8(0x45), true), (UInt8(0x81), false)])
    func coapWellKnownCore(code: UInt8, anonymous: Bool) throws {
        let server = try #require(ScriptedUDPServer(handler: Devices.coap(code: code)))
        defer { server.stop() }
        guard case .open(let fact)? = UDPScanner.scan([server.address], options: Self.udp)[server.address] else { Issue.record("not open"); return }
        #expect(fact.service == "coap")
        let finding = Self.findings(fact).first { $0.ruleID == "port/coap-anonymous" }
        if anonymous {
            #expect(fact.details?["coap.resources"] == "/sensors/temp /actuators/valve")
            #expect(finding?.message == "CoAP server on 127.0.0.1:\(server.port)/udp listed its resources to an anonymous GET /.well-known/core (/sensors/temp /actuators/valve); expected DTLS or OSCORE with client authentication")
        } else {
            #expect(fact.authentication == .required && fact.details?["coap.code"] == "4.01")
            #expect(finding == nil)
        }
    }

    @Test func closedUDPPortIsClosedNotOpen() throws {
        // Bind and release a port so that nothing listens there: loopback answers ICMP port unreachable.
        let port = try #require(ScriptedUDPServer(handler: Devices.silent))
        let address = port.address
        port.stop()
        let result = UDPScanner.scan([address], options: Self.udp)[address]
        #expect(result == .closed || result == .openFiltered)
        #expect(result != nil)
        if case .open? = result { Issue.record("a port with no listener was reported open") }
    }

    @Test func udpOutOfScopeIsRefusedBeforeAnyPacket() throws {
        let agent = try #require(ScriptedUDPServer(handler: Devices.snmp()))
        defer { agent.stop() }
        let dialer = Dialer(scope: try Scope.parse("10.0.0.0/8").get())
        let outcome = dialer.exchangeDatagram(SNMPProbe.request(version: 1), with: agent.address, timeout: 0.3, retries: 0) { _ in true }
        #expect(outcome == .failure(.outOfScope(agent.address.description)))
        Thread.sleep(forTimeInterval: 0.1)
        #expect(agent.count == 0)
    }

    /// `U:` in the port specification and `--udp-ports` feed the same audit; silence is open|filtered.
    @Test func portAuditWithUDP() throws {
        let agent = try #require(ScriptedUDPServer(handler: Devices.snmp()))
        defer { agent.stop() }
        let silent = try #require(ScriptedUDPServer(handler: Devices.silent))
        defer { silent.stop() }
        let spec = try PortSpec.parse("U:\(agent.port),\(silent.port)").get()
        #expect(spec.ports.isEmpty && spec.udpPorts == [agent.port, silent.port].sorted())
        var options = PortAuditTests.options()
        options.udp = Self.udp
        let facts = PortAudit.run(targets: [try PortTarget.parse("127.0.0.1").get()], ports: spec, options: options)
        #expect(facts.problems.isEmpty)
        let host = try #require(facts.hosts.first)
        #expect(host.openPorts.map(\.port) == [agent.port])
        #expect(host.udpPortsScanned == 2 && host.udpOpenFilteredCount == 1)
        #expect(PortAuditTests.findings(facts).contains { $0.ruleID == "port/snmp-default-community" && $0.subject.endpoint?.port == agent.port })
    }

    @Test func portSpecSyntax() throws {
        let mixed = try PortSpec.parse("22,443,U:161,47808,T:80").get()
        #expect(mixed.ports == [22, 80, 443] && mixed.udpPorts == [161, 47808])
        #expect(try PortSpec.parseUDP("top").get().udpPorts == PortSpec.udpTop)
        #expect(try PortSpec.parse("top").get().udpPorts.isEmpty)
        #expect(throws: PortSpec.ParseError.self) { try PortSpec.parse("U:").get() }
        #expect(throws: PortSpec.ParseError.self) { try PortSpec.parseUDP("70000").get() }
    }
}
