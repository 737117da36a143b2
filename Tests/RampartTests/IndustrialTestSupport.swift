import Foundation
#if canImport(Glibc)
import Glibc
#endif
@testable import RampartProbe

/// A scripted UDP server on 127.0.0.1: every datagram goes to `handler`, and each datagram it returns is
/// sent back to the sender. Stopped by `stop()`, which tests call in `defer`.
final class ScriptedUDPServer: @unchecked Sendable {
    let port: Int
    private let fd: Int32
    private let lock = NSLock()
    private var stopped = false
    private var loopDone = false
    private(set) var received = 0

    init?(handler: @escaping @Sendable ([UInt8]) -> [[UInt8]]) {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        guard SocketAddress(ip: "127.0.0.1", port: 0).withSockaddr({ bind(fd, $0, $1) }) == 0 else { close(fd); return nil }
        var storage = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        self.port = Int(UInt16(bigEndian: storage.sin_port))
        self.fd = fd
        Thread.detachNewThread { [self] in self.loop(handler) }
    }

    var address: SocketAddress { SocketAddress(ip: "127.0.0.1", port: port) }

    var count: Int { lock.lock(); defer { lock.unlock() }; return received }

    private func loop(_ handler: @escaping @Sendable ([UInt8]) -> [[UInt8]]) {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            lock.lock()
            if stopped { loopDone = true; lock.unlock(); return }
            lock.unlock()
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 50) > 0 else { continue }
            var peer = sockaddr_storage()
            var peerLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let n = withUnsafeMutablePointer(to: &peer) { p in
                p.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(fd, &buffer, buffer.count, 0, $0, &peerLength) }
            }
            guard n >= 0 else { continue }
            lock.lock(); received += 1; lock.unlock()
            for reply in handler(Array(buffer[0..<n])) {
                _ = withUnsafePointer(to: &peer) { p in
                    p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(fd, reply, reply.count, 0, $0, peerLength) }
                }
            }
        }
    }

    func stop() {
        lock.lock()
        if stopped { lock.unlock(); return }
        stopped = true
        lock.unlock()
        for _ in 0..<40 {
            lock.lock(); let done = loopDone; lock.unlock()
            if done { break }
            Thread.sleep(forTimeInterval: 0.02)
        }
        close(fd)
    }
}

/// Replies of well-behaved industrial and IoT devices, built by hand from the protocol specifications.
enum Devices {
    static let silent: @Sendable ([UInt8]) -> [[UInt8]] = { _ in [] }

    // MARK: Modbus

    static let modbusReply: [UInt8] = {
        let objects: [(UInt8, String)] = [(0, "Acme"), (1, "PLC-1"), (2, "v1.2")]
        var pdu: [UInt8] = [0x00, 0x2B, 0x0E, 0x01, 0x01, 0x00, 0x00, UInt8(objects.count)]
        for (id, value) in objects { pdu += [id, UInt8(value.utf8.count)] + Array(value.utf8) }
        return [0x52, 0x41, 0x00, 0x00, 0x00, UInt8(pdu.count)] + pdu
    }()

    static let modbus: @Sendable (ServerConnection) -> Void = { c in
        let request = c.read(until: { $0.count >= 11 })
        guard request.count >= 8, request[2] == 0, request[3] == 0, request[7] == 0x2B else { return }
        c.write(modbusReply)
        _ = c.read(wait: 0.5)
    }

    // MARK: S7

    static func tpkt(_ payload: [UInt8]) -> [UInt8] { [0x03, 0x00, UInt8((payload.count + 4) >> 8), UInt8((payload.count + 4) & 0xFF)] + payload }

    static let s7Confirm = tpkt([0x11, 0xD0, 0x00, 0x01, 0x00, 0x01, 0x00, 0xC0, 0x01, 0x0A, 0xC1, 0x02, 0x01, 0x00, 0xC2, 0x02, 0x01, 0x02])
    static let s7SetupAck = tpkt([0x02, 0xF0, 0x80, 0x32, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00,
                                  0xF0, 0x00, 0x00, 0x01, 0x00, 0x01, 0x01, 0xE0])
    static let s7SZL: [UInt8] = {
        let record: [UInt8] = [0x00, 0x01] + Array("6ES7 315-2EH14-0AB0 ".utf8) + [0, 0, 0, 0, 0, 0]
        let szl: [UInt8] = [0x00, 0x11, 0x00, 0x00, 0x00, UInt8(record.count), 0x00, 0x01] + record
        let data: [UInt8] = [0xFF, 0x09, UInt8(szl.count >> 8), UInt8(szl.count & 0xFF)] + szl
        let params: [UInt8] = [0x00, 0x01, 0x12, 0x08, 0x12, 0x84, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00]
        return tpkt([0x02, 0xF0, 0x80, 0x32, 0x07, 0x00, 0x00, 0x00, 0x02, 0x00, UInt8(params.count), 0x00, UInt8(data.count)] + params + data)
    }()

