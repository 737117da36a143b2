/// The tls/ rules, in catalog order: protocols, suites, weaknesses, grade.
public enum TLSRules {
    public static let all: [any Rule.Type] = [
        ProtocolSSLv2.self,
        ProtocolSSLv3.self,
        ProtocolTLS10.self,
        ProtocolTLS11.self,
        NoTLS13.self,
        MinVersion.self,
        WeakCipherNull.self,
        WeakCipherAnon.self,
        WeakCipherExport.self,
        WeakCipherRC4.self,
        WeakCipher3DES.self,
        WeakCipherDES.self,
        CBCInTLS10.self,
        Poodle.self,
        Drown.self,
        NoForwardSecrecy.self,
        SuiteNotAllowed.self,
        WeakDH.self,
        NoSecureRenegotiation.self,
        Compression.self,
        NoFallbackSCSV.self,
        Heartbleed.self,
        TLSGrade.self,
    ]
}
