import Testing
@testable import RampartProbe
import RampartCore

/// Byte-level vectors for the hand-built ClientHello and the reply decoder, including lying lengths.
@Suite struct TLSCodecTests {
    static let random: [UInt8] = Array(0..<32)

    static func hex(_ s: String) -> [UInt8] {
        let digits = s.filter { $0.isHexDigit }
        var out: [UInt8] = []
        var i = digits.startIndex
        while i < digits.endIndex {
            let j = digits.index(i, offsetBy: 2)
            out.append(UInt8(digits[i..<j], radix: 16)!)
            i = j
        }
        return out
    }

    static let randomHex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"

    @Test func sslv3ClientHelloMatchesKnownBytes() {
        let hello = ClientHello(version: .sslv3, suites: [0xC02F, 0x009C], random: Self.random)
        let expected = Self.hex("16 0300 0031" + "01 00002d" + "0300" + Self.randomHex + "00" + "0006 c02f 009c 00ff" + "01 00")
        #expect(hello.encode() == expected)
    }

    @Test func tls10ClientHelloWithSNIMatchesKnownBytes() {
        let hello = ClientHello(version: .tls10, suites: [0x002F, 0x0035], serverName: "a.b", random: Self.random)
        let expected = Self.hex("16 0301 0042" + "01 00003e" + "0301" + Self.randomHex + "00" + "0004 002f 0035" + "01 00"
            + "0011" + "0000 0008 0006 00 0003 612e62" + "ff01 0001 00")
        #expect(hello.encode() == expected)
    }

    @Test func compressionFallbackAndHeartbeatAreOffered() {
        let hello = ClientHello(version: .tls10, suites: [0x002F], offerCompression: true, offerHeartbeat: true, fallbackSCSV: true, random: Self.random)
        let expected = Self.hex("16 0301 003c" + "01 000038" + "0301" + Self.randomHex + "00" + "0004 002f 5600" + "02 01 00"
            + "000a" + "000f 0001 01" + "ff01 0001 00")
        #expect(hello.encode() == expected)
    }

    @Test func tls13ClientHelloNamesItselfInSupportedVersions() throws {
        let hello = ClientHello(version: .tls13, suites: [0x1301], groups: [0x001D], keyShares: [0x001D], random: Self.random)
        let bytes = hello.encode()
        #expect(Array(bytes[0..<3]) == [0x16, 0x03, 0x01])
        #expect(Array(bytes[9..<11]) == [0x03, 0x03], "legacy_version must be TLS 1.2")
        #expect(bytes.contains(subsequence: Self.hex("002b 0003 02 0304")))
        #expect(bytes.contains(subsequence: Self.hex("0033 0026 0024 001d 0020")), "x25519 key share of 32 bytes")
        #expect(Int(bytes[3]) << 8 | Int(bytes[4]) == bytes.count - 5)
    }

    @Test func sslv2ClientHelloMatchesKnownBytes() {
        let hello = ClientHello(version: .sslv2, suites: [], random: Self.random)
        let expected = Self.hex("802e 01 0002 0015 0000 0010" + "010080 020080 030080 040080 050080 060040 0700c0"
            + "000102030405060708090a0b0c0d0e0f")
        #expect(hello.encode() == expected)
    }

    @Test func hellosBetween256And511BytesArePadded() {
        // 100 suites make a hello of about 300 bytes, the range some servers hang on (RFC 7685).
        let hello = ClientHello(version: .tls12, suites: Array(0x0001...0x0064).map(UInt16.init), random: Self.random)
        let bytes = hello.encode()
        let body = bytes.count - 9
        #expect(!(256...511).contains(body), "ClientHello body of \(body) bytes")
        #expect(bytes.contains(subsequence: [0x00, 0x15]))
    }

    // MARK: Replies

    static let serverHelloTLS12 = hex("16 0303 0035" + "02 000031" + "0303" + String(repeating: "ab", count: 32) + "00" + "c02f" + "00"
        + "0009" + "ff01 0001 00" + "000b 0000")

    @Test func parsesServerHello() throws {
        var decoder = ServerReplyDecoder()
        let reply = try decoder.feed(Self.serverHelloTLS12)
        guard case .hello(let sh, _)? = reply else { Issue.record("expected a ServerHello, got \(String(describing: reply))"); return }
        #expect(sh.version == 0x0303)
        #expect(sh.suite == 0xC02F)
        #expect(sh.compression == 0)
        #expect(sh.hasSecureRenegotiation)
        #expect(!sh.isHelloRetryRequest)
        #expect(sh.extensionTypes == [0xFF01, 0x000B])
    }

