/// What a live TLS probe saw at one address: protocols, suites in the server's order, groups, DH size,
/// the certificate chain, weakness checks and HTTP headers. Facts only; rules judge them.
/// Every field but host and port may be absent in JSON, so that recorded examples stay short.
public struct TLSEndpointFacts: Codable, Sendable, Hashable {
    /// Host as the user named it.
    public var host: String
    /// Address probed.
    public var ip: String
    public var port: Int
    /// SNI sent, nil when none.
    public var sni: String?
    /// Protocol versions tested (`SSLv2` … `TLSv1.3`); a version absent here was not tested.
    public var tested: [String] = []
    /// Versions the server accepted, oldest first.
    public var protocols: [String] = []
    /// Accepted suites (IANA names) per version, in the server's preference order when it enforces one.
    public var suites: [String: [String]] = [:]
    /// Per version: true when the server picks by its own order, false when it follows the client's, nil if unknown.
    public var serverEnforcesOrder: [String: Bool] = [:]
    /// Key exchange groups accepted (TLS 1.3 or ECDHE), in the server's order.
    public var groups: [String] = []
    /// The group the server picks when offered all its accepted groups in either order; nil when it
    /// follows the client's order or was not measured.
    public var preferredGroup: String?
    /// True when the server picks groups by its own order, false when it follows the client's; nil if unknown.
    public var serverGroupOrder: Bool?
    /// Smallest finite-field DH prime the server used with DHE suites, in bits.
    public var dhBits: Int?
    public var certificate: CertificateFacts?
    /// Session resumption and TLS 1.3 early data, through OpenSSL; nil when not measured.
    public var resumption: TLSResumptionFacts?
    public var weaknesses = TLSWeaknessFacts()
    public var http: HTTPFacts?
    /// What went wrong while probing (connection errors, unparsable replies). Probing goes on where it can.
    public var errors: [String] = []
    /// Connections that carried a ClientHello.
    public var handshakes: Int = 0
    /// The plaintext protocol upgraded to TLS before every handshake (`smtp`, `imap`, `postgres` ...); nil
    /// for direct TLS.
    public var starttls: String?
    /// How the STARTTLS server lets a client log in before the upgrade, as its capability list showed it
    /// (e.g. `AUTH PLAIN LOGIN advertised before STARTTLS`); nil when it does not or cannot be seen.
    public var plaintextLogin: String?
    /// Whether the STARTTLS server marks the upgrade as required (XMPP `<required/>`); nil when the protocol
    /// does not say.
    public var starttlsRequired: Bool?

    public init(host: String, ip: String, port: Int, sni: String? = nil) {
        self.host = host
        self.ip = ip
        self.port = port
        self.sni = sni
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        host = try c.decode(String.self, forKey: .host)
        ip = try c.decodeIfPresent(String.self, forKey: .ip) ?? host
        port = try c.decodeIfPresent(Int.self, forKey: .port) ?? 443
        sni = try c.decodeIfPresent(String.self, forKey: .sni)
        tested = try c.decodeIfPresent([String].self, forKey: .tested) ?? []
        protocols = try c.decodeIfPresent([String].self, forKey: .protocols) ?? []
        suites = try c.decodeIfPresent([String: [String]].self, forKey: .suites) ?? [:]
        serverEnforcesOrder = try c.decodeIfPresent([String: Bool].self, forKey: .serverEnforcesOrder) ?? [:]
        groups = try c.decodeIfPresent([String].self, forKey: .groups) ?? []
        preferredGroup = try c.decodeIfPresent(String.self, forKey: .preferredGroup)
        serverGroupOrder = try c.decodeIfPresent(Bool.self, forKey: .serverGroupOrder)
        dhBits = try c.decodeIfPresent(Int.self, forKey: .dhBits)
        certificate = try c.decodeIfPresent(CertificateFacts.self, forKey: .certificate)
        resumption = try c.decodeIfPresent(TLSResumptionFacts.self, forKey: .resumption)
        weaknesses = try c.decodeIfPresent(TLSWeaknessFacts.self, forKey: .weaknesses) ?? TLSWeaknessFacts()
        http = try c.decodeIfPresent(HTTPFacts.self, forKey: .http)
        errors = try c.decodeIfPresent([String].self, forKey: .errors) ?? []
        handshakes = try c.decodeIfPresent(Int.self, forKey: .handshakes) ?? 0
        starttls = try c.decodeIfPresent(String.self, forKey: .starttls)
        plaintextLogin = try c.decodeIfPresent(String.self, forKey: .plaintextLogin)
        starttlsRequired = try c.decodeIfPresent(Bool.self, forKey: .starttlsRequired)
    }

