#if canImport(Glibc)
import Glibc
#endif
import COpenSSL
import RampartCore

/// What the real handshake yielded: certificate facts, and HTTP facts from the same connection.
public struct CertificateSession: Sendable {
    public var certificate: CertificateFacts?
    public var http: HTTPFacts?
    public var error: String?
    public var handshakes: Int = 0
}

/// A real TLS handshake through OpenSSL 3 over a `Connection`'s socket: the chain as served, verification
/// against the system store or a CA file, hostname, validity, keys, signatures, OCSP stapling. Then, on the
/// same connection, one HTTP/1.1 GET for the security headers. Security level 0, so that weak
/// certificates are seen and reported rather than refused.
public enum CertificateProbe {
    public static func run(address: SocketAddress, host: String, serverName: String?, options: TLSProbeOptions) -> CertificateSession {
        var session = CertificateSession()
        session.handshakes = 1
        let plain: PlainStream
        switch PlainStream.open(address, via: options.dialer, timeout: options.timeout, total: options.timeout * 2) {
        case .success(let p): plain = p
        case .failure(let e):
            session.error = e.description
            return session
        }
        defer { plain.close() }
        if let proto = options.starttls,
           case .failure(let e) = STARTTLSPreamble.run(proto, on: plain, host: serverName ?? host, wait: options.timeout) {
            session.error = e.description
            return session
        }
        let trust: TLSClientConfig.Trust = options.caFile.map { .file($0) } ?? .system
        var config = TLSClientConfig(serverName: serverName, minimumVersion: Int32(TLS1_VERSION),
                                     cipherList: "ALL:COMPLEMENTOFALL:@SECLEVEL=0", trust: trust, requestOCSP: true)
        config.requestSCTs = true
        let stream: TLSStream
        switch TLSStream.open(over: plain, config: config, wait: options.timeout * 2) {
        case .success(let s): stream = s
        case .failure(let e):
            session.error = e.description
            return session
        }
        session.certificate = facts(ssl: stream.ssl, ctx: stream.context, host: host, serverName: serverName)
        // HTTP is not spoken inside an upgraded mail, directory or database session.
        if options.http, options.starttls == nil {
            session.http = HTTPProbe.get(over: stream, host: serverName ?? host, port: address.port, wait: options.timeout * 2)
        }
        return session
    }

    static func facts(ssl: OpaquePointer, ctx: OpaquePointer, host: String, serverName: String?) -> CertificateFacts {
        var facts = CertificateFacts()
        var served: [OpaquePointer] = []
        if let stack = SSL_get_peer_cert_chain(ssl) {
            let n = OPENSSL_sk_num(stack)
            for i in 0..<max(0, min(n, 32)) {
                if let raw = OPENSSL_sk_value(stack, i) { served.append(OpaquePointer(raw)) }
            }
        }
        facts.chain = served.map(info)
        if let v = SSL_get_version(ssl) { facts.negotiatedProtocol = String(cString: v) }
        if let c = SSL_get_current_cipher(ssl), let name = SSL_CIPHER_standard_name(c) { facts.negotiatedSuite = String(cString: name) }
        var ocsp: UnsafeMutablePointer<UInt8>?
        facts.ocspStapled = withUnsafeMutablePointer(to: &ocsp) { SSL_ctrl(ssl, SSL_CTRL_GET_TLSEXT_STATUS_REQ_OCSP_RESP, 0, UnsafeMutableRawPointer($0)) } > 0
        guard let leaf = served.first else {
            facts.trusted = false
            facts.verifyError = "no certificate served"
            facts.verifyCode = -1
            return facts
        }
        facts.mustStaple = CertificateFeatures.mustStaple(leaf)
        facts.scts = CertificateFeatures.sctSources(ssl)
        // Chain order: every certificate is issued by the next one.
        for i in 0..<max(0, served.count - 1) where X509_check_issued(served[i + 1], served[i]) != X509_V_OK {
            facts.chainInOrder = false
        }
        // Verification with the served certificates as untrusted intermediates; the error depth tells a
        // missing intermediate (depth 0: the leaf's issuer is nowhere) from an untrusted root.
        if let store = SSL_CTX_get_cert_store(ctx), let storeCtx = X509_STORE_CTX_new() {
            defer { X509_STORE_CTX_free(storeCtx) }
            let untrusted = OPENSSL_sk_new_null()
            defer { OPENSSL_sk_free(untrusted) }
            for c in served.dropFirst() { OPENSSL_sk_push(untrusted, UnsafeRawPointer(c)) }
            if X509_STORE_CTX_init(storeCtx, store, leaf, untrusted) == 1 {
                let ok = X509_verify_cert(storeCtx) == 1
                let code = Int(X509_STORE_CTX_get_error(storeCtx))
                let depth = Int(X509_STORE_CTX_get_error_depth(storeCtx))
                facts.trusted = ok
                facts.verifyCode = ok ? 0 : code
                if !ok {
                    facts.verifyError = String(cString: X509_verify_cert_error_string(code))
                    let missingIssuer = code == Int(X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY) || code == Int(X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT)
                    // Missing at the top of what was served, below a certificate that is not self-signed.
                    facts.incompleteChain = missingIssuer && depth == 0 && X509_self_signed(leaf, 0) != 1
                }
            }
        }
        // Host name: SNI if sent, else the host if it is a name; an IP literal is checked against IP SANs.
        let name = serverName ?? host
        facts.checkedName = name
        if Resolver.isLiteral(name) {
            facts.hostnameMatches = X509_check_ip_asc(leaf, name, 0) == 1
        } else {
            facts.hostnameMatches = X509_check_host(leaf, name, name.utf8.count, 0, nil) == 1
        }
        return facts
    }

