/// One judgement: a rule saw something in a subject. Everything a writer needs is here, so writers never
/// look rules up.
public struct Finding: Codable, Sendable, Hashable {
    public var ruleID: String
    public var severity: Severity
    public var title: String
    /// What was seen and what was expected.
    public var message: String
    public var subject: Subject
    /// What proved it: the accepted suite, the reply bytes, the offending value (never a secret's value).
    public var evidence: String?
    public var remediation: String
    public var references: [Reference]
    /// Stable across unrelated edits: rule + subject identity (no line numbers). Baselines, waivers and
    /// `report diff` key on it.
    public var fingerprint: String
    /// Set when an inline annotation, a waiver or a baseline suppresses the finding; it stays in the report.
    public var suppression: Suppression?
    /// Design, manifests, live, drift or input; derived from the rule id. Optional only so that reports
    /// written before stages existed still decode; read `effectiveStage`.
    public var stage: Stage?
    /// The other side of a drift finding (the design line, the manifest line, the live endpoint). Optional so
    /// that reports and evidence without it decode, and so that findings without one encode as before.
    public var relatedLocations: [RelatedLocation]?

    public init(ruleID: String, severity: Severity, title: String, message: String, subject: Subject,
                evidence: String? = nil, remediation: String, references: [Reference], discriminator: String? = nil) {
        self.ruleID = ruleID
        self.severity = severity
        self.title = title
        self.message = message
        self.subject = subject
        self.evidence = evidence
        self.remediation = remediation
        self.references = references
        self.fingerprint = Fingerprint.make(ruleID, subject.identity, discriminator ?? "")
        self.suppression = nil
        self.stage = Stage(ruleID: ruleID)
    }

    public var isSuppressed: Bool { suppression != nil }

    /// The stage, derived from the rule id when an older report carried none.
    public var effectiveStage: Stage { stage ?? Stage(ruleID: ruleID) }

    /// `relatedLocations`, empty when absent.
    public var related: [RelatedLocation] { relatedLocations ?? [] }

    /// This finding with `related` as its other side (none leaves the field absent).
    public func relating(_ related: [RelatedLocation]) -> Finding {
        var copy = self
        copy.relatedLocations = related.isEmpty ? nil : related
        return copy
    }
}

/// Another place a finding concerns: a line of a file, a live endpoint, or both, with what it is.
public struct RelatedLocation: Codable, Sendable, Hashable {
    public var location: SourceLocation?
    public var endpoint: Endpoint?
    /// What this side is, e.g. `design: service portal, exposure internal`.
    public var message: String

    public init(location: SourceLocation? = nil, endpoint: Endpoint? = nil, message: String) {
        self.location = location
        self.endpoint = endpoint
        self.message = message
    }
}

public struct Suppression: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable { case inline, waiver, baseline }
    public var kind: Kind
    public var reason: String
    public var owner: String?
    /// ISO date (yyyy-mm-dd) after which a waiver stops waiving.
    public var expires: String?

    public init(kind: Kind, reason: String, owner: String? = nil, expires: String? = nil) {
        self.kind = kind
        self.reason = reason
        self.owner = owner
        self.expires = expires
    }
}

/// A 128-bit hex digest from two FNV-1a passes. Not cryptographic: it only has to be stable and spread well.
public enum Fingerprint {
    public static func make(_ parts: String...) -> String {
        var a: UInt64 = 0xcbf2_9ce4_8422_2325
        var b: UInt64 = 0x8422_2325_cbf2_9ce4
        for part in parts {
            for byte in part.utf8 {
                a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
                b = (b ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
                b = (b << 7) | (b >> 57)
            }
            a = (a ^ 0x1f) &* 0x0000_0100_0000_01b3
            b = (b ^ 0x1f) &* 0x0000_0100_0000_01b3
        }
        return hex(a) + hex(b)
    }

    private static func hex(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