    /// The finding subject for this endpoint.
    public var endpoint: Endpoint {
        Endpoint(host: host, ip: ip, port: port, transport: "tcp", sni: sni, service: starttls.map { "\($0)+starttls" } ?? "tls")
    }

    /// Every accepted (version, suite) pair, oldest version first.
    public var acceptedSuites: [(version: String, suite: String)] {
        protocols.flatMap { v in (suites[v] ?? []).map { (v, $0) } }
    }
}

/// Protocol version names in the order of their age, as they appear in facts.
public enum TLSVersionName {
    public static let all = ["SSLv2", "SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3"]

    /// Rank for comparisons (`TLSv1.2` > `TLSv1.0`); nil for an unknown name. Accepts `1.2` and `TLS1.2` too.
    public static func rank(_ name: String) -> Int? {
        if let i = all.firstIndex(of: name) { return i }
        var short = Substring(name)
        for prefix in ["TLSv", "TLS"] where short.hasPrefix(prefix) { short = short.dropFirst(prefix.count) }
        return all.firstIndex(of: "TLSv" + short)
    }
}

/// What a cipher suite's IANA name says about it. Derived from the name alone (`TLS_kx_WITH_enc_mac`),
/// so that rules can judge recorded suites without the probe's table.
public struct CipherSuiteTraits: Sendable, Hashable {
    public var name: String
    /// Key exchange: RSA, DHE, ECDHE, DH, ECDH, PSK, SRP, KRB5, NULL, or `any` for TLS 1.3.
    public var keyExchange: String
    /// Authentication: RSA, DSS, ECDSA, anon, PSK, NULL, or `any` for TLS 1.3.
    public var authentication: String
    /// Bulk cipher as named, e.g. AES_128_GCM, 3DES_EDE_CBC, RC4_128, NULL.
    public var encryption: String
    /// Effective symmetric key bits (40 for export, 0 for NULL, 112 for 3DES).
    public var bits: Int
    /// MAC or PRF hash: MD5, SHA, SHA256, SHA384, or AEAD.
    public var mac: String
    public var isExport: Bool
    public var isNull: Bool
    public var isAnonymous: Bool
    public var isRC4: Bool
    public var is3DES: Bool
    public var isDES: Bool
    public var isCBC: Bool
    public var isAEAD: Bool
    /// 64-bit block cipher (3DES, DES, IDEA, RC2): SWEET32.
    public var is64BitBlock: Bool
    public var forwardSecret: Bool

