import RampartCore

/// Rules that turn input problems into findings, so that a broken file or an unreachable target fails
/// the gate instead of passing silently. One rule per problem kind, so each can be tuned by policy.
public enum InputRules {
    public static let all: [any Rule.Type] = [
        Unparsable.self, Unreadable.self, NotText.self, TooLarge.self, DuplicateKey.self, InvalidShape.self, TargetUnreachable.self,
    ]
}

/// Shared check: every problem of the rule's kind becomes a finding at its file and line.
protocol InputProblemRule: Rule {
    static var kind: InputProblem.Kind { get }
}

extension InputProblemRule {
    public func check(_ facts: Facts, _ context: RuleContext) -> [Finding] {
        var occurrences: [String: Int] = [:]
        return (facts.set.problems + facts.manifests.problems).filter { $0.kind == Self.kind }.map { problem in
            let endpoint: Endpoint? = problem.kind == .targetUnreachable ? Endpoint(host: problem.source) : nil
            let subject = Subject(location: endpoint == nil ? (problem.location ?? SourceLocation(file: problem.source, line: 1, column: 1)) : nil,
                                  resource: problem.resource, fieldPath: problem.fieldPath, endpoint: endpoint)
            // The message (with its occurrence count) tells apart several problems in one file without using
            // line numbers, so the fingerprint survives unrelated edits.
            let key = "\(problem.source)|\(problem.message)"
            occurrences[key, default: 0] += 1
            return context.finding(subject: subject, problem.message, discriminator: "\(problem.message)#\(occurrences[key]!)")
        }
    }
}

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

struct InvalidShape: InputProblemRule {
    static let kind = InputProblem.Kind.invalidShape
    static let description = RuleDescription(
        id: "input/invalid-shape", title: "Document has the wrong shape", severity: .high,
        rationale: "A field of the wrong type (a mapping where a list belongs, a document without apiVersion or kind) is rejected by the API server or silently misread; either way it was not checked as written.",
        remediation: "Correct the field's type as the Kubernetes API or Compose specification defines it.",
        references: [Reference("Kubernetes API reference", url: "https://kubernetes.io/docs/reference/kubernetes-api/")],
        triggering: ["apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      containers:\n        ↓name: app\n"],
        nonTriggering: ["apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n"])
}

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
