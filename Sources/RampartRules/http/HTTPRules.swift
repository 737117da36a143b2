/// The http/ rules, in catalog order.
public enum HTTPRules {
    public static let all: [any Rule.Type] = [
        HSTSMissing.self,
        HSTSShortMaxAge.self,
        HSTSNoSubdomains.self,
        NoHTTPSRedirect.self,
        CSPMissing.self,
        XCTOMissing.self,
        FrameProtectionMissing.self,
        ReferrerPolicyMissing.self,
        CookieInsecure.self,
        ServerVersionDisclosed.self,
    ]
}