    public init(_ name: String) {
        self.name = name
        var body = name
        for prefix in ["TLS_", "SSL_"] where body.hasPrefix(prefix) { body.removeFirst(prefix.count) }
        let kexPart: String
        let encPart: String
        if let range = body.firstRange(of: "_WITH_") {
            kexPart = String(body[..<range.lowerBound])
            encPart = String(body[range.upperBound...])
        } else {
            // TLS 1.3 (`TLS_AES_128_GCM_SHA256`) names only the AEAD and hash.
            kexPart = "any"
            encPart = body
        }
        isExport = kexPart.contains("EXPORT")
        let kexTokens = kexPart.split(separator: "_").map(String.init).filter { !$0.hasPrefix("EXPORT") }
        let first = kexTokens.first ?? "NULL"
        switch first {
        case "any": (keyExchange, authentication) = ("any", "any")
        case "RSA" where kexTokens.contains("PSK"): (keyExchange, authentication) = ("RSA", "PSK")
        case "RSA", "NULL": (keyExchange, authentication) = (first, first)
        case "PSK": (keyExchange, authentication) = ("PSK", kexTokens.count > 1 ? kexTokens[1] : "PSK")
        case "SRP": (keyExchange, authentication) = ("SRP", kexTokens.count > 2 ? kexTokens[2] : "SRP")
        case "ECCPWD": (keyExchange, authentication) = ("ECCPWD", "ECCPWD")
        default: (keyExchange, authentication) = (first, kexTokens.count > 1 ? kexTokens[1] : first)
        }
        var encTokens = encPart.split(separator: "_").map(String.init)
        var mac = encTokens.count > 1 ? encTokens.removeLast() : "NULL"
        var enc = encTokens.joined(separator: "_")
        // CCM suites name no hash (`AES_128_CCM`, `AES_128_CCM_8`).
        if mac == "CCM" || mac == "8" && enc.hasSuffix("CCM") {
            enc += "_" + mac
            mac = "AEAD"
        }
        if encTokens.isEmpty { enc = encPart }
        encryption = enc
        isNull = enc == "NULL" || name == "TLS_NULL_WITH_NULL_NULL" || enc.isEmpty
        isAnonymous = authentication == "anon" || first == "NULL"
        isRC4 = enc.hasPrefix("RC4")
        is3DES = enc.contains("3DES")
        isDES = enc.hasPrefix("DES") && !is3DES
        isCBC = enc.contains("CBC")
        isAEAD = enc.contains("GCM") || enc.contains("CCM") || enc.contains("POLY1305")
        self.mac = isAEAD ? "AEAD" : mac
        is64BitBlock = is3DES || isDES || enc.hasPrefix("IDEA") || enc.hasPrefix("RC2") || enc.hasPrefix("DES40")
        forwardSecret = ["DHE", "ECDHE", "any"].contains(keyExchange)
            || (keyExchange == "PSK" && ["DHE", "ECDHE"].contains(authentication))
        if isNull { bits = 0 }
        else if isExport { bits = enc.contains("56") ? 56 : 40 }
        else if is3DES { bits = 112 }
        else if isDES { bits = 56 }
        else if let n = encTokens.compactMap({ Int($0) }).first(where: { $0 >= 40 }) { bits = n }
        else if enc.hasPrefix("CHACHA20") { bits = 256 }
        else { bits = 128 } // IDEA, SEED, SM4 and the 128-bit RC2 variants
    }
}

/// The certificate side of a real handshake, through OpenSSL.
public struct CertificateFacts: Codable, Sendable, Hashable {
    /// Certificates in the order the server sent them; the first is the leaf.
    public var chain: [CertificateInfo] = []
    /// OpenSSL's verification against the trust store (system, or `--ca-file`).
    public var trusted: Bool = false
    public var verifyError: String?
    /// X509_V_ERR code, 0 when trusted.
    public var verifyCode: Int = 0
    /// Name checked against the leaf (SNI or host); nil when the host is an IP and no SNI was sent.
    public var checkedName: String?
    public var hostnameMatches: Bool = true
    /// Each certificate is followed by its issuer.
    public var chainInOrder: Bool = true
    /// The server omitted an intermediate the trust store could not supply.
    public var incompleteChain: Bool = false
    public var ocspStapled: Bool = false
    /// The leaf carries the TLS feature extension (RFC 7633) with status_request: OCSP must-staple.
    /// nil when not recorded (older evidence).
    public var mustStaple: Bool?
    /// Where each Signed Certificate Timestamp (RFC 6962) came from: `certificate`, `tls-extension` or
    /// `ocsp`; one entry per SCT, empty when none. nil when not recorded.
    public var scts: [String]?
    /// Protocol and suite OpenSSL negotiated for this handshake.
    public var negotiatedProtocol: String?
    public var negotiatedSuite: String?

    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        chain = try c.decodeIfPresent([CertificateInfo].self, forKey: .chain) ?? []
        trusted = try c.decodeIfPresent(Bool.self, forKey: .trusted) ?? false
        verifyError = try c.decodeIfPresent(String.self, forKey: .verifyError)
        verifyCode = try c.decodeIfPresent(Int.self, forKey: .verifyCode) ?? 0
        checkedName = try c.decodeIfPresent(String.self, forKey: .checkedName)
        hostnameMatches = try c.decodeIfPresent(Bool.self, forKey: .hostnameMatches) ?? true
        chainInOrder = try c.decodeIfPresent(Bool.self, forKey: .chainInOrder) ?? true
        incompleteChain = try c.decodeIfPresent(Bool.self, forKey: .incompleteChain) ?? false
        ocspStapled = try c.decodeIfPresent(Bool.self, forKey: .ocspStapled) ?? false
        mustStaple = try c.decodeIfPresent(Bool.self, forKey: .mustStaple)
        scts = try c.decodeIfPresent([String].self, forKey: .scts)
        negotiatedProtocol = try c.decodeIfPresent(String.self, forKey: .negotiatedProtocol)
        negotiatedSuite = try c.decodeIfPresent(String.self, forKey: .negotiatedSuite)
    }

    public var leaf: CertificateInfo? { chain.first }
}

