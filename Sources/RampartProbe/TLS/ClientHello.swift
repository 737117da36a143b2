/// A hand-built ClientHello, so that any version and any suite can be offered whatever the local TLS
/// library allows (RFC 5246 7.4.1.2, RFC 8446 4.1.2, RFC 6101 5.6.1.2).
public struct ClientHello: Sendable, Equatable {
    public var version: TLSVersion
    public var suites: [UInt16]
    /// Host name for the server_name extension (RFC 6066 3); nil sends none.
    public var serverName: String?
    /// Named groups offered (supported_groups; TLS 1.3 and ECDHE).
    public var groups: [UInt16]
    /// Groups for which a key share is sent (TLS 1.3). Empty asks the server to choose (HelloRetryRequest).
    public var keyShares: [UInt16]
    /// Offer DEFLATE as well as null compression (CRIME check). Never with TLS 1.3.
    public var offerCompression: Bool
    /// Offer the heartbeat extension (RFC 6520).
    public var offerHeartbeat: Bool
    /// Add TLS_FALLBACK_SCSV (RFC 7507) to the suites.
    public var fallbackSCSV: Bool
    /// 32 bytes of client random; fixed in tests, random on the wire.
    public var random: [UInt8]

    public init(version: TLSVersion, suites: [UInt16], serverName: String? = nil, groups: [UInt16] = [],
                keyShares: [UInt16] = [], offerCompression: Bool = false, offerHeartbeat: Bool = false,
                fallbackSCSV: Bool = false, random: [UInt8]) {
        self.version = version
        self.suites = suites
        self.serverName = serverName
        self.groups = groups
        self.keyShares = keyShares
        self.offerCompression = offerCompression
        self.offerHeartbeat = offerHeartbeat
        self.fallbackSCSV = fallbackSCSV
        self.random = random
    }

    /// Signature algorithms offered with TLS 1.2 and 1.3 (RFC 8446 4.2.3), broad so that any certificate works.
    static let signatureAlgorithms: [UInt16] = [
        0x0403, 0x0503, 0x0603, 0x0807, 0x0808, 0x0804, 0x0805, 0x0806, 0x0809, 0x080A, 0x080B,
        0x0401, 0x0501, 0x0601, 0x0303, 0x0301, 0x0302, 0x0402, 0x0502, 0x0602, 0x0203, 0x0201, 0x0202,
    ]

    /// The record bytes: one TLS record (or an SSLv2-format record for SSLv2).
    public func encode() -> [UInt8] {
        version == .sslv2 ? encodeSSLv2() : encodeTLS()
    }

    private func encodeTLS() -> [UInt8] {
        let isTLS13 = version == .tls13
        var body: [UInt8] = []
        // TLS 1.3 hides in a 1.2 hello and names itself in supported_versions (RFC 8446 4.1.2).
        body.put16(isTLS13 ? TLSVersion.tls12.wire : version.wire)
        body += random.count == 32 ? random : Array((random + [UInt8](repeating: 0, count: 32)).prefix(32))
        body.append(0) // empty session id
        var suiteBytes: [UInt8] = []
        for s in suites { suiteBytes.put16(s) }
        // Secure renegotiation is signalled by SCSV in SSLv3, which has no extensions.
        if version == .sslv3 { suiteBytes.put16(SignallingSuite.emptyRenegotiationInfo) }
        if fallbackSCSV { suiteBytes.put16(SignallingSuite.fallback) }
        body.putVector(suiteBytes, width: 2)
        body.putVector(offerCompression && !isTLS13 ? [1, 0] : [0], width: 1)
        if version != .sslv3 {
            var ext = extensions()
            // RFC 7685: some servers hang on hellos of 256 to 511 bytes; pad those to 512.
            let length = body.count + 2 + ext.count
            if (256...511).contains(length) {
                let pad = max(0, 512 - length - 4)
                ext.put16(0x0015)
                ext.putVector([UInt8](repeating: 0, count: pad), width: 2)
            }
            body.putVector(ext, width: 2)
        }
        var handshake: [UInt8] = [1]
        handshake.putVector(body, width: 3)
        var record: [UInt8] = [22]
        // Record version 1.0 for TLS 1.0 and up: the most compatible choice (RFC 8446 5.1).
        record.put16(version == .sslv3 ? TLSVersion.sslv3.wire : TLSVersion.tls10.wire)
        record.putVector(handshake, width: 2)
        return record
    }

