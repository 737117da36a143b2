import RampartCore
import RampartManifests

struct WaiverExpired: Rule {
    static let reach = RuleReach.global
    static let description = RuleDescription(
        id: "policy/waiver-expired", title: "Waiver has expired", severity: .medium,
        rationale: "Waivers are time-limited exceptions; after the expiry date the waived findings count again, and the stale waiver should be renewed with a fresh review or removed.",
        remediation: "Fix the waived findings, or renew the waiver with a new expiry date after review.",
        references: [.nist80053("CA-5"), Reference("ISO/IEC 27001:2022", section: "A.5.36 Compliance with policies")],
        triggering: ["{\"waivers\": [{\"rule\": \"k8s/*\", \"subject\": \"*\", \"reason\": \"migration\", \"owner\": \"ops\", \"expires\": \"1969-12-31\"}]}"],
        nonTriggering: ["{\"waivers\": [{\"rule\": \"k8s/*\", \"subject\": \"*\", \"reason\": \"migration\", \"owner\": \"ops\", \"expires\": \"2999-12-31\"}]}"])

    func check(_ facts: Facts, _ context: RuleContext) -> [Finding] {
        context.waivers.filter { $0.isExpired(today: context.today) }.map { waiver in
            let subject = Subject(location: waiver.declaredAt, resource: "waiver \(waiver.rule) for \(waiver.subject)")
            return context.finding(subject: subject,
                                   "waiver for \(waiver.rule) on \(waiver.subject) (owner \(waiver.owner)) expired on \(waiver.expires); its findings count again",
                                   discriminator: waiver.rule + waiver.subject)
        }
    }
}