/// One X.509 certificate as served.
public struct CertificateInfo: Codable, Sendable, Hashable {
    public var subject: String = ""
    public var issuer: String = ""
    /// ISO 8601 UTC, e.g. `2027-03-01T12:00:00Z`.
    public var notBefore: String = ""
    public var notAfter: String = ""
    /// RSA, EC, DSA, Ed25519, Ed448, or the OpenSSL short name.
    public var keyType: String = ""
    public var keyBits: Int = 0
    /// OpenSSL long name, e.g. `sha256WithRSAEncryption`.
    public var signatureAlgorithm: String = ""
    public var selfSigned: Bool = false
    public var subjectAltNames: [String] = []
    public var sha256: String = ""

    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        subject = try c.decodeIfPresent(String.self, forKey: .subject) ?? ""
        issuer = try c.decodeIfPresent(String.self, forKey: .issuer) ?? ""
        notBefore = try c.decodeIfPresent(String.self, forKey: .notBefore) ?? ""
        notAfter = try c.decodeIfPresent(String.self, forKey: .notAfter) ?? ""
        keyType = try c.decodeIfPresent(String.self, forKey: .keyType) ?? ""
        keyBits = try c.decodeIfPresent(Int.self, forKey: .keyBits) ?? 0
        signatureAlgorithm = try c.decodeIfPresent(String.self, forKey: .signatureAlgorithm) ?? ""
        selfSigned = try c.decodeIfPresent(Bool.self, forKey: .selfSigned) ?? false
        subjectAltNames = try c.decodeIfPresent([String].self, forKey: .subjectAltNames) ?? []
        sha256 = try c.decodeIfPresent(String.self, forKey: .sha256) ?? ""
    }
}

/// Results of the safe weakness checks; nil means not tested or not applicable.
public struct TLSWeaknessFacts: Codable, Sendable, Hashable {
    /// Server answered with the renegotiation_info extension (RFC 5746).
    public var secureRenegotiation: Bool?
    /// Server chose DEFLATE compression (CRIME).
    public var compression: Bool?
    /// Server refused a downgraded hello carrying TLS_FALLBACK_SCSV (RFC 7507); nil when only one version is accepted.
    public var fallbackSCSV: Bool?
    /// Server echoed the heartbeat extension (RFC 6520).
    public var heartbeat: Bool?
    /// Server answered a heartbeat whose length exceeded its payload (CVE-2014-0160).
    public var heartbleed: Bool?

    public init(secureRenegotiation: Bool? = nil, compression: Bool? = nil, fallbackSCSV: Bool? = nil,
                heartbeat: Bool? = nil, heartbleed: Bool? = nil) {
        self.secureRenegotiation = secureRenegotiation
        self.compression = compression
        self.fallbackSCSV = fallbackSCSV
        self.heartbeat = heartbeat
        self.heartbleed = heartbleed
    }
}

