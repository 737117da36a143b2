import RampartCore

/// `input/design-reference`: the design names something that does not exist. Kept beside the design rules
/// (it only fires on design files) but in the `input` domain: the design was not fully read, so exit 2.
struct DesignReference: InputProblemRule {
    static let kind = InputProblem.Kind.designReference
    static let description = RuleDescription(
        id: "input/design-reference", title: "Design refers to something it does not declare", severity: .high,
        rationale: "A flow to an undeclared service, a zone nobody declares, a duplicate name, an empty implementation link, an include cycle or an include outside the design's tree makes the design ambiguous; judging it anyway would judge a guess.",
        remediation: "Declare the element (or fix the name's spelling, shown with the closest match), remove the duplicate, or fix the include.",
        references: [.nist80053("CM-8"), .cwe(1059, "Insufficient Technical Documentation")],
        triggering: ["rampart: design\nsystem: {name: s, owner: it, level: 1}\nservices:\n- {name: api, kind: api}\nflows:\n- {from: api, to: ↓db, protocol: postgres}\n"],
        nonTriggering: ["rampart: design\nsystem: {name: s, owner: it, level: 1}\nservices:\n- {name: api, kind: api}\ndatastores:\n- {name: db}\nflows:\n- {from: api, to: db, protocol: postgres}\n"])
}