    static let s7: @Sendable (ServerConnection) -> Void = { c in
        let complete: ([UInt8]) -> Bool = { $0.count >= 4 && $0.count >= Int($0[2]) << 8 | Int($0[3]) }
        let cr = c.read(until: complete)
        guard cr.count >= 6, cr[0] == 3, cr[5] == 0xE0 else { return }
        c.write(s7Confirm)
        let setup = c.read(until: complete)
        guard setup.count >= 9, setup[7] == 0x32, setup[8] == 0x01 else { return }
        c.write(s7SetupAck)
        let szl = c.read(until: complete)
        guard szl.count >= 9, szl[8] == 0x07 else { return }
        c.write(s7SZL)
        _ = c.read(wait: 0.5)
    }

    // MARK: OPC UA

    static func le32(_ v: UInt32) -> [UInt8] { [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF), UInt8((v >> 16) & 0xFF), UInt8(v >> 24)] }
    static func uaString(_ s: String?) -> [UInt8] { s.map { le32(UInt32($0.utf8.count)) + Array($0.utf8) } ?? [0xFF, 0xFF, 0xFF, 0xFF] }
    static func uaMessage(_ type: String, _ body: [UInt8]) -> [UInt8] { Array(type.utf8) + [0x46] + le32(UInt32(body.count + 8)) + body }
    static let responseHeader: [UInt8] = [UInt8](repeating: 0, count: 8) + le32(1) + le32(0) + [0x00] + [0xFF, 0xFF, 0xFF, 0xFF] + [0x00, 0x00, 0x00]

    static func uaEndpoint(mode: UInt32, policy: String, anonymous: Bool) -> [UInt8] {
        var e = uaString("opc.tcp://plc:4840") + uaString("urn:plc") + uaString("urn:product") + [0x02] + uaString("PLC")
        e += le32(0) + uaString(nil) + uaString(nil) + le32(UInt32(bitPattern: -1)) + uaString(nil)
        e += le32(mode) + uaString("http://opcfoundation.org/UA/SecurityPolicy#" + policy)
        e += le32(1) + uaString("token") + le32(anonymous ? 0 : 1) + uaString(nil) + uaString(nil) + uaString(nil)
        return e + uaString("http://opcfoundation.org/UA-Profile/Transport/uatcp-uasc-uabinary") + [0x00]
    }

    static func opcua(_ endpoints: [[UInt8]]) -> @Sendable (ServerConnection) -> Void {
        { c in
            let complete: ([UInt8]) -> Bool = { $0.count >= 8 && $0.count >= Int($0[4]) | Int($0[5]) << 8 | Int($0[6]) << 16 }
            guard c.read(until: complete).starts(with: Array("HELF".utf8)) else { return }
            c.write(uaMessage("ACK", le32(0) + le32(65536) + le32(65536) + le32(0) + le32(0)))
            guard c.read(until: complete).starts(with: Array("OPNF".utf8)) else { return }
            var open = le32(7) + uaString("http://opcfoundation.org/UA/SecurityPolicy#None") + uaString(nil) + uaString(nil) + le32(1) + le32(1)
            open += [0x01, 0x00, 0xC1, 0x01] + responseHeader + le32(0) + le32(7) + le32(3) + [UInt8](repeating: 0, count: 8) + le32(600_000) + uaString(nil)
            c.write(uaMessage("OPN", open))
            guard c.read(until: complete).starts(with: Array("MSGF".utf8)) else { return }
            var list = le32(7) + le32(3) + le32(2) + le32(2) + [0x01, 0x00, 0xAF, 0x01] + responseHeader + le32(UInt32(endpoints.count))
            for e in endpoints { list += e }
            c.write(uaMessage("MSG", list))
            _ = c.read(wait: 0.5)
        }
    }

    // MARK: DNP3

    static let dnp3: @Sendable (ServerConnection) -> Void = { c in
        let request = c.read(until: { $0.count >= 10 })
        guard request.count >= 10, request[0] == 0x05, request[1] == 0x64 else { return }
        // Answer only the frame addressed to outstation 10, as a real outstation does.
        var header: [UInt8] = [0x05, 0x64, 0x05, 0x0B, 0xFC, 0xFF, 0x0A, 0x00]
        header += withUnsafeBytes(of: DNP3Probe.crc(header).littleEndian) { Array($0) }
        c.write(header)
        _ = c.read(wait: 0.5)
    }

    // MARK: RTSP

    static func rtsp(describe: Int) -> @Sendable (ServerConnection) -> Void {
        { c in
            for _ in 0..<2 {
                let request = String(decoding: c.read(until: { String(decoding: $0, as: UTF8.self).contains("\r\n\r\n") }), as: UTF8.self)
                if request.hasPrefix("OPTIONS ") {
                    c.write("RTSP/1.0 200 OK\r\nCSeq: 1\r\nServer: TestCam/2.1\r\nPublic: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN\r\n\r\n")
                } else if request.hasPrefix("DESCRIBE ") {
                    if describe == 200 {
                        let sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=cam\r\nm=video 0 RTP/AVP 96\r\n"
                        c.write("RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Type: application/sdp\r\nContent-Length: \(sdp.utf8.count)\r\n\r\n\(sdp)")
                    } else {
                        c.write("RTSP/1.0 401 Unauthorized\r\nCSeq: 2\r\nWWW-Authenticate: Digest realm=\"cam\", nonce=\"abc\"\r\n\r\n")
                    }
                } else { return }
            }
            _ = c.read(wait: 0.5)
        }
    }

    // MARK: SNMP

    static func tlv(_ tag: UInt8, _ body: [UInt8]) -> [UInt8] { [tag, UInt8(body.count)] + body }

    /// An agent that accepts `community` for v1 and v2c and answers sysDescr.0.
    static func snmp(community: String = "public", sysDescr: String = "Linux gw 5.10") -> @Sendable ([UInt8]) -> [[UInt8]] {
        { request in
            // 30 LL | 02 01 VV | 04 LL community | A0 LL 02 04 ID ...
            guard request.count > 7, request[0] == 0x30, request[2] == 0x02, request[5] == 0x04 else { return [] }
            let version = request[4]
            let length = Int(request[6])
            guard request.count > 7 + length + 8, String(decoding: request[7..<(7 + length)], as: UTF8.self) == community else { return [] }
            let id = Array(request[(7 + length + 4)..<(7 + length + 8)])
            let bind = tlv(0x30, tlv(0x06, [0x2B, 0x06, 0x01, 0x02, 0x01, 0x01, 0x01, 0x00]) + tlv(0x04, Array(sysDescr.utf8)))
            let pdu = tlv(0xA2, tlv(0x02, id) + [0x02, 0x01, 0x00, 0x02, 0x01, 0x00] + tlv(0x30, bind))
            return [tlv(0x30, [0x02, 0x01, version] + tlv(0x04, Array(community.utf8)) + pdu)]
        }
    }

    // MARK: BACnet

    static let bacnet: @Sendable ([UInt8]) -> [[UInt8]] = { request in
        guard request.count >= 8, request[0] == 0x81 else { return [] }
        if request.count >= 10, request[6] == 0x00, request[9] == 0x0C {
            let name = Array("Boiler-1".utf8)
            let apdu: [UInt8] = [0x30, request[8], 0x0C, 0x0C, 0x02, 0x00, 0x04, 0xD2, 0x19, 0x4D, 0x3E, 0x75, UInt8(name.count + 1), 0x00] + name + [0x3F]
            let body: [UInt8] = [0x01, 0x00] + apdu
            return [[0x81, 0x0A, 0x00, UInt8(body.count + 4)] + body]
        }
        if request[6] == 0x10, request[7] == 0x08 {
            return [[0x81, 0x0A, 0x00, 0x14, 0x01, 0x00, 0x10, 0x00, 0xC4, 0x02, 0x00, 0x04, 0xD2, 0x22, 0x05, 0xC4, 0x91, 0x00, 0x21, 0x0F]]
        }
        return []
    }

    // MARK: CoAP

    static func coap(code: UInt8) -> @Sendable ([UInt8]) -> [[UInt8]] {
        { request in
            guard request.count >= 4, request[0] >> 6 == 1, request[1] == 0x01 else { return [] }
            var reply: [UInt8] = [0x60, code, request[2], request[3]]
            if code == 0x45 { reply += [0xC1, 0x28, 0xFF] + Array("</sensors/temp>;rt=\"temp\",</actuators/valve>".utf8) }
            return [reply]
        }
    }
}