    private func extensions() -> [UInt8] {
        var ext: [UInt8] = []
        func add(_ type: UInt16, _ data: [UInt8]) {
            ext.put16(type)
            ext.putVector(data, width: 2)
        }
        if let serverName, !serverName.isEmpty {
            var entry: [UInt8] = [0]
            entry.putVector(Array(serverName.utf8), width: 2)
            var list: [UInt8] = []
            list.putVector(entry, width: 2)
            add(0x0000, list)
        }
        if !groups.isEmpty {
            var g: [UInt8] = []
            for group in groups { g.put16(group) }
            var data: [UInt8] = []
            data.putVector(g, width: 2)
            add(0x000A, data)
            add(0x000B, [3, 0, 1, 2]) // ec_point_formats: uncompressed, ansiX962 compressed prime / char2
        }
        if version >= .tls12 {
            var s: [UInt8] = []
            for a in Self.signatureAlgorithms { s.put16(a) }
            var data: [UInt8] = []
            data.putVector(s, width: 2)
            add(0x000D, data)
        }
        if offerHeartbeat && version < .tls13 { add(0x000F, [1]) }
        if version < .tls13 { add(0xFF01, [0]) } // renegotiation_info, empty (RFC 5746 3.4)
        if version == .tls13 {
            add(0x002B, [2, 0x03, 0x04]) // supported_versions: TLS 1.3 only
            var shares: [UInt8] = []
            for group in keyShares {
                shares.put16(group)
                shares.putVector(keySharePlaceholder(for: group), width: 2)
            }
            var data: [UInt8] = []
            data.putVector(shares, width: 2)
            add(0x0033, data)
            add(0x002D, [1, 1]) // psk_key_exchange_modes: psk_dhe_ke, required alongside key_share by some servers
        }
        return ext
    }

    /// An X25519 public value: any 32 bytes are a valid point, and the handshake stops at ServerHello, so
    /// no secret is ever derived from it.
    private func keySharePlaceholder(for group: UInt16) -> [UInt8] {
        Array(random.reversed().prefix(32))
    }

    /// SSLv2 CLIENT-HELLO (draft-hickman-netscape-ssl-00 / RFC 6101 E): 2-byte header, no extensions.
    private func encodeSSLv2() -> [UInt8] {
        var body: [UInt8] = [1]
        body.put16(TLSVersion.sslv2.wire)
        // SSLv2 servers answer with every kind they share with the client, so one hello lists them all.
        let specs = SSLv2.cipherSpecs.map(\.code)
        body.put16(specs.count * 3)
        body.put16(0) // session id length
        let challenge = Array(random.prefix(16))
        body.put16(challenge.count)
        for s in specs { body += [UInt8((s >> 16) & 0xFF), UInt8((s >> 8) & 0xFF), UInt8(s & 0xFF)] }
        body += challenge
        var record: [UInt8] = []
        record.put16(0x8000 | UInt16(body.count))
        return record + body
    }
}

/// SSLv2 cipher kinds (3-byte codes).
public enum SSLv2 {
    public struct CipherSpec: Sendable { public let code: UInt32; public let name: String }
    public static let cipherSpecs: [CipherSpec] = [
        CipherSpec(code: 0x010080, name: "SSL_CK_RC4_128_WITH_MD5"),
        CipherSpec(code: 0x020080, name: "SSL_CK_RC4_128_EXPORT40_WITH_MD5"),
        CipherSpec(code: 0x030080, name: "SSL_CK_RC2_128_CBC_WITH_MD5"),
        CipherSpec(code: 0x040080, name: "SSL_CK_RC2_128_CBC_EXPORT40_WITH_MD5"),
        CipherSpec(code: 0x050080, name: "SSL_CK_IDEA_128_CBC_WITH_MD5"),
        CipherSpec(code: 0x060040, name: "SSL_CK_DES_64_CBC_WITH_MD5"),
        CipherSpec(code: 0x0700C0, name: "SSL_CK_DES_192_EDE3_CBC_WITH_MD5"),
    ]

    public static func name(_ code: UInt32) -> String {
        cipherSpecs.first { $0.code == code }?.name ?? "SSLv2 0x" + String(code, radix: 16)
    }
}
