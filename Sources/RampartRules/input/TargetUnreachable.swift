import RampartCore

struct TargetUnreachable: InputProblemRule {
    static let kind = InputProblem.Kind.targetUnreachable
    static let description = RuleDescription(
        id: "input/target-unreachable", title: "Live target could not be probed", severity: .medium,
        rationale: "A target that did not answer, reset the connection or spoke another protocol was not audited; the report must say so rather than pass it.",
        remediation: "Check that the target is up and reachable from the scanner, and that host and port are right.",
        references: [.nist80053("CA-7")],
        triggering: ["{\"problems\": [{\"kind\": \"target-unreachable\", \"source\": \"portal.city.example:443\", \"message\": \"connection timed out after 5s\"}]}"],
        nonTriggering: ["{\"problems\": []}"])
}