/// An HTTP/1.1 GET over the TLS connection, and optionally the plain-HTTP redirect check.
public struct HTTPFacts: Codable, Sendable, Hashable {
    public var status: Int?
    /// Response headers with lower-cased names, in order; Set-Cookie is kept only as `cookies`.
    public var headers: [HTTPHeaderField] = []
    /// Cookies by name and attributes; values are never recorded.
    public var cookies: [CookieFacts] = []
    /// Plain HTTP check, when asked for.
    public var plainRedirect: PlainHTTPRedirect?
    public var error: String?

    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        status = try c.decodeIfPresent(Int.self, forKey: .status)
        headers = try c.decodeIfPresent([HTTPHeaderField].self, forKey: .headers) ?? []
        cookies = try c.decodeIfPresent([CookieFacts].self, forKey: .cookies) ?? []
        plainRedirect = try c.decodeIfPresent(PlainHTTPRedirect.self, forKey: .plainRedirect)
        error = try c.decodeIfPresent(String.self, forKey: .error)
    }

    /// First value of a header (case-insensitive).
    public func header(_ name: String) -> String? {
        let n = name.lowercased()
        return headers.first { $0.name == n }?.value
    }
}

public struct HTTPHeaderField: Codable, Sendable, Hashable {
    public var name: String
    public var value: String
    public init(name: String, value: String) {
        self.name = name.lowercased()
        self.value = value
    }
}

public struct CookieFacts: Codable, Sendable, Hashable {
    public var name: String
    public var secure: Bool
    public var httpOnly: Bool
    /// `Strict`, `Lax`, `None`, or nil when absent.
    public var sameSite: String?
    public init(name: String, secure: Bool, httpOnly: Bool, sameSite: String?) {
        self.name = name
        self.secure = secure
        self.httpOnly = httpOnly
        self.sameSite = sameSite
    }
}

public struct PlainHTTPRedirect: Codable, Sendable, Hashable {
    public var port: Int
    public var status: Int?
    public var location: String?
    public var error: String?
    public init(port: Int, status: Int? = nil, location: String? = nil, error: String? = nil) {
        self.port = port
        self.status = status
        self.location = location
        self.error = error
    }

    public var redirectsToHTTPS: Bool {
        guard let status, [301, 302, 303, 307, 308].contains(status), let location else { return false }
        return location.lowercased().hasPrefix("https://")
    }
}

/// Session resumption (a second handshake offering the first one's session) and TLS 1.3 early data.
/// nil in a field means not tested or not applicable (no TLS 1.2, no TLS 1.3, no ticket).
public struct TLSResumptionFacts: Codable, Sendable, Hashable {
    /// TLS 1.2 and below: the server resumed by session ID (tickets not offered).
    public var sessionID: Bool?
    /// TLS 1.2 and below: the server issued a session ticket (RFC 5077) and resumed with it.
    public var ticket: Bool?
    /// TLS 1.3: the server issued a ticket and resumed with it (PSK, RFC 8446 2.2).
    public var tls13Ticket: Bool?
    /// TLS 1.3: bytes of early data the server's ticket allows (0: none).
    public var maxEarlyData: Int?
    /// TLS 1.3: the server accepted 0-RTT early data (RFC 8446 2.3).
    public var earlyData: Bool?
    /// Why a step could not be completed.
    public var errors: [String] = []

    public init(sessionID: Bool? = nil, ticket: Bool? = nil, tls13Ticket: Bool? = nil, maxEarlyData: Int? = nil, earlyData: Bool? = nil) {
        self.sessionID = sessionID
        self.ticket = ticket
        self.tls13Ticket = tls13Ticket
        self.maxEarlyData = maxEarlyData
        self.earlyData = earlyData
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sessionID = try c.decodeIfPresent(Bool.self, forKey: .sessionID)
        ticket = try c.decodeIfPresent(Bool.self, forKey: .ticket)
        tls13Ticket = try c.decodeIfPresent(Bool.self, forKey: .tls13Ticket)
        maxEarlyData = try c.decodeIfPresent(Int.self, forKey: .maxEarlyData)
        earlyData = try c.decodeIfPresent(Bool.self, forKey: .earlyData)
        errors = try c.decodeIfPresent([String].self, forKey: .errors) ?? []
    }
}
