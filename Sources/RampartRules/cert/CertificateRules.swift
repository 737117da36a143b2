/// The cert/ rules, in catalog order.
public enum CertificateRules {
    public static let all: [any Rule.Type] = [
        CertExpired.self,
        CertExpiringSoon.self,
        CertNotYetValid.self,
        CertUntrusted.self,
        CertHostnameMismatch.self,
        CertSelfSigned.self,
        CertWeakKey.self,
        CertSHA1Signature.self,
        CertIncompleteChain.self,
        CertChainOrder.self,
        CertNoOCSPStapling.self,
        CertMustStapleNotHonoured.self,
        CertNoSCT.self,
    ]
}
