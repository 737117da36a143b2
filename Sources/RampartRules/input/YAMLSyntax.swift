import RampartCore

struct Unparsable: InputProblemRule {
    static let kind = InputProblem.Kind.unparsable
    static let description = RuleDescription(
        id: "input/unparsable", title: "Input is not valid YAML", severity: .high,
        rationale: "A file that cannot be parsed cannot be checked; treating it as clean would let anything in it through the gate.",
        remediation: "Fix the YAML syntax at the line shown (indentation, unclosed quotes or brackets, tabs).",
        references: [Reference("YAML 1.2.2", section: "Chapter 9, Document Stream Productions", url: "https://yaml.org/spec/1.2.2/")],
        triggering: ["apiVersion: v1\nkind: Pod\nmetadata: {name: p\nspec↓: {}\n"],
        nonTriggering: ["apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n"])
}

struct DuplicateKey: InputProblemRule {
    static let kind = InputProblem.Kind.duplicateKey
    static let description = RuleDescription(
        id: "input/duplicate-key", title: "Duplicate key in a mapping", severity: .medium,
        rationale: "YAML forbids duplicated keys, and readers differ on them: some reject the document, others keep the last value or the first, so a reviewer reading one value may deploy another (a security setting can be silently overridden). Rampart judges the manifest with each value and reports what any of them would allow.",
        remediation: "Remove one of the duplicated keys.",
        references: [Reference("YAML 1.2.2", section: "3.2.1.1 Nodes (mapping keys are unique)", url: "https://yaml.org/spec/1.2.2/")],
        triggering: ["apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostNetwork: false\n  ↓hostNetwork: true\n  containers: []\n"],
        nonTriggering: ["apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostNetwork: false\n"])
}