    static func info(_ cert: OpaquePointer) -> CertificateInfo {
        var info = CertificateInfo()
        // Names come from the peer's certificate: no control or bidi characters into facts.
        info.subject = ProbeText.printable(nameString(X509_get_subject_name(cert)))
        info.issuer = ProbeText.printable(nameString(X509_get_issuer_name(cert)))
        info.notBefore = isoTime(X509_get0_notBefore(cert))
        info.notAfter = isoTime(X509_get0_notAfter(cert))
        if let key = X509_get0_pubkey(cert) {
            info.keyBits = Int(EVP_PKEY_get_bits(key))
            switch EVP_PKEY_get_base_id(key) {
            case EVP_PKEY_RSA: info.keyType = "RSA"
            case EVP_PKEY_EC: info.keyType = "EC"
            case EVP_PKEY_DSA: info.keyType = "DSA"
            case EVP_PKEY_ED25519: info.keyType = "Ed25519"
            case EVP_PKEY_ED448: info.keyType = "Ed448"
            case let id: info.keyType = OBJ_nid2sn(id).map { String(cString: $0) } ?? "nid \(id)"
            }
        }
        info.signatureAlgorithm = OBJ_nid2ln(X509_get_signature_nid(cert)).map { String(cString: $0) } ?? "unknown"
        info.selfSigned = X509_self_signed(cert, 0) == 1
        info.subjectAltNames = sans(cert).map(ProbeText.printable)
        var digest = [UInt8](repeating: 0, count: 64)
        var length: UInt32 = 0
        if X509_digest(cert, EVP_sha256(), &digest, &length) == 1 {
            info.sha256 = digest.prefix(min(digest.count, Int(length))).map { b in (b < 16 ? "0" : "") + String(b, radix: 16) }.joined()
        }
        return info
    }

    static func sans(_ cert: OpaquePointer) -> [String] {
        guard let raw = X509_get_ext_d2i(cert, NID_subject_alt_name, nil, nil) else { return [] }
        let stack = OpaquePointer(raw)
        defer { GENERAL_NAMES_free(stack) }
        var out: [String] = []
        for i in 0..<min(OPENSSL_sk_num(stack), 1000) {
            guard let p = OPENSSL_sk_value(stack, i) else { continue }
            let gn = p.assumingMemoryBound(to: GENERAL_NAME.self)
            switch gn.pointee.type {
            case GEN_DNS:
                out.append("DNS:" + asn1String(gn.pointee.d.dNSName))
            case GEN_IPADD:
                guard let s = gn.pointee.d.iPAddress, let data = ASN1_STRING_get0_data(s) else { continue }
                let bytes = Array(UnsafeBufferPointer(start: data, count: max(0, Int(ASN1_STRING_length(s)))))
                out.append("IP:" + ipString(bytes))
            default:
                break
            }
        }
        return out
    }

    static func asn1String(_ s: UnsafeMutablePointer<ASN1_STRING>?) -> String {
        guard let s, let data = ASN1_STRING_get0_data(s) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: data, count: max(0, Int(ASN1_STRING_length(s)))), as: UTF8.self)
    }

    static func ipString(_ bytes: [UInt8]) -> String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        if bytes.count == 16 {
            return stride(from: 0, to: 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }.joined(separator: ":")
        }
        return bytes.map { String($0, radix: 16) }.joined()
    }

    static func nameString(_ name: OpaquePointer?) -> String {
        guard let name, let bio = BIO_new(BIO_s_mem()) else { return "" }
        defer { BIO_free(bio) }
        // XN_FLAG_RFC2253 without ASN1_STRFLGS_ESC_MSB (a function-like macro Swift cannot import), so UTF-8 stays readable.
        X509_NAME_print_ex(bio, name, 0, 0x0111_0313)
        var buffer = [CChar](repeating: 0, count: 2048)
        let n = BIO_read(bio, &buffer, Int32(buffer.count - 1))
        return n > 0 ? string(Array(buffer.prefix(Int(n))) + [0]) : ""
    }

    static func isoTime(_ t: UnsafePointer<ASN1_TIME>?) -> String {
        guard let t else { return "" }
        var tm = tm()
        guard ASN1_TIME_to_tm(t, &tm) == 1 else { return "" }
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(tm.tm_year + 1900)-\(two(tm.tm_mon + 1))-\(two(tm.tm_mday))T\(two(tm.tm_hour)):\(two(tm.tm_min)):\(two(tm.tm_sec))Z"
    }

    static func string(_ chars: [CChar]) -> String {
        String(decoding: chars.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