    @Test func parsesServerHelloDeliveredOneByteAtATime() throws {
        var decoder = ServerReplyDecoder()
        var reply: ServerReply?
        for b in Self.serverHelloTLS12 {
            #expect(reply == nil)
            reply = try decoder.feed([b])
        }
        guard case .hello(let sh, _)? = reply else { Issue.record("no ServerHello"); return }
        #expect(sh.suite == 0xC02F)
    }

    @Test func parsesHelloRetryRequest() throws {
        let hrr = Self.hex("16 0303 0038" + "02 000034" + "0303"
            + "cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c" + "00" + "1302" + "00"
            + "000c" + "002b 0002 0304" + "0033 0002 0017")
        var decoder = ServerReplyDecoder()
        guard case .hello(let sh, _)? = try decoder.feed(hrr) else { Issue.record("no HRR"); return }
        #expect(sh.isHelloRetryRequest)
        #expect(sh.version == 0x0304)
        #expect(sh.suite == 0x1302)
        #expect(sh.keyShareGroup == 0x0017)
    }

    @Test func parsesAlert() throws {
        var decoder = ServerReplyDecoder()
        #expect(try decoder.feed(Self.hex("15 0303 0002 02 28")) == .alert(TLSAlert(level: 2, code: 40)))
        #expect(TLSAlert(level: 2, code: 70).description == "alert protocol_version (70)")
    }

    @Test func parsesSSLv2ServerHello() throws {
        // SERVER-HELLO with a 3-byte certificate, two cipher kinds and a 16-byte connection id.
        let bytes = Self.hex("8024" + "04 00 01 0002 0003 0006 0010" + "aabbcc" + "010080 0700c0" + String(repeating: "11", count: 16))
        var decoder = ServerReplyDecoder()
        guard case .sslv2(let hello)? = try decoder.feed(bytes) else { Issue.record("no SSLv2 hello"); return }
        #expect(hello.cipherSpecs == [0x010080, 0x0700C0])
        #expect(hello.certificateLength == 3)
    }

    @Test func readsDHPrimeAndCurveFromServerKeyExchange() throws {
        let p = [UInt8](repeating: 0xFF, count: 128)
        var ske: [UInt8] = []
        ske.putVector(p, width: 2)
        ske.putVector([2], width: 2)
        ske.putVector([UInt8](repeating: 7, count: 128), width: 2)
        #expect(try ServerReplyDecoder.parseKeyExchange(ske, suite: 0x009E).dhPrimeBits == 1024)
        #expect(try ServerReplyDecoder.parseKeyExchange(Self.hex("03 001d 20") + [UInt8](repeating: 1, count: 32), suite: 0xC02F).curve == 0x001D)
        #expect(ServerReplyDecoder.bitLength([0x00, 0x01, 0x00]) == 9)
    }

    /// A ServerHello record whose outer lengths are right, so that only the inner lie is tested.
    static func serverHelloRecord(_ bodyHex: String) -> [UInt8] {
        let body = hex(bodyHex)
        var handshake: [UInt8] = [2]
        handshake.putVector(body, width: 3)
        var record: [UInt8] = [22, 3, 3]
        record.putVector(handshake, width: 2)
        return record
    }

    static let zeros32 = String(repeating: "00", count: 32)

    @Test(arguments: [
        ("empty ServerHello", ""),
        ("session id longer than 32", "0303" + zeros32 + "21" + String(repeating: "00", count: 33) + "c02f 00"),
        ("session id beyond the message", "0303" + zeros32 + "20 0102"),
        ("extensions length beyond the message", "0303" + zeros32 + "00 c02f 00 00ff"),
        ("inner extension lying about its size", "0303" + zeros32 + "00 c02f 00 0004 ff01 0010"),
        ("supported_versions shorter than its value", "0303" + zeros32 + "00 1301 00 0005 002b 0001 03"),
    ])
    func lyingServerHelloLengthsFailCleanly(_ name: String, _ bodyHex: String) {
        var decoder = ServerReplyDecoder()
        #expect(throws: WireError.self, "\(name)") { _ = try decoder.feed(Self.serverHelloRecord(bodyHex)) }
    }

