import RampartCore

/// Rules that turn input problems into findings, so that a broken file or an unreachable target fails
/// the gate instead of passing silently. One rule per problem kind, so each can be tuned by policy.
public enum InputRules {
    public static let all: [any Rule.Type] = [
        Unparsable.self, Unreadable.self, NotText.self, TooLarge.self, DuplicateKey.self, InvalidShape.self, TargetUnreachable.self,
        DesignReference.self,
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
