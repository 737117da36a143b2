import COpenSSL

/// OCSP must-staple and certificate transparency, read from the handshake OpenSSL completed.
enum CertificateFeatures {
    /// True when the certificate's TLS feature extension (1.3.6.1.5.5.7.1.24, RFC 7633) lists
    /// status_request (5). The extension value is `SEQUENCE OF INTEGER`; read without trusting lengths.
    static func mustStaple(_ cert: OpaquePointer) -> Bool {
        let index = X509_get_ext_by_NID(cert, NID_tlsfeature, -1)
        guard index >= 0, let ext = X509_get_ext(cert, index), let data = X509_EXTENSION_get_data(ext),
              let bytes = ASN1_STRING_get0_data(data) else { return false }
        let count = Int(ASN1_STRING_length(data))
        guard count >= 2, count <= 4096 else { return false }
        let der = Array(UnsafeBufferPointer(start: bytes, count: count))
        guard der[0] == 0x30 else { return false }
        // Short-form SEQUENCE length only: a feature list is a handful of small integers.
        let length = Int(der[1])
        guard length < 0x80, 2 + length <= der.count else { return false }
        var i = 2
        while i + 2 <= 2 + length {
            guard der[i] == 0x02 else { return false }
            let n = Int(der[i + 1])
            guard n >= 1, n <= 4, i + 2 + n <= 2 + length else { return false }
            var value = 0
            for b in der[(i + 2)..<(i + 2 + n)] { value = value << 8 | Int(b) }
            if value == 5 { return true }
            i += 2 + n
        }
        return false
    }

    /// Where each SCT the server presented came from: the certificate's SCT list extension
    /// (1.3.6.1.4.1.11129.2.4.2), the signed_certificate_timestamp TLS extension, or the stapled OCSP
    /// response. OpenSSL parses all three; an unparsable list counts as no SCT. Bounded to 64 entries.
    static func sctSources(_ ssl: OpaquePointer) -> [String] {
        guard let stack = SSL_get0_peer_scts(ssl) else { return [] }
        let n = OPENSSL_sk_num(stack)
        var out: [String] = []
        for i in 0..<max(0, min(n, 64)) {
            guard let raw = OPENSSL_sk_value(stack, i) else { continue }
            switch SCT_get_source(OpaquePointer(raw)) {
            case SCT_SOURCE_X509V3_EXTENSION: out.append("certificate")
            case SCT_SOURCE_TLS_EXTENSION: out.append("tls-extension")
            case SCT_SOURCE_OCSP_STAPLED_RESPONSE: out.append("ocsp")
            default: out.append("unknown")
            }
        }
        ERR_clear_error()
        return out
    }
}
