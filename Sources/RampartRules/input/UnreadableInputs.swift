import RampartCore

struct Unreadable: InputProblemRule {
    static let kind = InputProblem.Kind.unreadable
    static let description = RuleDescription(
        id: "input/unreadable", title: "Input could not be read", severity: .high,
        rationale: "A path named for scanning that cannot be read (missing, no permission, a FIFO or device, a symlink loop) would otherwise be a silent gap in the scan.",
        remediation: "Name regular files or directories the scanner can read.",
        references: [.nist80053("CA-7")],
        triggering: ["{\"problems\": [{\"kind\": \"unreadable\", \"source\": \"deploy/missing.yaml\", \"message\": \"no such file or directory\"}]}"],
        nonTriggering: ["{\"problems\": []}"])
}

struct NotText: InputProblemRule {
    static let kind = InputProblem.Kind.notText
    static let description = RuleDescription(
        id: "input/not-text", title: "Input is not UTF-8 text", severity: .high,
        rationale: "Binary data or invalid UTF-8 where a manifest was expected cannot be checked and may hide content from reviewers.",
        remediation: "Save manifests as UTF-8 text; keep binaries out of manifest folders.",
        references: [Reference("YAML 1.2.2", section: "5.2 Character Encodings", url: "https://yaml.org/spec/1.2.2/")],
        // Invalid UTF-8 cannot be written in a Swift string literal, so the example is the recorded fact;
        // the loader tests feed the real bytes.
        triggering: ["{\"problems\": [{\"kind\": \"not-text\", \"source\": \"deploy/app.yaml\", \"line\": 3, \"column\": 9, \"message\": \"not valid UTF-8 text\"}]}"],
        nonTriggering: ["apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n"])
}

struct TooLarge: InputProblemRule {
    static let kind = InputProblem.Kind.tooLarge
    static let description = RuleDescription(
        id: "input/too-large", title: "Input exceeds a safety limit", severity: .high,
        rationale: "Alias bombs, extreme nesting and huge files are refused to keep the scan bounded; what was refused was not checked.",
        remediation: "Split the file, remove recursive alias expansion, or flatten the nesting.",
        references: [Reference("CWE-776", section: "Improper Restriction of Recursive Entity References", url: "https://cwe.mitre.org/data/definitions/776.html")],
        triggering: ["a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n"],
        nonTriggering: ["a: &a [x, x]\nb: [*a, *a]\n"])
}