    @Test(arguments: [
        ("certificate length beyond the record", "800d 04 00 01 0002 ffff 0003 0000 010080"),
        ("cipher specs not a multiple of 3", "800e 04 00 01 0002 0000 0004 0000 01008007"),
        ("wrong message type", "8003 01 0002"),
    ])
    func lyingSSLv2LengthsFailCleanly(_ name: String, _ hexText: String) {
        var decoder = ServerReplyDecoder()
        #expect(throws: WireError.self, "\(name)") { _ = try decoder.feed(Self.hex(hexText)) }
    }

    @Test func hugeRecordLengthIsRefusedBeforeReading() {
        var decoder = ServerReplyDecoder()
        #expect(throws: WireError.self) { _ = try decoder.feed(Self.hex("16 0303 ffff 02")) }
    }

    @Test func hugeHandshakeLengthIsRefused() {
        var decoder = ServerReplyDecoder()
        #expect(throws: WireError.self) { _ = try decoder.feed(Self.hex("16 0303 0004 02 ffffff")) }
    }

    @Test func nonTLSBytesAreRefused() {
        var decoder = ServerReplyDecoder()
        #expect(throws: WireError.self) { _ = try decoder.feed(Array("HTTP/1.1 400 Bad Request\r\n".utf8)) }
        var decoder2 = ServerReplyDecoder()
        #expect(throws: WireError.self) { _ = try decoder2.feed(Self.hex("16 0909 0002 0000")) }
    }

    @Test func truncatedServerHelloWaitsForMore() throws {
        var decoder = ServerReplyDecoder()
        #expect(try decoder.feed(Array(Self.serverHelloTLS12.prefix(20))) == nil)
    }

    // MARK: Suite table

    @Test func suiteTableIsConsistent() {
        let codes = CipherSuite.all.map(\.code)
        #expect(Set(codes).count == codes.count)
        #expect(CipherSuite.all.count > 300)
        #expect(CipherSuite.name(for: 0xC02F) == "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")
        #expect(CipherSuite.name(for: 0x000A) == "TLS_RSA_WITH_3DES_EDE_CBC_SHA")
        #expect(CipherSuite.name(for: 0x1303) == "TLS_CHACHA20_POLY1305_SHA256")
        #expect(CipherSuite.name(for: 0xABCD) == "0xABCD")
        #expect(CipherSuite.candidates(for: .tls13).map(\.code) == [0x00C6, 0x00C7, 0x1301, 0x1302, 0x1303, 0x1304, 0x1305])
    }

    @Test func traitsComeFromTheName() {
        let t = CipherSuiteTraits("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384")
        #expect(t.keyExchange == "ECDHE" && t.authentication == "RSA" && t.encryption == "AES_256_GCM" && t.bits == 256 && t.isAEAD && t.forwardSecret)
        let e = CipherSuiteTraits("TLS_RSA_EXPORT_WITH_RC4_40_MD5")
        #expect(e.isExport && e.isRC4 && e.bits == 40 && e.mac == "MD5" && !e.forwardSecret)
        let d = CipherSuiteTraits("TLS_RSA_WITH_3DES_EDE_CBC_SHA")
        #expect(d.is3DES && d.is64BitBlock && d.isCBC && d.bits == 112 && !d.isDES)
        let a = CipherSuiteTraits("TLS_DH_anon_WITH_AES_128_CBC_SHA")
        #expect(a.isAnonymous && a.authentication == "anon")
        let n = CipherSuiteTraits("TLS_RSA_WITH_NULL_SHA256")
        #expect(n.isNull && n.bits == 0)
        let ccm = CipherSuiteTraits("TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8")
        #expect(ccm.isAEAD && ccm.encryption == "AES_128_CCM_8")
        let t13 = CipherSuiteTraits("TLS_AES_128_GCM_SHA256")
        #expect(t13.keyExchange == "any" && t13.forwardSecret && t13.isAEAD)
        let des = CipherSuiteTraits("TLS_RSA_WITH_DES_CBC_SHA")
        #expect(des.isDES && des.bits == 56)
        let psk = CipherSuiteTraits("TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256")
        #expect(psk.forwardSecret)
    }
}

extension Array where Element == UInt8 {
    func contains(subsequence: [UInt8]) -> Bool {
        guard subsequence.count <= count else { return false }
        return (0...(count - subsequence.count)).contains { Array(self[$0..<$0 + subsequence.count]) == subsequence }
    }
}
